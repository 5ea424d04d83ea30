"""Demo region "Pemerintah Kota Manna" (DESIGN.md section 8): reference data and the bulk seeder.

`python manage.py seed_demo [--employees N]` calls `seed()`. The seed is deterministic (a fixed random
seed) and idempotent: agencies, units and posts are keyed by code, employees by NIP, tasks are only
written for posts that have none, accounts are get-or-create. It scales by adding service units
(puskesmas, schools, kelurahan, terminals ...) and kecamatan as N grows, at about one post per six
employees, and writes everything with `bulk_create` in batches (no per-row save or full_clean: the
NIPs are generated valid by `instansi.nip.make_nip`).

ABK story (REGULATION.md 2: hours = sum(volume x minutes) / 60; required = round_half_up(hours / 1250)):
task volumes are derived from each post's holder count so that Dinas Kesehatan (and RSUD, puskesmas)
is short of medical and administrative staff, Dinas Perhubungan has a surplus on its pelaksana posts,
and the rest is near balance, at any `--employees` scale.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import audit
from core.models import User
from instansi.choices import (
    AgencyKind,
    EducationLevel,
    EmployeeStatus,
    Gender,
    Golongan,
    PositionKind,
    RegionKind,
    SpecialRole,
)
from instansi.models import (
    Agency,
    Employee,
    PlacementHistory,
    Policy,
    Position,
    Region,
    Unit,
    WorkloadTask,
)
from instansi.nip import make_nip

DEMO_REGION_NAME = "Pemerintah Kota Manna"
DEMO_PASSWORD = "demo12345"  # DESIGN.md section 8; listed in the README
DEFAULT_EMPLOYEES = 2000
EMPLOYEES_PER_POST = 6  # about one post per 5-8 employees, so ~10 tasks per post at any scale
BATCH = 5000
RANDOM_SEED = 20240817

P = PositionKind
L = EducationLevel
MANAGERIAL = {P.JPT_UTAMA, P.JPT_MADYA, P.JPT_PRATAMA, P.ADMINISTRATOR, P.PENGAWAS}


def demo_region() -> Region | None:
    """The demo region, or None before `seed_demo` ran (used by other apps' demo seeds and tests)."""
    return Region.objects.filter(name=DEMO_REGION_NAME).first()


# --- Reference data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Staff:
    """A non-managerial post template: title, kind, grade, requirements, holder weight, task family."""

    title: str
    kind: str
    grade: int
    levels: tuple[str, ...]
    fields: tuple[str, ...]
    tags: tuple[str, ...]
    weight: int
    tasks: str


S = Staff
STAFF: dict[str, Staff] = {
    # general administration (every agency)
    "pengadm": S(
        "Pengadministrasi Perkantoran",
        P.PELAKSANA,
        6,
        (L.SMA, L.D3),
        ("Administrasi Perkantoran", "Manajemen"),
        ("administrasi", "kearsipan"),
        3,
        "admin",
    ),
    "layanan": S(
        "Penata Layanan Operasional",
        P.PELAKSANA,
        7,
        (L.S1, L.D4),
        ("Administrasi Negara", "Manajemen"),
        ("pelayanan publik", "administrasi"),
        2,
        "service",
    ),
    "data": S(
        "Pengolah Data dan Informasi",
        P.PELAKSANA,
        6,
        (L.D3, L.S1),
        ("Manajemen Informatika", "Statistik"),
        ("pengolahan data",),
        2,
        "data",
    ),
    "bendahara": S(
        "Bendahara",
        P.PELAKSANA,
        7,
        (L.D3, L.S1),
        ("Akuntansi", "Ekonomi"),
        ("keuangan", "akuntansi"),
        1,
        "finance",
    ),
    "perencana": S(
        "Perencana Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Perencanaan Wilayah dan Kota", "Ekonomi", "Statistik"),
        ("perencanaan", "penganggaran"),
        1,
        "planning",
    ),
    # central agencies
    "analis_sdm": S(
        "Analis SDM Aparatur Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Psikologi", "Manajemen", "Administrasi Negara"),
        ("manajemen SDM", "kepegawaian"),
        3,
        "hr",
    ),
    "pranata_sdm": S(
        "Pranata SDM Aparatur Terampil",
        P.FUNGSIONAL_TERAMPIL,
        7,
        (L.D3,),
        ("Administrasi Perkantoran", "Manajemen Informatika"),
        ("kepegawaian", "administrasi"),
        2,
        "hr",
    ),
    "auditor": S(
        "Auditor Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Akuntansi", "Hukum", "Ekonomi"),
        ("audit", "pengawasan"),
        4,
        "audit",
    ),
    "ppupd": S(
        "Pengawas Penyelenggaraan Urusan Pemerintahan Daerah Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Ilmu Pemerintahan", "Administrasi Negara"),
        ("pengawasan", "pemerintahan"),
        2,
        "audit",
    ),
    "analis_keuangan": S(
        "Analis Keuangan Pusat dan Daerah Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Akuntansi", "Ekonomi"),
        ("keuangan", "anggaran"),
        3,
        "finance",
    ),
    "pengelola_bmd": S(
        "Pengelola Barang Milik Daerah",
        P.PELAKSANA,
        7,
        (L.D3, L.S1),
        ("Akuntansi", "Manajemen"),
        ("aset daerah",),
        2,
        "assets",
    ),
    "analis_hukum": S(
        "Analis Hukum Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Hukum",),
        ("hukum", "peraturan daerah"),
        2,
        "legal",
    ),
    "analis_kebijakan": S(
        "Analis Kebijakan Ahli Muda",
        P.AHLI_MUDA,
        9,
        (L.S1, L.S2),
        ("Administrasi Negara", "Ilmu Pemerintahan"),
        ("kebijakan publik", "manajemen kinerja"),
        1,
        "policy",
    ),
    "humas": S(
        "Pranata Hubungan Masyarakat Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Ilmu Komunikasi",),
        ("komunikasi", "kehumasan"),
        2,
        "comms",
    ),
    "pranata_komputer": S(
        "Pranata Komputer Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Teknik Informatika", "Sistem Informasi"),
        ("teknologi informasi", "jaringan"),
        3,
        "it",
    ),
    # health (Dinas Kesehatan, RSUD, puskesmas)
    "perawat": S(
        "Perawat Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1, L.PROFESI),
        ("Keperawatan", "Profesi Keperawatan"),
        ("keperawatan", "pelayanan kesehatan"),
        6,
        "nurse",
    ),
    "perawat_terampil": S(
        "Perawat Terampil", P.FUNGSIONAL_TERAMPIL, 7, (L.D3,), ("Keperawatan",), ("keperawatan",), 5, "nurse"
    ),
    "bidan": S(
        "Bidan Terampil",
        P.FUNGSIONAL_TERAMPIL,
        7,
        (L.D3,),
        ("Kebidanan",),
        ("kebidanan", "kesehatan ibu dan anak"),
        4,
        "midwife",
    ),
    "dokter": S(
        "Dokter Ahli Pertama",
        P.AHLI_PERTAMA,
        9,
        (L.PROFESI,),
        ("Kedokteran",),
        ("pelayanan medis",),
        2,
        "doctor",
    ),
    "data_kesehatan": S(
        "Pengelola Data Kesehatan",
        P.PELAKSANA,
        7,
        (L.S1,),
        ("Kesehatan Masyarakat", "Statistik"),
        ("data kesehatan", "pengolahan data"),
        2,
        "health_data",
    ),
    "epidemiolog": S(
        "Epidemiolog Kesehatan Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Kesehatan Masyarakat",),
        ("epidemiologi", "surveilans"),
        1,
        "health_data",
    ),
    "apoteker": S(
        "Apoteker Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.PROFESI,),
        ("Farmasi",),
        ("kefarmasian",),
        1,
        "pharmacy",
    ),
    # education
    "guru": S(
        "Guru Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Pendidikan Guru SD", "Pendidikan Matematika", "Pendidikan Bahasa Indonesia"),
        ("pengajaran",),
        8,
        "teacher",
    ),
    "pengawas_sekolah": S(
        "Pengawas Sekolah Ahli Muda",
        P.AHLI_MUDA,
        9,
        (L.S1, L.S2),
        ("Manajemen Pendidikan",),
        ("supervisi pendidikan",),
        1,
        "school_supervision",
    ),
    # transport (Dinas Perhubungan)
    "angkutan": S(
        "Pengadministrasi Angkutan",
        P.PELAKSANA,
        6,
        (L.SMA, L.D3, L.S1),
        ("Transportasi", "Manajemen Transportasi"),
        ("angkutan", "perizinan"),
        3,
        "transport_admin",
    ),
    "lalin": S(
        "Pengatur Lalu Lintas",
        P.PELAKSANA,
        6,
        (L.SMA, L.D3),
        ("Transportasi", "Manajemen Transportasi"),
        ("lalu lintas", "transportasi"),
        4,
        "traffic",
    ),
    "terminal": S(
        "Pengelola Terminal",
        P.PELAKSANA,
        6,
        (L.SMA, L.D3),
        ("Transportasi",),
        ("terminal", "transportasi"),
        3,
        "terminal",
    ),
    "parkir": S(
        "Pengelola Perparkiran",
        P.PELAKSANA,
        5,
        (L.SMA,),
        ("Transportasi", "Umum"),
        ("perparkiran",),
        3,
        "parking",
    ),
    "analis_lalin": S(
        "Analis Lalu Lintas dan Angkutan",
        P.PELAKSANA,
        7,
        (L.S1, L.D4),
        ("Transportasi", "Teknik Sipil"),
        ("manajemen lalu lintas", "transportasi"),
        2,
        "traffic",
    ),
    "penguji": S(
        "Penguji Kendaraan Bermotor Terampil",
        P.FUNGSIONAL_TERAMPIL,
        7,
        (L.D3,),
        ("Teknik Otomotif", "Transportasi"),
        ("pengujian kendaraan",),
        2,
        "vehicle_test",
    ),
    # technical and social services
    "teknik_jalan": S(
        "Teknik Jalan dan Jembatan Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Teknik Sipil",),
        ("konstruksi", "jalan dan jembatan"),
        3,
        "engineering",
    ),
    "penata_ruang": S(
        "Penata Ruang Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Perencanaan Wilayah dan Kota", "Teknik Sipil"),
        ("tata ruang",),
        2,
        "engineering",
    ),
    "peksos": S(
        "Pekerja Sosial Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Kesejahteraan Sosial", "Sosiologi"),
        ("pelayanan sosial",),
        3,
        "social",
    ),
    "adminduk": S(
        "Administrator Database Kependudukan Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Teknik Informatika", "Sistem Informasi"),
        ("database kependudukan",),
        2,
        "it",
    ),
    "lingkungan": S(
        "Pengendali Dampak Lingkungan Ahli Pertama",
        P.AHLI_PERTAMA,
        8,
        (L.S1,),
        ("Teknik Lingkungan",),
        ("lingkungan hidup",),
        2,
        "environment",
    ),
    "kebersihan": S(
        "Pengelola Kebersihan", P.PELAKSANA, 5, (L.SMP, L.SMA), ("Umum",), ("kebersihan",), 4, "cleaning"
    ),
    "perizinan": S(
        "Analis Perizinan",
        P.PELAKSANA,
        7,
        (L.S1,),
        ("Hukum", "Administrasi Negara"),
        ("perizinan", "pelayanan publik"),
        3,
        "licensing",
    ),
    "polpp": S(
        "Polisi Pamong Praja Terampil",
        P.FUNGSIONAL_TERAMPIL,
        7,
        (L.SMA, L.D3),
        ("Umum",),
        ("ketertiban umum", "penegakan perda"),
        6,
        "public_order",
    ),
    "kemasyarakatan": S(
        "Pengelola Layanan Kemasyarakatan",
        P.PELAKSANA,
        6,
        (L.SMA, L.D3, L.S1),
        ("Ilmu Pemerintahan", "Administrasi Negara"),
        ("pemerintahan", "pelayanan publik"),
        2,
        "service",
    ),
}

