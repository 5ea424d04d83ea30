"""The SQL of the workload analysis (REGULATION.md 2), kept apart from the steps in instansi.workload.

Portable between SQLite and PostgreSQL: FLOOR/CEILING exist on both (Django registers them on SQLite
builds without math functions), integer division is avoided with 60.0, booleans are compared with
parameters. On PostgreSQL every figure is NUMERIC (exact); on SQLite it is REAL, rounded to the
stored scale before any comparison.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection

from instansi.choices import Rounding
from instansi.models import WorkloadResult, WorkloadRun

RESULT_TABLE = WorkloadResult._meta.db_table
COLUMNS = (
    "run_id, level, agency_id, unit_id, position_id, analysed, workload_hours, required_exact, "
    "required, current, gap, ej, pj, shortage, surplus, not_analysed"
)


def _required_sql(rounding: str) -> str:
    # REGULATION.md 2: half up is the Form C default, ceiling the option. The rounding applies to the
    # exact figure as shown (3 decimals), so a reader of Form C can redo it by hand.
    if rounding == Rounding.CEILING:
        return "CEILING(exact)"
    return "FLOOR(exact + 0.5)"


# PJ bands, Permendagri 12/2008 (REGULATION.md 2): A EJ > a; B >= b; C >= c; D >= d; else E.
PJ_SQL = (
    "CASE WHEN ej IS NULL THEN '' WHEN ej > %(pj_a)s THEN 'A' WHEN ej >= %(pj_b)s THEN 'B' "
    "WHEN ej >= %(pj_c)s THEN 'C' WHEN ej >= %(pj_d)s THEN 'D' ELSE 'E' END"
)

POSITION_SQL = """
INSERT INTO {table} ({columns})
SELECT %(run)s, 'position', agency_id, unit_id, id, analysed, COALESCE(hours, 0), exact,
       req, cur, cur - req, ej, {pj},
       CASE WHEN cur < req THEN req - cur ELSE 0 END,
       CASE WHEN cur > req THEN cur - req ELSE 0 END,
       CASE WHEN analysed = %(true)s THEN 0 ELSE 1 END
