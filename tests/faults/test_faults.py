"""Faults (issue 7 point 6): a Celery worker killed in the middle of a workload run, of a decree PDF job
and of the daily execution job, then restarted; the database connections cut during a request.

Real parts only: `celery -A config worker` and gunicorn run as subprocesses against this test's
PostgreSQL database (committed data: the tests are transactional) and Redis, and are killed with SIGKILL
(whole process group). How a kill is made to land inside a unit of work: tests/faults/harness.py.
Repeated and random-moment runs with their figures: `benchmarks/faults.py`, docs/BENCHMARKS.md "Faults".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest
import requests
import time_machine
from django.conf import settings as django_settings
from django.db import connections
from django.test import Client
from django.utils import timezone

from core.models import AuditEvent
from tests.conftest import requires_postgres, requires_redis
from tests.faults import harness
from tests.faults.harness import VISIBILITY_TIMEOUT, Stack, wait_for

pytestmark = [requires_postgres(), requires_redis(), pytest.mark.django_db(transaction=True)]

# The 500 page (templates/500.html): what a visitor sees instead of a traceback.
ERROR_PAGE_MARK = "Terjadi kesalahan pada server"


@pytest.fixture
def stack(transactional_db, settings, tmp_path):
    redis_url = os.environ["REDIS_URL"]
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    s = Stack(
        db=dict(django_settings.DATABASES["default"]),
        redis_url=redis_url,
        media_root=media_root,
        log_dir=tmp_path,
    )
    harness.purge_broker(redis_url)
    with harness.broker_mode(redis_url):
        try:
            yield s
        finally:
            s.stop_all()
            harness.purge_broker(redis_url)


def logs(stack: Stack) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(stack.log_dir.glob("*.log")))


def restart_after_kill(stack: Stack, name: str):
    """The blocked transaction of the killed worker is gone, the visibility timeout has passed: start
    a new worker, which takes the unacknowledged messages back (acks_late)."""
    wait_for(lambda: stack.lock_waiters() == 0, timeout=30, what="killed worker's backends released")
    time.sleep(VISIBILITY_TIMEOUT + 0.5)
    return stack.start_worker(name)


# --- (a) workload run -------------------------------------------------------------------------------


def _kill_workload_run_mid_way(stack: Stack, settings, agencies: int = 10):
    """Start a run, let a worker finish every agency step but the last two, kill it while those two are
    in flight (blocked on their agency rows, mid-transaction)."""
    from instansi.models import Agency
    from workload.models import WorkloadRun, WorkloadRunStatus
    from workload.services import workload_run_start

    region = harness.build_workload_region(agencies=agencies)
    agency_ids = sorted(Agency.objects.filter(region=region).values_list("pk", flat=True))
    # One agency per chord step, so the kill lands on exactly the two agencies held below (a chunk is
    # one transaction: with chunks, every agency sharing a chunk with a held one would wait too).
    settings.WORKLOAD_CHORD_STEPS = agencies
    run = workload_run_start(region=region, triggered_by=None)  # the chord goes to Redis on commit
    with stack.agency_row_claims(run.pk, agency_ids[-2:]):
        worker = stack.start_worker("abk-1")
        wait_for(
            lambda: (
                WorkloadRun.objects.get(pk=run.pk).agencies_done == agencies - 2 and stack.lock_waiters() >= 2
            ),
            timeout=60,
            what="all agency steps but two done, two blocked",
        )
        stack.kill(worker)
        mid = WorkloadRun.objects.get(pk=run.pk)
    assert mid.status == WorkloadRunStatus.RUNNING and mid.agencies_done == agencies - 2
    return region, run, agency_ids


def test_a_workload_run_whose_worker_is_killed_mid_way_finishes_with_every_agency_after_a_restart(
    stack, settings
):
    from instansi.models import Position
    from workload.models import WorkloadResult, WorkloadRun, WorkloadRunStatus

    region, run, agency_ids = _kill_workload_run_mid_way(stack, settings)
    restart_after_kill(stack, "abk-2")
    wait_for(
        lambda: (
            WorkloadRun.objects.get(pk=run.pk).status
            in (WorkloadRunStatus.FINISHED, WorkloadRunStatus.FAILED)
        ),
        timeout=90,
        what="run closed after the restart",
    )
    run.refresh_from_db()
    assert run.status == WorkloadRunStatus.FINISHED, f"{run.error}\n{logs(stack)}"
    agency_rows = sorted(
        WorkloadResult.objects.filter(run=run, level="agency").values_list("agency_id", flat=True)
    )
    assert agency_rows == agency_ids  # every agency, exactly once: nothing lost, nothing duplicated
    assert (
        WorkloadResult.objects.filter(run=run, level="position").count()
        == Position.objects.filter(agency__region=region).count()
    )
    assert run.agencies_done == len(agency_ids)
    assert AuditEvent.objects.filter(action="workload.run_finish", target_id=str(run.pk)).count() == 1
    assert not AuditEvent.objects.filter(action="workload.run_fail", target_id=str(run.pk)).exists()


def test_a_workload_run_whose_messages_are_lost_with_the_worker_is_marked_failed_never_finished(
    stack, settings
):
    """Worst case: the broker lost the unacknowledged steps too (Redis flushed). The join never comes;
    the nightly schedule expires the stuck run as failed (workload.services.workload_runs_expire)."""
    from instansi.models import Policy
    from workload.models import WorkloadRunStatus
    from workload.services import workload_runs_expire

    region, run, _agency_ids = _kill_workload_run_mid_way(stack, settings)
    harness.purge_broker(stack.redis_url)
    hours = Policy.objects.get(region=region).workload_schedule_hours
    with time_machine.travel(timezone.now() + dt.timedelta(hours=hours, minutes=1)):
        assert workload_runs_expire(region=region) == 1
    run.refresh_from_db()
    assert run.status == WorkloadRunStatus.FAILED and run.error
    assert AuditEvent.objects.filter(action="workload.run_fail", target_id=str(run.pk)).count() == 1
    assert not AuditEvent.objects.filter(action="workload.run_finish", target_id=str(run.pk)).exists()


# --- (b) decree PDF job ------------------------------------------------------------------------------


def test_decree_pdf_jobs_killed_mid_way_all_finish_after_a_restart_with_numbers_unique_and_gapless(stack):
    """Since issue 17 a decree is issued with its documents in one transaction; the PDF job remains for
    decrees left without their file (issued before, or a file lost) and is what a killed worker breaks.
    Each decree here is issued, then marked as missing its PDF and queued for the job."""
    from mutasi import services
    from mutasi.models import Decree
    from mutasi.tasks import decree_pdf_task

    world = harness.build_world()
    request_ids = harness.build_approved_requests(world, 8)
    today = timezone.localdate()
    decree_ids = [
        services.decree_issue(  # each commits with its documents
            actor=world.hr,
            request_ids=[pk],
            date=today,
            tmt=today + dt.timedelta(days=30),
            signer=world.signer,
        ).pk
        for pk in request_ids
    ]
    Decree.objects.filter(pk__in=decree_ids).update(pdf_sha256="")
    for pk in decree_ids:
        decree_pdf_task.delay(pk)  # queued on Redis
    with stack.row_locks("mutasi_decree", decree_ids[-2:]):
        worker = stack.start_worker("sk-1")
        wait_for(
            lambda: (
                Decree.objects.filter(pk__in=decree_ids).exclude(pdf_sha256="").count() == 6
                and stack.lock_waiters() >= 2
            ),
            timeout=60,
            what="six PDFs done, two jobs blocked",
        )
        stack.kill(worker)
    assert Decree.objects.filter(pk__in=decree_ids, pdf_sha256="").count() == 2
    restart_after_kill(stack, "sk-2")
    wait_for(
        lambda: not Decree.objects.filter(pk__in=decree_ids, pdf_sha256="").exists(),
        timeout=60,
        what="every PDF rendered after the restart",
    )
    numbering = harness.decree_numbering(world.region.pk)
    assert numbering == {"count": 8, "unique_numbers": True, "gapless": True}
    assert harness.decree_files(stack.media_root, decree_ids) == {"with_pdf": 8, "orphans": 0}, logs(stack)
    # Rendered once at issue and once by the job each: the killed attempts rolled back with their rows.
    assert AuditEvent.objects.filter(action="decree.pdf").count() == 16
    assert AuditEvent.objects.filter(action="decree.issue").count() == 8


# --- (c) execution on TMT -----------------------------------------------------------------------------


def test_no_employee_is_half_moved_when_the_execution_job_is_killed_and_a_rerun_moves_the_rest(stack):
    from mutasi import services
    from mutasi.choices import Status
    from mutasi.models import TransferRequest
    from mutasi.services.execution import due_request_ids
    from mutasi.tasks import execute_due_transfers_task

    n = 20
    world = harness.build_world()
    request_ids = harness.build_approved_requests(world, n)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    services.decree_issue(
        actor=world.hr, request_ids=request_ids, date=yesterday, tmt=yesterday, signer=world.signer
    )
    order = due_request_ids(today=timezone.localdate())
    assert sorted(order) == sorted(request_ids)
    stopped_at = order[n // 2]  # the 11th move blocks on its employee row, mid-transaction
    employee_id = TransferRequest.objects.get(pk=stopped_at).employee_id

    with stack.row_locks("instansi_employee", [employee_id]):
        execute_due_transfers_task.delay()
        worker = stack.start_worker("tmt-1")
        wait_for(
            lambda: (
                TransferRequest.objects.filter(pk__in=request_ids, status=Status.COMPLETED).count() == n // 2
                and stack.lock_waiters() >= 1
            ),
            timeout=60,
            what="ten moves done, the eleventh blocked",
        )
        stack.kill(worker)
        after_kill = harness.move_states(request_ids)
    assert after_kill["half"] == [], logs(stack)
    assert len(after_kill["moved"]) == n // 2 and len(after_kill["untouched"]) == n - n // 2
    assert stopped_at in after_kill["untouched"]

    restart_after_kill(stack, "tmt-2")  # the unacknowledged job is delivered again and moves the rest
    wait_for(
        lambda: not TransferRequest.objects.filter(pk__in=request_ids, status=Status.DECREED).exists(),
        timeout=60,
        what="every due move done after the restart",
    )
    final = harness.move_states(request_ids)
    assert final["half"] == [] and final["untouched"] == [] and len(final["moved"]) == n, logs(stack)
    assert AuditEvent.objects.filter(action="transfer.complete").count() == n  # once each, no double move


# --- (d) database connections cut during a request -----------------------------------------------------


@pytest.fixture
def server(stack):
    """gunicorn (1 sync worker) with persistent database connections, as in production (CONN_MAX_AGE)."""
    from rest_framework.authtoken.models import Token

    from tests.factories import AgencyFactory, UserFactory

    AgencyFactory.create_batch(3)
    user = UserFactory(username="pengguna-gangguan")
    token = Token.objects.create(user=user).key
    page = Client()
    page.force_login(user)
    session = page.cookies["sessionid"].value
    proc, base = stack.start_gunicorn(DATABASE_URL=harness.database_url(stack.db, conn_max_age=60))
    wait_for(lambda: _get(base, "/healthz/").status_code == 200, timeout=30, what="gunicorn answering")
    http = requests.Session()
    http.cookies.set("sessionid", session)
    return {"base": base, "http": http, "api": {"Authorization": f"Token {token}"}}


def _get(base: str, path: str, **kwargs):
    try:
        return requests.get(base + path, timeout=30, **kwargs)
    except requests.ConnectionError:
        return requests.Response()


def _assert_error_page(response) -> None:
    assert response.status_code == 500, response.text[:500]
    assert ERROR_PAGE_MARK in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text


def test_cut_database_connections_between_requests_give_one_error_page_and_the_next_request_works(
    stack, server
):
    http, base, api = server["http"], server["base"], server["api"]

    def cut():
        assert stack.terminate_backends() >= 1
        connections.close_all()  # this test's own connection was cut too

    assert http.get(base + "/opd/", timeout=30).status_code == 200  # the worker now holds a connection
    assert http.get(base + "/api/v1/agencies/", headers=api, timeout=30).status_code == 200
    cut()
    # Django reuses the persistent connection without a health check: the request that finds it dead
    # answers the 500 page; the connection is then dropped and the next request opens a fresh one.
    _assert_error_page(http.get(base + "/opd/", timeout=30))
    assert http.get(base + "/opd/", timeout=30).status_code == 200
    cut()
    _assert_error_page(http.get(base + "/api/v1/agencies/", headers=api, timeout=30))
    response = http.get(base + "/api/v1/agencies/", headers=api, timeout=30)
    assert response.status_code == 200 and response.json()["count"] >= 3


@pytest.mark.parametrize("path", ["/opd/", "/api/v1/agencies/"])
def test_cut_database_connections_during_a_request_give_an_error_page_and_the_next_request_works(
    stack, server, path
):
    """The request is held in flight on a table lock; the connections are cut while it waits."""
    http, base = server["http"], server["base"]
    headers = server["api"] if path.startswith("/api/") else {}
    assert http.get(base + path, headers=headers, timeout=30).status_code == 200
    answers = []
    with contextlib.closing(stack.connect()) as conn, conn, conn.cursor() as cur:
        cur.execute("LOCK TABLE instansi_agency IN ACCESS EXCLUSIVE MODE")
        thread = threading.Thread(
            target=lambda: answers.append(http.get(base + path, headers=headers, timeout=60))
        )
        thread.start()
        wait_for(lambda: stack.lock_waiters() >= 1, timeout=30, what="request in flight, waiting on the lock")
        cur.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cur.fetchone()[0] >= 1
    connections.close_all()  # this test's own connection was cut too
    thread.join(timeout=60)
    _assert_error_page(answers[0])
    assert http.get(base + path, headers=headers, timeout=30).status_code == 200
