"""The set-based statement that fills one talent grid (issue 20 point 3): every active civil servant
of the region with a post, in one INSERT ... SELECT, on PostgreSQL and SQLite alike.

Per employee it reads the FINAL SKP of the grid's two years (kinerja.Appraisal, joined once per year on
the unique (period, employee) index), and the newest assessment dated on or before the grid's day
(ROW_NUMBER over the assessments). The bands and the box are CASE expressions over whole hundredths
(talenta.rules): a score exactly on a threshold belongs to the higher band on both databases. The box
numbers come from the rubric's table, so the statement is generated from the stored rubric and a past
grid recomputed from its copy gives the same boxes.

Who is in the grid: active PNS, PPPK and CPNS holding a post of the region, except the regional head
(an elected official recorded as an employee, not a civil servant). CPNS have no two years of SKP, so
they are "needs a manual check" like anyone whose data is missing: never a guessed box.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import connection

from talenta.choices import PerformanceBand, PotentialBand, PotentialState
from talenta.rules import POTENTIAL_ORDER, RubricValues


def _table(label: str) -> str:
    return connection.ops.quote_name(apps.get_model(label)._meta.db_table)


def _points_case(column: str, values: RubricValues) -> tuple[str, dict]:
    """Points of a predicate column; NULL when the SKP is missing (no ELSE: a missing year stays missing)."""
    params = {}
    whens = []
    for i, (predicate, points) in enumerate(sorted(values.predicate_points.items())):
        params[f"pp_{i}"] = predicate
        whens.append(f"WHEN %(pp_{i})s THEN {int(points)}")
    return f"CASE {column} {' '.join(whens)} END", params


def _box_case(values: RubricValues) -> str:
    whens = []
    for band, numbers in sorted(values.boxes.items()):
        for potential, number in zip(POTENTIAL_ORDER, numbers, strict=True):
            whens.append(
                f"WHEN perf_band = '{PerformanceBand(band).value}' AND pot_band = '{potential.value}' THEN {int(number)}"
            )
    return f"CASE {' '.join(whens)} END"


def grid_statement(
    *, grid_id: int, region_id: int, as_of: dt.date, period_ids: list[int | None], values: RubricValues
) -> tuple[str, dict]:
    """(SQL, params) of the INSERT that writes every entry of one grid."""
    e, p, a = _table("instansi.Employee"), _table("instansi.Position"), _table("instansi.Agency")
    ap, asm, entry = (
        _table("kinerja.Appraisal"),
        _table("talenta.Assessment"),
        _table("talenta.TalentGridEntry"),
    )
    pts1, points = _points_case("a1.predicate", values)
    pts2, _same = _points_case("a2.predicate", values)
    wsum = values.weight_sum
    sql = f"""
INSERT INTO {entry} (grid_id, employee_id, agency_id, unit_id, position_id, predicate_last, predicate_prev,
    performance_score, performance_band, assessment_id, assessment_valid_until, potential_state,
    potential_score, potential_band, box)
SELECT %(grid)s, employee_id, agency_id, unit_id, position_id, COALESCE(pred1, ''), COALESCE(pred2, ''),
    perf_x / 100.0, perf_band,
    assessment_id, valid_until, pot_state,
    ROUND(pot_x * 1.0 / {wsum}) / 100.0,
    pot_band, {_box_case(values)}
FROM (
  SELECT b.*,
    CASE WHEN perf_x IS NULL THEN NULL
         WHEN perf_x >= %(perf_above)s THEN '{PerformanceBand.ABOVE.value}'
         WHEN perf_x >= %(perf_meets)s THEN '{PerformanceBand.MEETS.value}'
         ELSE '{PerformanceBand.BELOW.value}' END AS perf_band,
    CASE WHEN pot_x IS NULL THEN NULL
         WHEN pot_x >= %(pot_high)s * {wsum} THEN '{PotentialBand.HIGH.value}'
         WHEN pot_x >= %(pot_middle)s * {wsum} THEN '{PotentialBand.MIDDLE.value}'
         ELSE '{PotentialBand.LOW.value}' END AS pot_band
  FROM (
    SELECT emp.id AS employee_id, pos.agency_id, pos.unit_id, emp.position_id,
      a1.predicate AS pred1, a2.predicate AS pred2,
      ({pts1} + {pts2}) * 50 AS perf_x,
      s.id AS assessment_id, s.valid_until,
      CASE WHEN s.id IS NULL THEN '{PotentialState.MISSING.value}'
           WHEN s.valid_until < %(as_of)s THEN '{PotentialState.EXPIRED.value}'
           ELSE '{PotentialState.VALID.value}' END AS pot_state,
      CASE WHEN s.id IS NOT NULL AND s.valid_until >= %(as_of)s THEN
        {values.weight_managerial} * CAST(ROUND(s.managerial_score * 100) AS INTEGER)
        + {values.weight_sociocultural} * CAST(ROUND(s.sociocultural_score * 100) AS INTEGER)
        + {values.weight_technical} * CAST(ROUND(s.technical_score * 100) AS INTEGER) END AS pot_x
    FROM {e} emp
    JOIN {p} pos ON pos.id = emp.position_id
    JOIN {a} ag ON ag.id = pos.agency_id
    LEFT JOIN {ap} a1 ON a1.employee_id = emp.id AND a1.period_id = %(period1)s AND a1.status = 'final'
    LEFT JOIN {ap} a2 ON a2.employee_id = emp.id AND a2.period_id = %(period2)s AND a2.status = 'final'
    LEFT JOIN (
      SELECT id, employee_id, valid_until, managerial_score, sociocultural_score, technical_score,
        ROW_NUMBER() OVER (PARTITION BY employee_id ORDER BY assessed_on DESC, id DESC) AS rn
      FROM {asm} WHERE assessed_on <= %(as_of)s
    ) s ON s.employee_id = emp.id AND s.rn = 1
    WHERE ag.region_id = %(region)s AND emp.is_active AND pos.special_role <> 'regional_head'
  ) b
) banded
"""  # noqa: S608 - table names from _meta, numbers from the rubric (int()), values as parameters
    params = {
        "grid": grid_id,
        "region": region_id,
        "as_of": as_of,
        "period1": period_ids[0],
        "period2": period_ids[1],
        "perf_above": values.performance_above_from,
        "perf_meets": values.performance_meets_from,
        "pot_high": values.potential_high_from,
        "pot_middle": values.potential_middle_from,
        **points,
    }
    return sql, params