# Task families: (uraian tugas, satuan hasil, norma waktu in minutes, relative share of the hours).
TASKS: dict[str, tuple[tuple[str, str, int, int], ...]] = {
    "lead": (
        ("Memimpin rapat koordinasi", "rapat", 120, 3),
        ("Menetapkan rencana kerja unit", "dokumen", 480, 2),
        ("Menilai kinerja bawahan (SKP)", "laporan", 90, 2),
        ("Menandatangani naskah dinas", "naskah", 15, 3),
        ("Melaporkan capaian kinerja kepada atasan", "laporan", 240, 1),
    ),
    "admin": (
        ("Mengagendakan surat masuk dan keluar", "surat", 10, 4),
        ("Mengarsipkan dokumen", "berkas", 15, 3),
        ("Menyiapkan bahan rapat", "kegiatan", 60, 2),
        ("Mengetik konsep naskah dinas", "naskah", 30, 3),
    ),
    "service": (
        ("Menerima dan memeriksa permohonan layanan", "permohonan", 20, 4),
        ("Memverifikasi kelengkapan berkas", "berkas", 25, 3),
        ("Menyusun laporan pelayanan bulanan", "laporan", 240, 1),
    ),
    "data": (
        ("Menginput data ke aplikasi", "data", 5, 4),
        ("Memutakhirkan basis data", "kegiatan", 120, 2),
        ("Menyajikan data dan informasi", "laporan", 180, 2),
    ),
    "finance": (
        ("Menyusun surat permintaan pembayaran", "dokumen", 45, 3),
        ("Memverifikasi bukti pengeluaran", "bukti", 15, 3),
        ("Menyusun laporan keuangan", "laporan", 600, 1),
        ("Merekonsiliasi kas", "kegiatan", 240, 1),
    ),
    "planning": (
        ("Menyusun rencana kerja tahunan", "dokumen", 2400, 2),
        ("Menyusun laporan kinerja instansi", "laporan", 1800, 2),
        ("Memantau realisasi program", "laporan", 240, 3),
    ),
    "hr": (
        ("Memproses usulan kenaikan pangkat", "usulan", 60, 3),
        ("Memverifikasi berkas mutasi", "berkas", 45, 3),
        ("Memutakhirkan data kepegawaian", "data", 10, 3),
        ("Menyusun analisis jabatan", "dokumen", 480, 1),
        ("Menyiapkan bahan sidang Tim Penilai Kinerja", "kegiatan", 240, 1),
    ),
    "audit": (
        ("Melaksanakan audit kinerja", "laporan", 4800, 3),
        ("Melaksanakan reviu laporan keuangan", "laporan", 2400, 2),
        ("Memantau tindak lanjut temuan", "temuan", 120, 2),
        ("Menangani pengaduan masyarakat", "pengaduan", 480, 1),
    ),
    "assets": (
        ("Menginventarisasi barang milik daerah", "barang", 10, 4),
        ("Menyusun laporan barang", "laporan", 600, 1),
        ("Memeriksa kondisi aset", "aset", 30, 2),
    ),
    "legal": (
        ("Menyusun rancangan peraturan", "rancangan", 2400, 2),
        ("Mengkaji produk hukum", "kajian", 600, 2),
        ("Memberikan pendampingan hukum", "kasus", 480, 1),
    ),
    "policy": (
        ("Menyusun kajian kebijakan", "kajian", 3000, 2),
        ("Menyusun rekomendasi kebijakan", "rekomendasi", 1200, 2),
        ("Menelaah usulan mutasi jabatan manajerial", "usulan", 120, 1),
    ),
    "comms": (
        ("Menyusun siaran pers", "naskah", 120, 3),
        ("Mengelola media sosial instansi", "unggahan", 30, 3),
        ("Mendokumentasikan kegiatan", "kegiatan", 90, 2),
    ),
    "it": (
        ("Memelihara jaringan dan server", "kegiatan", 180, 3),
        ("Mengembangkan aplikasi layanan", "modul", 2400, 2),
        ("Menangani gangguan sistem", "tiket", 60, 3),
        ("Mencadangkan data", "kegiatan", 45, 1),
    ),
    "nurse": (
        ("Melakukan pengkajian keperawatan", "pasien", 20, 4),
        ("Memberikan asuhan keperawatan", "pasien", 30, 5),
        ("Melakukan tindakan keperawatan", "tindakan", 15, 4),
        ("Mendokumentasikan asuhan keperawatan", "rekam medis", 10, 3),
        ("Memberikan penyuluhan kesehatan", "kegiatan", 60, 1),
        ("Melaksanakan serah terima pasien antar sif", "kegiatan", 15, 2),
    ),
    "midwife": (
        ("Melakukan pemeriksaan kehamilan", "pasien", 30, 4),
        ("Menolong persalinan normal", "persalinan", 240, 2),
        ("Memberikan pelayanan keluarga berencana", "akseptor", 20, 2),
        ("Melaksanakan imunisasi", "anak", 10, 2),
        ("Mencatat kohort ibu dan anak", "laporan", 60, 1),
    ),
    "doctor": (
        ("Melakukan pemeriksaan pasien rawat jalan", "pasien", 15, 5),
        ("Melakukan visite pasien rawat inap", "pasien", 20, 3),
        ("Melakukan tindakan medis", "tindakan", 45, 2),
        ("Membuat rujukan", "rujukan", 15, 1),
        ("Menulis resume medis", "resume", 15, 2),
    ),
    "health_data": (
        ("Mengolah data kesehatan puskesmas", "laporan", 240, 3),
        ("Memvalidasi data surveilans", "data", 10, 3),
        ("Menyusun profil kesehatan", "dokumen", 2400, 1),
        ("Menyajikan indikator SPM kesehatan", "laporan", 480, 2),
        ("Memutakhirkan data sasaran program", "data", 5, 2),
    ),
    "pharmacy": (
        ("Melakukan pengkajian resep", "resep", 10, 4),
        ("Mengelola perbekalan farmasi", "kegiatan", 120, 2),
        ("Memberikan pelayanan informasi obat", "pasien", 15, 2),
    ),
    "teacher": (
        ("Melaksanakan pembelajaran tatap muka", "jam pelajaran", 45, 6),
        ("Menyusun perangkat pembelajaran", "dokumen", 240, 2),
        ("Menilai hasil belajar", "peserta didik", 20, 3),
        ("Membimbing peserta didik", "kegiatan", 60, 1),
    ),
    "school_supervision": (
        ("Melaksanakan supervisi akademik", "sekolah", 480, 3),
        ("Melaksanakan supervisi manajerial", "sekolah", 480, 2),
        ("Menyusun laporan pengawasan", "laporan", 600, 1),
    ),
    "transport_admin": (
        ("Memproses permohonan izin trayek", "permohonan", 45, 4),
        ("Mendata armada angkutan umum", "kendaraan", 10, 3),
        ("Menyusun laporan angkutan", "laporan", 240, 1),
    ),
    "traffic": (
        ("Mengatur lalu lintas di persimpangan", "jam", 60, 5),
        ("Melakukan survei lalu lintas", "survei", 480, 2),
        ("Memasang dan memelihara rambu", "rambu", 120, 2),
    ),
    "terminal": (
        ("Mengawasi kedatangan dan keberangkatan bus", "jam", 60, 4),
        ("Memeriksa kelaikan kendaraan di terminal", "kendaraan", 15, 3),
        ("Menyusun laporan terminal", "laporan", 120, 1),
    ),
    "parking": (
        ("Mengawasi titik parkir", "jam", 60, 4),
        ("Merekap retribusi parkir", "laporan", 60, 2),
        ("Menertibkan parkir liar", "kegiatan", 120, 1),
    ),
    "vehicle_test": (
        ("Menguji kendaraan bermotor", "kendaraan", 30, 5),
        ("Menerbitkan kartu uji", "kartu", 10, 2),
        ("Mengkalibrasi alat uji", "kegiatan", 240, 1),
    ),
    "engineering": (
        ("Menyusun desain teknis", "dokumen", 2400, 2),
        ("Mengawasi pekerjaan konstruksi", "paket", 2400, 3),
        ("Melakukan survei kondisi jalan", "ruas", 240, 2),
        ("Menyusun rencana anggaran biaya", "dokumen", 960, 1),
    ),
    "social": (
        ("Melakukan asesmen penerima bantuan", "keluarga", 60, 4),
        ("Melaksanakan pendampingan sosial", "kasus", 240, 2),
        ("Memverifikasi data terpadu kesejahteraan sosial", "data", 10, 3),
    ),
    "environment": (
        ("Memeriksa dokumen lingkungan", "dokumen", 480, 3),
        ("Mengawasi pengelolaan limbah", "kegiatan", 240, 2),
        ("Mengukur kualitas air dan udara", "sampel", 60, 2),
    ),
    "cleaning": (
        ("Menyapu jalan protokol", "km", 60, 5),
        ("Mengangkut sampah ke TPA", "rit", 90, 3),
        ("Membersihkan saluran", "m", 2, 2),
    ),
    "licensing": (
        ("Memeriksa permohonan perizinan berusaha", "permohonan", 60, 4),
        ("Menerbitkan izin", "izin", 30, 2),
        ("Menangani pengaduan perizinan", "pengaduan", 60, 1),
    ),
    "public_order": (
        ("Melaksanakan patroli ketertiban", "jam", 60, 5),
        ("Menertibkan pelanggaran perda", "kegiatan", 240, 2),
        ("Mengamankan kegiatan pemerintah", "kegiatan", 360, 2),
    ),
}