FROM (
    SELECT id, agency_id, unit_id, hours, cur, exact, ej, analysed, {required} AS req
    FROM (
        SELECT id, agency_id, unit_id, hours, cur,
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

# Unit and agency rows: sums of the analysed position rows; current counts holders of analysed posts
# only, so that gap = current - required holds on every row of Form D. Agency rows start from the
# agency table, so an agency without positions still gets its (empty) row and the join step can tell
# "analysed, nothing there" from "missing".
ROLLUP_SELECT = """
SELECT %(run)s, '{level}', agency_id, grp_unit, CAST(NULL AS BIGINT), analysed, hours, exact, req, cur,
       cur - req, ej, {pj}, shortage, surplus, not_analysed
FROM (
    SELECT agency_id, grp_unit, analysed, hours, exact, req, cur, shortage, surplus, not_analysed,
           CASE WHEN analysed = %(true)s AND cur > 0 THEN ROUND(hours / (cur * %(eff)s), 3) END AS ej
    FROM (
        SELECT {group_agency} AS agency_id, {group_unit} AS grp_unit,
               CASE WHEN SUM(CASE WHEN r.analysed = %(true)s THEN 1 ELSE 0 END) > 0
                    THEN %(true)s ELSE %(false)s END AS analysed,
               COALESCE(SUM(CASE WHEN r.analysed = %(true)s THEN r.workload_hours ELSE 0 END), 0) AS hours,
               SUM(r.required_exact) AS exact,
               SUM(r.required) AS req,
               COALESCE(SUM(CASE WHEN r.analysed = %(true)s THEN r.current ELSE 0 END), 0) AS cur,
               COALESCE(SUM(r.shortage), 0) AS shortage,
               COALESCE(SUM(r.surplus), 0) AS surplus,
               COALESCE(SUM(r.not_analysed), 0) AS not_analysed
        FROM {source}
        GROUP BY {group_agency}{group_unit_by}
    ) sums
) figures
"""
# Where the roll-ups read the position rows: back from the table (portable), or on PostgreSQL
# straight from the rows the position INSERT returns (`WITH pos AS (INSERT ... RETURNING ...)`), so the
# same statement writes all three levels and nothing is read twice.
UNIT_SOURCE = {
    "table": (
        "{table} r WHERE r.run_id = %(run)s AND r.level = 'position' AND r.agency_id IN ({agencies}) "
        "AND r.unit_id IS NOT NULL"
    ),
    "returned": "pos r WHERE r.unit_id IS NOT NULL",
}
AGENCY_SOURCE = {
    "table": (
        "instansi_agency a LEFT JOIN {table} r ON r.agency_id = a.id AND r.run_id = %(run)s "
        "AND r.level = 'position' WHERE a.id IN ({agencies})"
    ),
    "returned": "instansi_agency a LEFT JOIN pos r ON r.agency_id = a.id WHERE a.id IN ({agencies})",
}
RETURNED = (
    "agency_id, unit_id, position_id, analysed, workload_hours, required_exact, required, current, "
    "shortage, surplus, not_analysed"
)
# The one-pass run on PostgreSQL also writes `Position.required_staff` in the same statement, from the
# rows the INSERT returns (no second read of the results), unless a newer run of the region has
# finished meanwhile (the need is always the newest finished run's; see run_finish).
NEED_FROM_RETURNED = """
need AS (
    UPDATE instansi_position p SET required_staff = pos.required
    FROM pos
    WHERE pos.position_id = p.id AND p.required_staff IS DISTINCT FROM pos.required
      AND NOT EXISTS (
          SELECT 1 FROM instansi_workloadrun n
          WHERE n.region_id = %(region)s AND n.status = 'finished' AND n.id > %(run)s
      )
)"""


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
# - SCOPED, for a Celery step over one agency: correlated per post, so only that agency's rows are
#   read, from the covering indexes (workloadtask_norms, employee_active_position). A join here made
#   the planner scan both whole tables once per agency step. The fence keeps the planners from
#   inlining `base` and evaluating each subquery once per reference.
# - WHOLE, for many agencies in one pass (run_analysis): both tables aggregated once, sequentially,
#   then joined to the agencies' posts, like the hand-written floor of benchmarks/workload.py.
SCOPED_BASE = """
            SELECT p.id, p.agency_id, p.unit_id,
                   (SELECT ROUND(SUM(wt.annual_volume * wt.standard_minutes) / 60.0, 2)
                    FROM instansi_workloadtask wt WHERE wt.position_id = p.id) AS hours,
                   (SELECT COUNT(*) FROM instansi_employee em
                    WHERE em.position_id = p.id AND em.is_active = %(true)s) AS cur
            FROM instansi_position p
            WHERE p.agency_id IN ({agencies})
            {fence}
"""
WHOLE_BASE = """
            SELECT p.id, p.agency_id, p.unit_id, t.hours, COALESCE(e.cur, 0) AS cur
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
SCOPED_MAX_AGENCIES = 3


def insert_rows(run: WorkloadRun, agency_ids: list[int], *, write_need: bool = False) -> bool:
    """Write the position, unit and agency rows of some agencies of a run. With `write_need` (the
    one-pass run over every agency), PostgreSQL also writes `Position.required_staff` in the same
    statement; returns whether it did (elsewhere the join step does it)."""
    params, agencies = _params(run, agency_ids)
    params["region"] = run.region_id
    required = _required_sql(run.policy_snapshot.get("rounding", Rounding.HALF_UP))
    common = {"table": RESULT_TABLE, "columns": COLUMNS, "pj": PJ_SQL}
    shape = SCOPED_BASE if len(agency_ids) <= SCOPED_MAX_AGENCIES else WHOLE_BASE
    base = shape.format(agencies=agencies, fence=FENCE[connection.vendor])
    position_sql = POSITION_SQL.format(**common, base=base, required=required, fence=FENCE[connection.vendor])

    def rollups(source: str) -> tuple[str, str]:
        unit = ROLLUP_SELECT.format(
            **common,
            level="unit",
            source=UNIT_SOURCE[source].format(table=RESULT_TABLE, agencies=agencies),
            group_agency="r.agency_id",
            group_unit="r.unit_id",
            group_unit_by=", r.unit_id",
        )
        agency = ROLLUP_SELECT.format(
            **common,
            level="agency",
            source=AGENCY_SOURCE[source].format(table=RESULT_TABLE, agencies=agencies),
            group_agency="a.id",
            group_unit="CAST(NULL AS BIGINT)",
            group_unit_by="",
        )
        return unit, agency

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            unit, agency = rollups("returned")
            need = f", {NEED_FROM_RETURNED}" if write_need else ""
            cur.execute(
                f"WITH pos AS ({position_sql} RETURNING {RETURNED}){need} "
                f"INSERT INTO {RESULT_TABLE} ({COLUMNS}) {unit} UNION ALL {agency}",
                params,
            )
            return write_need
        else:
            unit, agency = rollups("table")
            cur.execute(position_sql, params)
            cur.execute(f"INSERT INTO {RESULT_TABLE} ({COLUMNS}) {unit}", params)
            cur.execute(f"INSERT INTO {RESULT_TABLE} ({COLUMNS}) {agency}", params)
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
