"""The SQL of the workload analysis (REGULATION.md 2), kept apart from the steps in workload.analysis.

Portable between SQLite and PostgreSQL: FLOOR/CEILING exist on both (Django registers them on SQLite
builds without math functions), integer division is avoided with 60.0, booleans are compared with
parameters. On PostgreSQL every figure is NUMERIC (exact); on SQLite it is REAL, rounded to the
stored scale before any comparison.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection

from instansi.choices import Rounding
from workload.models import WorkloadResult, WorkloadRun

RESULT_TABLE = WorkloadResult._meta.db_table
COLUMNS = (
    "run_id, level, agency_id, unit_id, position_id, analysed, workload_hours, required_exact, "
    "required, current, gap, ej, pj, shortage, surplus, not_analysed"
)


def _required_sql(rounding: str) -> str:
    # REGULATION.md 2: half up is the Form C default, ceiling the option. The rounding applies to the
    # exact figure as shown (3 decimals), so a reader of Form C can redo it by hand.
    # An INTEGER from here on: gap, shortage, surplus and the unit sums are integer arithmetic, not
    # NUMERIC (about 5% of a run at 100,000 employees).
    if rounding == Rounding.CEILING:
        return "CAST(CEILING(exact) AS INTEGER)"
    return "CAST(FLOOR(exact + 0.5) AS INTEGER)"


# PJ bands, Permendagri 12/2008 (REGULATION.md 2): A EJ > a; B >= b; C >= c; D >= d; else E.
PJ_SQL = (
    "CASE WHEN ej IS NULL THEN '' WHEN ej > %(pj_a)s THEN 'A' WHEN ej >= %(pj_b)s THEN 'B' "
    "WHEN ej >= %(pj_c)s THEN 'C' WHEN ej >= %(pj_d)s THEN 'D' ELSE 'E' END"
)

# Every figure of a post, computed once (the fences keep the planners from inlining each level into
# the next and evaluating `exact`, `req` and `ej`, NUMERIC divisions, once per reference).
# `old_need` is the post's current `required_staff`, so the need is only written where it changes.
FIGURES_SQL = """
    SELECT id, agency_id, unit_id, old_need, analysed, hours, exact, req, cur, ej,
           CASE WHEN cur < req THEN req - cur ELSE 0 END AS shortage,
           CASE WHEN cur > req THEN cur - req ELSE 0 END AS surplus
    FROM (
        SELECT id, agency_id, unit_id, old_need, hours, cur, exact, ej, analysed, {required} AS req
        FROM (
            SELECT id, agency_id, unit_id, old_need, hours, cur,
                   CASE WHEN hours IS NULL THEN %(false)s ELSE %(true)s END AS analysed,
                   ROUND(hours / %(eff)s, 3) AS exact,
                   CASE WHEN cur > 0 THEN ROUND(hours / (cur * %(eff)s), 3) END AS ej
            FROM (
                {base}
            ) base
            {fence}
        ) figures
        {fence}
    ) rounded
"""

POSITION_INSERT = """
INSERT INTO {table} ({columns})
SELECT %(run)s, 'position', agency_id, unit_id, id, analysed, COALESCE(hours, 0), exact, req, cur,
       cur - req, ej, {pj}, shortage, surplus, CASE WHEN analysed = %(true)s THEN 0 ELSE 1 END
FROM {source}
"""

# Unit and agency rows. `u` sums the position rows per (agency, unit), the posts without a unit in a
# group of their own (unit NULL); unit rows are its groups with a unit, agency rows the sums of an
# agency's groups (a few thousand rows, not every post again). Current counts holders of analysed
# posts only, so that gap = current - required holds on every row of Form D. Agency rows start from
# the agency table, so an agency without positions still gets its (empty) row and the join step can
# tell "analysed, nothing there" from "missing".
UNIT_SUMS = """
    SELECT agency_id, unit_id,
           SUM(CASE WHEN analysed = %(true)s THEN 1 ELSE 0 END) AS n_analysed,
           COALESCE(SUM(hours), 0) AS hours, SUM(exact) AS exact, SUM(req) AS req,
           COALESCE(SUM(CASE WHEN analysed = %(true)s THEN cur ELSE 0 END), 0) AS cur,
           SUM(shortage) AS shortage, SUM(surplus) AS surplus,
           SUM(CASE WHEN analysed = %(true)s THEN 0 ELSE 1 END) AS not_analysed
    FROM {source}
    GROUP BY agency_id, unit_id