@dataclass(frozen=True)
class Division:
    """A bidang/bagian/seksi under the head: its unit, its head post, and its staff (keys of STAFF)."""

    name: str
    head_title: str
    staff: tuple[str, ...]
    head_kind: str = P.ADMINISTRATOR


@dataclass(frozen=True)
class Upt:
    """A service unit that repeats as the region grows (puskesmas, school, kelurahan ...)."""

    unit: str  # with {place}
    head_title: str
    staff: tuple[str, ...]
    head_kind: str = P.PENGAWAS


@dataclass(frozen=True)
class AgencyDef:
    code: str
    name: str
    short: str
    kind: str
    head_title: str
    divisions: tuple[Division, ...]
    secretary_title: str = ""  # empty: no sekretariat (Setda, kecamatan use their divisions)
    subdivisions: tuple[Division, ...] = ()  # subbagian under the sekretariat
    story: str = "balance"  # "short" | "surplus" | "balance"
    upt: Upt | None = None
    upt_weight: int = 0
    is_hr: bool = False


D = Division
SUBBAG = (
    D(
        "Subbagian Umum dan Kepegawaian",
        "Kepala Subbagian Umum dan Kepegawaian",
        ("pengadm", "layanan"),
        P.PENGAWAS,
    ),
    D(
        "Subbagian Keuangan dan Perencanaan",
        "Kepala Subbagian Keuangan dan Perencanaan",
        ("bendahara", "perencana"),
        P.PENGAWAS,
    ),
)


def _opd(code, name, short, kind, head, divisions, secretary="Sekretaris", **kw) -> AgencyDef:
    return AgencyDef(code, name, short, kind, head, divisions, secretary, SUBBAG, **kw)


