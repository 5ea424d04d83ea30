"""Vocabularies of talent management (REGULATION.md 5, PermenPANRB 3/2020). Codes are stable: the API
and the stored grids use them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kinerja.choices import BatchStatus


class PerformanceBand(models.TextChoices):
    """Kinerja axis: the rows of the nine-box grid."""

    BELOW = "below", _("Di bawah ekspektasi")
    MEETS = "meets", _("Sesuai ekspektasi")
    ABOVE = "above", _("Di atas ekspektasi")


class PotentialBand(models.TextChoices):
    """Potensi axis: the columns of the nine-box grid."""

    LOW = "low", _("Rendah")
    MIDDLE = "middle", _("Menengah")
    HIGH = "high", _("Tinggi")


class PotentialState(models.TextChoices):
    """Whether the employee had a usable assessment on the grid's date."""

    VALID = "valid", _("Berlaku")
    MISSING = "missing", _("Belum ada penilaian kompetensi")
    EXPIRED = "expired", _("Penilaian kompetensi kedaluwarsa")


class AssessmentSource(models.TextChoices):
    IMPORT = "import", _("Impor berkas")
    ADMIN = "admin", _("Isian admin")
    SIASN = "siasn", _("SIASN")


# A grid computation is a background job like an SKP batch: the same vocabulary.
GridStatus = BatchStatus


class KeyPostSource(models.TextChoices):
    DEFAULT = "default", _("Bawaan (JPT dan administrator)")
    MANUAL = "manual", _("Ditandai BKPSDM")


class CandidateRole(models.TextChoices):
    MAIN = "main", _("Kandidat utama")
    RESERVE = "reserve", _("Cadangan")
    POOL = "pool", _("Kelompok talenta")


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Usulan sistem")
    CONFIRMED = "confirmed", _("Dikonfirmasi BKPSDM")


class DevelopmentAction(models.TextChoices):
    """Tindak lanjut pengembangan per kotak (issue 20 point 7; REGULATION.md 5: box 9 ready, 7 and 8 ready
    with development, low boxes coaching, not promotion). The last two are for employees without a box."""

    PROMOTION = "promotion", _("Kesiapan promosi (rencana suksesi)")
    LEADERSHIP = "leadership", _("Pelatihan kepemimpinan dan penugasan menantang")
    TECHNICAL = "technical", _("Pelatihan kompetensi teknis")
    POTENTIAL = "potential", _("Pelatihan peningkatan potensi")
    ROTATION = "rotation", _("Rotasi untuk memperluas pengalaman")
    COACHING = "coaching", _("Coaching dan mentoring kinerja")
    ASSESSMENT = "assessment", _("Penilaian kompetensi (belum ada atau kedaluwarsa)")
    SKP = "skp", _("Lengkapi SKP final (data kinerja belum lengkap)")
