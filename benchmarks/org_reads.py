"""Response time and query count of the organisation reads at growing agency sizes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi_bench_b .venv/bin/python benchmarks/org_reads.py

Builds its own data in the database named by DATABASE_URL (migrating it first; it must be a scratch
database): one agency whose single post is held by N employees, N in SIZES, added with bulk inserts.
Measures, as the `atasan`-like supervisor of that post, the median of REPEAT requests to
`GET /api/v1/employees/?agency=<id>` (first page of 50), the agency page `/opd/<id>/` and
`/profil/`, plus their query counts. Prints a Markdown table for docs/BENCHMARKS.md.
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

SIZES = [10, 1_000, 10_000, 100_000]
REPEAT = 7


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from core.models import User
    from instansi.choices import EducationLevel, EmployeeStatus, Gender, PositionKind, RegionKind
    from instansi.models import Agency, Employee, Position, Region
    from instansi.nip import make_nip

    region, _ = Region.objects.get_or_create(name="Bench Org Reads", kind=RegionKind.KOTA)
    agency, _ = Agency.objects.get_or_create(
        code="BENCH-B", defaults={"region": region, "name": "Dinas Uji Beban"}
    )
    head, _ = Position.objects.get_or_create(
        code="BENCH-B-HEAD",
        defaults={"agency": agency, "title": "Kepala Seksi Uji", "kind": PositionKind.PENGAWAS},
    )
    post, _ = Position.objects.get_or_create(
        code="BENCH-B-STAFF",
        defaults={
            "agency": agency,
            "title": "Pelaksana Uji",
            "kind": PositionKind.PELAKSANA,
            "superior": head,
        },
    )
    user, created = User.objects.get_or_create(username="bench-atasan")
    if created:
        user.set_password("x")
        user.save()
    if not Employee.objects.filter(user=user).exists():
        Employee.objects.create(
            user=user,
            nip=make_nip(
                birth_date=dt.date(1950, 1, 1), tmt=dt.date(1975, 1, 1), gender=Gender.MALE, seq=999
            ),
            name="Atasan Uji",
            birth_date=dt.date(1950, 1, 1),
            gender=Gender.MALE,
            status=EmployeeStatus.PNS,
            education_level=EducationLevel.S1,
            position=head,
        )

    client = Client()
    client.force_login(user)
    urls = {
        "API employees?agency": f"/api/v1/employees/?agency={agency.pk}",
        "agency page /opd/<id>/": f"/opd/{agency.pk}/",
        "Profil saya": "/profil/",
    }
    rows = []
    for size in SIZES:
        have = Employee.objects.filter(position=post).count()
        batch = []
        for i in range(have, size):
            birth = dt.date(1951, 1, 1) + dt.timedelta(days=i % 12000)
            tmt = dt.date(birth.year + 20 + i // 12000, 1, 1)
            batch.append(
                Employee(
                    nip=make_nip(birth_date=birth, tmt=tmt, gender=Gender.MALE, seq=1),
                    name=f"Pegawai Uji {i:06d}",
                    birth_date=birth,
                    gender=Gender.MALE,
                    status=EmployeeStatus.PNS,
                    education_level=EducationLevel.S1,
                    position=post,
                )
            )
        Employee.objects.bulk_create(batch, batch_size=5000)
        for label, url in urls.items():
            client.get(url)  # warm-up
            timings = []
            for _ in range(REPEAT):
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            rows.append((size, label, statistics.median(timings), len(queries)))
            print(
                f"{size:>7} {label:<24} {statistics.median(timings):8.1f} ms {len(queries):3d} queries",
                flush=True,
            )

    print(f"\n| holders of one post | request | median ms ({connection.vendor}) | queries |")
    print("|---:|---|---:|---:|")
    for size, label, ms, n in rows:
        print(f"| {size:,} | {label} | {ms:.1f} | {n} |")


if __name__ == "__main__":
    main()
