"""Transfer plans (rencana mutasi): the optimiser's output, reviewed by HR, applied as requests.

DESIGN.md 6 and issue 6. The plan keeps the parameters it was computed with (the Policy weights at
build time), its totals, the solver's figures and, per unfilled slot, why it stayed empty. Status
moves are declared here (django-fsm-2); the work and the audit rows live in `planning.services`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from core.choice_labels import ChoiceLabels
from core.models import TimeStampedModel
from mutasi.choices import TransferKind
from planning import permissions
from planning.choices import ItemState, PlanStatus


class TransferPlan(TimeStampedModel):
    """One optimiser run over a region (or chosen agencies) and HR's edits of its result."""

    region = models.ForeignKey(
        "instansi.Region", verbose_name=_("pemerintah daerah"), on_delete=models.PROTECT
    )
    name = models.CharField(_("nama rencana"), max_length=200, blank=True)
    status = FSMField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.BUILDING, db_index=True
    )
    scope_agencies = models.ManyToManyField(
        "instansi.Agency",
        verbose_name=_("perangkat daerah yang dicakup"),
        blank=True,
        related_name="+",
        help_text=_("Kosong = seluruh pemerintah daerah."),
    )
    workload_run = models.ForeignKey(
        "workload.WorkloadRun",
        verbose_name=_("analisis beban kerja"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    progress_note = models.CharField(_("tahap perhitungan"), max_length=200, blank=True)
    parameters = models.JSONField(
        _("parameter"),
        default=dict,
        blank=True,
        help_text=_("Bobot kebijakan dan batas saat rencana dibuat."),
    )
    candidates_total = models.PositiveIntegerField(_("jumlah calon"), default=0)
    slots_total = models.PositiveIntegerField(_("jumlah formasi kosong"), default=0)
    slots_filled = models.PositiveIntegerField(_("formasi terisi"), default=0)
    total_fit = models.DecimalField(_("total skor kecocokan"), max_digits=14, decimal_places=2, default=0)
    solver_stats = models.JSONField(_("statistik solver"), default=dict, blank=True)
    unfilled = models.JSONField(_("formasi tidak terisi"), default=list, blank=True)
    error = models.TextField(_("galat"), blank=True)
    computed_at = models.DateTimeField(_("dihitung"), null=True, blank=True)
    applied_at = models.DateTimeField(_("diterapkan"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterapkan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rencana mutasi")
        verbose_name_plural = _("rencana mutasi")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name or f"Rencana mutasi #{self.pk}"

    # Transitions move only the status; planning.services does the work around them. The user actions
    # (re-solve, apply) carry the rule of planning.permissions; the task's ready/failed carry none.
    @transition(
        field=status,
        source=[PlanStatus.READY, PlanStatus.FAILED],
        target=PlanStatus.BUILDING,
        permission=permissions.may_take_plan_transition,
    )
    def start_solving(self) -> None:
        self.progress = 0
        self.error = ""

    @transition(field=status, source=PlanStatus.BUILDING, target=PlanStatus.READY)
    def mark_ready(self) -> None:
        self.progress = 100

    @transition(field=status, source=PlanStatus.BUILDING, target=PlanStatus.FAILED)
    def mark_failed(self, error: str) -> None:
        self.error = error

    @transition(
        field=status,
        source=PlanStatus.READY,
        target=PlanStatus.APPLIED,
        permission=permissions.may_take_plan_transition,
    )
    def mark_applied(self) -> None:
        pass

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.READY


class PlanItem(ChoiceLabels):
    """One proposed move, with the parts of its fit score and what it does to both posts' gaps."""

    plan = models.ForeignKey(
        TransferPlan, verbose_name=_("rencana"), on_delete=models.CASCADE, related_name="items"
    )
    employee = models.ForeignKey(
        "instansi.Employee", verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="+"
    )
    origin_position = models.ForeignKey(
        "instansi.Position", verbose_name=_("jabatan asal"), on_delete=models.PROTECT, related_name="+"
    )
    destination_position = models.ForeignKey(
        "instansi.Position", verbose_name=_("jabatan tujuan"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("jenis mutasi"), max_length=20, choices=TransferKind.choices)
    fit_total = models.DecimalField(_("skor kecocokan"), max_digits=6, decimal_places=2)
    breakdown = models.JSONField(_("rincian skor"), default=dict, blank=True)
    training_needs = models.JSONField(
        _("kebutuhan pelatihan"),
        default=list,
        blank=True,
        help_text=_("Kompetensi jabatan tujuan yang belum dimiliki."),
    )
    state = models.CharField(
        _("status"), max_length=10, choices=ItemState.choices, default=ItemState.PROPOSED, db_index=True
    )
    note = models.CharField(_("catatan"), max_length=255, blank=True)
    transfer_request = models.ForeignKey(
        "mutasi.TransferRequest",
        verbose_name=_("usulan mutasi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    # Gap = current - required (ABK, REGULATION.md 2): before the plan, and after all its moves.
    origin_gap_before = models.IntegerField(_("selisih asal sebelum"), default=0)
    origin_gap_after = models.IntegerField(_("selisih asal sesudah"), default=0)
    destination_gap_before = models.IntegerField(_("selisih tujuan sebelum"), default=0)
    destination_gap_after = models.IntegerField(_("selisih tujuan sesudah"), default=0)

    class Meta:
        verbose_name = _("butir rencana mutasi")
        verbose_name_plural = _("butir rencana mutasi")
        ordering = ["plan", "-fit_total", "id"]
        constraints = [
            # One move per employee (issue 6, point 2), enforced by the database too.
            models.UniqueConstraint(
                fields=["plan", "employee"],
                condition=~models.Q(state=ItemState.REMOVED),
                name="planning_item_one_move_per_employee",
            ),
            models.UniqueConstraint(
                fields=["plan", "employee", "destination_position"], name="planning_item_unique_pair"
            ),
        ]
        indexes = [models.Index(fields=["plan", "state"])]

    def __str__(self) -> str:
        return f"{self.employee_id} -> {self.destination_position_id}"
