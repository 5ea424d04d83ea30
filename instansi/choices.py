"""Regulation vocabularies (REGULATION.md section 4) as Django choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")


HEAD_TITLES = {RegionKind.PROVINSI: "Gubernur", RegionKind.KABUPATEN: "Bupati", RegionKind.KOTA: "Walikota"}


class AgencyKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    RSUD = "rsud", _("Rumah Sakit Umum Daerah")
    SATPOL = "satpol", _("Satuan Polisi Pamong Praja")
    LAINNYA = "lainnya", _("Lainnya")


class PositionKind(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    FUNGSIONAL_PEMULA = "fungsional_pemula", _("Fungsional Pemula")
    FUNGSIONAL_TERAMPIL = "fungsional_terampil", _("Fungsional Terampil")
    FUNGSIONAL_MAHIR = "fungsional_mahir", _("Fungsional Mahir")
    FUNGSIONAL_PENYELIA = "fungsional_penyelia", _("Fungsional Penyelia")
    AHLI_PERTAMA = "ahli_pertama", _("Fungsional Ahli Pertama")
    AHLI_MUDA = "ahli_muda", _("Fungsional Ahli Muda")
    AHLI_MADYA = "ahli_madya", _("Fungsional Ahli Madya")
    AHLI_UTAMA = "ahli_utama", _("Fungsional Ahli Utama")


# Managerial posts: transfers into them need the Tim Penilai Kinerja (DESIGN.md section 4).
MANAGERIAL_KINDS = {
    PositionKind.JPT_UTAMA,
    PositionKind.JPT_MADYA,
    PositionKind.JPT_PRATAMA,
    PositionKind.ADMINISTRATOR,
    PositionKind.PENGAWAS,
}

# Batas Usia Pensiun, PP 11/2017 Pasal 239 (REGULATION.md section 4).
RETIREMENT_AGE = {
    PositionKind.JPT_UTAMA: 60,
    PositionKind.JPT_MADYA: 60,
    PositionKind.JPT_PRATAMA: 60,
    PositionKind.ADMINISTRATOR: 58,
    PositionKind.PENGAWAS: 58,
    PositionKind.PELAKSANA: 58,
    PositionKind.FUNGSIONAL_PEMULA: 58,
    PositionKind.FUNGSIONAL_TERAMPIL: 58,
    PositionKind.FUNGSIONAL_MAHIR: 58,
    PositionKind.FUNGSIONAL_PENYELIA: 58,
    PositionKind.AHLI_PERTAMA: 58,
    PositionKind.AHLI_MUDA: 58,
    PositionKind.AHLI_MADYA: 60,
    PositionKind.AHLI_UTAMA: 65,
}
DEFAULT_RETIREMENT_AGE = 58


class SpecialRole(models.TextChoices):
    """A post whose holder has a region-wide role (DESIGN.md section 1)."""

    NONE = "", _("-")
    SECRETARY = "secretary", _("Sekretaris Daerah")
    REGIONAL_HEAD = "regional_head", _("Kepala Daerah (PPK)")


class Gender(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


# NIP gender digit (REGULATION.md section 4): 1 male, 2 female.
NIP_GENDER_DIGIT = {"1": Gender.MALE, "2": Gender.FEMALE}


class EmployeeStatus(models.TextChoices):
    CPNS = "cpns", _("CPNS")
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")


class Golongan(models.TextChoices):
    I_A = "I/a", "I/a Juru Muda"
    I_B = "I/b", "I/b Juru Muda Tk. I"
    I_C = "I/c", "I/c Juru"
    I_D = "I/d", "I/d Juru Tk. I"
    II_A = "II/a", "II/a Pengatur Muda"
    II_B = "II/b", "II/b Pengatur Muda Tk. I"
    II_C = "II/c", "II/c Pengatur"
    II_D = "II/d", "II/d Pengatur Tk. I"
    III_A = "III/a", "III/a Penata Muda"
    III_B = "III/b", "III/b Penata Muda Tk. I"
    III_C = "III/c", "III/c Penata"
    III_D = "III/d", "III/d Penata Tk. I"
    IV_A = "IV/a", "IV/a Pembina"
    IV_B = "IV/b", "IV/b Pembina Tk. I"
    IV_C = "IV/c", "IV/c Pembina Utama Muda"
    IV_D = "IV/d", "IV/d Pembina Utama Madya"
    IV_E = "IV/e", "IV/e Pembina Utama"


class EducationLevel(models.TextChoices):
    SD = "sd", "SD"
    SMP = "smp", "SMP"
    SMA = "sma", "SMA/SMK"
    D1 = "d1", "D-I"
    D2 = "d2", "D-II"
    D3 = "d3", "D-III"
    D4 = "d4", "D-IV"
    S1 = "s1", "S-1"
    PROFESI = "profesi", _("Profesi")
    S2 = "s2", "S-2"
    S3 = "s3", "S-3"


EDUCATION_RANK = {level.value: rank for rank, level in enumerate(EducationLevel)}


class Rounding(models.TextChoices):
    HALF_UP = "half_up", _("Pembulatan setengah ke atas (Form C)")
    CEILING = "ceiling", _("Pembulatan ke atas (ceiling)")


class PJ(models.TextChoices):
    A = "A", _("A (sangat baik)")
    B = "B", _("B (baik)")
    C = "C", _("C (cukup)")
    D = "D", _("D (sedang)")
    E = "E", _("E (kurang)")
