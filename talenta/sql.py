"""The set-based statements that fill one talent grid (issue 20 point 3): every active civil servant
of the region with a post, computed by one CREATE TEMP TABLE ... AS SELECT, then copied into the entries
and summed into the counts, on PostgreSQL and SQLite alike.

Per employee it reads the FINAL SKP of the grid's two years (kinerja.Appraisal, joined once per year on
the (period) index), and the newest assessment dated on or before the grid's day (the one no later
assessment of the same employee, up to that day, follows: an anti-join). Scores are whole hundredths
(talenta.rules), so a score exactly on a threshold belongs to the higher band on both databases. The
rubric's tables (points per predicate, box per band pair) are joined as small constant tables built from
the stored rubric, so a past grid recomputed from its copy gives the same boxes.

Why lookups and not CASE: PostgreSQL flattens the subqueries and inlines every expression where it is
used; the first version (bands as text CASEs over score CASEs, the box a CASE over both band texts) spent
about 0.9 s of 1.2 s per 100,000 employees evaluating the same expressions again (benchmarks/talenta_grid.py).

Why a temporary table and an anti-join (speed only): PostgreSQL 15 never runs the SELECT of an
INSERT ... SELECT with parallel workers, CREATE TABLE AS may; and a window function (the first version's
ROW_NUMBER for the newest assessment) keeps everything above it out of the workers, an anti-join does
not. The counts are summed from the temporary table, not read back from the entries. Measured on
2026-12-06 at 100,000 employees, 2 cores, another benchmark running (load average 2.0-2.5), medians of
5 interleaved runs per statement, rolled back: before, the single INSERT ... SELECT 0.823 s + counts
0.041 s; after, CREATE TEMP TABLE 0.282 s (0.491 s with max_parallel_workers_per_gather = 0) + copy
0.298 s + counts 0.015 s. When the other benchmark held both cores the gain vanished (0.722 + 0.046 s
before, 0.420 + 0.316 + 0.014 s after). `benchmarks/talenta_grid.py --from-db simutasi_bench100k
--repeat 7 --reuse`, before and after interleaved three times: the grid's median 0.789, 0.717 and
0.859 s before, 0.690, 0.717 and 0.795 s after.

Who is in the grid: active PNS, PPPK and CPNS holding a post of the region, except the regional head
(an elected official recorded as an employee, not a civil servant). CPNS have no two years of SKP, so
they are "needs a manual check" like anyone whose data is missing: never a guessed box.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import connection

from talenta.choices import PerformanceBand, PotentialBand, PotentialState
from talenta.rules import PERFORMANCE_ORDER, POTENTIAL_ORDER, RubricValues


def _table(label: str) -> str:
    return connection.ops.quote_name(apps.get_model(label)._meta.db_table)


def _constant_table(rows: list[tuple], columns: tuple[str, ...], prefix: str) -> tuple[str, dict]:
    """A small table of constants as `SELECT .. UNION ALL SELECT ..` (VALUES cannot name its columns on
    SQLite), every value a parameter."""
    params, selects = {}, []
    for i, row in enumerate(rows):
        cells = []
        for column, value in zip(columns, row, strict=True):
            params[f"{prefix}_{i}_{column}"] = value
            cells.append(f"%({prefix}_{i}_{column})s AS {column}")
        selects.append("SELECT " + ", ".join(cells))
    return "(" + " UNION ALL ".join(selects) + ")", params


# The rows of one grid computed by the statement, kept only inside the computing transaction.
ROWS_TABLE = "talenta_grid_rows"
ENTRY_COLUMNS = (
    "employee_id, agency_id, unit_id, position_id, predicate_last, predicate_prev, performance_score, "
    "performance_band, assessment_id, assessment_valid_until, potential_state, potential_score, "
    "potential_band, box"
)


def grid_statement(
    *, region_id: int, as_of: dt.date, period_ids: list[int | None], values: RubricValues
) -> tuple[str, dict]:
    """(SQL, params) of the CREATE TEMP TABLE ... AS SELECT that computes every row of one grid (but its
    grid_id) into ROWS_TABLE; `store_statements` copies them into the entries and the counts."""
    e, p, a = _table("instansi.Employee"), _table("instansi.Position"), _table("instansi.Agency")
    ap, asm = _table("kinerja.Appraisal"), _table("talenta.Assessment")
    points, points_params = _constant_table(
        sorted(values.predicate_points.items()), ("predicate", "points"), "pp"
    )
    cells, cells_params = _constant_table(
        [
            (i, j, PerformanceBand(pb).value, PotentialBand(qb).value, values.box(pb, qb))
            for i, pb in enumerate(PERFORMANCE_ORDER)
            for j, qb in enumerate(POTENTIAL_ORDER)
        ],
        ("perf_i", "pot_i", "perf_band", "pot_band", "box"),
        "cell",
    )
    wsum = values.weight_sum
    sql = f"""
