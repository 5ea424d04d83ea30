"""Benchmark of the talent grid (issue 20 "Must show"): the region's nine-box grid at 100,000 employees
against a hand-written SQL floor, in the same run.

1. A database of its own (BENCH_DATABASE_URL, default `simutasi_bench_talenta`): a copy of a seeded
   database (`--from-db`, default `simutasi_bench100k`, made with `seed_demo --employees 100000`; copied
   with `CREATE DATABASE ... TEMPLATE`, so the seeded one is never touched), migrated, then given the
   demo's assessments (`talenta.demo.seed_assessments`: about 70% of employees, some expired).
2. For each of --repeat repetitions, interleaved so that both see the same machine load:
   - **grid**: what the Celery task does, in this process: `talent_grid_start` (the rubric frozen, the
     grid row, its audit row) and `talent_grid_compute` (the task's body: one CREATE TEMP TABLE ... AS
     SELECT for every employee of the region copied into the entries and the counts, the grid finished,
     its audit row), each committed;
   - **floor + write**: ONE hand-written statement giving every employee the same scores, bands and box
     (constants of the default rubric written into it, DISTINCT ON for the newest assessment), stored
     with every column the grid keeps into a bare temporary table (no index, no constraint, no WAL), in
     a transaction rolled back afterwards: the least any implementation that keeps its result must pay;
   - **strict floor**: the same statement keeping only each employee's box.
3. Checks that the floor gives exactly the grid's scores, bands and box per employee, and prints a Markdown table (medians,
   ratio grid / floor, data size, date and command); `--write-docs` puts it in docs/BENCHMARKS.md.

    .venv/bin/python benchmarks/talenta_grid.py --repeat 7
    .venv/bin/python benchmarks/talenta_grid.py --from-db simutasi_bench100k --repeat 7 --write-docs
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks._common import clone_database, replace_section  # noqa: E402

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/simutasi_bench_talenta")

FLOOR_SELECT = """
SELECT e.id AS employee_id, e.agency_id, e.unit_id, e.position_id, e.pred1, e.pred2, pp / 100.0 AS performance_score,
  (ARRAY['below','meets','above'])[pr] AS performance_band, e.assessment_id, e.valid_until,
  CASE WHEN e.assessment_id IS NULL THEN 'missing' WHEN qq IS NULL THEN 'expired' ELSE 'valid' END AS potential_state,
  round(qq) / 100 AS potential_score, (ARRAY['low','middle','high'])[qc] AS potential_band,
  (ARRAY[[1,3,6],[2,5,8],[4,7,9]])[pr][qc] AS box