K = AgencyKind
AGENCIES: tuple[AgencyDef, ...] = (
    AgencyDef(
        "SETDA", "Sekretariat Daerah", "Setda", K.SEKRETARIAT, "Sekretaris Daerah",
        (
            D("Bagian Pemerintahan", "Kepala Bagian Pemerintahan", ("kemasyarakatan", "pengadm")),
            D("Bagian Hukum", "Kepala Bagian Hukum", ("analis_hukum", "pengadm")),
            D("Bagian Organisasi", "Kepala Bagian Organisasi", ("analis_kebijakan", "layanan")),
            D("Bagian Umum", "Kepala Bagian Umum", ("pengadm", "bendahara", "pengelola_bmd")),
        ),
    ),
    _opd("SETWAN", "Sekretariat DPRD", "Setwan", K.SEKRETARIAT, "Sekretaris DPRD",
         (D("Bagian Persidangan dan Perundang-undangan", "Kepala Bagian Persidangan", ("analis_hukum", "pengadm")),
          D("Bagian Humas dan Protokol", "Kepala Bagian Humas dan Protokol", ("humas", "layanan"))),
         secretary="Kepala Bagian Umum Sekretariat DPRD"),
    _opd("INSP", "Inspektorat", "Inspektorat", K.INSPEKTORAT, "Inspektur",
         (D("Inspektur Pembantu Wilayah I", "Inspektur Pembantu Wilayah I", ("auditor", "ppupd")),
          D("Inspektur Pembantu Wilayah II", "Inspektur Pembantu Wilayah II", ("auditor", "ppupd"))),
         secretary="Sekretaris Inspektorat"),
    _opd("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM", K.BADAN, "Kepala BKPSDM",
         (D("Bidang Mutasi dan Promosi", "Kepala Bidang Mutasi dan Promosi", ("analis_sdm", "pranata_sdm")),
          D("Bidang Pengembangan Kompetensi", "Kepala Bidang Pengembangan Kompetensi", ("analis_sdm", "data")),
          D("Bidang Penilaian Kinerja dan Disiplin", "Kepala Bidang Penilaian Kinerja", ("analis_sdm", "pranata_sdm"))),
         secretary="Sekretaris Badan", is_hr=True),
    _opd("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Bappeda", K.BADAN, "Kepala Bappeda",
         (D("Bidang Perencanaan Ekonomi", "Kepala Bidang Perencanaan Ekonomi", ("perencana", "data")),
          D("Bidang Perencanaan Infrastruktur", "Kepala Bidang Perencanaan Infrastruktur", ("perencana", "penata_ruang"))),
         secretary="Sekretaris Badan"),
    _opd("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", K.BADAN, "Kepala BPKAD",
         (D("Bidang Anggaran", "Kepala Bidang Anggaran", ("analis_keuangan", "data")),
          D("Bidang Perbendaharaan", "Kepala Bidang Perbendaharaan", ("analis_keuangan", "bendahara")),
          D("Bidang Aset", "Kepala Bidang Aset", ("pengelola_bmd", "pengadm"))),
         secretary="Sekretaris Badan"),
    _opd("DINKES", "Dinas Kesehatan", "Dinkes", K.DINAS, "Kepala Dinas Kesehatan",
         (D("Bidang Pelayanan Kesehatan", "Kepala Bidang Pelayanan Kesehatan", ("perawat", "dokter", "apoteker")),
          D("Bidang Kesehatan Masyarakat", "Kepala Bidang Kesehatan Masyarakat", ("bidan", "data_kesehatan")),
          D("Bidang Pencegahan dan Pengendalian Penyakit", "Kepala Bidang P2P", ("epidemiolog", "data_kesehatan", "perawat_terampil"))),
         story="short", upt=Upt("Puskesmas {place}", "Kepala Puskesmas {place}", ("dokter", "perawat_terampil", "bidan", "data_kesehatan", "pengadm")), upt_weight=3),
    _opd("DISDIK", "Dinas Pendidikan", "Disdik", K.DINAS, "Kepala Dinas Pendidikan",
         (D("Bidang Pembinaan Sekolah Dasar", "Kepala Bidang Pembinaan SD", ("pengawas_sekolah", "data")),
          D("Bidang Pembinaan Sekolah Menengah Pertama", "Kepala Bidang Pembinaan SMP", ("pengawas_sekolah", "data")),
          D("Bidang Guru dan Tenaga Kependidikan", "Kepala Bidang GTK", ("layanan", "pengadm"))),
         upt=Upt("SD Negeri {place}", "Kepala SD Negeri {place}", ("guru", "pengadm"), P.AHLI_MUDA), upt_weight=4),
    _opd("DISHUB", "Dinas Perhubungan", "Dishub", K.DINAS, "Kepala Dinas Perhubungan",
         (D("Bidang Angkutan", "Kepala Bidang Angkutan", ("angkutan", "analis_lalin")),
          D("Bidang Lalu Lintas", "Kepala Bidang Lalu Lintas", ("lalin", "analis_lalin")),
          D("Bidang Sarana dan Prasarana", "Kepala Bidang Sarana dan Prasarana", ("penguji", "parkir"))),
         story="surplus", upt=Upt("UPT Terminal dan Perparkiran {place}", "Kepala UPT Terminal {place}", ("terminal", "parkir", "lalin")), upt_weight=1),
    _opd("DINSOS", "Dinas Sosial", "Dinsos", K.DINAS, "Kepala Dinas Sosial",
         (D("Bidang Rehabilitasi Sosial", "Kepala Bidang Rehabilitasi Sosial", ("peksos", "layanan")),
          D("Bidang Perlindungan dan Jaminan Sosial", "Kepala Bidang Linjamsos", ("peksos", "data")))),
    _opd("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", K.DINAS, "Kepala Dinas PUPR",
         (D("Bidang Bina Marga", "Kepala Bidang Bina Marga", ("teknik_jalan", "pengadm")),
          D("Bidang Penataan Ruang", "Kepala Bidang Penataan Ruang", ("penata_ruang", "data")))),
    _opd("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil", K.DINAS, "Kepala Dinas Dukcapil",
         (D("Bidang Pelayanan Pendaftaran Penduduk", "Kepala Bidang Dafduk", ("layanan", "adminduk")),
          D("Bidang Pencatatan Sipil", "Kepala Bidang Capil", ("layanan", "data")))),
    _opd("DLH", "Dinas Lingkungan Hidup", "DLH", K.DINAS, "Kepala Dinas Lingkungan Hidup",
         (D("Bidang Pengelolaan Sampah", "Kepala Bidang Pengelolaan Sampah", ("kebersihan", "pengadm")),
          D("Bidang Pengendalian Pencemaran", "Kepala Bidang Pengendalian Pencemaran", ("lingkungan", "data"))),
         upt=Upt("UPT Persampahan {place}", "Kepala UPT Persampahan {place}", ("kebersihan", "pengadm")), upt_weight=1),
    _opd("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP", K.DINAS, "Kepala DPMPTSP",
         (D("Bidang Pelayanan Perizinan", "Kepala Bidang Pelayanan Perizinan", ("perizinan", "layanan")),
          D("Bidang Penanaman Modal", "Kepala Bidang Penanaman Modal", ("perizinan", "data")))),
    _opd("DISKOMINFO", "Dinas Komunikasi dan Informatika", "Diskominfo", K.DINAS, "Kepala Dinas Kominfo",
         (D("Bidang Aplikasi Informatika", "Kepala Bidang Aplikasi Informatika", ("pranata_komputer", "data")),
          D("Bidang Informasi dan Komunikasi Publik", "Kepala Bidang IKP", ("humas", "pengadm")))),
    _opd("SATPOLPP", "Satuan Polisi Pamong Praja", "Satpol PP", K.SATPOL, "Kepala Satuan Polisi Pamong Praja",
         (D("Bidang Ketertiban Umum", "Kepala Bidang Ketertiban Umum", ("polpp", "pengadm")),
          D("Bidang Penegakan Perda", "Kepala Bidang Penegakan Perda", ("polpp", "analis_hukum")))),
    _opd("RSUD", "Rumah Sakit Umum Daerah Kota Manna", "RSUD", K.RSUD, "Direktur RSUD",
         (D("Bidang Pelayanan Medik", "Kepala Bidang Pelayanan Medik", ("dokter", "perawat", "apoteker")),
          D("Bidang Keperawatan", "Kepala Bidang Keperawatan", ("perawat", "perawat_terampil", "bidan"))),
         secretary="Kepala Bagian Tata Usaha", story="short",
         upt=Upt("Instalasi Rawat Inap {place}", "Kepala Instalasi Rawat Inap {place}", ("perawat", "perawat_terampil", "dokter")), upt_weight=1),
    *(
        _opd(code, f"Kecamatan {place}", f"Kec. {place}", K.KECAMATAN, f"Camat {place}",
             (D("Seksi Pemerintahan", f"Kepala Seksi Pemerintahan Kec. {place}", ("kemasyarakatan",), P.PENGAWAS),
              D("Seksi Pelayanan Umum", f"Kepala Seksi Pelayanan Umum Kec. {place}", ("layanan", "pengadm"), P.PENGAWAS)),
             secretary="Sekretaris Kecamatan", upt=Upt("Kelurahan {place}", "Lurah {place}", ("kemasyarakatan", "pengadm")), upt_weight=1)
        for code, place in (("KEC-MANNA", "Manna"), ("KEC-KMS", "Kota Manna Selatan"), ("KEC-KMU", "Kota Manna Utara"))
    ),
)  # fmt: skip

PLACES = (
    "Pasar Manna", "Padang Kapuk", "Ketapang Besar", "Tanjung Mulia", "Pagar Dewa", "Kayu Kunyit",
    "Gunung Ayu", "Ibul", "Tebat Kubu", "Pasar Bawah", "Belakang Gedung", "Padang Sialang",
    "Kampung Baru", "Suka Rami", "Lubuk Tapi", "Air Kemuning", "Muara Pulutan", "Tanjung Raman",
    "Batu Bandung", "Rantau Panjang", "Selali", "Sukajaya", "Kota Bumi", "Jeranglah",
)  # fmt: skip

MALE_FIRST = (
    "Agus", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Irfan", "Joko", "Rudi", "Andi", "Bambang", "Dwi",
    "Yudi", "Arif", "Rizky", "Taufik", "Wahyu", "Ahmad", "Muhammad", "Hadi", "Iwan", "Slamet", "Teguh",
    "Doni", "Reza", "Yoga", "Ilham", "Herman", "Syahrial", "Zulkifli", "Firdaus", "Haris", "Bayu",
)  # fmt: skip
FEMALE_FIRST = (
    "Siti", "Dewi", "Sri", "Rina", "Nurul", "Fitri", "Yuni", "Ratna", "Indah", "Wulan", "Putri", "Ayu",
    "Desi", "Eka", "Novi", "Lina", "Mega", "Rika", "Yulia", "Dian", "Nur", "Intan", "Wati", "Meri",
    "Susi", "Tuti", "Anisa", "Rahmi", "Elvi", "Herlina", "Yeni", "Rosa",
)  # fmt: skip
MALE_LAST = (
    "Saputra", "Pratama", "Wijaya", "Hidayat", "Setiawan", "Kurniawan", "Santoso", "Nugroho", "Firmansyah",
    "Ramadhan", "Gunawan", "Syahputra", "Hermawan", "Susanto", "Prasetyo", "Hakim", "Maulana", "Effendi",
)  # fmt: skip
FEMALE_LAST = (
    "Sari", "Lestari", "Rahmawati", "Handayani", "Utami", "Wulandari", "Puspitasari", "Anggraini",
    "Kusumawati", "Susanti", "Safitri", "Oktaviani", "Maharani", "Permatasari", "Fitriani", "Yanti",
)  # fmt: skip
FAMILY = ("Siregar", "Harahap", "Nasution", "Lubis", "Sembiring", "Tanjung", "Chaniago", "Pohan")

