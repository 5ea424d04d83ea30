"""Workload analysis (ABK), computed set-based in the database (REGULATION.md 2, DESIGN.md 5).

One run covers a region. One `INSERT ... SELECT ... GROUP BY` writes every position row of a set of
agencies (one agency per Celery step, or all of them in process), then two more roll the position
rows up into unit rows and agency rows. No Python loop ever touches a row, so the cost is three
statements per step whatever the number of employees.

Formulas (REGULATION.md 2, PermenPANRB 1/2020):
- workload hours      = sum(annual volume x standard minutes) / 60, per position
- required (exact)    = workload hours / Policy.effective_hours_per_year
- required            = exact rounded half up (Form C) or up (ceiling), per Policy.rounding
- current             = active employees holding the position
- gap                 = current - required (negative = shortage, positive = surplus)
- EJ                  = workload hours / (current x effective hours); empty when the post is empty
- PJ                  = band of EJ (Permendagri 12/2008), thresholds from the Policy
A position without tasks is "not analysed": its required figures stay empty, never zero.

The steps here are called in-process by `run_analysis` (demo seed, tests, embedded mode) and one per
agency by the Celery chord of `instansi.workload_services.workload_run_start`.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.services import notify
from instansi.choices import Rounding
from instansi.models import Agency, Policy, Region, WorkloadResult, WorkloadRun, WorkloadRunStatus

RESULT_TABLE = WorkloadResult._meta.db_table
COLUMNS = (
    "run_id, level, agency_id, unit_id, position_id, analysed, workload_hours, required_exact, "
    "required, current, gap, ej, pj, shortage, surplus, not_analysed"
)


def policy_snapshot(policy: Policy) -> dict:
    """The Policy numbers a run uses, frozen at its start so every agency step of one run agrees even
    if HR edits the Policy while the run is under way."""
    return {
        "effective_hours_per_year": policy.effective_hours_per_year,
        "rounding": policy.rounding,
        "pj_a_above": str(policy.pj_a_above),
        "pj_b_from": str(policy.pj_b_from),
        "pj_c_from": str(policy.pj_c_from),
        "pj_d_from": str(policy.pj_d_from),
    }


# --- SQL ------------------------------------------------------------------------------------------
# Portable between SQLite and PostgreSQL: FLOOR/CEILING exist on both (Django registers them on SQLite
# builds without math functions), integer division is avoided with 60.0, booleans are compared with
# parameters. On PostgreSQL every figure is NUMERIC (exact); on SQLite it is REAL, rounded to the
# stored scale before any comparison.


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
    ) figures
) rounded
"""

