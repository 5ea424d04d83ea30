"""Benchmark of the workload analysis (issue 4, `make bench`).

Generates a region at 10,000 / 100,000 / 1,000,000 employees (about 6 employees and 10 tasks per
post) in a separate PostgreSQL database with `INSERT ... SELECT generate_series` (seconds, not
minutes), then times in the same process:
- `workload.analysis.run_analysis` (the real thing, in process: run row, the INSERT ... SELECT of
  every position row, unit and agency roll-ups, join step, Position.required_staff update, audit
  rows), median of 3 runs after a first one (reported apart: it writes every required_staff);
- the floor: ONE hand-written SQL aggregate computing the same per-position figures (hours, current,
  exact, required, gap, EJ, PJ) over the whole region, reduced server-side to one row so that no
  transfer or write is counted: what no implementation can beat. Median of 3, interleaved with the
  runs so both see the same machine load.
and prints a Markdown table. Results and the command are in docs/BENCHMARKS.md.

    .venv/bin/python benchmarks/workload.py                 # 10k, 100k, 1M
    .venv/bin/python benchmarks/workload.py --sizes 10000 100000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi_bench_workload (default)

The database named in BENCH_DATABASE_URL is dropped and created by the script.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks._common import drop_database, recreate_database  # noqa: E402

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/simutasi_bench_workload")


def setup_django() -> None:
    os.environ["DATABASE_URL"] = BENCH_URL
    os.environ.pop("REDIS_URL", None)  # run_analysis is in-process; no broker needed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def generate(employees: int) -> dict:
    """Fresh data for one size, all in SQL. Agencies scale with size (a province-sized region at 1M)."""
    from django.db import connection

    from instansi.models import Policy, Region

    positions = max(employees // 6, 1)
    agencies = max(20, employees // 5000)
    units = max(positions // 10, agencies)
    tasks = positions * 10
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE instansi_workloadresult, instansi_workloadrun, instansi_employee, instansi_workloadtask, "
            "instansi_position, instansi_unit, instansi_agency, instansi_policy, instansi_region, "
            "core_auditevent RESTART IDENTITY CASCADE"
        )
    region = Region.objects.create(name="Pemerintah Provinsi Bench", kind="provinsi")
    Policy.objects.create(region=region)
    steps = [
        (
            """INSERT INTO instansi_agency (created_at, updated_at, code, name, short_name, kind, is_hr_agency, region_id)
               SELECT now(), now(), 'OPD' || g, 'Perangkat Daerah ' || g, '', 'dinas', false, %(region)s
               FROM generate_series(1, %(agencies)s) g""",
        ),
        (
            """INSERT INTO instansi_unit (created_at, updated_at, code, name, agency_id)
               SELECT now(), now(), 'U' || g, 'Unit ' || g, a.id
               FROM generate_series(1, %(units)s) g
               JOIN instansi_agency a ON a.code = 'OPD' || (1 + g %% %(agencies)s)""",
        ),
        (
            # Every 25th post has no tasks ("not analysed") so that path is timed too.
            """INSERT INTO instansi_position (created_at, updated_at, code, title, kind, grade, is_head, special_role,
                   required_education_levels, required_education_fields, competency_tags, agency_id, unit_id)
               SELECT now(), now(), 'J' || g, 'Jabatan ' || g, 'pelaksana', 7, false, '', '[]', '[]', '[]',
                      u.agency_id, u.id
               FROM generate_series(1, %(positions)s) g
               JOIN instansi_unit u ON u.code = 'U' || (1 + g %% %(units)s)""",
        ),
        (
            """INSERT INTO instansi_workloadtask (created_at, updated_at, description, output_unit, annual_volume,
                   standard_minutes, position_id)
               SELECT now(), now(), 'Tugas ' || t, 'dokumen', 100 + (p.id * 7 + t * 13) %% 900,
                      5 + (p.id * 3 + t * 11) %% 55, p.id
               FROM instansi_position p CROSS JOIN generate_series(1, 10) t
               WHERE p.id %% 25 <> 0""",
        ),
        (
            """INSERT INTO instansi_employee (created_at, updated_at, nip, name, front_title, back_title, birth_date,
                   gender, status, golongan, education_level, education_field, competencies, phone, email,
                   under_sanction, in_court_case, on_study_assignment, in_service_bond, open_audit_finding,
                   is_active, position_id)
               SELECT now(), now(), lpad(g::text, 18, '0'), 'Pegawai ' || g, '', '', DATE '1980-01-01', 'L', 'pns',
                      '', 's1', '', '[]', '', '', false, false, false, false, false, g %% 50 <> 0,
                      (SELECT min(id) FROM instansi_position) + (g::bigint * 7919) %% %(positions)s
               FROM generate_series(1, %(employees)s) g""",
        ),
    ]
    params = {
        "region": region.pk,
        "agencies": agencies,
        "units": units,
        "positions": positions,
        "employees": employees,
    }
    with connection.cursor() as cur:
        for (statement,) in steps:
            cur.execute(statement, params)
        cur.execute("VACUUM ANALYZE")
        # Write the generator's dirty pages out now, so the checkpointer does not do it during the
        # timed repetitions (it needs the pg_checkpoint role or superuser; skipped without).
        try:
            cur.execute("CHECKPOINT")
        except Exception as exc:  # noqa: BLE001 - a benchmark on a restricted account still runs
            print(f"    (no CHECKPOINT: {exc})", file=sys.stderr)
        cur.execute("SELECT count(*) FROM instansi_workloadtask")
        tasks = cur.fetchone()[0]
    return {"region": region, "positions": positions, "agencies": agencies, "tasks": tasks}


# The floor: the same per-position figures as workload.analysis (REGULATION.md 2), one statement over
# the whole region. FLOOR_SQL folds them into one row server-side, so neither transfer nor writes are
# counted: what no implementation can beat. FLOOR_WRITE_SQL stores the same rows into a bare temporary
# table (no index, no constraint): the floor of any implementation that keeps its results.
PER_POSITION_SQL = """
    SELECT id, agency_id, unit_id, hours, cur, exact, req, cur - req AS gap, ej,
           CASE WHEN ej IS NULL THEN '' WHEN ej > 1.00 THEN 'A' WHEN ej >= 0.90 THEN 'B'
                WHEN ej >= 0.70 THEN 'C' WHEN ej >= 0.50 THEN 'D' ELSE 'E' END AS pj
    FROM (
        SELECT id, agency_id, unit_id, hours, cur, exact, CAST(FLOOR(exact + 0.5) AS INTEGER) AS req,
               CASE WHEN cur > 0 THEN ROUND(hours / (cur * 1250), 3) END AS ej
        FROM (
            SELECT p.id, p.agency_id, p.unit_id, t.hours, COALESCE(e.cur, 0) AS cur,
                   ROUND(t.hours / 1250, 3) AS exact
            FROM instansi_position p
            JOIN instansi_agency a ON a.id = p.agency_id
            LEFT JOIN (SELECT position_id, ROUND(SUM(annual_volume * standard_minutes) / 60.0, 2) AS hours
                       FROM instansi_workloadtask GROUP BY position_id) t ON t.position_id = p.id
            LEFT JOIN (SELECT position_id, COUNT(*) AS cur FROM instansi_employee
                       WHERE is_active GROUP BY position_id) e ON e.position_id = p.id
            WHERE a.region_id = %s
        ) base
    ) figures
