"""Talent management (manajemen talenta, REGULATION.md 5): assessments (potential), the region's rubric,
the nine-box grids, key posts and succession plans.

Code names in English, user-facing names in Bahasa Indonesia (docs/GLOSSARY.md).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choice_labels import ChoiceLabels
from core.models import TimeStampedModel
from kinerja.choices import Predicate
from talenta import rules
from talenta.choices import (
    AssessmentSource,
    CandidateRole,
    GridStatus,
    KeyPostSource,
    PerformanceBand,
    PlanStatus,
    PotentialBand,
    PotentialState,
)

SCORE = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0), MaxValueValidator(100)]}


def default_predicate_points() -> dict:
    return {str(k): v for k, v in rules.DEFAULT_PREDICATE_POINTS.items()}


def default_boxes() -> dict:
    return {str(k): list(v) for k, v in rules.DEFAULT_BOXES.items()}


class Rubric(TimeStampedModel):
    """The region's scoring rubric in force (REGULATION.md 5: thresholds HR may change per region).

    A grid and a succession plan store `snapshot()` of it when they are computed; a change here changes
    the next grid, never a stored one. Defaults are policy defaults, not from the regulation's annex."""

    region = models.OneToOneField(
        "instansi.Region", verbose_name=_("pemerintah daerah"), on_delete=models.CASCADE, related_name="+"
    )
    performance_above_from = models.DecimalField(
        _("kinerja di atas ekspektasi mulai skor"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("4.50"),
        help_text=_(
            "Skor kinerja = rata-rata poin predikat SKP dua tahun terakhir (Sangat Baik 5 ... Sangat Kurang 1)."
        ),
    )
    performance_meets_from = models.DecimalField(
        _("kinerja sesuai ekspektasi mulai skor"), max_digits=3, decimal_places=2, default=Decimal("3.50")
    )
    potential_high_from = models.DecimalField(
        _("potensi tinggi mulai skor"), max_digits=5, decimal_places=2, default=Decimal("80.00")
    )
    potential_middle_from = models.DecimalField(
        _("potensi menengah mulai skor"), max_digits=5, decimal_places=2, default=Decimal("70.00")
    )
    weight_managerial = models.PositiveSmallIntegerField(_("bobot kompetensi manajerial"), default=50)
    weight_sociocultural = models.PositiveSmallIntegerField(_("bobot kompetensi sosial kultural"), default=20)
    weight_technical = models.PositiveSmallIntegerField(_("bobot kompetensi teknis"), default=30)
    assessment_validity_years = models.PositiveSmallIntegerField(
        _("masa berlaku penilaian kompetensi (tahun)"), default=3, validators=[MinValueValidator(1)]
    )
    predicate_points = models.JSONField(_("poin per predikat SKP"), default=default_predicate_points)
    boxes = models.JSONField(
        _("nomor kotak"),
        default=default_boxes,
        help_text=_(
            "Per baris kinerja (above/meets/below): nomor kotak untuk potensi rendah, menengah, tinggi."
        ),
    )
    fit_potential = models.PositiveSmallIntegerField(_("bobot suksesi: potensi dan kompetensi"), default=40)
    fit_qualification = models.PositiveSmallIntegerField(_("bobot suksesi: kualifikasi"), default=25)
    fit_performance = models.PositiveSmallIntegerField(_("bobot suksesi: kinerja"), default=25)
    fit_integrity = models.PositiveSmallIntegerField(_("bobot suksesi: integritas"), default=10)
    reserves = models.PositiveSmallIntegerField(_("jumlah kandidat cadangan"), default=2)
    sources = models.TextField(
        _("sumber"),
        default="PermenPANRB 3/2020 (manajemen talenta). Ambang, bobot dan penomoran kotak: bawaan "
        "kebijakan daerah (praktik umum, belum dikonfirmasi dari lampiran peraturan).",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubrik talenta")
        verbose_name_plural = _("rubrik talenta")

    def __str__(self) -> str:
        return f"Rubrik talenta {self.region}"

    def clean(self) -> None:
        errors = {}
        if self.performance_meets_from >= self.performance_above_from:
            errors["performance_meets_from"] = _("Harus lebih kecil dari ambang 'di atas ekspektasi'.")
        if self.potential_middle_from >= self.potential_high_from:
            errors["potential_middle_from"] = _("Harus lebih kecil dari ambang potensi tinggi.")
        if self.weight_managerial + self.weight_sociocultural + self.weight_technical == 0:
            errors["weight_managerial"] = _("Jumlah bobot kompetensi tidak boleh nol.")
        boxes = self.boxes if isinstance(self.boxes, dict) else {}
        numbers = sorted(n for band in PerformanceBand.values for n in (boxes.get(band) or []))
        if set(boxes) != set(PerformanceBand.values) or numbers != list(range(1, 10)):
            errors["boxes"] = _(
                "Isi tiga baris (above, meets, below) dengan nomor kotak 1-9, masing-masing sekali."
            )
        points = self.predicate_points if isinstance(self.predicate_points, dict) else {}
        if set(points) != {str(k) for k in rules.DEFAULT_PREDICATE_POINTS}:
            errors["predicate_points"] = _("Beri poin untuk setiap predikat SKP.")
        if errors:
            raise ValidationError(errors)

    def snapshot(self) -> dict:
        """The rubric as stored with a grid or a plan (JSON; decimals as text, so nothing is rounded)."""
        return {
            "performance_above_from": str(self.performance_above_from),
            "performance_meets_from": str(self.performance_meets_from),
            "potential_high_from": str(self.potential_high_from),
            "potential_middle_from": str(self.potential_middle_from),
            "weights": {
                "managerial": self.weight_managerial,
                "sociocultural": self.weight_sociocultural,
                "technical": self.weight_technical,
            },
            "assessment_validity_years": self.assessment_validity_years,
            "predicate_points": dict(self.predicate_points),
            "boxes": {k: list(v) for k, v in self.boxes.items()},
            "fit_weights": {
                "potential": self.fit_potential,
                "qualification": self.fit_qualification,
                "performance": self.fit_performance,
                "integrity": self.fit_integrity,
            },
            "reserves": self.reserves,
            "sources": self.sources,
        }


class Assessment(TimeStampedModel):
    """Hasil penilaian kompetensi (potential): an assessment centre or uji kompetensi result.

    An assessment past `valid_until` counts as missing (REGULATION.md 5)."""

    employee = models.ForeignKey(
        "instansi.Employee", verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="assessments"
    )
    assessed_on = models.DateField(_("tanggal penilaian"))
    managerial_score = models.DecimalField(_("skor kompetensi manajerial"), **SCORE)
    sociocultural_score = models.DecimalField(_("skor kompetensi sosial kultural"), **SCORE)
    technical_score = models.DecimalField(_("skor kompetensi teknis"), **SCORE)
    assessor = models.CharField(_("asesor / lembaga"), max_length=200)
    valid_until = models.DateField(_("berlaku sampai"))
    source = models.CharField(
        _("sumber"), max_length=8, choices=AssessmentSource.choices, default=AssessmentSource.ADMIN
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penilaian kompetensi")
        verbose_name_plural = _("penilaian kompetensi")
        ordering = ["employee", "-assessed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "assessed_on"], name="talenta_one_assessment_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("assessed_on")),
                name="talenta_assessment_valid_after_date",
                violation_error_message=_("Tanggal berlaku sampai tidak boleh sebelum tanggal penilaian."),
            ),
        ]

    def __str__(self) -> str:
        return f"Penilaian {self.employee_id} {self.assessed_on}"


class TalentGrid(TimeStampedModel):
    """One computation of the nine-box grid for a region on a date, with the rubric it used."""

    region = models.ForeignKey(
        "instansi.Region", verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT, related_name="+"
    )
    as_of = models.DateField(_("per tanggal"))
    skp_years = models.JSONField(_("tahun SKP"), default=list)
    rubric = models.JSONField(_("rubrik yang dipakai"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=GridStatus.choices, default=GridStatus.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recomputed_from = models.ForeignKey(
        "self",
        verbose_name=_("hitung ulang dari"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    entries_total = models.PositiveIntegerField(_("jumlah pegawai"), default=0)
    error = models.TextField(_("galat"), blank=True)

    class Meta:
        verbose_name = _("kotak talenta (nine-box)")
        verbose_name_plural = _("kotak talenta (nine-box)")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return f"Kotak talenta #{self.pk} per {self.as_of}"

    @property
    def values(self) -> rules.RubricValues:
        return rules.RubricValues.from_snapshot(self.rubric)


class TalentGridEntry(ChoiceLabels):
    """One employee's place in one grid: both axes, the data they came from, the box or why none.

    Written only by the set-based statement of talenta/sql.py; no FK constraints in the database (a
    derived, append-only table like workload's results: per-row triggers doubled the insert)."""

    grid = models.ForeignKey(
        TalentGrid,
        verbose_name=_("kotak talenta"),
        on_delete=models.CASCADE,
        related_name="entries",
        db_constraint=False,
        db_index=False,  # the unique (grid, employee) index serves every lookup by grid
    )
    employee = models.ForeignKey(
        "instansi.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    agency = models.ForeignKey(
        "instansi.Agency",
        verbose_name=_("perangkat daerah"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    unit = models.ForeignKey(
        "instansi.Unit",
        verbose_name=_("unit kerja"),
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    position = models.ForeignKey(
        "instansi.Position",
        verbose_name=_("jabatan"),
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    predicate_last = models.CharField(
        _("predikat SKP tahun terakhir"), max_length=16, choices=Predicate.choices, blank=True
    )
    predicate_prev = models.CharField(
        _("predikat SKP tahun sebelumnya"), max_length=16, choices=Predicate.choices, blank=True
    )
    performance_score = models.DecimalField(_("skor kinerja"), max_digits=4, decimal_places=2, null=True)
    performance_band = models.CharField(
        _("kinerja"), max_length=8, choices=PerformanceBand.choices, null=True, blank=True
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("penilaian kompetensi"),
        null=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    assessment_valid_until = models.DateField(_("penilaian berlaku sampai"), null=True)
    potential_state = models.CharField(_("status penilaian"), max_length=8, choices=PotentialState.choices)
    potential_score = models.DecimalField(_("skor potensi"), max_digits=5, decimal_places=2, null=True)
    potential_band = models.CharField(
        _("potensi"), max_length=8, choices=PotentialBand.choices, null=True, blank=True
    )
    box = models.PositiveSmallIntegerField(_("kotak"), null=True)

    class Meta:
        verbose_name = _("posisi kotak talenta")
        verbose_name_plural = _("posisi kotak talenta")
        # One index only: (grid, employee) for the card and the drill-down's range. The counts per box
        # are kept in TalentGridCount when the grid is written: a second index on (grid, agency, box)
        # cost about 0.4 s of the grid's 2.3 s at 100,000 employees (docs/BENCHMARKS.md, "Talent grid").
        constraints = [models.UniqueConstraint(fields=["grid", "employee"], name="talenta_entry_once")]

    @property
    def needs_check(self) -> bool:
        return self.box is None

    @property
    def performance_missing(self) -> bool:
        return self.performance_band is None


class TalentGridCount(models.Model):
    """How many entries of a grid each agency has in each box (box empty: needs a manual check), written
    with the grid in the same transaction; grids never change afterwards, so neither do these."""

    grid = models.ForeignKey(
        TalentGrid, verbose_name=_("kotak talenta"), on_delete=models.CASCADE, related_name="box_counts"
    )
    agency = models.ForeignKey(
        "instansi.Agency",
        verbose_name=_("perangkat daerah"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    box = models.PositiveSmallIntegerField(_("kotak"), null=True)
    employees = models.PositiveIntegerField(_("pegawai"))

    class Meta:
        verbose_name = _("jumlah per kotak")
        verbose_name_plural = _("jumlah per kotak")
        indexes = [models.Index(fields=["grid", "agency"], name="talenta_count_grid_agency")]

    def __str__(self) -> str:
        return f"{self.grid_id}/{self.agency_id}/{self.box}: {self.employees}"


class KeyPost(TimeStampedModel):
    """Jabatan kunci: a post with a succession plan (all JPT and administrator posts by default)."""

    position = models.OneToOneField(
        "instansi.Position", verbose_name=_("jabatan"), on_delete=models.CASCADE, related_name="+"
    )
    source = models.CharField(
        _("asal"), max_length=8, choices=KeyPostSource.choices, default=KeyPostSource.MANUAL
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    note = models.CharField(_("catatan"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jabatan kunci")
        verbose_name_plural = _("jabatan kunci")
        ordering = ["position__agency__name", "position__title"]

    def __str__(self) -> str:
        return str(self.position)


class SuccessionPlan(TimeStampedModel):
    """Rencana suksesi of one key post, ranked from one grid with the rubric it stores."""

    key_post = models.ForeignKey(
        KeyPost, verbose_name=_("jabatan kunci"), on_delete=models.CASCADE, related_name="plans"
    )
    grid = models.ForeignKey(
        TalentGrid, verbose_name=_("kotak talenta"), on_delete=models.PROTECT, related_name="+"
    )
    rubric = models.JSONField(_("rubrik yang dipakai"), default=dict)
    as_of = models.DateField(_("per tanggal"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    main_candidate = models.ForeignKey(
        "instansi.Employee",
        verbose_name=_("kandidat utama (dikonfirmasi)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikonfirmasi oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    confirm_reason = models.TextField(_("alasan konfirmasi"), blank=True)
    overrides_ranking = models.BooleanField(_("mengubah urutan sistem"), default=False)

    class Meta:
        verbose_name = _("rencana suksesi")
        verbose_name_plural = _("rencana suksesi")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"Rencana suksesi {self.key_post}"


class SuccessionCandidate(ChoiceLabels):
    """One candidate of a plan's talent pool, with the fit score and its breakdown (hundredths)."""

    plan = models.ForeignKey(
        SuccessionPlan, verbose_name=_("rencana suksesi"), on_delete=models.CASCADE, related_name="candidates"
    )
    employee = models.ForeignKey(
        "instansi.Employee", verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveIntegerField(_("peringkat"))
    score = models.DecimalField(_("skor kecocokan"), max_digits=5, decimal_places=2)
    parts = models.JSONField(_("rincian skor"), default=dict)
    box = models.PositiveSmallIntegerField(_("kotak"), null=True)
    role = models.CharField(_("peran"), max_length=8, choices=CandidateRole.choices)
    gap = models.DecimalField(_("selisih dari kandidat utama"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("kandidat suksesi")
        verbose_name_plural = _("kandidat suksesi")
        ordering = ["plan", "rank"]
        constraints = [models.UniqueConstraint(fields=["plan", "employee"], name="talenta_candidate_once")]
