"""What each page and endpoint of the load run costs one request at a time (no queue): wall time, CPU
of this process (Django) and query count, median of --repeat requests after a warm-up, through the
Django test client against a seeded database (default the load benchmark's `simutasi_bench100k`, with
its `bench-` accounts: run `benchmarks/load.py` once first).

    .venv/bin/python benchmarks/page_costs.py [--repeat 25] [names ...]
    LOAD_DB=simutasi_bench100k (default)
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["DATABASE_URL"] = (
    f"postgres://postgres@127.0.0.1:5432/{os.environ.get('LOAD_DB', 'simutasi_bench100k')}"
)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    from core.models import User
    from instansi.models import Agency
    from mutasi.models import TransferRequest

    employee = User.objects.filter(username__startswith="bench-", groups__isnull=True).order_by("id")[5]
    hr, head, supervisor = (User.objects.get(username=n) for n in ("bkpsdm", "kadinkes", "atasan"))
    dinkes = Agency.objects.get(pk=head.employee.position.agency_id)
    transfer = TransferRequest.objects.order_by("-id").first()
    cases = [
        ("profile", employee, "/profil/"),
        ("my_transfers", employee, "/mutasi/"),
        ("my_skp", employee, "/kinerja/"),
        ("me", employee, "/api/v1/employees/me/"),
        ("appraisees", supervisor, "/kinerja/penilaian/"),
        ("inbox", head, "/mutasi/kotak-masuk/"),
        ("dashboard", head, "/dasbor/"),
        ("hr_transfers", hr, "/mutasi/"),
        ("employees", hr, f"/api/v1/employees/?agency={dinkes.pk}"),
        ("transfer_detail", hr, f"/api/v1/transfers/{transfer.pk}/"),
        ("healthz", None, "/healthz/"),
    ]
    print("| request | wall ms | CPU ms | queries | bytes |\n|---|---:|---:|---:|---:|")
    for name, user, path in cases:
        if args.names and name not in args.names:
            continue
        client = Client()
        if user is not None:
            client.force_login(user)
        for _ in range(3):
            response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        wall, cpu = [], []
        for _ in range(args.repeat):
            t, p = time.perf_counter(), time.process_time()
            client.get(path)
            cpu.append(time.process_time() - p)
            wall.append(time.perf_counter() - t)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(
            f"| {name} `{path}` | {statistics.median(wall) * 1000:.1f} | {statistics.median(cpu) * 1000:.1f} "
            f"| {len(queries)} | {len(response.content):,} |"
        )


if __name__ == "__main__":
    main()
