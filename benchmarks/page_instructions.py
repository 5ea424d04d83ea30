"""Instructions per request of the load run's GET pages and endpoints, counted by valgrind (callgrind):
the same figure on a busy machine as on a quiet one, so two versions of the code can be compared
while others use the CPU (CPU times there vary by +-30%; these by +-1.5%).

    .venv/bin/python benchmarks/page_instructions.py [--accounts 8] [--tree DIR ...]
    LOAD_DB=simutasi_bench100k (default; with the `bench-` accounts of benchmarks/load.py)

For each endpoint of the load mix (`ENDPOINTS_BY_NAME` of benchmarks/load.py), `--accounts` accounts of
its role (spread over them as the load run takes them) each make the request through the Django test
client, twice to warm up, then once more inside libc's qsort (a ctypes callback), so that callgrind
(`--toggle-collect=*qsort* --dump-after=qsort_r`) counts exactly those requests. The approval is made
as the load run makes it (the head of Dinas Kesehatan approves a request of the pool `load.py
--prepare` leaves waiting at his stage, committed, its notification task published to REDIS_URL's
broker), each time on another request of the pool: 3 x `--accounts` of them per tree. The Django
process only: PostgreSQL's share is not counted. Each `--tree` (a checkout of another commit, e.g.
`git worktree add /tmp/base <sha>`) is measured with the same accounts and tokens; the table gives
millions of instructions per request, and the change against the first tree.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import glob
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path


def setup_django(tree: Path) -> None:
    sys.path.insert(0, str(tree))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["DATABASE_URL"] = (
        f"postgres://postgres@127.0.0.1:5432/{os.environ.get('LOAD_DB', 'simutasi_bench100k')}"
    )
    import logging

    import django

    django.setup()
    logging.disable(logging.CRITICAL)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    # As in the load run: the approval's notification task is published to the broker (REDIS_URL),
    # not run in this process.
    settings.CELERY_TASK_ALWAYS_EAGER = False


def make_plan(accounts: int, trees: int) -> tuple[list, list[list[int]]]:
    """(endpoint, user id, path, page, token) for every request, and for each tree the requests of the
    approval pool it approves (a path's `{pool}`, taken in turn); one token per API user (a second
    token would end the first)."""
    from benchmarks.load import ENDPOINTS_BY_NAME, POOL_REASON, ensure_accounts
    from core.authentication import issue_token
    from core.models import User
    from instansi.models import Agency
    from mutasi.choices import Stage, Status
    from mutasi.models import TransferRequest

    by_role = ensure_accounts()
    # The head of Dinas Kesehatan approves (load.prepare), `accounts` times, each a request of the pool.
    by_role["approver"] = list(User.objects.filter(username="kadinkes")) * accounts
    agencies = itertools.cycle(Agency.objects.order_by("pk").values_list("pk", flat=True))
    details = itertools.cycle(
        TransferRequest.objects.filter(destination_position__agency__code="DINKES")
        .order_by("-pk")
        .values_list("pk", flat=True)[:200]
    )
    tokens: dict[int, str] = {}
    plan = []
    for name, endpoint in ENDPOINTS_BY_NAME.items():
        path, page = endpoint.path, endpoint.page
        users = [u for role in endpoint.roles for u in by_role[role]]
        for user in users[:: max(1, len(users) // accounts)][:accounts]:
            if not page and user.pk not in tokens:
                tokens[user.pk] = issue_token(user).key
            url = path.format(agency=next(agencies), detail=next(details), pool="{pool}")
            plan.append((name, user.pk, url, page, tokens.get(user.pk)))
    each = 3 * sum(1 for p in plan if "{pool}" in p[2])
    pool = list(
        TransferRequest.objects.filter(
            reason=POOL_REASON, status=Status.IN_REVIEW, current_stage=Stage.DESTINATION_HEAD
        )
        .order_by("pk")
        .values_list("pk", flat=True)[: each * trees]
    )
    if len(pool) < each * trees:
        raise SystemExit(
            f"{len(pool)} requests wait for approval, {each * trees} needed: run load.py --prepare"
        )
    return plan, [pool[i * each : (i + 1) * each] for i in range(trees)]


def child(plan_file: str, order_file: str, tree: str) -> None:
    """Inside valgrind: warm up, then each endpoint's requests inside one qsort call."""
    from django.test import Client

    from core.models import User

    plan, pools = json.loads(Path(plan_file).read_text())
    pool = iter(pools[int(tree)])

    def request(client, path):
        if "{pool}" in path:
            response = client.post(
                path.format(pool=next(pool)), {"note": "Setuju."}, content_type="application/json"
            )
        else:
            response = client.get(path)
        return response.status_code

    users = User.objects.in_bulk([p[1] for p in plan])
    clients = {}
    for _name, uid, _path, page, token in plan:
        if (uid, page) not in clients:
            if page:
                clients[(uid, page)] = Client()
                clients[(uid, page)].force_login(users[uid])
            else:
                clients[(uid, page)] = Client(HTTP_AUTHORIZATION=f"Token {token}")
    for name, uid, path, page, _token in plan:
        for _ in range(2):
            status = request(clients[(uid, page)], path)
            assert status == 200, (name, path, status)
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    compare = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
    order = []
    for name in dict.fromkeys(p[0] for p in plan):
        items = [p for p in plan if p[0] == name]
        done: list[bool] = []

        def run(_a, _b, items=items, done=done):
            if not done:
                done.append(True)
                for _n, uid, path, page, _token in items:
                    request(clients[(uid, page)], path)
            return 0

        pair = (ctypes.c_int * 2)(1, 2)
        libc.qsort(pair, 2, ctypes.sizeof(ctypes.c_int), compare(run))
        order.append((name, len(items)))
    Path(order_file).write_text(json.dumps(order))


