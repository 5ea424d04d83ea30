"""Fault runs, repeated and at random moments (issue 7 point 6): the bigger sibling of tests/faults.

Each round starts real subprocesses (`celery -A config worker`, gunicorn, a decree-issuing process),
SIGKILLs one at a random moment of its work (no lock steering the kill, unlike the CI tests), restarts
and checks what the tests check: nothing lost, nothing duplicated, no employee half-moved, decree
numbers unique and gapless, an error page (not a crash) when the database connections are cut.

    .venv/bin/python benchmarks/faults.py                      # 10 rounds of each scenario
    .venv/bin/python benchmarks/faults.py --rounds 3 --only execution workload
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi_bench_faults (default; dropped and created)
    REDIS_URL=redis://127.0.0.1:6379/9 (default; the script deletes the celery queue keys of that db)

Prints one Markdown table; docs/BENCHMARKS.md "Faults" has the figures of the last run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks._common import recreate_database  # noqa: E402

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/simutasi_bench_faults")
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/9"
SCENARIOS = ("workload", "decree_pdf", "decree_issue", "execution", "database")


def setup_django(media_root: Path) -> None:
    os.environ["DATABASE_URL"] = BENCH_URL
    os.environ["REDIS_URL"] = REDIS_URL
    os.environ["MEDIA_ROOT"] = str(media_root)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def kill_when(stack, proc, progress, target: int, timeout: float = 120) -> int:
    """SIGKILL `proc` as soon as `progress()` reaches `target` (wherever the worker is at that moment)."""
    from tests.faults.harness import wait_for

    wait_for(lambda: progress() >= target, timeout=timeout, interval=0.005, what=f"progress {target}")
    stack.kill(proc)
    return progress()


def settled(predicate, timeout: float = 90) -> bool:
    """True once `predicate()` holds; False if it still does not after `timeout` s (a lost message)."""
    from tests.faults.harness import wait_for

    try:
        wait_for(predicate, timeout=timeout, interval=0.2)
    except TimeoutError:
        return False
    return True


def restart(stack, name: str):
    from tests.faults.harness import VISIBILITY_TIMEOUT, wait_for

    wait_for(lambda: stack.lock_waiters() == 0, timeout=30)
    time.sleep(VISIBILITY_TIMEOUT + 0.5)
    return stack.start_worker(name)


# --- scenarios: each returns a dict of outcome counters ---------------------------------------------


def round_workload(stack, rnd: random.Random, n: int) -> Counter:
    from instansi.models import Agency
    from tests.faults.harness import build_workload_region
    from workload.models import WorkloadResult, WorkloadRun
    from workload.services import workload_run_start

    region = build_workload_region(agencies=40, posts_per_agency=3)
    region.name = f"Pemerintah Kota Uji ABK {n}"
    region.save()
    agency_ids = set(Agency.objects.filter(region=region).values_list("pk", flat=True))
    run = workload_run_start(region=region, triggered_by=None)
    worker = stack.start_worker(f"abk-{n}-1")
    at = kill_when(
        stack, worker, lambda: WorkloadRun.objects.get(pk=run.pk).agencies_done, rnd.randint(1, 39)
    )
    out = Counter(kills=1, killed_mid_run=int(at < len(agency_ids)))
    second = restart(stack, f"abk-{n}-2")
    closed = settled(lambda: WorkloadRun.objects.get(pk=run.pk).status in ("finished", "failed"))
    stack.stop(second)
    if not closed:  # a step's message was lost with the worker: the nightly expiry must fail the run
        import time_machine
        from django.utils import timezone

        from workload.services import workload_runs_expire

        out["message_lost_run_stuck"] += 1
        with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
            workload_runs_expire(region=region)
    run.refresh_from_db()
    rows = list(WorkloadResult.objects.filter(run=run, level="agency").values_list("agency_id", flat=True))
    out[run.status] += 1
    out["finished_with_missing_agency"] += int(run.status == "finished" and set(rows) != agency_ids)
    out["duplicated_agency_rows"] += len(rows) - len(set(rows))
    return out


def round_decree_pdf(stack, rnd: random.Random, n: int) -> Counter:
    from mutasi import services
    from mutasi.models import Decree
    from tests.faults.harness import (
        build_approved_requests,
        build_world,
        decree_files,
        decree_numbering,
    )

    world = build_world(name=f"Pemerintah Kota Uji SK {n}")
    today = dt.date.today()
    ids = [
        services.decree_issue(
            actor=world.hr,
            request_ids=[pk],
            date=today,
            tmt=today + dt.timedelta(days=30),
            signer=world.signer,
        ).pk
        for pk in build_approved_requests(world, 20)
    ]
    done = lambda: Decree.objects.filter(pk__in=ids).exclude(pdf_sha256="").count()  # noqa: E731
    worker = stack.start_worker(f"sk-{n}-1")
    at = kill_when(stack, worker, done, rnd.randint(1, 19))
    out = Counter(kills=1, killed_mid_run=int(at < 20))
    second = restart(stack, f"sk-{n}-2")
    settled(lambda: done() == 20)
    stack.stop(second)
    out["pdf_job_lost_decree_without_pdf"] += 20 - done()
    numbering, files = decree_numbering(world.region.pk), decree_files(stack.media_root, ids)
    out["decrees"] += numbering["count"]
    out["numbers_not_unique_or_gapped"] += int(not (numbering["unique_numbers"] and numbering["gapless"]))
    out["pdf_wrong_hash"] += done() - files["with_pdf"]
    out["orphan_pdf_files"] += files["orphans"]
    from core.models import AuditEvent

    renders = AuditEvent.objects.filter(action="decree.pdf", target_id__in=[str(i) for i in ids]).count()
    out["pdf_rendered_again_after_redelivery"] += renders - 20
    return out


ISSUER = """
import datetime as dt, sys, django
django.setup()
from core.models import User
from instansi.models import Employee
from mutasi import services
from mutasi.models import TransferRequest
hr, signer = User.objects.get(pk={hr}), Employee.objects.get(pk={signer})
today = dt.date.today()
for pk in TransferRequest.objects.filter(pk__in={ids}, status="approved").order_by("pk").values_list("pk", flat=True):
    services.decree_issue(actor=hr, request_ids=[pk], date=today, tmt=today + dt.timedelta(days=30), signer=signer)
