"""Reference data of the demo region "Pemerintah Kota Manna" (DESIGN.md section 8): constants, post
templates with their tasks and norms (ABK, REGULATION.md 2), the agencies with their unit trees, names,
academic titles, golongan rules and the demo personas. Data only: no database access here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from instansi.choices import AgencyKind, EducationLevel, Golongan, PositionKind

DEMO_REGION_NAME = "Pemerintah Kota Manna"
DEMO_PASSWORD = "demo12345"  # DESIGN.md section 8; listed in the README
DEFAULT_EMPLOYEES = 2000
EMPLOYEES_PER_POST = 6  # about one post per 5-8 employees, so ~10 tasks per post at any scale
BATCH = 5000
RANDOM_SEED = 20240817

P = PositionKind
L = EducationLevel
MANAGERIAL = {P.JPT_UTAMA, P.JPT_MADYA, P.JPT_PRATAMA, P.ADMINISTRATOR, P.PENGAWAS}


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
