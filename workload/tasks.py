"""Celery tasks of the workload analysis: thin wrappers that load by id and call the workload steps.

The registered names keep their `instansi.tasks.` prefix from before the app was split out: they are
stored in django-celery-beat's periodic task rows (config/schedules.py) and in messages a broker may
still hold during an upgrade, and a renamed task would be an unregistered one to both."""

from __future__ import annotations

from celery import Task, shared_task
from django.utils.translation import gettext as _

from workload import analysis, services


class AgencyStepTask(Task):
    """An agency step that failed for good (after its retries) fails its run at once, with the reason,
    so the run can never be marked finished with this agency missing."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        run_id = kwargs.get("run_id", args[0] if args else None)
        if run_id is not None:
            analysis.run_fail(run_id=run_id, error=str(exc))


STEP_OPTIONS = {
    "base": AgencyStepTask,
    "acks_late": True,
    "autoretry_for": (Exception,),
    "max_retries": 3,
    "retry_backoff": 1,
    "retry_backoff_max": 30,
    "retry_jitter": False,
}


@shared_task(name="workload.tasks.workload_analyse_agencies_task", **STEP_OPTIONS)
def workload_analyse_agencies_task(run_id: int, agency_ids: list[int]) -> list[int]:
    """A header step of the chord: a chunk of the run's agencies (analysis.agency_chunks).
    Idempotent (deletes its own earlier rows first), so acks_late redelivery and retries are safe."""
    analysis.analyse_agencies(run_id=run_id, agency_ids=agency_ids)
    return agency_ids


@shared_task(name="instansi.tasks.workload_analyse_agency_task", **STEP_OPTIONS)
def workload_analyse_agency_task(run_id: int, agency_id: int) -> int:
    """One agency: the header step before chunks, still registered for the messages a broker may
    hold during an upgrade."""
    analysis.analyse_agency(run_id=run_id, agency_id=agency_id)
    return agency_id


@shared_task(name="instansi.tasks.workload_finish_task", acks_late=True)
def workload_finish_task(run_id: int) -> str:
    return analysis.run_finish(run_id=run_id).status


@shared_task(name="instansi.tasks.workload_run_failed_task")
def workload_run_failed_task(run_id: int) -> None:
    # Chord error callback (link_error of the join step): reached when a header step failed for good.
    analysis.run_fail(run_id=run_id, error=_("Satu atau lebih langkah perangkat daerah gagal."))


@shared_task(name="instansi.tasks.workload_nightly_task")
def workload_nightly_task() -> list[int]:
    return [run.pk for run in services.workload_nightly_start()]


@shared_task(name="instansi.tasks.workload_prune_task")
def workload_prune_task() -> int:
    """Old workload runs of every region deleted (services.workload_runs_prune); how many."""
    return sum(len(ids) for ids in services.workload_runs_prune_all().values())