"""


def round_decree_issue(stack, rnd: random.Random, n: int) -> Counter:
    """Kill the process issuing decrees (HR's request, the admin action) at a random moment: the number
    is taken inside the issuing transaction, so a killed issue leaves no gap and no duplicate."""
    from mutasi.models import Decree, TransferRequest
    from tests.faults.harness import build_approved_requests, build_world, decree_numbering, wait_for

    world = build_world(name=f"Pemerintah Kota Uji Penerbitan {n}")
    ids = build_approved_requests(world, 30)
    code = ISSUER.format(hr=world.hr.pk, signer=world.signer.pk, ids=ids)
    issued = lambda: Decree.objects.filter(region=world.region).count()  # noqa: E731
    first = stack._spawn(f"issuer-{n}-1", [sys.executable, "-c", code])
    kill_when(stack, first, issued, rnd.randint(1, 29))
    wait_for(lambda: stack.lock_waiters() == 0, timeout=30)
    second = stack._spawn(f"issuer-{n}-2", [sys.executable, "-c", code])
    second.wait(timeout=300)
    numbering = decree_numbering(world.region.pk)
    decreed = TransferRequest.objects.filter(pk__in=ids, status="decreed", decree__isnull=False).count()
    return Counter(
        kills=1,
        decrees=numbering["count"],
        numbers_not_unique_or_gapped=int(not (numbering["unique_numbers"] and numbering["gapless"])),
        requests_without_decree=30 - decreed,
        requests_in_two_decrees=numbering["count"] - decreed,
    )


def round_execution(stack, rnd: random.Random, n: int) -> Counter:
    from mutasi import services
    from mutasi.models import TransferRequest
    from mutasi.tasks import execute_due_transfers_task
    from tests.faults.harness import build_approved_requests, build_world, move_states, wait_for

    world = build_world(name=f"Pemerintah Kota Uji TMT {n}")
    ids = build_approved_requests(world, 40)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    services.decree_issue(actor=world.hr, request_ids=ids, date=yesterday, tmt=yesterday, signer=world.signer)
    moved = lambda: TransferRequest.objects.filter(pk__in=ids, status="completed").count()  # noqa: E731
    execute_due_transfers_task.delay()
    worker = stack.start_worker(f"tmt-{n}-1")
    kill_when(stack, worker, moved, rnd.randint(1, 39))
    wait_for(lambda: stack.lock_waiters() == 0, timeout=30)
    after_kill = move_states(ids)
    out = Counter(
        kills=1, half_moved_after_kill=len(after_kill["half"]), moved_before_kill=len(after_kill["moved"])
    )
    second = restart(stack, f"tmt-{n}-2")
    if not settled(lambda: moved() == 40):  # the job's message was lost: the next daily run moves the rest
        stack.stop(second)
        out["message_lost_next_daily_run_needed"] += 1
        from mutasi.services import execute_due_transfers

        execute_due_transfers()
    else:
        stack.stop(second)
    final = move_states(ids)
    out["employees"] += 40
    out["half_moved_after_rerun"] += len(final["half"])
    out["not_moved_after_rerun"] += len(final["untouched"])
    from core.models import AuditEvent

    out["double_moves"] += (
        AuditEvent.objects.filter(action="transfer.complete", target_id__in=[str(i) for i in ids]).count()
        - 40
    )
    return out


def round_database(stack, rnd: random.Random, n: int) -> Counter:
    """gunicorn with persistent connections; cut every connection between two requests."""
    import requests
    from django.db import connections
    from rest_framework.authtoken.models import Token

    from tests.factories import AgencyFactory, UserFactory
    from tests.faults.harness import database_url, wait_for

    AgencyFactory.create_batch(2)
    user = UserFactory(username=f"pengguna-gangguan-{n}")
    headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}
    proc, base = stack.start_gunicorn(f"gunicorn-{n}", DATABASE_URL=database_url(stack.db, conn_max_age=60))

    def get():
        try:
            return requests.get(base + "/api/v1/agencies/", headers=headers, timeout=30)
        except requests.ConnectionError:
            return None

    wait_for(lambda: (r := get()) is not None and r.status_code == 200, timeout=30)
    out = Counter()
    for _ in range(5):
        for _warm in range(rnd.randint(1, 3)):
            get()
        stack.terminate_backends()
        connections.close_all()  # this script's own connection was cut too
        first, second = get(), get()
        out["cuts"] += 1
        if first is None:
            out["first_request_crashed"] += 1
        elif first.status_code == 500 and "Terjadi kesalahan pada server" in first.text:
            out["first_request_error_page"] += 1
        elif first.status_code == 200:
            out["first_request_ok"] += 1
        else:
            out[f"first_request_{first.status_code}"] += 1
        out["next_request_ok"] += int(second is not None and second.status_code == 200)
    stack.kill(proc)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--only", nargs="*", choices=SCENARIOS, default=list(SCENARIOS))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    recreate_database(BENCH_URL)
    media_root = Path(tempfile.mkdtemp(prefix="simutasi-faults-media-"))
    log_dir = Path(tempfile.mkdtemp(prefix="simutasi-faults-logs-"))
    setup_django(media_root)
    from django.conf import settings

    from tests.faults import harness

    stack = harness.Stack(
        db=dict(settings.DATABASES["default"]), redis_url=REDIS_URL, media_root=media_root, log_dir=log_dir
    )
    rnd = random.Random(args.seed)
    rows = []
    try:
        with harness.broker_mode(REDIS_URL):
            for name in args.only:
                total, started = Counter(), time.perf_counter()
                for n in range(args.rounds):
                    harness.purge_broker(REDIS_URL)
                    total.update(globals()[f"round_{name}"](stack, rnd, n))
                    stack.stop_all()
                    print(f"{name} round {n + 1}/{args.rounds}: {dict(total)}", flush=True)
                rows.append((name, args.rounds, time.perf_counter() - started, total))
    finally:
        stack.stop_all()
        harness.purge_broker(REDIS_URL)
    print("\n| scenario | rounds | seconds | outcome counts |\n|---|---:|---:|---|")
    for name, rounds, seconds, total in rows:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(total.items()))
        print(f"| {name} | {rounds} | {seconds:.0f} | {counts} |")
    print(f"\nworker and server logs: {log_dir}")


if __name__ == "__main__":
    main()