# Unit and agency rows: sums of the analysed position rows; current counts holders of analysed posts
# only, so that gap = current - required holds on every row of Form D. Agency rows start from the
# agency table, so an agency without positions still gets its (empty) row and the join step can tell
# "analysed, nothing there" from "missing".
ROLLUP_SELECT = """
SELECT %(run)s, '{level}', agency_id, grp_unit, NULL, analysed, hours, exact, req, cur,
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
RETURNED = "agency_id, unit_id, analysed, workload_hours, required_exact, required, current, shortage, surplus, not_analysed"


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
FENCE = {"postgresql": "OFFSET 0", "sqlite": "LIMIT -1 OFFSET 0"}
SCOPED_MAX_AGENCIES = 3


def _insert_rows(run: WorkloadRun, agency_ids: list[int]) -> None:
    params, agencies = _params(run, agency_ids)
    required = _required_sql(run.policy_snapshot.get("rounding", Rounding.HALF_UP))
    common = {"table": RESULT_TABLE, "columns": COLUMNS, "pj": PJ_SQL}
    shape = SCOPED_BASE if len(agency_ids) <= SCOPED_MAX_AGENCIES else WHOLE_BASE
    base = shape.format(agencies=agencies, fence=FENCE[connection.vendor])
    position_sql = POSITION_SQL.format(**common, base=base, required=required)

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
            cur.execute(
                f"WITH pos AS ({position_sql} RETURNING {RETURNED}) "
                f"INSERT INTO {RESULT_TABLE} ({COLUMNS}) {unit} UNION ALL {agency}",
                params,
            )
        else:
            unit, agency = rollups("table")
            cur.execute(position_sql, params)
            cur.execute(f"INSERT INTO {RESULT_TABLE} ({COLUMNS}) {unit}", params)
            cur.execute(f"INSERT INTO {RESULT_TABLE} ({COLUMNS}) {agency}", params)


# --- Steps of a run -------------------------------------------------------------------------------


@transaction.atomic
def run_create(*, region: Region, triggered_by=None) -> WorkloadRun:
    """Create a pending run over every agency of the region with the Policy frozen into it."""
    policy, _created = Policy.objects.get_or_create(region=region)
    agency_ids = list(Agency.objects.filter(region=region).order_by("pk").values_list("pk", flat=True))
    run = WorkloadRun.objects.create(
        region=region,
        triggered_by=triggered_by,
        status=WorkloadRunStatus.PENDING,
        agencies_total=len(agency_ids),
        agency_ids=agency_ids,
        policy_snapshot=policy_snapshot(policy),
    )
    audit.record(
        actor=triggered_by,
        action="workload.run_start",
        target=run,
        to_state=run.status,
        data={"region": region.pk, "agencies": len(agency_ids), "policy": run.policy_snapshot},
    )
    return run


class AgencyStepError(Exception):
    """An agency step failed; the message names the agency so HR knows where to look."""


@transaction.atomic
def analyse_agencies(*, run_id: int, agency_ids: list[int]) -> None:
    """Write the position, unit and agency rows of some agencies of a run, in one transaction: one
    agency per Celery step, or every agency at once in process (`run_analysis`). The same three
    statements either way; the planner picks index lookups for one agency and hash joins for many.

    Idempotent: a retried or redelivered step first deletes what an earlier attempt wrote for the
    same (run, agencies), and the progress counter only counts agencies done for the first time.
    """
    run = WorkloadRun.objects.get(pk=run_id)
    if run.status in (WorkloadRunStatus.FINISHED, WorkloadRunStatus.FAILED) or not agency_ids:
        return  # a late redelivery must not touch a closed run
    if run.status == WorkloadRunStatus.PENDING:
        WorkloadRun.objects.filter(pk=run_id, status=WorkloadRunStatus.PENDING).update(
            status=WorkloadRunStatus.RUNNING, started_at=timezone.now()
        )
    if connection.vendor == "postgresql":
        # Short statements: JIT compilation would cost more than it saves. The agency rows are
        # derived data; if a crash loses this commit the join step finds the agency missing and fails
        # the run (never "finished" with a gap), so the commit need not wait for the WAL flush.
        with connection.cursor() as cur:
            cur.execute("SET LOCAL jit = off")
            cur.execute("SET LOCAL synchronous_commit = off")
    previous = WorkloadResult.objects.filter(run_id=run_id, agency_id__in=agency_ids)
    done_before = set(previous.filter(level="agency").values_list("agency_id", flat=True))
    previous.delete()
    try:
        _insert_rows(run, agency_ids)
    except Exception as exc:
        names = ", ".join(str(a) for a in agency_ids[:10])
        raise AgencyStepError(f"OPD {names}: {type(exc).__name__}: {exc}") from exc
    newly_done = len(set(agency_ids) - done_before)
    if newly_done:
        WorkloadRun.objects.filter(pk=run_id).update(agencies_done=F("agencies_done") + newly_done)


def analyse_agency(*, run_id: int, agency_id: int) -> None:
    """One agency of a run: the Celery chord's header step (`workload_analyse_agency_task`)."""
    analyse_agencies(run_id=run_id, agency_ids=[agency_id])


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