"""
# Where `u` reads the position rows: on PostgreSQL the figures CTE `r` of the same statement; on
# SQLite the rows the position INSERT wrote (its columns renamed to the figures' names).
POSITIONS_WRITTEN = """(
        SELECT agency_id, unit_id, analysed, workload_hours AS hours, required_exact AS exact,
               required AS req, current AS cur, shortage, surplus
        FROM {table}
        WHERE run_id = %(run)s AND level = 'position' AND agency_id IN ({agencies})
    ) r"""
ROLLUP_FIGURES = """CASE WHEN n_analysed > 0 THEN %(true)s ELSE %(false)s END AS analysed, hours, exact, req,
           cur, cur - req AS gap,
           CASE WHEN n_analysed > 0 AND cur > 0 THEN ROUND(hours * 1.0 / (cur * %(eff)s), 3) END AS ej"""
# `hours * 1.0`: on SQLite the sums read back from the position rows are integers when the hours are
# whole (787.00 is stored as 787), and integer / integer truncates: a unit of one post with EJ 0.630
# showed EJ 0.000 / PJ E. On PostgreSQL the sums are NUMERIC and the factor changes nothing.
ROLLUP_INSERT = """
INSERT INTO {table} ({columns})
SELECT %(run)s, level, agency_id, unit_id, NULL, analysed, hours, exact, req, cur, gap, ej, {pj},
       shortage, surplus, not_analysed
FROM (
    SELECT 'unit' AS level, agency_id, unit_id, {rollup}, shortage, surplus, not_analysed
    FROM u WHERE unit_id IS NOT NULL
    UNION ALL
    SELECT 'agency', agency_id, NULL, {rollup}, shortage, surplus, not_analysed
    FROM (
        SELECT a.id AS agency_id, COALESCE(s.n_analysed, 0) AS n_analysed, COALESCE(s.hours, 0) AS hours,
               s.exact, s.req, COALESCE(s.cur, 0) AS cur, COALESCE(s.shortage, 0) AS shortage,
               COALESCE(s.surplus, 0) AS surplus, COALESCE(s.not_analysed, 0) AS not_analysed
        FROM instansi_agency a LEFT JOIN (
            SELECT agency_id, SUM(n_analysed) AS n_analysed, SUM(hours) AS hours, SUM(exact) AS exact,
                   SUM(req) AS req, SUM(cur) AS cur, SUM(shortage) AS shortage, SUM(surplus) AS surplus,
                   SUM(not_analysed) AS not_analysed
            FROM u GROUP BY agency_id
        ) s ON s.agency_id = a.id
        WHERE a.id IN ({agencies})
    ) g
) x
"""
# The one-pass run on PostgreSQL also writes `Position.required_staff` in the same statement, only
# where it changes, unless a newer run of the region has finished meanwhile (the need is always the
# newest finished run's; see run_finish).
NEED_FROM_FIGURES = """
need AS (
    UPDATE instansi_position p SET required_staff = r.req
    FROM r
    WHERE r.id = p.id AND r.req IS DISTINCT FROM r.old_need
      AND NOT EXISTS (
          SELECT 1 FROM instansi_workloadrun n
          WHERE n.region_id = %(region)s AND n.status = 'finished' AND n.id > %(run)s
      )
),"""


def _params(run: WorkloadRun, agency_ids: list[int]) -> tuple[dict, str]:
    snap = run.policy_snapshot
    # SQLite compares a REAL with a TEXT parameter as text, and Django adapts Decimal to TEXT there;
    # floats compare correctly on both backends once EJ is rounded to its stored scale.
    number = float if connection.vendor == "sqlite" else Decimal
    params = {
        "run": run.pk,
        "eff": int(snap["effective_hours_per_year"]),
        "pj_a": number(snap["pj_a_above"]),
        "pj_b": number(snap["pj_b_from"]),
        "pj_c": number(snap["pj_c_from"]),
        "pj_d": number(snap["pj_d_from"]),
        "true": True,
        "false": False,
    }
    # One named placeholder per agency: portable (no array parameters on SQLite).
    params.update({f"a{i}": agency_id for i, agency_id in enumerate(agency_ids)})
    return params, ", ".join(f"%(a{i})s" for i in range(len(agency_ids)))


# Two shapes of the innermost query (hours and current holders per post), same figures:
# - SCOPED, for a Celery step over a chunk of a run's agencies: correlated per post, so only those
#   agencies' rows are read, from the covering indexes (workloadtask_norms, employee_active_position);
#   its cost grows with the chunk's posts, not with the region. A join here made the planner scan both
#   whole tables once per step. The fence keeps the planners from inlining `base` and evaluating each
#   subquery once per reference.
# - WHOLE, for every agency of a run in one pass (run_analysis): both tables aggregated once,
#   sequentially, then joined to the agencies' posts, like the hand-written floor of
#   benchmarks/workload.py. For a chunk it would aggregate the whole region once per step (measured
#   at 100,000 employees in 4 chunks: 1.6x the CPU of SCOPED).
SCOPED_BASE = """
            SELECT p.id, p.agency_id, p.unit_id, p.required_staff AS old_need,
                   (SELECT ROUND(SUM(wt.annual_volume * wt.standard_minutes) / 60.0, 2)
                    FROM instansi_workloadtask wt WHERE wt.position_id = p.id) AS hours,
                   (SELECT COUNT(*) FROM instansi_employee em
                    WHERE em.position_id = p.id AND em.is_active = %(true)s) AS cur
            FROM instansi_position p
            WHERE p.agency_id IN ({agencies})
            {fence}
