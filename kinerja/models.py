"""Performance appraisal records (SKP, PermenPANRB 6/2022; REGULATION.md section 3).

The status pipeline of an SKP is declared here with django-fsm-2 (source, target, permission); the
side effects of each move (audit rows, notifications, computed ratings) live in kinerja.services.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.choice_labels import ChoiceLabels
from core.models import TimeStampedModel
from kinerja import permissions as perm
from kinerja import rules
from kinerja.choices import (
    AppraisalStatus,
    Aspect,
    BatchStatus,
    CoreValue,
    OrgRating,
    PlanKind,
    Predicate,
    Rating,
)

S = AppraisalStatus


class AppraisalPeriod(TimeStampedModel):
    """Periode penilaian: one calendar year per region, with optional quarterly check-ins."""

    region = models.ForeignKey(
        "instansi.Region", verbose_name=_("pemerintah daerah"), on_delete=models.CASCADE
    )
    year = models.PositiveIntegerField(_("tahun"), validators=[MinValueValidator(2000)])
    start = models.DateField(_("mulai"))
    end = models.DateField(_("selesai"))
    quarterly_checkins = models.BooleanField(_("evaluasi triwulanan"), default=False)
    is_open = models.BooleanField(_("terbuka"), default=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuka oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("periode penilaian")
        verbose_name_plural = _("periode penilaian")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="kinerja_period_region_year")]

    def __str__(self) -> str:
        return f"SKP {self.year}"


class OrganisationPerformance(TimeStampedModel):
    """Predikat kinerja organisasi of an agency (unit empty) or a unit for one period.

    It caps the spread of the predicates of the appraisals it covers (REGULATION.md 3): a unit's row
    covers the SKP of that unit; the agency's row covers the SKP of the agency whose unit has no row.
    """

    period = models.ForeignKey(
        AppraisalPeriod, verbose_name=_("periode"), on_delete=models.CASCADE, related_name="org_performances"
    )
    agency = models.ForeignKey(
        "instansi.Agency", verbose_name=_("perangkat daerah"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "instansi.Unit",
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    rating = models.CharField(_("predikat kinerja organisasi"), max_length=16, choices=OrgRating.choices)
    note = models.TextField(_("catatan"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditetapkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kinerja organisasi")
        verbose_name_plural = _("kinerja organisasi")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "agency", "unit"],
                condition=Q(unit__isnull=False),
                name="kinerja_orgperf_unit",
            ),
            models.UniqueConstraint(
                fields=["period", "agency"], condition=Q(unit__isnull=True), name="kinerja_orgperf_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit or self.agency} {self.period.year}: {self.get_rating_display()}"


class TeamGoal(TimeStampedModel):
    """Target tim: a shared target and realisation; each member's RHK links to it, so the team's result
    is credited to every member."""

    period = models.ForeignKey(
        AppraisalPeriod, verbose_name=_("periode"), on_delete=models.CASCADE, related_name="team_goals"
    )
    agency = models.ForeignKey(
        "instansi.Agency", verbose_name=_("perangkat daerah"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("sasaran tim"), max_length=300)
    aspect = models.CharField(_("aspek"), max_length=10, choices=Aspect.choices, default=Aspect.QUANTITY)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit_label = models.CharField(_("satuan"), max_length=60)
    realised = models.DecimalField(_("realisasi"), max_digits=14, decimal_places=2, null=True, blank=True)
    evidence_url = models.URLField(_("tautan bukti"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuat oleh"), null=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("target tim")
        verbose_name_plural = _("target tim")

    def __str__(self) -> str:
        return self.title

    @property
    def achievement(self):
        return rules.achievement(aspect=self.aspect, target=self.target, realised=self.realised)


class Appraisal(TimeStampedModel):
    """SKP: one employee, one period. Post, unit and agency are snapshots taken when it is drafted."""

    period = models.ForeignKey(
        AppraisalPeriod, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="appraisals"
    )
    employee = models.ForeignKey(
        "instansi.Employee", verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="appraisals"
    )
    appraiser = models.ForeignKey(
        "instansi.Employee",
        verbose_name=_("pejabat penilai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appraisals_to_rate",
    )
    appraiser_position = models.ForeignKey(
        "instansi.Position",
        verbose_name=_("jabatan pejabat penilai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.ForeignKey(
        "instansi.Position",
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position_title = models.CharField(_("nama jabatan"), max_length=200)
    unit = models.ForeignKey(
        "instansi.Unit",
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit_name = models.CharField(_("nama unit kerja"), max_length=200, blank=True)
    agency = models.ForeignKey(
        "instansi.Agency", verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="+"
    )
    agency_name = models.CharField(_("nama perangkat daerah"), max_length=200)
    is_unit_head = models.BooleanField(_("kepala unit"), default=False)

    status = FSMField(_("status"), max_length=16, choices=AppraisalStatus.choices, default=S.DRAFT)
    average_achievement = models.DecimalField(
        _("rata-rata capaian (%)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    results_suggested = models.CharField(
        _("saran rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    results_rating = models.CharField(
        _("rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    results_justification = models.TextField(_("justifikasi rating hasil kerja"), blank=True)
    behaviour_rating = models.CharField(
        _("rating perilaku kerja"), max_length=10, choices=Rating.choices, blank=True
    )
    predicate = models.CharField(_("predikat kinerja"), max_length=16, choices=Predicate.choices, blank=True)
    return_note = models.TextField(_("catatan pengembalian"), blank=True)
    objection_reason = models.TextField(_("alasan keberatan"), blank=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("disepakati"), null=True, blank=True)
    rated_at = models.DateTimeField(_("dinilai"), null=True, blank=True)
    responded_at = models.DateTimeField(_("ditanggapi pegawai"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("difinalkan"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("difinalkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-period__year", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "employee"], name="kinerja_one_skp_per_period")
        ]
        indexes = [
            models.Index(fields=["period", "agency", "unit"]),
            models.Index(fields=["appraiser", "period"]),
            models.Index(fields=["employee", "status"]),
        ]

    def __str__(self) -> str:
        return f"SKP {self.period.year} {self.employee.name}"

    @property
    def justification_required(self) -> bool:
        return bool(
            self.results_suggested and self.results_rating and self.results_suggested != self.results_rating
        )

    # --- The pipeline (docs/GLOSSARY.md, Kinerja). Transitions with target=None only check that the
    # current status and the actor allow an edit that leaves the status as it is. ---

    @transition(field=status, source=[S.DRAFT, S.RETURNED], target=None, permission=perm.is_owner)
    def edit_plan(self) -> None:
        """The employee writes RHK and indicators while drafting."""

    @transition(field=status, source=[S.DRAFT, S.RETURNED], target=S.SUBMITTED, permission=perm.is_owner)
    def submit(self) -> None:
        self.submitted_at = timezone.now()
        self.return_note = ""

    @transition(field=status, source=S.SUBMITTED, target=S.AGREED, permission=perm.is_appraiser)
    def agree(self) -> None:
        self.agreed_at = timezone.now()

    @transition(field=status, source=S.SUBMITTED, target=S.RETURNED, permission=perm.is_appraiser)
    def return_to_employee(self, *, note: str) -> None:
        self.return_note = note

    @transition(field=status, source=S.AGREED, target=None, permission=perm.is_owner)
    def record_realisation(self) -> None:
        """During the year the employee fills in realisations and evidence."""

    @transition(field=status, source=[S.SUBMITTED, S.AGREED], target=None, permission=perm.is_appraiser)
    def give_feedback(self) -> None:
        """Dated feedback notes (bimbingan/umpan balik) while the work is being done."""

    @transition(field=status, source=[S.AGREED, S.OBJECTED], target=S.RATED, permission=perm.is_appraiser)
    def rate(self) -> None:
        self.rated_at = timezone.now()
        self.responded_at = None

    @transition(field=status, source=S.RATED, target=S.ACKNOWLEDGED, permission=perm.is_owner)
    def acknowledge(self) -> None:
        self.responded_at = timezone.now()

    @transition(field=status, source=S.RATED, target=S.OBJECTED, permission=perm.is_owner)
    def object_to(self, *, reason: str) -> None:
        self.objection_reason = reason
        self.responded_at = timezone.now()

    @transition(
        field=status,
        source=[S.RATED, S.ACKNOWLEDGED, S.OBJECTED],
        target=S.FINAL,
        permission=perm.can_finalise,
    )
    def finalise(self, *, by) -> None:
        from kinerja.signals import appraisal_finalised

        self.finalised_at = timezone.now()
        self.finalised_by = by
        appraisal_finalised.send(sender=Appraisal, appraisal=self)


class ResultPlan(ChoiceLabels):
    """RHK (rencana hasil kerja): main or additional, optionally cascading from the appraiser's RHK."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="result_plans"
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=PlanKind.choices, default=PlanKind.MAIN)
    description = models.TextField(_("rencana hasil kerja"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("RHK atasan yang diintervensi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cascaded",
    )
    team_goal = models.ForeignKey(
        TeamGoal,
        verbose_name=_("target tim"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member_plans",
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("RHK")
        verbose_name_plural = _("RHK")
        ordering = ["appraisal", "kind", "order", "id"]

    def __str__(self) -> str:
        return self.description[:80]


class Indicator(ChoiceLabels):
    """Indikator kinerja of an RHK: quantity, quality or time, with a numeric target and realisation."""

    result_plan = models.ForeignKey(
        ResultPlan, verbose_name=_("RHK"), on_delete=models.CASCADE, related_name="indicators"
    )
    aspect = models.CharField(_("aspek"), max_length=10, choices=Aspect.choices)
    description = models.CharField(_("indikator"), max_length=300)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit_label = models.CharField(_("satuan"), max_length=60)
    realised = models.DecimalField(_("realisasi"), max_digits=14, decimal_places=2, null=True, blank=True)
    evidence_url = models.URLField(_("tautan bukti"), blank=True)
    evidence_file = models.FileField(_("berkas bukti"), upload_to="kinerja/bukti/%Y/", blank=True)

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["result_plan", "id"]

    def __str__(self) -> str:
        return self.description

    @property
    def achievement(self):
        return rules.achievement(aspect=self.aspect, target=self.target, realised=self.realised)


class BehaviourRating(ChoiceLabels):
    """Rating of one BerAKHLAK core value with the appraiser's note."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="behaviour_ratings"
    )
    value = models.CharField(_("nilai BerAKHLAK"), max_length=24, choices=CoreValue.choices)
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)
    note = models.TextField(_("catatan pejabat penilai"), blank=True)

    class Meta:
        verbose_name = _("penilaian perilaku")
        verbose_name_plural = _("penilaian perilaku")
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "value"], name="kinerja_one_rating_per_value")
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()}: {self.get_rating_display()}"


class FeedbackNote(ChoiceLabels):
    """Umpan balik: a dated note by the appraiser during the year (optionally for a quarter)."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="feedback_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("penulis"), null=True, on_delete=models.SET_NULL
    )
    date = models.DateField(_("tanggal"))
    quarter = models.PositiveSmallIntegerField(
        _("triwulan"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    note = models.TextField(_("catatan"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date}: {self.note[:60]}"


class AppraisalBatch(ChoiceLabels):
    """One bulk creation of SKP drafts for the employees of chosen agencies, with its progress."""

    period = models.ForeignKey(
        AppraisalPeriod, verbose_name=_("periode"), on_delete=models.CASCADE, related_name="batches"
    )
    agencies = models.ManyToManyField("instansi.Agency", verbose_name=_("perangkat daerah"), related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    total = models.PositiveIntegerField(_("jumlah pegawai"), default=0)
    done = models.PositiveIntegerField(_("diproses"), default=0)
    created = models.PositiveIntegerField(_("SKP dibuat"), default=0)
    skipped = models.PositiveIntegerField(_("sudah ada"), default=0)
    error = models.TextField(_("galat"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dimulai oleh"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("pembuatan SKP massal")
        verbose_name_plural = _("pembuatan SKP massal")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Batch SKP {self.period.year} #{self.pk}"

    @property
    def progress_percent(self) -> int:
        return 100 if not self.total else int(self.done * 100 / self.total)


class RecordedPredicate(TimeStampedModel):
    """An annual SKP predicate recorded outside Simutasi (SIASN's `rw-skp22`, written by the siasn import
    through `kinerja.services.recorded.recorded_predicates_sync`). It counts for the rules that read
    `kinerja.selectors.predicates_by_employee` only for a year without a FINAL appraisal here."""

    employee = models.ForeignKey(
        "instansi.Employee", verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveIntegerField(_("tahun"), validators=[MinValueValidator(2000)])
    predicate = models.CharField(_("predikat kinerja"), max_length=16, choices=Predicate.choices)
    source = models.CharField(_("sumber"), max_length=16, default="siasn")
    source_id = models.CharField(_("ID di sumber"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("predikat SKP dari sumber lain")
        verbose_name_plural = _("predikat SKP dari sumber lain")
        ordering = ["employee", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year", "source"], name="kinerja_recorded_predicate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year}: {self.get_predicate_display()}"