FROM (
  SELECT x.*, CASE WHEN pp >= 450 THEN 3 WHEN pp >= 350 THEN 2 WHEN pp IS NOT NULL THEN 1 END AS pr,
    CASE WHEN qq >= 8000 THEN 3 WHEN qq >= 7000 THEN 2 WHEN qq IS NOT NULL THEN 1 END AS qc
  FROM (
    SELECT emp.id, pos.agency_id, pos.unit_id, emp.position_id, COALESCE(a1.predicate, '') AS pred1,
      COALESCE(a2.predicate, '') AS pred2, s.id AS assessment_id, s.valid_until,
      (CASE a1.predicate WHEN 'sangat_baik' THEN 5 WHEN 'baik' THEN 4 WHEN 'butuh_perbaikan' THEN 3
         WHEN 'kurang' THEN 2 WHEN 'sangat_kurang' THEN 1 END
       + CASE a2.predicate WHEN 'sangat_baik' THEN 5 WHEN 'baik' THEN 4 WHEN 'butuh_perbaikan' THEN 3
         WHEN 'kurang' THEN 2 WHEN 'sangat_kurang' THEN 1 END) * 50 AS pp,
      CASE WHEN s.valid_until >= %(as_of)s THEN (50 * round(s.managerial_score * 100)
         + 20 * round(s.sociocultural_score * 100) + 30 * round(s.technical_score * 100)) / 100 END AS qq
    FROM instansi_employee emp
    JOIN instansi_position pos ON pos.id = emp.position_id
    JOIN instansi_agency ag ON ag.id = pos.agency_id
    LEFT JOIN kinerja_appraisal a1 ON a1.employee_id = emp.id AND a1.period_id = %(p1)s AND a1.status = 'final'
    LEFT JOIN kinerja_appraisal a2 ON a2.employee_id = emp.id AND a2.period_id = %(p2)s AND a2.status = 'final'
    LEFT JOIN (SELECT DISTINCT ON (employee_id) id, employee_id, valid_until, managerial_score,
                 sociocultural_score, technical_score
               FROM talenta_assessment WHERE assessed_on <= %(as_of)s
               ORDER BY employee_id, assessed_on DESC, id DESC) s ON s.employee_id = emp.id
    WHERE ag.region_id = %(region)s AND emp.is_active AND pos.special_role <> 'regional_head'
  ) x
) e
"""
# The strict floor: only the answer (each employee's box) kept; floor + write: every column the grid keeps.
FLOOR_STRICT = (
    "CREATE TEMP TABLE talent_floor ON COMMIT DROP AS SELECT employee_id, box FROM (" + FLOOR_SELECT + ") f"
)
FLOOR_WRITE = "CREATE TEMP TABLE talent_floor ON COMMIT DROP AS " + FLOOR_SELECT


def prepare(from_db: str) -> None:
    clone_database(BENCH_URL, template=from_db)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--from-db", default="simutasi_bench100k")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="keep the benchmark database of the last run")
    args = parser.parse_args()
    os.environ.update(DATABASE_URL=BENCH_URL, DJANGO_SETTINGS_MODULE="config.settings.local", REDIS_URL="")
    if not args.reuse:
        prepare(args.from_db)
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from instansi.models import Employee, Position, Region
    from kinerja.models import AppraisalPeriod
    from talenta.demo import seed_assessments
    from talenta.models import Assessment, TalentGridEntry
    from talenta.rules import skp_years_for
    from talenta.services.grid import talent_grid_compute, talent_grid_start

    region = Region.objects.get()
    today = timezone.localdate()
    if not Assessment.objects.exists():
        t = time.perf_counter()
        print(
            f"assessments: {seed_assessments(region, today):,} in {time.perf_counter() - t:.1f} s", flush=True
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    years = skp_years_for(today)
    periods = dict(AppraisalPeriod.objects.filter(region=region, year__in=years).values_list("year", "pk"))
    params = {"as_of": today, "p1": periods.get(years[0]), "p2": periods.get(years[1]), "region": region.pk}

    grid_times, floors, grid = [], {"strict": [], "write": [], "serial": []}, None
    for i in range(args.repeat):
        t = time.perf_counter()
        grid = talent_grid_compute(grid_id=talent_grid_start(actor=None, region=region, as_of=today).pk)
        grid_times.append(time.perf_counter() - t)
        for kind, statement in (("strict", FLOOR_STRICT), ("write", FLOOR_WRITE), ("serial", FLOOR_WRITE)):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")  # as the grid: the floor is the best a statement can do
                if kind == "serial":  # as any INSERT ... SELECT into a kept table: PostgreSQL 15 runs it
                    # without parallel workers (CREATE TABLE AS may use them)
                    cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
                t = time.perf_counter()
                cursor.execute(statement, params)
                floors[kind].append(time.perf_counter() - t)
                if kind == "write" and i == args.repeat - 1:  # the floor answers exactly what the grid stored
                    cursor.execute(
                        "SELECT count(*) FROM talent_floor f FULL JOIN (SELECT * FROM talenta_talentgridentry "
                        "WHERE grid_id = %s) g ON g.employee_id = f.employee_id WHERE g.employee_id IS NULL "
                        "OR f.employee_id IS NULL OR g.box IS DISTINCT FROM f.box OR g.performance_score IS "
                        "DISTINCT FROM f.performance_score OR g.potential_score IS DISTINCT FROM f.potential_score "
                        "OR g.potential_state <> f.potential_state OR g.performance_band IS DISTINCT FROM "
                        "f.performance_band OR g.potential_band IS DISTINCT FROM f.potential_band",
                        [grid.pk],
                    )
                    differing = cursor.fetchone()[0]
                transaction.set_rollback(True)
        print(
            f"  {i + 1}: grid {grid_times[-1]:.3f} s, floor {floors['strict'][-1]:.3f} s, "
            f"floor + write {floors['write'][-1]:.3f} s, serial {floors['serial'][-1]:.3f} s",
            flush=True,
        )
    assert differing == 0, f"the floor and the grid differ for {differing} employees"
    g = statistics.median(grid_times)
    f, w = statistics.median(floors["strict"]), statistics.median(floors["write"])
    serial = statistics.median(floors["serial"])
    boxed = TalentGridEntry.objects.filter(grid=grid, box__isnull=False).count()
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    command = f"benchmarks/talenta_grid.py --from-db {args.from_db} --repeat {args.repeat}"
    table = "\n".join(
        [
            "## Talent grid (nine-box) against the SQL floor",
            "",
            f"`{command}` ({when}; {os.cpu_count()} CPU, machine shared with other engineers). Data: "
            f"`seed_demo --employees 100000` copied, {Employee.objects.count():,} employees, "
            f"{Position.objects.count():,} posts, {Assessment.objects.count():,} assessments; the grid has "
            f"{grid.entries_total:,} entries, {boxed:,} with a box. Median of {args.repeat}, interleaved.",
            "",
            "| path | median | all runs | ratio to floor |",
            "|---|---:|---|---:|",
            f"| grid: `talent_grid_start` + `talent_grid_compute` (the Celery task's body), committed | {g:.3f} s | "
            + ", ".join(f"{x:.3f}" for x in grid_times)
            + f" | **{g / w:.2f}x** floor + write (target <= 2x); {g / f:.2f}x strict; {g / serial:.2f}x "
            "floor + write without parallel workers |",
            f"| floor + write: one hand-written statement, every column the grid keeps, into an unindexed "
            f"temporary table | {w:.3f} s | " + ", ".join(f"{x:.3f}" for x in floors["write"]) + " | 1.00x |",
            f"| strict floor: the same statement keeping only each employee's box | {f:.3f} s | "
            + ", ".join(f"{x:.3f}" for x in floors["strict"])
            + f" | {f / w:.2f}x |",
            f"| floor + write without parallel workers (`max_parallel_workers_per_gather = 0`: how PostgreSQL "
            f"15 runs any INSERT ... SELECT into a kept table; the grid computes its rows with CREATE TEMP TABLE AS, "
            f"then copies them) | {serial:.3f} s | "
            + ", ".join(f"{x:.3f}" for x in floors["serial"])
            + f" | {serial / w:.2f}x |",
            "",
            "The floor + write gives every employee exactly the scores, bands and box the grid stored (checked in "
            "the run). What the grid pays beyond it: the rows are copied from its temporary table into a logged, indexed "
            "table (unique (grid, employee)) and the counts per agency and box (`TalentGridCount`) with "
            "every column the card and the drill-down read, the grid row and two audit rows, and the commit.",
        ]
    )
    print()
    print(table)
    if args.write_docs:
        replace_section("talenta-grid", table)


if __name__ == "__main__":
    main()
