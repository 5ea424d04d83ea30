"""Workload runs on Celery: the chord per agency, its join, failures, concurrency, the nightly task."""

import time

import pytest
from django.core.exceptions import PermissionDenied

from core.models import AuditEvent
from instansi.models import Position
from tests.conftest import requires_postgres
from tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PositionFactory,
    RegionFactory,
    UserFactory,
    WorkloadTaskFactory,
)
from workload import services
from workload.models import WorkloadResult, WorkloadRun, WorkloadRunStatus, WorkloadTask

CLOSED = (WorkloadRunStatus.FINISHED, WorkloadRunStatus.FAILED)


def build_region(agencies=3, posts=2):
    region = RegionFactory()
    for a in range(agencies):
        agency = AgencyFactory(region=region)
        for p in range(posts):
            post = PositionFactory(agency=agency)
            WorkloadTaskFactory(position=post, annual_volume=1250 * (a + p + 1), standard_minutes=60)
            EmployeeFactory(position=post)
    return region


def poison(agency):
    """Data the database refuses (a negative volume, only possible from outside the forms): the
    agency's step fails on every attempt. Real data, no mock."""
    post = PositionFactory(agency=agency)
    task = WorkloadTaskFactory(position=post, annual_volume=10, standard_minutes=60)
    WorkloadTask.objects.filter(pk=task.pk).update(annual_volume=-10)
    return post


