"""One request at a time: time, SQL time and query count of the hot endpoints of the load test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi_load REDIS_URL=redis://127.0.0.1:6379/13 \
        .venv/bin/python benchmarks/hot_paths.py [--repeat 15] [--only employees transfers ...]

Runs in-process with Django's test client against the seeded load database (`benchmarks/load.py`
makes it), as `kadinkes` (head of Dinas Kesehatan), with DEBUG off. The dashboard is measured twice:
`cold` (its cache entry deleted before each request) and `cached`. Each approval runs inside a
transaction that is rolled back, so the pool of waiting requests is not used up. `transfers` is the
first page of the transfer list as HR (`bkpsdm`, every request of the region); `board` is the agency
transfer board of the dashboard alone (mutasi.selectors.agency_transfer_board, the viewer
already loaded), and its query by mutasi.selectors.board_sql against the ORM query it must equal. Prints a Markdown
table: median and best time per request, the median time spent in SQL, queries, response size.
Complements the load test: it shows what one request costs, without the queueing of 32 clients.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ["DEBUG"] = "false"


class Rollback(Exception):
    pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", nargs="*", help="the cases to run (names as printed), e.g. employees")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.db.models import Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.authentication import issue_token
    from core.models import User
    from instansi.models import Agency
    from mutasi import selectors
    from mutasi.choices import Stage, Status
    from mutasi.models import TransferRequest
    from mutasi.selectors import board as board_module
    from mutasi.selectors import board_sql

    settings.ALLOWED_HOSTS = ["*"]
    kadinkes = User.objects.get(username="kadinkes")
    dinkes = Agency.objects.get(code="DINKES")
    token = issue_token(kadinkes).key  # a fresh one: tokens expire (API_TOKEN_LIFETIME_HOURS)
    page_client = Client()
    page_client.force_login(kadinkes)
    api = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT="application/json")
    hr_token = issue_token(User.objects.get(username="bkpsdm")).key
    hr_api = Client(HTTP_AUTHORIZATION=f"Token {hr_token}", HTTP_ACCEPT="application/json")
    detail_ids = list(
        TransferRequest.objects.filter(destination_position__agency=dinkes)
        .order_by("-pk")
        .values_list("pk", flat=True)[:50]
    )
    pool = list(
        TransferRequest.objects.filter(
            destination_agency=dinkes, status=Status.IN_REVIEW, current_stage=Stage.DESTINATION_HEAD
        ).values_list("pk", flat=True)[: args.repeat + 1]
    )

    def dashboard_cold():
        cache.clear()
        return page_client.get("/dasbor/")

    class Rendered:  # the board is a function call, not a request: no response to check
        status_code, content = 200, b""

    def board():
        selectors.agency_transfer_board(viewer=kadinkes, agency_id=dinkes.pk)
        return Rendered

    def board_query(fast: bool):
        """The board's query alone: mutasi.selectors.board_sql (PostgreSQL) or the ORM query it must equal."""
        visible = selectors.visible_transfers(
            kadinkes,
            TransferRequest.objects.filter(
                Q(origin_agency=dinkes) | Q(destination_agency=dinkes),
                status__in=board_module.BOARD_STATUSES,
            ),
        )
        if fast:
            board_sql.board_requests(visible, agency_id=dinkes.pk, limit=board_module.BOARD_ROWS)
        else:
            list(board_module._board_queryset(visible, dinkes.pk))
        return Rendered

    def approve(i):
        pk = pool[i % len(pool)]
        try:
            with transaction.atomic():
                response = api.post(
                    f"/api/v1/transfers/{pk}/approve/", {"note": "Setuju."}, content_type="application/json"
                )
                raise Rollback(response)
        except Rollback as done:
            return done.args[0]

    cases = {
        "dashboard (cold)": lambda i: dashboard_cold(),
        "dashboard (cached)": lambda i: page_client.get("/dasbor/"),
        "employees": lambda i: api.get(f"/api/v1/employees/?agency={dinkes.pk}"),
        "transfers": lambda i: hr_api.get("/api/v1/transfers/"),
        "transfer detail": lambda i: api.get(f"/api/v1/transfers/{detail_ids[i % len(detail_ids)]}/"),
        "approve": approve if pool else None,
        "board": lambda i: board(),
        "board query (statement)": lambda i: board_query(True),
        "board query (ORM)": lambda i: board_query(False),
    }
    if args.only:
        cases = {name: call for name, call in cases.items() if name in args.only}
    print("| request | median ms | best ms | SQL ms (median) | queries | bytes |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, call in cases.items():
        if call is None:
            print(f"| {name} | - | - | - | - | (no request waiting at destination_head) |")
            continue
        call(0)  # warm-up: imports, connections, the cache for `cached`
        times, sql, queries, size = [], [], 0, 0
        for i in range(args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = call(i + 1)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 201), (name, response.status_code, response.content[:300])
            sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
            queries, size = len(ctx.captured_queries), len(response.content)
        print(
            f"| {name} | {statistics.median(times):.1f} | {min(times):.1f} | "
            f"{statistics.median(sql):.1f} | {queries} | {size:,} |"
        )


if __name__ == "__main__":
    main()