@transaction.atomic
def run_finish(*, run_id: int) -> WorkloadRun:
    """Join step: mark the run finished only if every agency it had to cover has its rows, then write
    `Position.required_staff` (the need eligibility and the plan optimiser read) in one UPDATE.

    A run with a missing agency is marked failed, never finished (issue 4). Positions take the need
    of the newest finished run only: an older run that finishes late does not overwrite it.
    """
    run = WorkloadRun.objects.select_for_update().get(pk=run_id)
    if run.status in (WorkloadRunStatus.FINISHED, WorkloadRunStatus.FAILED):
        return run
    present = set(
        WorkloadResult.objects.filter(run_id=run_id, level="agency").values_list("agency_id", flat=True)
    )
    missing = sorted(set(run.agency_ids) - present)
    if missing:
        return run_fail(
            run_id=run_id,
            error=_("Perangkat daerah belum dianalisis: %(ids)s") % {"ids": ", ".join(map(str, missing))},
        )
    now = timezone.now()
    from_state = run.status
    run.status = WorkloadRunStatus.FINISHED
    run.started_at = run.started_at or now
    run.finished_at = now
    run.agencies_done = len(present)
    run.save(update_fields=["status", "started_at", "finished_at", "agencies_done"])
    newer_finished = WorkloadRun.objects.filter(
        region_id=run.region_id, status=WorkloadRunStatus.FINISHED, pk__gt=run.pk
    ).exists()
    if not newer_finished:
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                # The run id was written moments ago and has no statistics yet: the planner guesses
                # a handful of rows and probes the position index once per post. One hash join over
                # the run's rows is cheaper at every size.
                cur.execute("SET LOCAL enable_nestloop = off")
            cur.execute(POSITION_UPDATE_SQL[connection.vendor].format(table=RESULT_TABLE), {"run": run.pk})
    audit.record(
        actor=None,
        action="workload.run_finish",
        target=run,
        from_state=from_state,
        to_state=run.status,
        data={"agencies": len(present), "seconds": run.duration.total_seconds()},
    )
    if run.triggered_by_id:
        notify(
            recipients=[run.triggered_by],
            title=_("Analisis beban kerja #%(id)s selesai") % {"id": run.pk},
            url="/ikhtisar/",
        )
    return run


@transaction.atomic
def run_fail(*, run_id: int, error: str) -> WorkloadRun:
    """Mark a run failed with its error (a finished run stays finished). Its rows stay for diagnosis;
    dashboards and `Position.required_staff` only ever read finished runs."""
    run = WorkloadRun.objects.select_for_update().get(pk=run_id)
    if run.status in (WorkloadRunStatus.FINISHED, WorkloadRunStatus.FAILED):
        return run
    from_state = run.status
    run.status = WorkloadRunStatus.FAILED
    run.finished_at = timezone.now()
    run.error = (error or _("Galat tidak diketahui."))[:5000]
    run.save(update_fields=["status", "finished_at", "error"])
    audit.record(
        actor=None,
        action="workload.run_fail",
        target=run,
        from_state=from_state,
        to_state=run.status,
        note=run.error,
    )
    from core.models import User

    recipients = [run.triggered_by] if run.triggered_by_id else list(User.objects.filter(groups__name="hr"))
    notify(
        recipients=recipients,
        title=_("Analisis beban kerja #%(id)s gagal") % {"id": run.pk},
        body=run.error,
        url=f"/admin/instansi/workloadrun/{run.pk}/change/",
    )
    return run


def run_analysis(*, region: Region, triggered_by=None) -> WorkloadRun:
    """Run a whole analysis synchronously in this process (no broker): demo seed, tests, benchmarks.

    Every agency in one transaction and one pass (no broker, nothing to spread); an error marks the
    run failed and is raised again so the caller sees it.
    """
    run = run_create(region=region, triggered_by=triggered_by)
    try:
        analyse_agencies(run_id=run.pk, agency_ids=run.agency_ids)
    except Exception as exc:
        run_fail(run_id=run.pk, error=str(exc))
        raise
    return run_finish(run_id=run.pk)
