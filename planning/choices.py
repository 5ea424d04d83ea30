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
    "talent": _("Talenta (kotak, jabatan manajerial/kunci)"),
    "preference": _("Sesuai keinginan pegawai"),
    "dislike_penalty": _("Bertentangan dengan keinginan pegawai"),
    "cross_agency_penalty": _("Penalti lintas perangkat daerah"),
}


class StatedView(models.TextChoices):
    """The employee's own view of a proposed move (issue 21; planning.scoring.VIEW_CODES)."""

    WISH = "wish", _("Sesuai keinginan pegawai")
    DISLIKE = "dislike", _("Bertentangan dengan keinginan pegawai")
    CIRCUMSTANCE = "circumstance", _("Bertentangan dengan keadaan pegawai")
    NONE = "none", _("Pegawai tidak menyatakan keinginan")


class ViewLevel(models.TextChoices):
    """What the deciding wish or dislike named (planning.scoring.LEVELS)."""

    AGENCY = "agency", _("perangkat daerah")
    UNIT = "unit", _("unit kerja/tempat")
    POSITION = "position", _("jabatan")


class ViewSummary(models.TextChoices):
    """The plan as a whole: moves that follow a stated wish, go against one, or meet no stated view."""

    FOLLOWED = "followed", _("Sesuai keinginan pegawai")
    AGAINST = "against", _("Bertentangan dengan keinginan pegawai")
    UNKNOWN = "unknown", _("Tanpa keinginan tercatat")


# Which item views each summary line counts ("against" includes a circumstance that does not protect).
SUMMARY_VIEWS = {
    ViewSummary.FOLLOWED: (StatedView.WISH,),
    ViewSummary.AGAINST: (StatedView.DISLIKE, StatedView.CIRCUMSTANCE),
}


class LeftOutReason(models.TextChoices):
    """Why moves of an employee were left out of the plan (the breakdown's "excluded")."""

    CIRCUMSTANCE = "circumstance", _("Dikecualikan: keadaan pegawai")
    OBJECTION = "objection", _("Dikecualikan: keberatan pegawai")