# Academic titles per (level, field): back title (or front "dr." for medicine). REGULATION.md keeps
# names "with academic titles"; these are the common Indonesian degree abbreviations.
FIELD_TITLE = {
    "Keperawatan": "S.Kep.", "Profesi Keperawatan": "S.Kep., Ners", "Kesehatan Masyarakat": "S.KM.",
    "Statistik": "S.Stat.", "Farmasi": "S.Farm., Apt.", "Teknik Sipil": "S.T.", "Teknik Lingkungan": "S.T.",
    "Teknik Informatika": "S.Kom.", "Sistem Informasi": "S.Kom.", "Manajemen Informatika": "S.Kom.",
    "Hukum": "S.H.", "Akuntansi": "S.E.", "Ekonomi": "S.E.", "Manajemen": "S.E.", "Administrasi Negara": "S.AP.",
    "Ilmu Pemerintahan": "S.IP.", "Ilmu Komunikasi": "S.I.Kom.", "Psikologi": "S.Psi.",
    "Kesejahteraan Sosial": "S.Sos.", "Sosiologi": "S.Sos.", "Perencanaan Wilayah dan Kota": "S.T.",
    "Pendidikan Guru SD": "S.Pd.", "Pendidikan Matematika": "S.Pd.", "Pendidikan Bahasa Indonesia": "S.Pd.",
    "Manajemen Pendidikan": "S.Pd.", "Transportasi": "S.Tr.T.", "Manajemen Transportasi": "S.Tr.T.",
}  # fmt: skip
D3_TITLE = {"Keperawatan": "A.Md.Kep.", "Kebidanan": "A.Md.Keb.", "Farmasi": "A.Md.Farm."}
MASTER_TITLE = {"Kedokteran": "M.Kes.", "Kesehatan Masyarakat": "M.Kes.", "Teknik Sipil": "M.T."}

# Golongan on appointment by education (PP 11/2017), then one step every four years, capped.
GOLONGAN_ORDER = [g.value for g in Golongan]
GOLONGAN_START = {L.SD: "I/a", L.SMP: "I/c", L.SMA: "II/a", L.D1: "II/a", L.D2: "II/b", L.D3: "II/c",
                  L.D4: "III/a", L.S1: "III/a", L.PROFESI: "III/b", L.S2: "III/b", L.S3: "III/c"}  # fmt: skip
GOLONGAN_CAP = {L.SD: "II/a", L.SMP: "II/d", L.SMA: "III/b", L.D3: "III/d"}


# --- The plan: pure Python, no database ------------------------------------------------------------


@dataclass
class UnitSpec:
    code: str
    agency: str
    name: str
    parent: str | None = None


@dataclass
class PostSpec:
    code: str
    agency: str
    unit: str | None
    superior: str | None
    depth: int
    title: str
    kind: str
    grade: int
    tasks: str
    levels: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    weight: int = 0  # 0 = a single-holder managerial post
    story: str = "balance"
    is_head: bool = False
    special_role: str = ""
    holders: int = 0
    required: int = 0


@dataclass
class Plan:
    employees: int
    agencies: list[AgencyDef]
    units: list[UnitSpec] = field(default_factory=list)
    posts: list[PostSpec] = field(default_factory=list)
    personas: dict[str, str] = field(default_factory=dict)  # username -> post code
    persona_employee_ids: dict[str, int] = field(default_factory=dict)  # filled after the insert


WALIKOTA_POST = "SETDA-0000"
SEKDA_POST = "SETDA-0001"


