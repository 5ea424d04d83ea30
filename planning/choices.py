"""Vocabularies of the transfer plan (stable codes, also in the API)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    BUILDING = "building", _("Sedang dihitung")
    READY = "ready", _("Siap ditinjau")
    APPLIED = "applied", _("Sudah diterapkan")
    FAILED = "failed", _("Gagal")


class ItemState(models.TextChoices):
    PROPOSED = "proposed", _("Diusulkan")
    PINNED = "pinned", _("Dikunci")
    REMOVED = "removed", _("Dikeluarkan")
    APPLIED = "applied", _("Menjadi usulan mutasi")


# Items HR accepts when applying: what the solver proposed and what HR pinned.
ACCEPTED_STATES = (ItemState.PROPOSED, ItemState.PINNED)


class UnfilledReason(models.TextChoices):
    NO_CANDIDATE = "no_candidate", _("Tidak ada calon yang memenuhi syarat mutasi")
    FIT_TOO_LOW = "fit_too_low", _("Tidak ada calon dengan skor kecocokan minimal")
    AGENCY_CAP = "agency_cap", _("Batas penerimaan perangkat daerah tujuan tercapai")
    ORIGIN_CAP = (
        "origin_cap",
        _("Jabatan asal calon yang cocok tidak boleh berkurang lagi (batas kebutuhan ABK)"),
    )
    CANDIDATES_TAKEN = "candidates_taken", _("Calon yang cocok sudah ditempatkan di formasi lain")


# The score parts shown to HR (planning.scoring.PARTS), in reading order.
PART_LABELS = {
    "education_level": _("Jenjang pendidikan"),
    "education_field": _("Bidang pendidikan"),
    "competency": _("Kompetensi"),
    "performance": _("Kinerja (SKP)"),
    "rotation": _("Masa jabatan"),
    "preference": _("Preferensi pegawai"),
    "cross_agency_penalty": _("Penalti lintas perangkat daerah"),
}