def wait_closed(run_ids, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = list(WorkloadRun.objects.filter(pk__in=run_ids).order_by("pk"))
        if runs and all(r.status in CLOSED for r in runs):
            return runs
        time.sleep(0.2)
    raise AssertionError(f"runs {run_ids} not closed: {[(r.pk, r.status) for r in runs]}")


@pytest.fixture
def hr_user(db):
    return UserFactory(username="bkpsdm", groups=["hr"])


# --- embedded mode: the same chord, run eagerly ---------------------------------------------------


@pytest.mark.django_db
def test_hr_starts_a_run_and_in_embedded_mode_the_chord_completes_eagerly(
    hr_user, django_capture_on_commit_callbacks
):
    region = build_region()

    with django_capture_on_commit_callbacks(execute=True):
        run = services.workload_run_start(region=region, triggered_by=hr_user)

    run.refresh_from_db()
    assert run.status == WorkloadRunStatus.FINISHED
    assert (run.agencies_done, run.agencies_total) == (3, 3)
    assert run.duration is not None
    assert WorkloadResult.objects.filter(run=run, level="agency").count() == 3
    assert WorkloadResult.objects.filter(run=run, level="position").count() == 6
    assert not Position.objects.filter(required_staff__isnull=True).exists()
    start = AuditEvent.objects.get(action="workload.run_start", target_id=str(run.pk))
    assert start.actor == hr_user
    assert AuditEvent.objects.filter(action="workload.run_finish", target_id=str(run.pk)).count() == 1
    assert hr_user.notifications.filter(title__contains=f"#{run.pk} selesai").exists()


@pytest.mark.django_db
def test_only_hr_may_start_a_run(django_capture_on_commit_callbacks):
    region = build_region(agencies=1)
    clerk = UserFactory()

    with pytest.raises(PermissionDenied):
        services.workload_run_start(region=region, triggered_by=clerk)

    assert not WorkloadRun.objects.exists()
    assert not AuditEvent.objects.filter(action="workload.run_start").exists()


@pytest.mark.django_db
def test_in_embedded_mode_a_failing_agency_fails_the_run_and_keeps_the_old_need(
    hr_user, django_capture_on_commit_callbacks
):
    region = build_region(agencies=2)
    bad = poison(AgencyFactory(region=region))
    Position.objects.update(required_staff=9)

    with django_capture_on_commit_callbacks(execute=True):
        run = services.workload_run_start(region=region, triggered_by=hr_user)

    run.refresh_from_db()
    assert run.status == WorkloadRunStatus.FAILED
    assert f"OPD {bad.agency_id}" in run.error
    assert run.agencies_done < run.agencies_total
    assert set(Position.objects.values_list("required_staff", flat=True)) == {9}
    assert AuditEvent.objects.filter(action="workload.run_fail", target_id=str(run.pk)).count() == 1
    assert not AuditEvent.objects.filter(action="workload.run_finish").exists()
    assert hr_user.notifications.filter(title__contains="gagal").exists()


@pytest.mark.django_db
def test_a_run_stuck_for_longer_than_the_schedule_is_marked_failed_by_the_nightly_task(
    time_machine, django_capture_on_commit_callbacks
):
    region = build_region(agencies=1)
    time_machine.move_to("2025-03-01 01:30 +07:00")
    stuck = WorkloadRun.objects.create(region=region, status=WorkloadRunStatus.RUNNING, agencies_total=1)
    time_machine.move_to("2025-03-02 02:00 +07:00")  # 24.5 h later, schedule is 24 h

    with django_capture_on_commit_callbacks(execute=True):
        runs = services.workload_nightly_start()

    stuck.refresh_from_db()
    assert stuck.status == WorkloadRunStatus.FAILED
    assert "waktu habis" in stuck.error
    assert [r.pk for r in runs] != [stuck.pk]
    assert WorkloadRun.objects.get(pk=runs[0].pk).status == WorkloadRunStatus.FINISHED


@pytest.mark.django_db(transaction=True)
def test_in_embedded_mode_a_run_finishes_while_another_thread_runs_an_eager_task(hr_user):
    """Issue 19 finding 6: the API answered 202 and the run failed with "Never call result.get() within
    a task!". Celery keeps "a task is running here" in one flag per process: when another thread of the
    (threaded) development server started an eager task while this thread's eager chord ran its header,
    the chord's join was refused. Here that other thread's task starts at the moment each task of this
    run starts (Celery's `task_prerun` signal sets the flag as an eager task does). Committed for real
    (transaction=True), so the run is dispatched as in `make run`, inside the request."""
    from celery._state import _set_task_join_will_block
    from celery.signals import task_prerun
    from rest_framework.test import APIClient

    def another_thread_starts_an_eager_task(**kwargs):
        _set_task_join_will_block(True)

    region = build_region(agencies=3)
    client = APIClient()
    client.force_authenticate(hr_user)
    task_prerun.connect(another_thread_starts_an_eager_task)
    try:
        answer = client.post("/api/v1/workload/runs/", {"region": region.pk}, format="json")
    finally:
        task_prerun.disconnect(another_thread_starts_an_eager_task)
        _set_task_join_will_block(False)
    assert answer.status_code == 202, answer.content
    run = WorkloadRun.objects.get(pk=answer.json()["id"])
    assert run.status == WorkloadRunStatus.FINISHED, run.error
    assert (run.agencies_done, run.agencies_total) == (3, 3)
    assert WorkloadResult.objects.filter(run=run, level="agency").count() == 3


# --- full stack: a real worker on Redis, PostgreSQL ------------------------------------------------


@requires_postgres()
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_nightly_task_end_to_end(celery_worker, settings):
    from workload.tasks import workload_nightly_task

    settings.WORKLOAD_CHORD_STEPS = 3  # chunks of one and of two agencies
    region = build_region(agencies=4)

    run_ids = workload_nightly_task.delay().get(timeout=60)

    [run] = wait_closed(run_ids)
    assert run.region == region
    assert run.status == WorkloadRunStatus.FINISHED, run.error
    assert (run.agencies_done, run.agencies_total) == (4, 4)
    assert run.started_at and run.finished_at and run.duration.total_seconds() >= 0
    assert WorkloadResult.objects.filter(run=run, level="agency").count() == 4
    assert not Position.objects.filter(required_staff__isnull=True).exists()
    assert AuditEvent.objects.filter(action="workload.run_finish", target_id=str(run.pk)).count() == 1


@requires_postgres()
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_on_a_real_worker_an_agency_failing_after_its_retries_fails_the_run_never_finishes_it(
    celery_worker, settings
):
    from workload.tasks import workload_nightly_task

    settings.WORKLOAD_CHORD_STEPS = 2  # the bad agency shares its chunk with a good one
    region = build_region(agencies=3)
    bad = poison(AgencyFactory(region=region))
    UserFactory(username="hr-on-duty", groups=["hr"])

    run_ids = workload_nightly_task.delay().get(timeout=60)

    [run] = wait_closed(run_ids)
    assert run.status == WorkloadRunStatus.FAILED
    assert f"OPD {bad.agency_id}: " in run.error
    assert run.agencies_done == 3 and run.agencies_total == 4  # its chunk's good agency counted
    assert not WorkloadResult.objects.filter(run=run, agency=bad.agency).exists()
    assert not Position.objects.filter(required_staff__isnull=False).exists()
    # give a late join step the chance to run: it must not turn the run into "finished"
    time.sleep(1)
    run.refresh_from_db()
    assert run.status == WorkloadRunStatus.FAILED
    assert AuditEvent.objects.filter(action="workload.run_fail", target_id=str(run.pk)).count() == 1
    assert not AuditEvent.objects.filter(action="workload.run_finish").exists()


@requires_postgres()
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_two_runs_started_together_each_finish_with_their_own_complete_rows(celery_worker):
    region = build_region(agencies=5, posts=3)
    hr = UserFactory(username="bkpsdm2", groups=["hr"])

    first = services.workload_run_start(region=region, triggered_by=hr)
    second = services.workload_run_start(region=region, triggered_by=hr)

    runs = wait_closed([first.pk, second.pk])
    assert [r.status for r in runs] == [WorkloadRunStatus.FINISHED] * 2

    def figures(run):
        return sorted(
            WorkloadResult.objects.filter(run=run).values_list(
                "level", "agency_id", "position_id", "required", "current", "gap", "ej", "pj"
            ),
            key=str,
        )

    assert len(figures(runs[0])) == 5 * 3 + 5
    assert figures(runs[0]) == figures(runs[1])
    assert WorkloadResult.objects.filter(level="agency").count() == 10


@requires_postgres()
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_on_a_real_worker_kept_connections_the_server_dropped_are_replaced_before_the_next_run(
    celery_worker, monkeypatch
):
    """Production workers keep their database connections between tasks (CELERY_DB_REUSE_MAX); when
    the server drops them (a restart, an idle timeout), the next night's tasks connect afresh instead
    of failing (core.tasks.connections_checked)."""
    from django.db import connection

    from config.celery import app
    from workload.tasks import workload_nightly_task

    [django_fixup] = [f for f in app._fixups if hasattr(f, "worker_fixup")]
    monkeypatch.setattr(django_fixup.worker_fixup, "db_reuse_max", 100)  # as production (test.py: off)

    def drop_worker_connections() -> int:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            )
            return cur.fetchone()[0]

    build_region(agencies=2)
    try:
        [first] = wait_closed(workload_nightly_task.delay().get(timeout=60))
        assert first.status == WorkloadRunStatus.FINISHED, first.error
        assert drop_worker_connections() >= 1  # the worker kept its connections, and now lost them

        [second] = wait_closed(workload_nightly_task.delay().get(timeout=60))
        assert second.status == WorkloadRunStatus.FINISHED, second.error
        assert second.pk > first.pk
    finally:
        drop_worker_connections()  # the worker's threads end with the test; their connections too
