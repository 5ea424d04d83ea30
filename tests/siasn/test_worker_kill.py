"""A Celery worker killed (SIGKILL, whole process group) in the middle of an import batch and of a
write-back, then restarted (issue 16, "Must show" 3). Real `celery -A config worker` subprocesses on
this test's PostgreSQL database and Redis, the fake SIASN on a loopback port (tests/faults/harness.py
says how a kill is made to land inside a unit of work)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from core.models import User
from instansi.models import Employee, Region
from siasn.models import ImportRun, ImportStatus, OutboxKind, OutboxMessage, OutboxStatus
from tests.conftest import requires_postgres, requires_redis
from tests.faults import harness
from tests.faults.harness import VISIBILITY_TIMEOUT, Stack, wait_for
from tests.siasn.helpers import approved_transfer, issue_decree, link_world

pytestmark = [requires_postgres(), requires_redis(), pytest.mark.django_db(transaction=True)]
BATCH = 200


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
    try:
        yield s
    finally:
        s.stop_all()
        harness.purge_broker(redis_url)


def logs(stack: Stack) -> str:
    return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(stack.log_dir.glob("*.log")))


def worker_env(settings) -> dict[str, str]:
    """The SIASN_* settings of this test (pointing at its fake) for the worker's environment."""
    names = [n for n in dir(django_settings._wrapped) if n.startswith("SIASN_")]
    env = {n: str(getattr(django_settings, n)) for n in names}
    assert env["SIASN_BASE_URL"].startswith("http://127.0.0.1:")
    env.update(SIASN_IMPORT_BATCH=str(BATCH), SIASN_OUTBOX_STALE_SECONDS="1", LOG_LEVEL="INFO")
    return env


def employee_claim(nip: str) -> tuple[str, list]:
    """An INSERT of an employee with this NIP (every column as Django would write a new one)."""
    from django.db import connection

    employee = Employee(nip=nip, name="Klaim", birth_date=timezone.localdate(), gender="L", status="pns")
    fields = [f for f in Employee._meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(employee, True), connection) for f in fields]
    columns = ", ".join(f.column for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO instansi_employee ({columns}) VALUES ({marks})", values  # noqa: S608 - names from _meta


def test_import_killed_mid_batch_completes_without_duplicates_or_half_batches(stack, siasn_fake, settings):
    from siasn.services.imports import import_apply_start, import_start

    siasn_fake.generate(employees=1000, agencies=4, units_per_agency=2)
    region = Region.objects.create(name="Kabupaten Contoh", kind="kabupaten")
    hr = User.objects.create_superuser("hr", "", "x")
    run = import_start(region=region, source="webservice", actor=hr)  # committed: the preview ran eagerly
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED and run.total == 1000, (
        run.error,
        run.counts,
        Employee.objects.count(),
    )
    # the third batch of employees waits, mid-transaction, on the NIP of one of its employees, which we
    # insert without committing: its COPY has written the rows before that one and waits for our
    # transaction on the unique index (a batch writes no record row: the run's mark moves instead)
    third = list(run.records.order_by("id").values_list("nip", flat=True))[2 * BATCH + 5]

    with stack.holding(employee_claim(third)):
        with harness.broker_mode(stack.redis_url):
            import_apply_start(run_id=run.pk, actor=hr)
        worker = stack.start_worker("siasn-import-1", **worker_env(settings))
        wait_for(
            lambda: stack.lock_waiters() >= 1, timeout=60, what=f"worker blocked in batch 3\n{logs(stack)}"
        )
        # batch 3 has inserted some of its employees, uncommitted; batches 1 and 2 are committed
        stack.kill(worker)
    wait_for(lambda: stack.lock_waiters() == 0, timeout=30, what="killed worker's backends released")
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLYING and run.done == 2 * BATCH
    assert Employee.objects.count() == 2 * BATCH  # nothing of the killed batch
    applied = run.records.applied()
    assert applied.count() == applied.filter(outcome="new").count() == 2 * BATCH
    assert run.records.pending().count() == 1000 - 2 * BATCH
    ids = list(run.records.order_by("id").values_list("id", flat=True))
    assert run.applied_through == ids[2 * BATCH - 1]

    time.sleep(VISIBILITY_TIMEOUT + 0.5)
    stack.start_worker("siasn-import-2", **worker_env(settings))
    wait_for(
        lambda: ImportRun.objects.filter(pk=run.pk, status=ImportStatus.DONE, analysed=True).exists(),
        timeout=120,
        what=f"import finished after restart\n{logs(stack)}",
    )
    run.refresh_from_db()
    assert run.done == 1000 and run.analysed
    assert Employee.objects.count() == 1000
    assert Employee.objects.values("nip").distinct().count() == 1000
    assert set(Employee.objects.values_list("nip", flat=True)) == set(siasn_fake.employees)
    assert Employee.history.count() == 1000  # one creation record each: no batch written twice


def test_write_back_killed_mid_send_is_sent_exactly_once(stack, world, siasn_fake, settings):
    from mutasi import services

    fake = link_world(world, siasn_fake)
    request = approved_transfer(world)
    issue_decree(world, request)  # committed; its PDF made right after commit (eager)
    fake.fail_next(503, "/jabatan/unorjabatan/save")  # the eager send right after commit finds SIASN down
    assert services.transfer_execute(request_id=request.pk, today=timezone.localdate())
    position = OutboxMessage.objects.get(kind=OutboxKind.POSITION)
    assert position.status == OutboxStatus.PENDING

    # the worker posts; SIASN records the change and is slow to answer; the worker dies meanwhile
    fake.answer_delays["/jabatan/unorjabatan/save"] = 30
    from siasn.tasks import outbox_send_task

    with harness.broker_mode(stack.redis_url):
        outbox_send_task.delay(position.pk)
    worker = stack.start_worker("siasn-outbox-1", **worker_env(settings))
    wait_for(
        lambda: len(fake.received_calls("/jabatan/unorjabatan/save")) == 2,
        timeout=60,
        what=f"POST reached SIASN {list(OutboxMessage.objects.values('status', 'error'))}",
    )
    stack.kill(worker)
    assert OutboxMessage.objects.get(pk=position.pk).status == OutboxStatus.SENDING
    fake.answer_delays.clear()

    time.sleep(VISIBILITY_TIMEOUT + 0.5)
    stack.start_worker("siasn-outbox-2", **worker_env(settings))
    wait_for(
        lambda: set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxStatus.SENT},
        timeout=120,
        what=f"both rows sent after restart\n{logs(stack)}",
    )
    # one 503 and one real position change; the restarted worker asked rw-jabatan instead of posting again
    assert len(fake.received_calls("/jabatan/unorjabatan/save")) == 2
    assert len([c for c in fake.received_calls("/jabatan/unorjabatan/save") if c.fields.get("pnsId")]) == 2
    assert len(fake.histories[world.pegawai_emp.nip]["rw-jabatan"]) == 2  # the generated one + ours, once
    assert len(fake.received_calls("/upload-dok-rw")) == 1
    assert OutboxMessage.objects.get(pk=position.pk).answer == {"found_in_siasn": True}
