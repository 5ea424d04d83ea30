"""Starting workload runs on Celery (issue 4): HR from the admin or the API, and the nightly schedule.

A run fans out `workload_analyse_agencies_task` over chunks of its agencies (settings.WORKLOAD_CHORD_STEPS
chunks of about equal posts, analysis.agency_chunks) and joins in `workload_finish_task` (a chord),
so a large region spreads over every worker (DESIGN.md 2, scale-out).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.types import Actor
from instansi.models import Policy, Region
from workload import analysis, permissions
from workload.models import WorkloadResult, WorkloadRun, WorkloadRunStatus
from workload.selectors import TREND_RUNS

logger = logging.getLogger(__name__)


@transaction.atomic
def workload_run_start(*, region: Region, triggered_by: Actor | None = None) -> WorkloadRun:
    """Create a pending run and, once committed, dispatch its chord. HR only; `triggered_by=None` is
    the nightly schedule. Returns at once: progress is on the run (agencies done / total)."""
    if triggered_by is not None:
        access.require(permissions.may_start_run(triggered_by))
    run = analysis.run_create(region=region, triggered_by=triggered_by)
    run_id = run.pk
    transaction.on_commit(lambda: workload_run_dispatch(run_id=run_id))
    return run


def workload_run_dispatch(*, run_id: int) -> None:
    """Run a committed run's steps. With a broker: the chord (chunks over the workers, then the join).
    Without one (embedded mode, tasks eager) the same steps run here, in this process, one after the
    other, whoever asked: a request, the admin or an eager task such as the nightly one. An eager chord
    started inside an eager task failed ("Never call result.get() within a task!", issue 19 finding 6),
    so no chord is ever started eagerly. A step that fails for good marks the run failed instead of
    breaking the caller (the admin or API answered already)."""
    from celery import chord
    from celery.exceptions import Retry

    from workload.tasks import workload_analyse_agencies_task, workload_finish_task, workload_run_failed_task

    run = WorkloadRun.objects.get(pk=run_id)
    try:
        if workload_finish_task.app.conf.task_always_eager:
            analysis.analyse_agencies(run_id=run_id, agency_ids=run.agency_ids)
            analysis.run_finish(run_id=run_id)
            return
        if not run.agency_ids:
            workload_finish_task.delay(run_id)
            return
        chunks = analysis.agency_chunks(run.agency_ids, settings.WORKLOAD_CHORD_STEPS)
        header = [workload_analyse_agencies_task.si(run_id, chunk) for chunk in chunks]
        body = workload_finish_task.si(run_id).on_error(workload_run_failed_task.si(run_id))
        chord(header)(body)
    except Exception as exc:
        logger.exception("workload run %s failed while dispatching", run_id)
        cause = exc.exc if isinstance(exc, Retry) and exc.exc is not None else exc
        analysis.run_fail(run_id=run_id, error=str(cause))


def workload_runs_expire(*, region: Region) -> int:
    """Mark failed the runs of a region still pending or running after a whole schedule period: their
    worker died or the broker lost them, and a stuck run must not look like work in progress."""
    policy, _created = Policy.objects.get_or_create(region=region)
    cutoff = timezone.now() - dt.timedelta(hours=policy.workload_schedule_hours)
    stuck = WorkloadRun.objects.filter(
        region=region,
        status__in=[WorkloadRunStatus.PENDING, WorkloadRunStatus.RUNNING],
        created_at__lt=cutoff,
    ).values_list("pk", flat=True)
    count = 0
    for run_id in list(stuck):  # a handful at most: one per missed schedule
        analysis.run_fail(run_id=run_id, error=_("Analisis tidak selesai dalam jadwalnya (waktu habis)."))
        count += 1
    return count


@transaction.atomic
def workload_runs_prune(*, region: Region, now: dt.datetime | None = None) -> list[int]:
    """Delete a region's old finished and failed runs with their results; return the deleted ids.

    Every night adds a row per post and per agency (16,693 rows for 100,000 employees), so ten years
    of nightly runs would be tens of millions of rows nobody reads. A run is kept when it is younger
    than the policy's `workload_keep_days`, is one of the last TREND_RUNS finished runs (the
    dashboards' trend), is the last finished run of its calendar month (the month-by-month history),
    is still pending or running, or is pointed at by another record (a transfer plan built on it).
    One audit row lists what went."""
    policy, _created = Policy.objects.get_or_create(region=region)
    cutoff = (now or timezone.now()) - dt.timedelta(days=policy.workload_keep_days)
    runs = WorkloadRun.objects.filter(region=region)
    finished = runs.filter(status=WorkloadRunStatus.FINISHED)
    keep = set(finished.order_by("-pk").values_list("pk", flat=True)[:TREND_RUNS])
    keep |= set(
        finished.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(last=Max("pk"))
        .values_list("last", flat=True)
    )
    old = runs.filter(
        status__in=[WorkloadRunStatus.FINISHED, WorkloadRunStatus.FAILED], created_at__lt=cutoff
    ).exclude(pk__in=keep)
    doomed = set(old.values_list("pk", flat=True))
    for relation in WorkloadRun._meta.get_fields(include_hidden=True):
        # Records of other apps that point at a run (found here, so workload imports none of them).
        if relation.auto_created and not relation.concrete and relation.related_model is not WorkloadResult:
            field = relation.field
            doomed -= set(
                field.model._base_manager.filter(**{f"{field.name}__in": doomed}).values_list(
                    field.attname, flat=True
                )
            )
    if not doomed:
        return []
    ids = sorted(doomed)
    results, _by_model = WorkloadResult.objects.filter(run_id__in=ids).delete()
    WorkloadRun.objects.filter(pk__in=ids).delete()
    audit.record(
        actor=None,
        action="workload.runs_prune",
        target=region,
        note=_("%(runs)s analisis beban kerja lama dihapus (lebih tua dari %(days)s hari).")
        % {"runs": len(ids), "days": policy.workload_keep_days},
        data={"runs": ids, "results": results, "keep_days": policy.workload_keep_days},
    )
    return ids


def workload_runs_prune_all(*, now: dt.datetime | None = None) -> dict[int, list[int]]:
    """The nightly clean-up (config/schedules.py, after the analysis): each region's old runs, each
    region in its own transaction. Region id -> deleted run ids."""
    return {
        region.pk: workload_runs_prune(region=region, now=now) for region in Region.objects.order_by("pk")
    }


def workload_nightly_start() -> list[WorkloadRun]:
    """The nightly schedule (config/schedules.py): expire stuck runs, then start one run per region."""
    runs = []
    for region in Region.objects.order_by("pk"):
        workload_runs_expire(region=region)
        runs.append(workload_run_start(region=region, triggered_by=None))
    return runs
