"""Benchmark: HR creates SKP drafts for N employees (default 10,000) as ONE Celery job on a real worker.

Needs PostgreSQL and Redis (full stack), a migrated database, and starts its own worker process:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi_d REDIS_URL=redis://127.0.0.1:6379/3 \
        .venv/bin/python benchmarks/appraisal_bulk.py [--employees 10000]

It builds (once) a separate region "Kabupaten Benchmark SKP" with agencies, a post hierarchy and the
employees (bulk inserts), drops the previous benchmark period, opens a new one, starts one batch
through the service (as HR does from the page or the API) and waits for the worker to finish it.
Prints the wall time from the click to the finished progress row. Figures: docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402

from core.models import User  # noqa: E402
from instansi.choices import EducationLevel, EmployeeStatus, PositionKind, RegionKind  # noqa: E402
from instansi.models import Agency, Employee, Policy, Position, Region, Unit  # noqa: E402
from instansi.nip import make_nip  # noqa: E402
from kinerja import services  # noqa: E402
from kinerja.choices import BatchStatus  # noqa: E402
from kinerja.models import Appraisal, AppraisalBatch, AppraisalPeriod  # noqa: E402

REGION = "Kabupaten Benchmark SKP"
AGENCIES = 10
STAFF_PER_POST = 8
YEAR = 2099


def build_region(employees: int) -> Region:
    region, _ = Region.objects.get_or_create(name=REGION, defaults={"kind": RegionKind.KABUPATEN})
    Policy.objects.get_or_create(region=region)
    have = Employee.objects.filter(position__agency__region=region).count()
    if have >= employees:
        return region
    per_agency = -(-employees // AGENCIES)
    seq = Employee.objects.count()
    with transaction.atomic():
        for a in range(AGENCIES):
            agency, _ = Agency.objects.get_or_create(
                code=f"BENCH{a:02d}", defaults={"region": region, "name": f"Dinas Benchmark {a + 1}"}
            )
            head, _ = Position.objects.get_or_create(
                code=f"BENCH{a:02d}-KADIS",
                defaults={
                    "agency": agency,
                    "title": "Kepala Dinas",
                    "kind": PositionKind.JPT_PRATAMA,
                    "is_head": True,
                },
            )
            units = per_agency // (STAFF_PER_POST * 5) + 1
            posts = []
            for u in range(units):
                unit, _ = Unit.objects.get_or_create(
                    code=f"BENCH{a:02d}-U{u:03d}", defaults={"agency": agency, "name": f"Bidang {u + 1}"}
                )
                lead, _ = Position.objects.get_or_create(
                    code=f"BENCH{a:02d}-U{u:03d}-KA",
                    defaults={
                        "agency": agency,
                        "unit": unit,
                        "superior": head,
                        "title": f"Kepala Bidang {u + 1}",
                        "kind": PositionKind.ADMINISTRATOR,
                    },
                )
                for s in range(5):
                    staff, _ = Position.objects.get_or_create(
                        code=f"BENCH{a:02d}-U{u:03d}-S{s}",
                        defaults={
                            "agency": agency,
                            "unit": unit,
                            "superior": lead,
                            "title": f"Pelaksana {s + 1}",
                            "kind": PositionKind.PELAKSANA,
                        },
                    )
                    posts.append(staff)
                posts.insert(0, lead)
            posts.insert(0, head)
            missing = per_agency - Employee.objects.filter(position__agency=agency).count()
            rows = []
            for i in range(max(missing, 0)):
                seq += 1
                birth = dt.date(1970, 1, 1) + dt.timedelta(days=seq % 9000)
                tmt = dt.date(1995 + seq % 25, 1 + seq % 12, 1)
                rows.append(
                    Employee(
                        nip=make_nip(birth_date=birth, tmt=tmt, gender="L", seq=seq // 9000 + 1),
                        name=f"Pegawai Benchmark {seq}",
                        birth_date=birth,
                        gender="L",
                        status=EmployeeStatus.PNS,
                        education_level=EducationLevel.S1,
                        position=posts[i % len(posts)],
                        position_since=dt.date(2020, 1, 2),
                    )
                )
            Employee.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
    return region


def start_worker() -> subprocess.Popen:
    cmd = [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "-l", "warning", "--concurrency", "1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=os.environ.copy())
    from config.celery import app

    for _ in range(120):
        if app.control.ping(timeout=0.5):
            return proc
        time.sleep(0.5)
    proc.terminate()
    raise SystemExit("the Celery worker did not come up")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=10_000)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""):
        raise SystemExit("set DATABASE_URL (PostgreSQL) and REDIS_URL: this measures a real worker")

    t = time.perf_counter()
    region = build_region(args.employees)
    print(f"region ready in {time.perf_counter() - t:.1f} s")
    hr, _ = User.objects.get_or_create(username="bench_hr")
    hr.groups.add(Group.objects.get_or_create(name="hr")[0])
    old = AppraisalPeriod.objects.filter(region=region, year=YEAR).first()
    if old:
        Appraisal.objects.filter(period=old).delete()
        old.delete()
    period = services.period_open(region=region, year=YEAR, actor=hr)
    agencies = list(Agency.objects.filter(region=region))

    worker = start_worker()
    try:
        started = time.perf_counter()
        with transaction.atomic():
            batch = services.appraisal_batch_start(period=period, agencies=agencies, actor=hr)
        while True:
            batch = AppraisalBatch.objects.get(pk=batch.pk)
            if batch.status in (BatchStatus.FINISHED, BatchStatus.FAILED):
                break
            time.sleep(0.1)
        elapsed = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    drafts = Appraisal.objects.filter(period=period).count()
    print(
        f"batch #{batch.pk} {batch.status}: total={batch.total} created={batch.created} "
        f"skipped={batch.skipped} drafts in DB={drafts}"
    )
    print(f"wall time from start to finished: {elapsed:.2f} s ({drafts / elapsed:,.0f} SKP/s)")


if __name__ == "__main__":
    main()