def measure(tree: Path, plan_file: str, work: str, label: str, index: int) -> dict[str, float]:
    out = f"{work}/{label}.out"
    order_file = f"{work}/{label}.order"
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            "--toggle-collect=*qsort*",
            "--dump-after=qsort_r",
            str(tree / ".venv/bin/python"),
            str(Path(__file__).resolve()),
            "--child",
            plan_file,
            order_file,
            str(index),
        ],
        cwd=tree,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{tree}: the measured process failed\n{done.stderr[-3000:]}")
    order = json.loads(Path(order_file).read_text())
    totals = []
    for dump in sorted(glob.glob(f"{out}.*"), key=lambda f: int(f.rsplit(".", 1)[1])):
        found = re.search(r"^totals: (\d+)", Path(dump).read_text(), re.M)
        if found and int(found.group(1)) > 10**6:  # qsort_r calls outside the measured ones count ~0
            totals.append(int(found.group(1)))
    if len(totals) != len(order):
        raise SystemExit(f"{tree}: {len(totals)} dumps for {len(order)} endpoints")
    return {name: total / n / 1e6 for (name, n), total in zip(order, totals, strict=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=8, help="accounts per endpoint")
    parser.add_argument("--tree", action="append", default=[], help="another checkout to measure")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        setup_django(Path.cwd())
        child(*args.child)
        return
    here = Path(__file__).resolve().parents[1]
    setup_django(here)
    trees = [Path(t).resolve() for t in args.tree] + [here]
    with tempfile.TemporaryDirectory() as work:
        plan_file = f"{work}/plan.json"
        Path(plan_file).write_text(json.dumps(make_plan(args.accounts, len(trees))))
        results = [measure(tree, plan_file, work, f"t{i}", i) for i, tree in enumerate(trees)]
    names = list(results[0])
    head = " | ".join(str(t) for t in trees)
    print(f"| request | {head} |" + (" change |" if len(trees) > 1 else ""))
    print("|---|" + "---:|" * len(trees) + ("---:|" if len(trees) > 1 else ""))
    for name in [*names, "mean"]:
        values = [(sum(r.values()) / len(r) if name == "mean" else r[name]) for r in results]
        change = f" {100 * (values[-1] - values[0]) / values[0]:+.1f}% |" if len(trees) > 1 else ""
        print(f"| {name} | " + " | ".join(f"{v:.2f}" for v in values) + " |" + change)


if __name__ == "__main__":
    main()
