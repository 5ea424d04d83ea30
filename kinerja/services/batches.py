"""Bulk creation of SKP drafts for every employee of chosen agencies (issue 3, point 6).

HR starts a batch; a Celery task fills it in chunks. Each chunk is its own transaction so the progress
row is visible while the job runs, and the job is idempotent (the unique (period, employee) constraint
plus a pre-filter): a retried or repeated batch never makes a second SKP for anyone.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.exceptions import DomainError
from core.types import Actor
from instansi.choices import MANAGERIAL_KINDS, EmployeeStatus
from instansi.models import Agency, Employee
from kinerja.choices import BatchStatus
from kinerja.models import Appraisal, AppraisalBatch, AppraisalPeriod

logger = logging.getLogger(__name__)

# SKP covers PNS and PPPK (PermenPANRB 6/2022; REGULATION.md 3).
APPRAISED_STATUSES = (EmployeeStatus.PNS, EmployeeStatus.PPPK)
CHUNK = 2000
# What an SKP snapshots of its employee's post, read as values() rows so a chunk of thousands is one
# query (kinerja.evaluation.snapshot does the same from model instances).
SNAPSHOT_FIELDS = (
    "id",
    "position_id",
    "position__title",
    "position__unit_id",
    "position__unit__name",
    "position__agency_id",
    "position__agency__name",
    "position__superior_id",
    "position__superior__unit_id",
    "position__is_head",
    "position__kind",
)


def eligible_employees(agency_ids):
    return Employee.objects.filter(
        position__agency_id__in=list(agency_ids), status__in=APPRAISED_STATUSES, is_active=True
    )


@transaction.atomic
def appraisal_batch_start(*, period: AppraisalPeriod, agencies: list[Agency], actor: Actor) -> AppraisalBatch:
    """HR asks for SKP drafts for all employees of the chosen agencies; the work runs on Celery."""
    if not access.is_hr(actor):
        raise PermissionDenied(_("Hanya BKPSDM yang dapat membuat SKP secara massal."))
    if not period.is_open:
        raise DomainError(
            _("Periode penilaian %(year)s sudah ditutup.") % {"year": period.year}, field="period"
        )
    if not agencies:
        raise DomainError(_("Pilih paling sedikit satu perangkat daerah."), field="agencies")
    if any(a.region_id != period.region_id for a in agencies):
        raise DomainError(_("Perangkat daerah harus dari pemerintah daerah periode ini."), field="agencies")
    batch = AppraisalBatch.objects.create(
        period=period, started_by=actor, total=eligible_employees(a.pk for a in agencies).count()
    )
    batch.agencies.set(agencies)
    audit.record(
        actor=actor,
        action="appraisal_batch.start",
        target=batch,
        to_state=batch.status,
        data={"agencies": [a.pk for a in agencies], "total": batch.total},
    )
    from kinerja.tasks import appraisal_batch_task

    transaction.on_commit(lambda: appraisal_batch_task.delay(batch.pk))
    return batch


def appraisal_batch_run(*, batch_id: int, chunk_size: int = CHUNK) -> AppraisalBatch:
    """Create the missing drafts chunk by chunk (keyset over employee id), updating the progress row."""
    with transaction.atomic():
        batch = AppraisalBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status == BatchStatus.FINISHED:
            return batch
        agency_ids = list(batch.agencies.values_list("id", flat=True))
        base = eligible_employees(agency_ids)
        batch.status, batch.started_at = BatchStatus.RUNNING, timezone.now()
        batch.total, batch.done, batch.created, batch.skipped = base.count(), 0, 0, 0
        batch.save()
    try:
        last_id = 0
        while True:
            with transaction.atomic():
                made, skipped, last_id = _run_chunk(batch, base, last_id, chunk_size)
                if made == skipped == 0:
                    break
                AppraisalBatch.objects.filter(pk=batch.pk).update(
                    done=F("done") + made + skipped,
                    created=F("created") + made,
                    skipped=F("skipped") + skipped,
                )
    except Exception as exc:
        logger.exception("SKP batch %s failed", batch_id)
        AppraisalBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.FAILED, error=str(exc)[:2000])
        raise
    with transaction.atomic():
        batch = AppraisalBatch.objects.select_for_update().get(pk=batch.pk)
        batch.status, batch.finished_at = BatchStatus.FINISHED, timezone.now()
        batch.save(update_fields=["status", "finished_at"])
        audit.record(
            actor=batch.started_by,
            action="appraisal_batch.finish",
            target=batch,
            from_state=BatchStatus.RUNNING,
            to_state=BatchStatus.FINISHED,
            data={"total": batch.total, "created": batch.created, "skipped": batch.skipped},
        )
    return batch


def _run_chunk(batch: AppraisalBatch, base, last_id: int, size: int) -> tuple[int, int, int]:
    rows = list(base.filter(id__gt=last_id).order_by("id").values(*SNAPSHOT_FIELDS)[:size])
    if not rows:
        return 0, 0, last_id
    ids = [r["id"] for r in rows]
    existing = set(
        Appraisal.objects.filter(period_id=batch.period_id, employee_id__in=ids).values_list(
            "employee_id", flat=True
        )
    )
    superior_ids = {r["position__superior_id"] for r in rows if r["position__superior_id"]}
    # The appraiser is the holder of the post above (the earliest record when a post has several).
    holders = dict(
        Employee.objects.filter(position_id__in=superior_ids, is_active=True)
        .values("position_id")
        .annotate(first=Min("id"))
        .values_list("position_id", "first")
    )
    new = [
        Appraisal(period_id=batch.period_id, **snapshot_values(r, holders))
        for r in rows
        if r["id"] not in existing
    ]
    Appraisal.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return len(new), len(rows) - len(new), ids[-1]


def snapshot_values(row: dict, holders: dict[int, int]) -> dict:
    """The snapshot fields of an SKP from a SNAPSHOT_FIELDS row; `holders` maps a post to the
    employee holding it, so the appraiser is the holder of the post above."""
    return {
        "employee_id": row["id"],
        "position_id": row["position_id"],
        "position_title": row["position__title"],
        "unit_id": row["position__unit_id"],
        "unit_name": row["position__unit__name"] or "",
        "agency_id": row["position__agency_id"],
        "agency_name": row["position__agency__name"],
        "appraiser_position_id": row["position__superior_id"],
        "appraiser_id": holders.get(row["position__superior_id"]),
        "is_unit_head": is_unit_head_values(row),
    }


def is_unit_head_values(r: dict) -> bool:
    """Same rule as kinerja.evaluation.is_unit_head, on a values() row."""
    if r["position__is_head"]:
        return True
    if r["position__kind"] not in MANAGERIAL_KINDS or r["position__unit_id"] is None:
        return False
    return r["position__superior_id"] is None or r["position__superior__unit_id"] != r["position__unit_id"]
