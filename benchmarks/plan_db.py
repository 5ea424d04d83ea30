"""The transfer plan through the database, as HR starts it (issue 20, "the plan at 100,000 employees").

    createdb -h 127.0.0.1 -U postgres -T <a seeded 100k database> simutasi_plan100k
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi_plan100k \\
        .venv/bin/python benchmarks/plan_db.py [--repeat 3] [--baseline-commit d59dd59] [--write-docs]

The database is one `seed_demo --employees 100000` (which ends with a finished workload run, the
kinerja appraisals and the talent grid). Each run is what HR's "Buat rencana" does: `plan_build` (the
plan row, the frozen weights, the audit row), then the Celery task's body `plan_compute` (reading
the region, scoring, solving, explaining, storing the items), for the whole region; its phases come
from the plan's own `solver_stats` (read, score) and the clock (solve and explain = compute - read -
score; store = the rest). Each run's process is first made ready as a running Celery worker is
(`_as_a_running_worker`: tasks, result backend and broker transport loaded, broker connected), so
the plan does not pay a fresh process's first publish.

Baseline in the same run: `--baseline-commit` exports that commit with `git archive` (the code
before the set-based candidate reading) and runs this script's `--worker` mode from it in a
subprocess on the same database, interleaved with the current code, also run in a fresh subprocess
each time (base, new, base, new, ...)
because other engineers' work moves the machine's load; medians of `--repeat` each. Also timed on
their own, in this process: reading the candidates set-based (`mutasi.eligibility.sets.eligible_set`)
against the per-candidate reference (`sets.per_candidate`, every rule through `check_many`), which
must select the same people with the same exclusion counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

ROOT = Path(__file__).resolve().parent.parent  # this checkout (git archive reads the baseline from it)


def _as_a_running_worker() -> None:
    """What a Celery worker has done before it runs `plan_compute`: loaded the tasks' modules, its
    result backend and its broker's transport, and connected to the broker. A fresh process pays it on the plan's first
    publish (the notification's e-mail task, on commit): importing kombu's Redis transport and redis
    was 0.13-0.15 s of the process's CPU inside the timed plan, which no plan in a running worker
    pays. Done before the clock starts, on both sides of the comparison."""
    from config.celery import app

    app.loader.import_default_modules()
    app.backend  # noqa: B018 - the result backend, which a worker sets up at start
    with app.producer_or_acquire() as producer:
        producer.connection.ensure_connection(max_retries=1)


def one_plan() -> dict:
    """One plan for the whole demo region as HR starts it, in a process that is ready as a running
    worker is (`_as_a_running_worker`); its times and figures."""
    from core.models import User
    from instansi.demo import demo_region
    from planning import services

    _as_a_running_worker()
    region = demo_region()
    hr = User.objects.get(username="bkpsdm")
    started, cpu = time.perf_counter(), time.process_time()
    with mock.patch.object(services, "_enqueue", lambda plan_id: None):  # the worker's part below
        plan = services.plan_build(actor=hr, region=region, name="Ukur rencana 100k")
    built = time.perf_counter()
    plan = services.plan_compute(plan_id=plan.pk)
    total, cpu = time.perf_counter() - started, time.process_time() - cpu
    stats = plan.solver_stats or {}
    compute = stats.get("total_seconds", 0.0)
    return {
        "plan": plan.pk,
        "status": plan.status,
        "total": total,
        "cpu": cpu,
        "build": built - started,
        "read": stats.get("read_seconds", 0.0),
        "score": stats.get("score_seconds", 0.0),
        "solve": compute - stats.get("read_seconds", 0.0) - stats.get("score_seconds", 0.0),
        "store": total - (built - started) - compute,
        "candidates": plan.candidates_total,
        "slots": plan.slots_total,
        "filled": plan.slots_filled,
        "total_fit": str(plan.total_fit),
        "arcs": stats.get("arcs_scored"),
        "network": stats.get("arcs_in_network"),
        "excluded": stats.get("excluded_by_rule", {}),
        "talent": stats.get("talent", {}),
    }


def candidate_reading() -> dict:
    """The candidates of the plan read set-based and per candidate: times and the same answer."""
    from django.utils import timezone

    from instansi.demo import demo_region
    from instansi.models import Employee, Policy
    from mutasi.eligibility.sets import eligible_set, per_candidate
    from planning import selectors

    region = demo_region()
    policy = Policy.objects.get(region=region)
    today = timezone.localdate()
    _run, required = selectors._needs(region, None)
    _gap, _shortage, surplus = selectors._gaps(region, None, required)
    holders = Employee.objects.filter(position_id__in=sorted(surplus), is_active=True)
    ids = list(holders.values_list("pk", flat=True))
    started = time.perf_counter()
    chosen, counts = eligible_set(holders, policy=policy, today=today)
    set_s = time.perf_counter() - started
    started = time.perf_counter()
    expected, expected_counts = per_candidate(ids, today=today)
    per_s = time.perf_counter() - started
    return {
        "holders": len(ids),
        "candidates": len(chosen),
        "set_s": set_s,
        "per_candidate_s": per_s,
        "same": chosen == expected and counts == expected_counts,
    }


def _baseline_tree(commit: str) -> Path:
    tree = Path(tempfile.mkdtemp(prefix="plan_db_base_"))
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    (tree / ".venv").symlink_to(ROOT / ".venv")
    (tree / "benchmarks" / "plan_db.py").write_text(
        Path(__file__).read_text(encoding="utf-8"), encoding="utf-8"
    )
    return tree


def _run_worker(tree: Path) -> dict:
    """One plan in a fresh process run from `tree` (this checkout or the baseline's): both sides pay
    the same first-use costs (imports, the first large numpy allocations)."""
    out = subprocess.run(
        [sys.executable, "benchmarks/plan_db.py", "--worker"],
        cwd=tree,
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-commit", default="")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(one_plan()))
        return

    from instansi.demo import demo_region
    from instansi.models import Employee

    region = demo_region()
    if region is None:
        sys.exit("Run `manage.py seed_demo --employees 100000` first.")
    employees = Employee.objects.filter(position__agency__region=region, is_active=True).count()
    load_start = os.getloadavg()
    tree = _baseline_tree(args.baseline_commit) if args.baseline_commit else None
    new, base = [], []
    for _ in range(args.repeat):
        if tree is not None:
            base.append(_run_worker(tree))
            print("base", json.dumps(base[-1]), flush=True)
        new.append(_run_worker(ROOT))
        print("new ", json.dumps(new[-1]), flush=True)
    reading = [candidate_reading() for _ in range(args.repeat)]
    load_end = os.getloadavg()

    last = new[-1]
    lines = [
        f"Measured {dt.date.today().isoformat()} with `benchmarks/plan_db.py --repeat {args.repeat}"
        + (f" --baseline-commit {args.baseline_commit}" if args.baseline_commit else "")
        + f"` on a copy of one `seed_demo --employees 100000` ({employees:,} active employees, its "
        f"finished workload run and talent grid): one plan for the whole region as HR starts it "
        f"(`plan_build`, then the task body `plan_compute`), {last['candidates']:,} candidates x "
        f"{last['slots']:,} slots ({last['arcs']:,} pairs reaching the minimum fit, "
        f"{last['network']:,} arcs after pruning), {last['filled']:,} slots filled, total fit "
        f"{last['total_fit']}. Machine: {os.cpu_count()} CPU shared with other engineers' work, load "
        f"average {load_start[0]:.1f} at the start and {load_end[0]:.1f} at the end. Seconds, medians of "
        f'{args.repeat} (each column on its own), runs interleaved; "this process\'s CPU" is the Python '
        f"process's own CPU time (the database's work and the waits for a core are the rest).",
        "",
        "| code | end to end | this process's CPU | read (candidates, slots) | score | solve + explain "
        "| build + store | filled / total fit |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]

    def row(label: str, runs: list[dict]) -> str:
        return (
            f"| {label} | **{_median(runs, 'total'):.2f}** | {_median(runs, 'cpu'):.2f} | "
            f"{_median(runs, 'read'):.2f} | "
            f"{_median(runs, 'score'):.2f} | {_median(runs, 'solve'):.2f} | "
            f"{_median(runs, 'build') + _median(runs, 'store'):.2f} | "
            f"{runs[-1]['filled']:,} / {runs[-1]['total_fit']} |"
        )

    if base:
        lines.append(row(f"before (commit {args.baseline_commit})", base))
    lines.append(row("after (this branch)", new))
    lines += [
        "",
        f"Reading the candidates alone ({reading[-1]['holders']:,} active holders of the surplus posts, "
        f"{reading[-1]['candidates']:,} pass every blocking employee-side rule): set-based in the database "
        f"{statistics.median(r['set_s'] for r in reading):.2f} s against "
        f"{statistics.median(r['per_candidate_s'] for r in reading):.2f} s per candidate through "
        f"`check_many` (medians of {args.repeat}); the same people and the same exclusion counts: "
        f"{'yes' if all(r['same'] for r in reading) else 'NO'}. Excluded by rule: "
        + ", ".join(f"{code} {n:,}" for code, n in sorted(last["excluded"].items()))
        + ".",
    ]
    if base and (base[-1]["filled"], base[-1]["total_fit"]) != (last["filled"], last["total_fit"]):
        lines.append("")
        lines.append("**The baseline and this branch disagree on the plan's figures.**")
    body = "\n".join(lines)
    print()
    print(body)
    if args.write_docs:
        from benchmarks._common import replace_section

        replace_section("plan-db-100k", body)


if __name__ == "__main__":
    main()