CREATE TEMP TABLE {ROWS_TABLE} AS
SELECT b.employee_id, b.agency_id, b.unit_id, b.position_id, b.pred1 AS predicate_last,
    b.pred2 AS predicate_prev,
    b.perf_x / 100.0 AS performance_score, pc.perf_band AS performance_band, b.assessment_id,
    b.valid_until AS assessment_valid_until,
    CASE WHEN b.assessment_id IS NULL THEN '{PotentialState.MISSING.value}'
         WHEN b.pot_x IS NULL THEN '{PotentialState.EXPIRED.value}'
         ELSE '{PotentialState.VALID.value}' END AS potential_state,
    ROUND(b.pot_x * 1.0 / {wsum}) / 100.0 AS potential_score, qc.pot_band AS potential_band, bc.box
FROM (
  SELECT emp.id AS employee_id, pos.agency_id, pos.unit_id, emp.position_id,
    COALESCE(a1.predicate, '') AS pred1, COALESCE(a2.predicate, '') AS pred2,
    (p1.points + p2.points) * 50 AS perf_x,
    s.id AS assessment_id, s.valid_until,
    CASE WHEN s.valid_until >= %(as_of)s THEN
      {values.weight_managerial} * CAST(ROUND(s.managerial_score * 100) AS INTEGER)
      + {values.weight_sociocultural} * CAST(ROUND(s.sociocultural_score * 100) AS INTEGER)
      + {values.weight_technical} * CAST(ROUND(s.technical_score * 100) AS INTEGER) END AS pot_x
  FROM {e} emp
  JOIN {p} pos ON pos.id = emp.position_id
  JOIN {a} ag ON ag.id = pos.agency_id
  LEFT JOIN {ap} a1 ON a1.employee_id = emp.id AND a1.period_id = %(period1)s AND a1.status = 'final'
  LEFT JOIN {ap} a2 ON a2.employee_id = emp.id AND a2.period_id = %(period2)s AND a2.status = 'final'
  LEFT JOIN {points} p1 ON p1.predicate = a1.predicate
  LEFT JOIN {points} p2 ON p2.predicate = a2.predicate
  LEFT JOIN {asm} s ON s.employee_id = emp.id AND s.assessed_on <= %(as_of)s AND NOT EXISTS (
    SELECT 1 FROM {asm} later WHERE later.employee_id = s.employee_id AND later.assessed_on <= %(as_of)s
      AND (later.assessed_on > s.assessed_on OR (later.assessed_on = s.assessed_on AND later.id > s.id))
  )
  WHERE ag.region_id = %(region)s AND emp.is_active AND pos.special_role <> 'regional_head'
) b
LEFT JOIN {cells} pc ON pc.pot_i = 0 AND pc.perf_i = CASE WHEN b.perf_x >= %(perf_above)s THEN 2
    WHEN b.perf_x >= %(perf_meets)s THEN 1 WHEN b.perf_x IS NOT NULL THEN 0 END
LEFT JOIN {cells} qc ON qc.perf_i = 0 AND qc.pot_i = CASE WHEN b.pot_x >= %(pot_high)s * {wsum} THEN 2
    WHEN b.pot_x >= %(pot_middle)s * {wsum} THEN 1 WHEN b.pot_x IS NOT NULL THEN 0 END
LEFT JOIN {cells} bc ON bc.perf_band = pc.perf_band AND bc.pot_band = qc.pot_band
"""  # noqa: S608 - table names from _meta, weights from the rubric (int()), every other value a parameter
    params = {
        "region": region_id,
        "as_of": as_of,
        "period1": period_ids[0],
        "period2": period_ids[1],
        "perf_above": values.performance_above_from,
        "perf_meets": values.performance_meets_from,
        "pot_high": values.potential_high_from,
        "pot_middle": values.potential_middle_from,
        **points_params,
        **cells_params,
    }
    return sql, params


def store_statements(*, grid_id: int) -> list[tuple[str, list]]:
    """(SQL, params) of the statements that copy ROWS_TABLE into the grid's entries (the first; its
    rowcount is the number of entries), sum it per agency and box (TalentGridCount) and drop it."""
    entry, count = _table("talenta.TalentGridEntry"), _table("talenta.TalentGridCount")
    # S608: table and column names from _meta and constants, the grid's id a parameter
    entries = f"INSERT INTO {entry} (grid_id, {ENTRY_COLUMNS}) SELECT %s, {ENTRY_COLUMNS} FROM {ROWS_TABLE}"  # noqa: S608
    counts = (
        f"INSERT INTO {count} (grid_id, agency_id, box, employees) "  # noqa: S608
        f"SELECT %s, agency_id, box, COUNT(*) FROM {ROWS_TABLE} GROUP BY agency_id, box"
    )
    return [(entries, [grid_id]), (counts, [grid_id]), (f"DROP TABLE {ROWS_TABLE}", [])]