"""
WHOLE_BASE = """
            SELECT p.id, p.agency_id, p.unit_id, p.required_staff AS old_need, t.hours,
                   COALESCE(e.cur, 0) AS cur
            FROM instansi_position p
            LEFT JOIN (
                SELECT position_id, ROUND(SUM(annual_volume * standard_minutes) / 60.0, 2) AS hours
                FROM instansi_workloadtask GROUP BY position_id
            ) t ON t.position_id = p.id
            LEFT JOIN (
                SELECT position_id, COUNT(*) AS cur FROM instansi_employee
                WHERE is_active = %(true)s GROUP BY position_id
            ) e ON e.position_id = p.id
            WHERE p.agency_id IN ({agencies})
"""
# An optimisation fence (a no-op OFFSET): the planners would otherwise inline each level into the
# next and evaluate `exact`, `req` and `ej` (NUMERIC divisions) once per reference, up to seven times
# a post; fenced, each figure is computed once (measured: a third of a run's time at 1,000,000).
FENCE = {"postgresql": "OFFSET 0", "sqlite": "LIMIT -1 OFFSET 0"}
SCOPED_MAX_AGENCIES = 3  # a one pass over this many agencies or fewer is SCOPED too


def is_one_pass(run: WorkloadRun, agency_ids: list[int]) -> bool:
    """Every agency of the run at once, and more than a few: the WHOLE shape (else SCOPED)."""
    return len(agency_ids) > SCOPED_MAX_AGENCIES and set(agency_ids) >= set(run.agency_ids)


def insert_rows(run: WorkloadRun, agency_ids: list[int], *, write_need: bool = False) -> bool:
    """Write the position, unit and agency rows of some agencies of a run. With `write_need` (the
    one-pass run over every agency), PostgreSQL also writes `Position.required_staff` in the same
    statement; returns whether it did (elsewhere the join step does it)."""
    params, agencies = _params(run, agency_ids)
    params["region"] = run.region_id
    fence = FENCE[connection.vendor]
    shape = WHOLE_BASE if is_one_pass(run, agency_ids) else SCOPED_BASE
    figures = FIGURES_SQL.format(
        base=shape.format(agencies=agencies, fence=fence),
        required=_required_sql(run.policy_snapshot.get("rounding", Rounding.HALF_UP)),
        fence=fence,
    )
    common = {"table": RESULT_TABLE, "columns": COLUMNS, "pj": PJ_SQL}
    rollup = ROLLUP_INSERT.format(**common, rollup=ROLLUP_FIGURES, agencies=agencies)

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # One statement: the figures once (`r`), the position rows, the need where it changed,
            # the unit sums (`u`), the unit and agency rows.
            need = NEED_FROM_FIGURES if write_need else ""
            cur.execute(
                f"WITH r AS MATERIALIZED ({figures}), "
                f"pos AS ({POSITION_INSERT.format(**common, source='r')}), {need} "
                f"u AS MATERIALIZED ({UNIT_SUMS.format(source='r')}) {rollup}",
                params,
            )
            return write_need
        cur.execute(POSITION_INSERT.format(**common, source=f"({figures}) r"), params)
        written = POSITIONS_WRITTEN.format(table=RESULT_TABLE, agencies=agencies)
        cur.execute(f"WITH u AS ({UNIT_SUMS.format(source=written)}) {rollup}", params)
        return False


POSITION_UPDATE_SQL = {
    # Only posts whose need changed are written: a nightly run over unchanged data updates nothing.
    "postgresql": """
        UPDATE instansi_position p SET required_staff = r.required
        FROM {table} r
        WHERE r.run_id = %(run)s AND r.level = 'position' AND r.position_id = p.id
          AND p.required_staff IS DISTINCT FROM r.required
    """,
    "sqlite": """
        UPDATE instansi_position SET required_staff = r.required
        FROM {table} r
        WHERE r.run_id = %(run)s AND r.level = 'position' AND r.position_id = instansi_position.id
          AND instansi_position.required_staff IS NOT r.required
    """,
}