def agency_defs(employees: int) -> list[AgencyDef]:
    """The ~20 agencies, plus one more kecamatan per 20,000 employees (a bigger city has more)."""
    extra = []
    template = AGENCIES[-1]
    for n in range(employees // 20000):
        place = f"{PLACES[n % len(PLACES)]}{'' if n < len(PLACES) else f' {n // len(PLACES) + 1}'}"
        code = f"KEC-{n + 4:03d}"
        extra.append(
            AgencyDef(
                code, f"Kecamatan {place}", f"Kec. {place}", K.KECAMATAN, f"Camat {place}",
                tuple(D(d.name, d.head_title.replace("Kota Manna Utara", place), d.staff, d.head_kind) for d in template.divisions),
                "Sekretaris Kecamatan", SUBBAG, upt=template.upt, upt_weight=1,
            )
        )  # fmt: skip
    return [*AGENCIES, *extra]


class _Builder:
    def __init__(self, employees: int):
        self.plan = Plan(employees=employees, agencies=agency_defs(employees))
        self.post_seq: dict[str, int] = defaultdict(int)
        self.unit_seq: dict[str, int] = defaultdict(int)

    def unit(self, agency: str, name: str, parent: str | None = None) -> str:
        self.unit_seq[agency] += 1
        code = f"{agency}-U{self.unit_seq[agency]:04d}"
        self.plan.units.append(UnitSpec(code, agency, name, parent))
        return code

    def post(self, agency: AgencyDef | str, **kw) -> PostSpec:
        code_prefix = agency if isinstance(agency, str) else agency.code
        code = f"{code_prefix}-{self.post_seq[code_prefix]:04d}"
        self.post_seq[code_prefix] += 1
        spec = PostSpec(code=code, agency=code_prefix, **kw)
        self.plan.posts.append(spec)
        return spec

    def manager(self, a: AgencyDef, title: str, kind: str, unit, superior, depth) -> PostSpec:
        grade = {P.JPT_PRATAMA: 14, P.ADMINISTRATOR: 12, P.PENGAWAS: 9}.get(kind, 10)
        return self.post(
            a, unit=unit, superior=superior, depth=depth, title=title, kind=kind, grade=grade, tasks="lead"
        )

    def staff(self, a: AgencyDef, key: str, unit, superior: PostSpec, suffix: str = "") -> PostSpec:
        s = STAFF[key]
        story = a.story
        if story == "surplus" and s.kind != P.PELAKSANA:
            story = "balance"  # the Dishub surplus sits on its pelaksana posts (DESIGN.md section 8)
        title = f"{s.title} {suffix}".strip()
        return self.post(
            a, unit=unit, superior=superior.code, depth=superior.depth + 1, title=title, kind=s.kind,
            grade=s.grade, tasks=s.tasks, levels=s.levels, fields=s.fields, tags=s.tags, weight=s.weight, story=story,
        )  # fmt: skip

    def division(self, a: AgencyDef, d: Division, parent_unit, superior: PostSpec) -> PostSpec:
        unit = self.unit(a.code, d.name, parent_unit)
        head = self.manager(a, d.head_title, d.head_kind, unit, superior.code, superior.depth + 1)
        for key in d.staff:
            self.staff(a, key, unit, head)
        return head

    def agency(self, a: AgencyDef, sekda: PostSpec) -> None:
        if a.code == "SETDA":
            head = sekda
        else:
            head = self.manager(a, a.head_title, P.JPT_PRATAMA, None, sekda.code, sekda.depth + 1)
            head.is_head = True
        if a.secretary_title:
            sek_unit = self.unit(a.code, "Sekretariat")
            sek = self.manager(a, a.secretary_title, P.ADMINISTRATOR, sek_unit, head.code, head.depth + 1)
            for d in a.subdivisions:
                self.division(a, d, sek_unit, sek)
        for d in a.divisions:
            self.division(a, d, None, head)

    def upt(self, a: AgencyDef, n: int) -> None:
        head = next(p for p in self.plan.posts if p.agency == a.code and p.is_head)
        place = PLACES[n % len(PLACES)]
        if n >= len(PLACES):
            place = f"{place} {n // len(PLACES) + 1}"
        if a.upt.unit.startswith("SD Negeri"):
            place = f"{n + 1} Kota Manna"
        unit = self.unit(a.code, a.upt.unit.format(place=place))
        boss = self.manager(
            a, a.upt.head_title.format(place=place), a.upt.head_kind, unit, head.code, head.depth + 1
        )
        for key in a.upt.staff:
            self.staff(a, key, unit, boss, suffix="")

    def build(self) -> Plan:
        walikota = self.post(
            "SETDA", unit=None, superior=None, depth=0, title="Walikota Manna", kind=P.JPT_UTAMA, grade=17,
            tasks="lead", special_role=SpecialRole.REGIONAL_HEAD,
        )  # fmt: skip
        sekda = self.post(
            "SETDA", unit=None, superior=walikota.code, depth=1, title="Sekretaris Daerah", kind=P.JPT_PRATAMA,
            grade=15, tasks="lead", is_head=True, special_role=SpecialRole.SECRETARY,
        )  # fmt: skip
        assert (walikota.code, sekda.code) == (WALIKOTA_POST, SEKDA_POST)
        for a in self.plan.agencies:
            self.agency(a, sekda)
        self.add_upts()
        self.allocate_holders()
        self.pick_personas()
        self.set_required()
        return self.plan

    def add_upts(self) -> None:
        """More service units as N grows, keeping about EMPLOYEES_PER_POST employees per post."""
        missing = self.plan.employees // EMPLOYEES_PER_POST - len(self.plan.posts)
        hosts = [a for a in self.plan.agencies if a.upt]
        if missing <= 0 or not hosts:
            return
        slots = [a for a in hosts for _ in range(a.upt_weight)]
        per_upt = sum(len(a.upt.staff) + 1 for a in slots) / len(slots)
        counters: dict[str, int] = defaultdict(int)
        for i in range(math.ceil(missing / per_upt)):
            a = slots[i % len(slots)]
            self.upt(a, counters[a.code])
            counters[a.code] += 1

    def allocate_holders(self) -> None:
        """Managerial posts get one holder each; the rest is shared by staff-post weight (largest remainder)."""
        managers = [p for p in self.plan.posts if p.weight == 0]
        staff = [p for p in self.plan.posts if p.weight > 0]
        for p in managers:
            p.holders = 1
        left = max(0, self.plan.employees - len(managers))
        base = 1 if left >= len(staff) else 0
        left -= base * len(staff)
        total_weight = sum(p.weight for p in staff) or 1
        shares = [(left * p.weight / total_weight, i) for i, p in enumerate(staff)]
        for (share, _i), p in zip(shares, staff, strict=True):
            p.holders = base + int(share)
        rest = left - sum(int(s) for s, _ in shares)
        for _share, i in sorted(shares, key=lambda t: (-(t[0] - int(t[0])), t[1]))[:rest]:
            staff[i].holders += 1

    def pick_personas(self) -> None:
        posts = self.plan.posts
        by_title = {(p.agency, p.title): p for p in posts}
        angkutan_head = by_title[("DISHUB", "Kepala Bidang Angkutan")]
        pegawai_post = next(
            p for p in posts if p.superior == angkutan_head.code and p.title == STAFF["angkutan"].title
        )
        pegawai_post.holders = max(pegawai_post.holders, 3)  # a surplus post: pegawai's move makes sense
        self.plan.personas = {
            "walikota": WALIKOTA_POST,
            "sekda": SEKDA_POST,
            "kadinkes": next(p.code for p in posts if p.agency == "DINKES" and p.is_head),
            "kadishub": next(p.code for p in posts if p.agency == "DISHUB" and p.is_head),
            "atasan": angkutan_head.code,
            "pegawai": pegawai_post.code,
            "bkpsdm": next(
                p.code for p in posts if p.agency == "BKPSDM" and p.title == STAFF["analis_sdm"].title
            ),
            "auditor": next(
                p.code for p in posts if p.agency == "INSP" and p.title == STAFF["auditor"].title
            ),
            "tpk": by_title[("SETDA", STAFF["analis_kebijakan"].title)].code,
        }
        for code in self.plan.personas.values():
            post = next(p for p in posts if p.code == code)
            post.holders = max(post.holders, 1)

    def set_required(self) -> None:
        """Required staff per post for the ABK story; the task volumes are derived from it."""
        rnd = random.Random(RANDOM_SEED + 1)
        for p in self.plan.posts:
            h = p.holders
            if p.weight == 0:
                p.required = 1
            elif p.story == "short":
                p.required = h + max(1, round(h * 0.3))
            elif p.story == "surplus" and h >= 2:
                p.required = h - max(1, round(h * 0.3))
            else:
                noise = rnd.choice((-1, 0, 0, 0, 0, 0, 0, 0, 1)) if h >= 3 else 0
                p.required = max(1, h + noise)


def build_plan(employees: int = DEFAULT_EMPLOYEES) -> Plan:
    return _Builder(employees).build()


def task_rows(post: PostSpec, effective_hours: int, rnd: random.Random) -> list[tuple[str, str, int, int]]:
    """(description, output unit, annual volume, minutes) so that round_half_up(hours / eff) == required.

    REGULATION.md 2: hours = sum(volume x minutes) / 60; required = hours / effective hours. The target
    sits 0.05-0.40 below the required count, so both half-up and ceiling rounding give `required`.
    """
    family = TASKS[post.tasks]
    target_minutes = (post.required - rnd.uniform(0.05, 0.40)) * effective_hours * 60
    total_share = sum(share for *_x, share in family)
    rows = []
    for description, unit, minutes, share in family:
        volume = max(1, round(target_minutes * share / total_share / minutes))
        rows.append((description, unit, volume, minutes))
    return rows


# --- People ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    username: str
    name: str
    front: str
    back: str
    birth: dt.date
    gender: str
    tmt: dt.date
    level: str
    field: str
    golongan: str
    years_in_post: float
    groups: tuple[str, ...] = ()
    staff: bool = False


PERSONAS: dict[str, Persona] = {
    p.username: p
    for p in (
        Persona("walikota", "Hendra Gunawan", "", "S.E., M.M.", dt.date(1972, 5, 14), "L", dt.date(1998, 3, 1), L.S2, "Manajemen", "IV/c", 3),
        Persona("sekda", "Bambang Sutrisno", "Drs.", "M.Si.", dt.date(1968, 11, 2), "L", dt.date(1993, 3, 1), L.S2, "Administrasi Negara", "IV/c", 4),
        Persona("kadinkes", "Ratna Dewi", "dr.", "M.Kes.", dt.date(1973, 4, 21), "P", dt.date(2000, 2, 1), L.S2, "Kedokteran", "IV/b", 3),
        Persona("kadishub", "Yudi Hartono", "", "S.T., M.T.", dt.date(1971, 9, 9), "L", dt.date(1997, 3, 1), L.S2, "Teknik Sipil", "IV/b", 3),
        Persona("atasan", "Rudi Hermawan", "", "S.T.", dt.date(1980, 1, 15), "L", dt.date(2005, 3, 1), L.S1, "Transportasi", "III/d", 3),
        Persona("pegawai", "Siti Aminah", "", "S.KM.", dt.date(1990, 8, 17), "P", dt.date(2015, 3, 1), L.S1, "Kesehatan Masyarakat", "III/b", 4),
        Persona("bkpsdm", "Dewi Lestari", "", "S.Psi.", dt.date(1985, 6, 30), "P", dt.date(2010, 3, 1), L.S1, "Psikologi", "III/c", 5, ("hr",), True),
        Persona("auditor", "Arif Rahman", "", "S.E.", dt.date(1983, 2, 11), "L", dt.date(2009, 3, 1), L.S1, "Akuntansi", "III/c", 4, ("auditor",)),
        Persona("tpk", "Hadi Purnomo", "", "S.Sos., M.Si.", dt.date(1976, 12, 5), "L", dt.date(2002, 3, 1), L.S2, "Administrasi Negara", "IV/a", 4, ("performance_team",)),
    )
}  # fmt: skip


class _People:
    """Generates employees post by post from a fixed random seed, so a re-run yields the same NIPs."""

    def __init__(self, plan: Plan, today: dt.date):
        self.plan = plan
        self.today = today
        self.rnd = random.Random(RANDOM_SEED)
        self.seq: dict[tuple, int] = defaultdict(int)
        self.persona_posts = {code: name for name, code in plan.personas.items()}
        self.decree_no = 0

    def nip(self, birth: dt.date, tmt: dt.date, gender: str) -> str:
        key = (birth, tmt.year, tmt.month, gender)
        self.seq[key] += 1
        return make_nip(birth_date=birth, tmt=tmt, gender=gender, seq=self.seq[key])

    def golongan(self, level: str, tmt: dt.date) -> str:
        start = GOLONGAN_ORDER.index(GOLONGAN_START.get(level, "II/a"))
        cap = GOLONGAN_ORDER.index(GOLONGAN_CAP.get(level, "IV/b"))
        return GOLONGAN_ORDER[max(start, min(cap, start + (self.today.year - tmt.year) // 4))]

    def titles(self, level: str, fld: str, birth: dt.date, gender: str) -> tuple[str, str]:
        if fld == "Kedokteran":
            return "dr.", ""
        if level in (L.D3,):
            return "", D3_TITLE.get(fld, "A.Md.")
        if level == L.D4:
            return "", "S.Tr."
        if level in (L.S1, L.PROFESI, L.S2):
            back = FIELD_TITLE.get(fld, "S.Sos.")
            if birth.year < 1970 and back in ("S.Sos.", "S.AP.", "S.IP.", "S.E."):
                front, back = ("Drs." if gender == Gender.MALE else "Dra."), ""  # titles before 1993
                return front, ("M.Si." if level == L.S2 else "")
            if level == L.S2:
                back = f"{back}, {MASTER_TITLE.get(fld, 'M.Si.')}"
            return "", back
        return "", ""

    def person(self, post: PostSpec) -> Employee:
        r = self.rnd
        managerial = post.kind in MANAGERIAL
        female_share = 0.8 if post.tasks in ("nurse", "midwife") else 0.45
        gender = Gender.FEMALE if post.tasks == "midwife" or r.random() < female_share else Gender.MALE
        oldest, youngest = (1966, 1980) if managerial else (1966, 2001)
        birth = dt.date(r.randint(oldest, youngest), r.randint(1, 12), r.randint(1, 28))
        status = EmployeeStatus.PNS
        if not managerial:
            status = r.choices((EmployeeStatus.PNS, EmployeeStatus.CPNS, EmployeeStatus.PPPK), (85, 5, 10))[0]
        if status == EmployeeStatus.PNS:
            tmt_year = min(self.today.year - 2, birth.year + r.randint(21, 33))
        else:
            tmt_year = self.today.year - 1
        tmt_year = max(tmt_year, birth.year + 19)
        tmt = dt.date(tmt_year, r.choice((1, 2, 3, 4)), 1)
        if r.random() < 0.85 and post.levels:
            level, fld = r.choice(post.levels), r.choice(post.fields)
        else:
            level = r.choice((L.SMA, L.D3, L.S1, L.S1, L.S2)) if not managerial else r.choice((L.S1, L.S2))
            fld = r.choice(("Administrasi Negara", "Manajemen", "Hukum", "Ekonomi", "Kesehatan Masyarakat"))
            fld = "Umum" if level == L.SMA else fld
        if level in (L.SD, L.SMP, L.SMA) and fld not in ("Administrasi Perkantoran", "Transportasi"):
            fld = "Umum"  # school leavers: only some SMK majors match a post
        if managerial and post.kind in (P.JPT_PRATAMA, P.ADMINISTRATOR):
            level = L.S2 if r.random() < 0.6 else L.S1
        if post.tasks == "doctor":
            level, fld = L.PROFESI, "Kedokteran"
        front, back = self.titles(level, fld, birth, gender)
        first = r.choice(MALE_FIRST if gender == Gender.MALE else FEMALE_FIRST)
        last = r.choice(MALE_LAST if gender == Gender.MALE else FEMALE_LAST)
        name = f"{first} {last}" if r.random() < 0.9 else f"{first} {last} {r.choice(FAMILY)}"
        earliest = max(tmt, dt.date(2008, 1, 1))
        span = max(30, (self.today - earliest).days - 30)
        since = earliest + dt.timedelta(days=r.randint(0, span))
        flags = r.random()
        golongan = "" if status == EmployeeStatus.PPPK else self.golongan(level, tmt)
        if managerial and post.kind == P.JPT_PRATAMA:
            golongan = max(golongan, "IV/b", key=GOLONGAN_ORDER.index)
        competencies = list(post.tags[: r.randint(1, max(1, len(post.tags)))])
        return Employee(
            nip=self.nip(birth, tmt, "L" if gender == Gender.MALE else "P"),
            name=name, front_title=front, back_title=back, birth_date=birth, gender=gender, status=status,
            golongan=golongan, tmt_cpns=tmt, education_level=level, education_field=fld, competencies=competencies,
            position_id=None, position_since=since, phone=f"08{r.randint(11, 99)}{r.randint(10000000, 99999999)}",
            under_sanction=flags < 0.01, sanction_until=self.today + dt.timedelta(days=180) if flags < 0.01 else None,
            on_study_assignment=0.01 <= flags < 0.02,
            study_until=self.today + dt.timedelta(days=365) if 0.01 <= flags < 0.02 else None,
            open_audit_finding=0.02 <= flags < 0.025,
            audit_finding_date=self.today - dt.timedelta(days=60) if 0.02 <= flags < 0.025 else None,
        )  # fmt: skip

    def persona(self, p: Persona) -> Employee:
        since = self.today - dt.timedelta(days=round(p.years_in_post * 365.25))
        return Employee(
            nip=self.nip(p.birth, p.tmt, p.gender), name=p.name, front_title=p.front, back_title=p.back,
            birth_date=p.birth, gender=p.gender, status=EmployeeStatus.PNS, golongan=p.golongan, tmt_cpns=p.tmt,
            education_level=p.level, education_field=p.field,
            competencies=["transportasi", "data kesehatan"] if p.username == "pegawai" else [],
            position_since=since, email=f"{p.username}@mannakota.go.id", phone="081200000000",
        )  # fmt: skip

    def stream(self) -> Iterator[tuple[Employee, PostSpec]]:
        for post in self.plan.posts:
            for i in range(post.holders):
                persona = self.persona_posts.get(post.code) if i == 0 else None
                e = self.persona(PERSONAS[persona]) if persona else self.person(post)
                yield e, post


# --- Writing to the database -----------------------------------------------------------------------

Say = Callable[[str], None]


@dataclass
class SeedReport:
    region: Region
    counts: dict[str, int]
    timings: dict[str, float]


def _phase(timings: dict, say: Say, label: str):
    class _Timer:
        def __enter__(self):
            self.t = time.perf_counter()
            say(_("%(label)s ...") % {"label": label})

        def __exit__(self, *exc):
            timings[label] = time.perf_counter() - self.t
            if exc[0] is None:
                say(_("  selesai dalam %(s)s detik") % {"s": number_format(timings[label], 1)})

    return _Timer()


def ensure_region() -> Region:
    region, _created = Region.objects.get_or_create(
        name=DEMO_REGION_NAME, defaults={"kind": RegionKind.KOTA, "code": "MANNA"}
    )
    Policy.objects.get_or_create(region=region)  # every default of REGULATION.md
    return region


def ensure_agencies(region: Region, plan: Plan) -> dict[str, int]:
    Agency.objects.bulk_create(
        [
            Agency(
                region=region, code=a.code, name=a.name, short_name=a.short, kind=a.kind, is_hr_agency=a.is_hr
            )
            for a in plan.agencies
        ],
        ignore_conflicts=True,
    )
    return dict(Agency.objects.filter(region=region).values_list("code", "id"))


def ensure_units(plan: Plan, agency_ids: dict[str, int]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for with_parent in (False, True):  # parents (sekretariat) first, then their subbagian
        rows = [
            Unit(agency_id=agency_ids[u.agency], code=u.code, name=u.name, parent_id=ids.get(u.parent))
            for u in plan.units
            if (u.parent is not None) == with_parent
        ]
        Unit.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        ids.update(Unit.objects.filter(agency_id__in=agency_ids.values()).values_list("code", "id"))
    return ids


def ensure_positions(plan: Plan, agency_ids: dict[str, int], unit_ids: dict[str, int]) -> dict[str, int]:
    """Posts level by level so each `superior` exists before its subordinates."""
    ids: dict[str, int] = {}
    for depth in sorted({p.depth for p in plan.posts}):
        level = [p for p in plan.posts if p.depth == depth]
        rows = [
            Position(
                agency_id=agency_ids[p.agency],
                unit_id=unit_ids.get(p.unit),
                superior_id=ids.get(p.superior),
                code=p.code,
                title=p.title,
                kind=p.kind,
                grade=p.grade,
                is_head=p.is_head,
                special_role=p.special_role,
                required_education_levels=[str(x) for x in p.levels],
                required_education_fields=list(p.fields),
                competency_tags=list(p.tags),
            )  # fmt: skip
            for p in level
        ]
        Position.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        codes = [p.code for p in level]
        for i in range(0, len(codes), BATCH):
            ids.update(Position.objects.filter(code__in=codes[i : i + BATCH]).values_list("code", "id"))
    heads = {p.agency: ids[p.code] for p in plan.posts if p.is_head}
    agencies = list(Agency.objects.filter(id__in=agency_ids.values(), head_position__isnull=True))
    for agency in agencies:
        agency.head_position_id = heads.get(agency.code)
    Agency.objects.bulk_update(agencies, ["head_position"], batch_size=BATCH)
    return ids


def ensure_tasks(region: Region, plan: Plan, post_ids: dict[str, int], effective_hours: int) -> int:
    """Uraian tugas for every post that has none (a re-run or HR's own edits are left alone)."""
    have = set(
        WorkloadTask.objects.filter(position__agency__region=region)
        .values_list("position_id", flat=True)
        .distinct()
    )
    rnd = random.Random(RANDOM_SEED + 2)
    rows: list[WorkloadTask] = []
    created = 0
    for post in plan.posts:
        pid = post_ids[post.code]
        if pid in have:
            continue
        for description, unit, volume, minutes in task_rows(post, effective_hours, rnd):
            rows.append(
                WorkloadTask(
                    position_id=pid, description=description, output_unit=unit,
                    annual_volume=volume, standard_minutes=minutes,
                )
            )  # fmt: skip
        if len(rows) >= BATCH:
            created += len(WorkloadTask.objects.bulk_create(rows, batch_size=BATCH))
            rows = []
    created += len(WorkloadTask.objects.bulk_create(rows, batch_size=BATCH))
    return created


def ensure_employees(region: Region, plan: Plan, post_ids: dict[str, int], today: dt.date, say: Say) -> int:
    """Employees and their placement history, in batches; an existing NIP is left as it is.

    A region that already holds the planned number of employees is complete: nothing is generated,
    which keeps a re-run on a later day (when generated dates would differ) from adding people.
    """
    expected = sum(p.holders for p in plan.posts)
    if Employee.objects.filter(position__agency__region=region).count() >= expected:
        _link_persona_nips(plan, post_ids)
        return 0
    people = _People(plan, today)
    agency_names = {a.code: a.name for a in plan.agencies}
    titles_by_agency: dict[str, list[str]] = defaultdict(list)
    for p in plan.posts:
        titles_by_agency[p.agency].append(p.title)
    rnd = random.Random(RANDOM_SEED + 3)
    created = 0
    batch: list[tuple[Employee, PostSpec]] = []

    def flush() -> int:
        nips = [e.nip for e, _p in batch]
        existing = set(Employee.objects.filter(nip__in=nips).values_list("nip", flat=True))
        new = [(e, p) for e, p in batch if e.nip not in existing]
        for e, p in new:
            e.position_id = post_ids[p.code]
        with transaction.atomic():
            Employee.objects.bulk_create([e for e, _p in new], batch_size=BATCH)
            placements = []
            for e, p in new:
                people.decree_no += 1
                placements.append(
                    PlacementHistory(
                        employee_id=e.pk, position_id=e.position_id, position_title=p.title,
                        agency_name=agency_names[p.agency], start=e.position_since,
                        decree_number=f"821.2/{people.decree_no}/BKPSDM/{e.position_since.year}",
                        decree_date=e.position_since - dt.timedelta(days=14),
                    )
                )  # fmt: skip
                previous_start = max(e.tmt_cpns, e.position_since - dt.timedelta(days=365 * 4))
                if rnd.random() < 0.3 and previous_start < e.position_since - dt.timedelta(days=30):
                    placements.append(
                        PlacementHistory(
                            employee_id=e.pk, position_id=None,
                            position_title=rnd.choice(titles_by_agency[p.agency]),
                            agency_name=agency_names[rnd.choice(plan.agencies).code],
                            start=previous_start, end=e.position_since - dt.timedelta(days=1),
                            decree_number=f"821.2/{people.decree_no}a/BKPSDM/{previous_start.year}",
                        )
                    )  # fmt: skip
            PlacementHistory.objects.bulk_create(placements, batch_size=BATCH)
        return len(new)

    for item in people.stream():
        batch.append(item)
        if len(batch) >= BATCH:
            created += flush()
            batch = []
            if created and created % 50000 < BATCH:
                say(_("  %(n)d pegawai ...") % {"n": created})
    if batch:
        created += flush()
    _link_persona_nips(plan, post_ids)
    return created


def _link_persona_nips(plan: Plan, post_ids: dict[str, int]) -> None:
    """Remember which Employee is which persona (the first holder of its post with the persona's name)."""
    for username, code in plan.personas.items():
        persona = PERSONAS[username]
        emp = (
            Employee.objects.filter(position_id=post_ids[code], name=persona.name, birth_date=persona.birth)
            .only("id")
            .first()
        )
        if emp is not None:
            plan.persona_employee_ids[username] = emp.pk


GROUP_PERMISSIONS = {
    # HR keeps master data and runs transfers (DESIGN.md section 1); reads the core tables.
    # Transfer plans (planning) are built and applied by HR; their admin is read-only plus HR's actions.
    "hr": {
        "add_change_view": ("instansi", "kinerja", "mutasi", "planning", "django_celery_beat"),
        "view": ("core",),
    },
    # The performance team advises on managerial moves: reads organisation and appraisal data.
    "performance_team": {"add_change_view": (), "view": ("instansi", "kinerja", "mutasi")},
    # The auditor reads everything (transfer plans included) and changes nothing.
    "auditor": {
        "add_change_view": (),
        "view": ("core", "instansi", "kinerja", "mutasi", "planning", "django_celery_beat"),
    },
}


def ensure_groups() -> dict[str, Group]:
    groups = {}
    for name, spec in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(
            content_type__app_label__in=spec["add_change_view"],
            codename__regex=r"^(add|change|view)_",
        ) | Permission.objects.filter(content_type__app_label__in=spec["view"], codename__startswith="view_")
        group.permissions.add(*perms)
        groups[name] = group
    return groups


def ensure_accounts(plan: Plan, groups: dict[str, Group]) -> dict[str, User]:
    """Demo accounts (password demo12345), hashed once and shared: hashing is the slow part."""
    password = make_password(DEMO_PASSWORD)
    users = {}
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "password": password,
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Administrator",
        },
    )
    users["admin"] = admin
    employee_ids = plan.persona_employee_ids
    for username, persona in PERSONAS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "password": password,
                "first_name": persona.name,
                "is_staff": persona.staff,
                "email": f"{username}@mannakota.go.id",
            },
        )
        if persona.groups:
            user.groups.add(*(groups[g] for g in persona.groups))
        emp_id = employee_ids.get(username)
        if emp_id and not Employee.objects.filter(user=user).exists():
            Employee.objects.filter(pk=emp_id, user__isnull=True).update(user=user)
        users[username] = user
    return users


def seed(
    *, employees: int = DEFAULT_EMPLOYEES, say: Say = lambda s: None, today: dt.date | None = None
) -> SeedReport:
    """Build (or complete) the demo region. Safe to run again: existing rows are kept as they are."""
    today = today or timezone.localdate()  # the region's day (Asia/Jakarta), not the server's
    timings: dict[str, float] = {}
    with _phase(timings, say, _("Menyusun rencana struktur organisasi")):
        plan = build_plan(employees)
    with _phase(timings, say, _("Pemerintah daerah dan perangkat daerah")), transaction.atomic():
        region = ensure_region()
        agency_ids = ensure_agencies(region, plan)
    with _phase(timings, say, _("Unit kerja")), transaction.atomic():
        unit_ids = ensure_units(plan, agency_ids)
    with _phase(timings, say, _("Jabatan")), transaction.atomic():
        post_ids = ensure_positions(plan, agency_ids, unit_ids)
    with _phase(timings, say, _("Uraian tugas dan norma waktu (ABK)")), transaction.atomic():
        effective_hours = region.policy.effective_hours_per_year
        tasks = ensure_tasks(region, plan, post_ids, effective_hours)
    with _phase(timings, say, _("Pegawai dan riwayat jabatan")):
        new_employees = ensure_employees(region, plan, post_ids, today, say)
    with _phase(timings, say, _("Grup, hak akses dan akun demo")), transaction.atomic():
        users = ensure_accounts(plan, ensure_groups())
        audit.record(
            actor=None,
            action="demo.seed",
            target=region,
            note=_("Data demo dibuat/dilengkapi: %(n)d pegawai baru.") % {"n": new_employees},
            data={"employees": employees, "new_employees": new_employees, "new_tasks": tasks},
        )
    counts = {
        "agencies": len(agency_ids),
        "units": len(unit_ids),
        "positions": len(post_ids),
        "new_tasks": tasks,
        "new_employees": new_employees,
        "accounts": len(users),
    }
    return SeedReport(region=region, counts=counts, timings=timings)
