"""Vocabularies of performance appraisal (REGULATION.md section 3, PermenPANRB 6/2022).

Codes are stable: other apps (the transfer eligibility check, the plan optimiser) and the API use them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    """Rating of results (hasil kerja) or of behaviour (perilaku kerja)."""

    ABOVE = "di_atas", _("Di atas ekspektasi")
    AS_EXPECTED = "sesuai", _("Sesuai ekspektasi")
    BELOW = "di_bawah", _("Di bawah ekspektasi")


class Predicate(models.TextChoices):
    """Predikat kinerja pegawai: the cell of the matrix (REGULATION.md 3)."""

    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class OrgRating(models.TextChoices):
    """Predikat kinerja organisasi of an agency or unit; caps the spread of individual predicates."""

    ISTIMEWA = "istimewa", _("Istimewa")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


class AppraisalStatus(models.TextChoices):
    """SKP workflow (docs/GLOSSARY.md, Kinerja)."""

    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    RETURNED = "returned", _("Dikembalikan")
    AGREED = "agreed", _("Disepakati")
    RATED = "rated", _("Dinilai")
    ACKNOWLEDGED = "acknowledged", _("Diterima pegawai")
    OBJECTED = "objected", _("Keberatan")
    FINAL = "final", _("Final")


# Statuses in which the predicate exists (the matrix has been applied).
RATED_STATUSES = (
    AppraisalStatus.RATED,
    AppraisalStatus.ACKNOWLEDGED,
    AppraisalStatus.OBJECTED,
    AppraisalStatus.FINAL,
)


class PlanKind(models.TextChoices):
    MAIN = "main", _("Utama")
    ADDITIONAL = "additional", _("Tambahan")


class Aspect(models.TextChoices):
    QUANTITY = "quantity", _("Kuantitas")
    QUALITY = "quality", _("Kualitas")
    TIME = "time", _("Waktu")


class CoreValue(models.TextChoices):
    """The seven BerAKHLAK core values against which behaviour is rated."""

    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan", _("Berorientasi Pelayanan")
    AKUNTABEL = "akuntabel", _("Akuntabel")
    KOMPETEN = "kompeten", _("Kompeten")
    HARMONIS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIF = "adaptif", _("Adaptif")
    KOLABORATIF = "kolaboratif", _("Kolaboratif")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    FINISHED = "finished", _("Selesai")
    FAILED = "failed", _("Gagal")