"""
FLOOR_SQL = f"SELECT count(*), sum(req), sum(gap), sum(CASE WHEN pj = 'A' THEN 1 ELSE 0 END) FROM ({PER_POSITION_SQL}) f"
FLOOR_WRITE_SQL = f"CREATE TEMP TABLE bench_floor_rows ON COMMIT DROP AS {PER_POSITION_SQL}"


REPEAT = 3


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench(employees: int) -> dict:
    from django.db import connection, transaction

    from workload.analysis import WORK_MEM, run_analysis

    t0 = time.perf_counter()
    data = generate(employees)
    gen_s = time.perf_counter() - t0
    region = data["region"]

    # The floor gets the same memory the analysis sets for itself (workload.analysis.WORK_MEM).
    def floor():
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            cur.execute(FLOOR_SQL, [region.pk])
            return cur.fetchone()

    def floor_write():
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            cur.execute(FLOOR_WRITE_SQL, [region.pk])

    floor()  # warm the cache the same way for both
    # Interleaved (run, floor, run, floor, ...) so both see the same machine load; median of 3.
    first_s = timed(lambda: run_analysis(region=region))  # also writes every Position.required_staff
    run_all, floor_all, write_all = [], [], []
    for _ in range(REPEAT):
        run_all.append(timed(lambda: run_analysis(region=region)))
        floor_all.append(timed(floor))
        write_all.append(timed(floor_write))
    run_s, floor_s = statistics.median(run_all), statistics.median(floor_all)
    write_s = statistics.median(write_all)
    # Same figures: the floor's sums equal the stored position rows of the last run.
    from workload.models import WorkloadResult, WorkloadRun

    last = WorkloadRun.objects.filter(region=region).order_by("-pk").first()
    stored = WorkloadResult.objects.filter(run=last, level="position", analysed=True)
    count, req_sum, gap_sum, _a = floor()
    from django.db.models import Sum

    agg = stored.aggregate(req=Sum("required"), gap=Sum("gap"))
    assert int(req_sum) == agg["req"] and int(gap_sum) == agg["gap"], (req_sum, gap_sum, agg)
    return {
        "employees": employees,
        "positions": data["positions"],
        "agencies": data["agencies"],
        "tasks": data["tasks"],
        "generate_s": gen_s,
        "run_s": run_s,
        "run_first_s": first_s,
        "floor_s": floor_s,
        "ratio": run_s / floor_s,
        "write_s": write_s,
        "write_ratio": run_s / write_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions per size (median)")
    args = parser.parse_args()
    global REPEAT
    REPEAT = args.repeat

    recreate_database(BENCH_URL)
    setup_django()
    rows = []
    for size in args.sizes:
        print(f"... {size:,} employees", file=sys.stderr, flush=True)
        rows.append(bench(size))
        r = rows[-1]
        print(
            f"    generated in {r['generate_s']:.1f} s; run {r['run_s']:.3f} s (first {r['run_first_s']:.3f} s), "
            f"floor {r['floor_s']:.3f} s, floor + write {r['write_s']:.3f} s",
            file=sys.stderr,
            flush=True,
        )
    print()
    print(
        "| employees | agencies | positions | tasks | run median (s) | first run (s) | floor median (s) "
        "| ratio | floor + write median (s) | ratio to floor + write |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['employees']:,} | {r['agencies']:,} | {r['positions']:,} | {r['tasks']:,} | {r['run_s']:.3f} "
            f"| {r['run_first_s']:.3f} | {r['floor_s']:.3f} | {r['ratio']:.2f} | {r['write_s']:.3f} "
            f"| {r['write_ratio']:.2f} |"
        )
    by_size = {r["employees"]: r for r in rows}
    if 100_000 in by_size and 1_000_000 in by_size:
        growth = by_size[1_000_000]["run_s"] / by_size[100_000]["run_s"]
        print(f"\nGrowth 100k -> 1M: x{growth:.2f} for x10 data (linear = x10).")
    if 100_000 in by_size:
        ratio = by_size[100_000]["ratio"]
        print(f"At 100,000 employees the analysis takes {ratio:.2f}x the SQL floor (target <= 2x).")
    if not args.keep:
        from django.db import connections

        connections.close_all()
        drop_database(BENCH_URL)


if __name__ == "__main__":
    main()
