"""Workload analysis records (ABK): uraian tugas, analysis runs and their results (REGULATION.md 2).

The models moved here from instansi (issue 15, point 4) without moving their data: they keep their
tables (`instansi_workload*`, `db_table` below) and index names, so the analysis SQL, the benchmarks
and the backup/restore drill (docs/OPERATIONS.md) read the same tables as before. Migration
workload 0001 takes them over in the migration state only; instansi 0010 drops them from instansi's.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choice_labels import ChoiceLabels
from core.models import TimeStampedModel
from instansi.choices import PJ
from instansi.models import Agency, Position, Region, Unit


class WorkloadTask(TimeStampedModel):
    """Uraian tugas of a position: annual volume x standard minutes (REGULATION.md 2)."""

    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), on_delete=models.CASCADE, related_name="workload_tasks"
    )
    description = models.CharField(_("uraian tugas"), max_length=300)
    output_unit = models.CharField(_("satuan hasil"), max_length=60)
    annual_volume = models.DecimalField(
        _("beban kerja setahun"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    standard_minutes = models.DecimalField(
        _("norma waktu (menit)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )

    history = HistoricalRecords(table_name="instansi_historicalworkloadtask")

    class Meta:
        db_table = "instansi_workloadtask"
        verbose_name = _("uraian tugas (ABK)")
        verbose_name_plural = _("uraian tugas (ABK)")
        ordering = ["position", "id"]
        indexes = [
            # Covering (PostgreSQL): a workload step sums a post's tasks from the index alone.
            models.Index(
                fields=["position"], include=["annual_volume", "standard_minutes"], name="workloadtask_norms"
            ),
        ]

    def __str__(self) -> str:
        return self.description


class WorkloadRunStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    RUNNING = "running", _("Berjalan")
    FINISHED = "finished", _("Selesai")
    FAILED = "failed", _("Gagal")


class WorkloadRun(ChoiceLabels):
    """One analysis run over a region; results are stored, dashboards read them.

    A run fans out one step per agency (a Celery chord); `agency_ids` is the set the run must cover,
    so the join step can refuse to mark a run finished while an agency is missing.
    """

    region = models.ForeignKey(Region, verbose_name=_("pemerintah daerah"), on_delete=models.CASCADE)
    status = models.CharField(
        _("status"), max_length=16, choices=WorkloadRunStatus.choices, default=WorkloadRunStatus.PENDING
    )
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dimulai oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    agencies_total = models.PositiveIntegerField(_("jumlah perangkat daerah"), default=0)
    agencies_done = models.PositiveIntegerField(_("perangkat daerah selesai"), default=0)
    agency_ids = models.JSONField(_("perangkat daerah yang dianalisis"), default=list, blank=True)
    error = models.TextField(_("galat"), blank=True)
    policy_snapshot = models.JSONField(_("kebijakan saat analisis"), default=dict, blank=True)

    class Meta:
        db_table = "instansi_workloadrun"
        verbose_name = _("analisis beban kerja")
        verbose_name_plural = _("analisis beban kerja")
        ordering = ["-created_at", "-id"]
        # The name Django generated when the model lived in instansi, kept so the index is not rebuilt.
        indexes = [models.Index(fields=["region", "status", "-id"], name="instansi_wo_region__37e142_idx")]

    def __str__(self) -> str:
        return f"ABK #{self.pk} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> dt.timedelta | None:
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def progress_percent(self) -> int:
        if not self.agencies_total:
            return 0
        return round(100 * self.agencies_done / self.agencies_total)


class WorkloadLevel(models.TextChoices):
    POSITION = "position", _("Jabatan")
    UNIT = "unit", _("Unit kerja")
    AGENCY = "agency", _("Perangkat daerah")


class WorkloadResult(ChoiceLabels):
    """Figures of one position, unit or agency in one run (Form C / Form D).

    A position without tasks is "not analysed" (`analysed=False`): its required figures and gap are
    empty, never zero (issue 4). Unit and agency rows sum their analysed positions; `shortage` and
    `surplus` keep the sum of negative and positive position gaps apart so they do not cancel out.
    """

    # No database FK constraints (db_constraint=False) and no single-column indexes besides the
    # composite one below: the rows are a derived, append-only table written only by
    # workload.analysis from existing rows, and per-row FK triggers and extra indexes doubled the
    # cost of a run (docs/BENCHMARKS.md). Django still cascades deletes (on_delete=CASCADE).
    run = models.ForeignKey(
        WorkloadRun,
        verbose_name=_("analisis"),
        on_delete=models.CASCADE,
        related_name="results",
        db_constraint=False,
        db_index=False,
    )
    level = models.CharField(_("tingkat"), max_length=10, choices=WorkloadLevel.choices)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("perangkat daerah"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    analysed = models.BooleanField(_("dianalisis"), default=True)
    workload_hours = models.DecimalField(_("beban kerja (jam)"), max_digits=16, decimal_places=2, default=0)
    required_exact = models.DecimalField(
        _("kebutuhan (pecahan)"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    required = models.IntegerField(_("kebutuhan pegawai"), null=True, blank=True)
    current = models.IntegerField(_("pegawai saat ini"), default=0)
    gap = models.IntegerField(_("selisih (+/-)"), null=True, blank=True)
    ej = models.DecimalField(_("EJ"), max_digits=8, decimal_places=3, null=True, blank=True)
    pj = models.CharField(_("PJ"), max_length=1, choices=PJ.choices, blank=True)
    shortage = models.IntegerField(_("kekurangan"), default=0)
    surplus = models.IntegerField(_("kelebihan"), default=0)
    not_analysed = models.IntegerField(_("jabatan belum dianalisis"), default=0)

    # The figures of a row in the order the admin list and the API show them (Form C).
    FIGURES = ("analysed", "workload_hours", "required_exact", "required", "current", "gap", "ej", "pj")

    class Meta:
        db_table = "instansi_workloadresult"
        verbose_name = _("hasil analisis beban kerja")
        verbose_name_plural = _("hasil analisis beban kerja")
        indexes = [
            # The one index pages and the API need besides the agency rows' unique one below: a run's
            # rows of an agency (dashboard, results of a run, an agency step's retry). Without `level`
            # in the key: a text column compared on every insert cost a run at 100,000 employees
            # about 15 ms of its ~200 (docs/BENCHMARKS.md); the agency-level reads (overview, trend)
            # use `one_agency_row_per_run`. Deleting a post or agency (rare, admin) scans instead.
            models.Index(fields=["run", "agency"], name="workloadresult_run_agency"),
        ]
        constraints = [
            # Volume and norm are never negative (REGULATION.md 2): a negative workload is bad data and
            # must fail the agency step loudly instead of being reported as a surplus.
            models.CheckConstraint(
                condition=models.Q(workload_hours__gte=0), name="workload_hours_not_negative"
            ),
            # One agency row per run: a redelivered agency task cannot double its figures.
            models.UniqueConstraint(
                fields=["run", "agency"], condition=models.Q(level="agency"), name="one_agency_row_per_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.position or self.unit or self.agency}"
