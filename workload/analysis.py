"""Workload analysis (ABK), computed set-based in the database (REGULATION.md 2, DESIGN.md 5).

One run covers a region. One `INSERT ... SELECT ... GROUP BY` writes every position row of a set of
agencies (a chunk of them per Celery step, or all of them in process), and the position rows are rolled
up into unit rows and agency rows (on PostgreSQL in the same statement, elsewhere in two more). The
SQL is in workload.sql. No Python loop ever touches a row, so a step costs the same few
statements whatever the number of employees.

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
chunk of agencies (`agency_chunks`) by the Celery chord of `workload.services.workload_run_start`.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.db import set_local
from core.services import notify
from instansi.models import Agency, Policy, Position, Region
from workload.models import WorkloadResult, WorkloadRun, WorkloadRunStatus
from workload.sql import (  # noqa: F401 - SCOPED_MAX_AGENCIES is part of the contract tests use
    POSITION_UPDATE_SQL,
    RESULT_TABLE,
    SCOPED_MAX_AGENCIES,
    insert_rows,
    is_one_pass,
)

WORK_MEM = "64MB"  # per hash/sort node of one analysis step, PostgreSQL only (benchmarks/workload.py)


# When the post-ordered streaming plan is used (see analyse_agencies): the tables are at least this
# share all-visible, and big enough for hashing every post's task sums to hurt. Measured on the
# benchmark region: at 160,000 tasks hashing is 2% faster (the roll-ups then sort instead of hash), at
# 1,600,000 streaming is a third faster (docs/BENCHMARKS.md).
ALL_VISIBLE_SHARE = 0.9
STREAMING_MIN_TASKS = 1_000_000


def streaming_plan_applies(cur) -> bool:
    """True when the region's tasks are many (STREAMING_MIN_TASKS, from the planner's statistics) and
    the task and employee tables are (nearly) all-visible in PostgreSQL's visibility map (as of their
    last VACUUM/ANALYZE), so index-only scans over the covering indexes never visit the table. False
    while a table has no statistics yet (a bulk load that autovacuum has not reached)."""
    cur.execute(
        "SELECT COALESCE(bool_and(relpages > 0 AND relallvisible >= %s * relpages), false), "
        "COALESCE(max(reltuples) FILTER (WHERE relname = 'instansi_workloadtask'), 0) FROM pg_class "
        "WHERE relkind = 'r' AND relname IN ('instansi_workloadtask', 'instansi_employee')",
        [ALL_VISIBLE_SHARE],
    )
    visible, tasks = cur.fetchone()
    return bool(visible) and tasks >= STREAMING_MIN_TASKS


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


def agency_chunks(agency_ids: list[int], steps: int) -> list[list[int]]:
    """A run's agencies in at most `steps` chunks of about as many posts each, the heaviest chunk
    first: the Celery chord's header steps (workload.services). Largest agency first onto the lightest
    chunk, so one big agency is not queued behind the others. Each chunk lists its agencies in id order.

    Why chunks and not one step per agency: at 100,000 employees (25 agencies) the 25 steps took
    0.47-0.58 s on two worker processes for about 0.23 s of SQL in all; a step's fixed cost (the
    broker hop, the result backend and chord counter, the transaction, a new statement to plan) was
    several times the SQL of an average agency (docs/BENCHMARKS.md).

    The count runs on the dispatching worker before the first step can start. `order_by()` drops
    Position's default ordering (by agency), whose join to the agency table stayed in the grouped
    query and turned an index-only scan of the agency index (2 ms at 100,000 employees) into a
    sequential scan and a hash join (7 ms)."""
    if not agency_ids:
        return []
    posts = dict(
        Position.objects.filter(agency_id__in=agency_ids)
        .order_by()
        .values_list("agency_id")
        .annotate(n=Count("pk"))
        .values_list("agency_id", "n")
    )
    chunks: list[tuple[int, list[int]]] = [(0, []) for _ in range(max(1, min(steps, len(agency_ids))))]
    for agency_id in sorted(agency_ids, key=lambda a: (-posts.get(a, 0), a)):
        lightest = min(range(len(chunks)), key=lambda i: (chunks[i][0], len(chunks[i][1])))
        size, members = chunks[lightest]
        chunks[lightest] = (size + posts.get(agency_id, 0), [*members, agency_id])
    chunks.sort(key=lambda chunk: -chunk[0])
    return [sorted(members) for _size, members in chunks if members]


# PostgreSQL settings of one step (`core.db.set_local`, one round trip). Short statements: JIT
# compilation would cost more than it saves. The agency rows are derived data; if a crash loses this
# commit the join step finds the agency missing and fails the run (never "finished" with a gap), so
# the commit need not wait for the WAL flush (why that is safe: analyse_agencies, "Durability"). A
# whole region in one pass hashes every post's tasks; at 1,000,000 employees the default 4 MB spills
# the aggregate to disk and the run grows faster than the data.
STEP_SETTINGS = {"jit": False, "synchronous_commit": False, "work_mem": WORK_MEM}


def analyse_agencies(*, run_id: int, agency_ids: list[int], write_need: bool = False) -> bool:
    """Write the position, unit and agency rows of some agencies of a run: a chunk of them per Celery
    step (`workload_analyse_agencies_task`), or every agency at once in process (`run_analysis`).

    Idempotent: a retried or redelivered step first deletes what an earlier attempt wrote for the
    same (run, agencies), and the progress counter only counts agencies done for the first time.

    A chunk is one transaction. If it fails, each of its agencies is tried again in its own
    transaction, so the agencies that can be analysed keep their rows (and count as done) and the
    error names only the agencies that failed; it is raised again, so the step is retried and, failing
    for good, fails the run.

    `write_need` (the one-pass run only): write `Position.required_staff` in the same statement on
    PostgreSQL; returns whether that was done, so the join step does not do it again.

    Durability: on PostgreSQL a step commits without waiting for its WAL to reach the disk
    (`synchronous_commit = off`, STEP_SETTINGS and _mark_running), which saves a flush of several
    milliseconds per step (about 3 ms on the benchmark machine). No run can be marked finished on a
    lost step: the join step (run_finish) commits synchronously, and PostgreSQL writes WAL in one
    sequence, so once the finish is on disk every step commit before it is too. A crash before that
    can lose the last steps' commits (at most about 3 x wal_writer_delay of them); the run is then
    not finished: the join, if it still comes, finds the agencies missing and fails the run, and a
    run left pending or running is failed by the nightly expiry (workload.services.
    workload_runs_expire); the next night's run computes every figure again.
    """
    _mark_running(run_id)
    try:
        return _analyse_agencies(run_id=run_id, agency_ids=agency_ids, write_need=write_need)
    except AgencyStepError:
        if len(agency_ids) == 1 or write_need:
            raise
    errors = []
    for agency_id in agency_ids:
        try:
            _analyse_agencies(run_id=run_id, agency_ids=[agency_id])
        except AgencyStepError as exc:
            errors.append(str(exc))
    if errors:
        raise AgencyStepError(" ".join(errors))
    return False  # the chunk failed once but every agency passed alone (a passing fault)


def _mark_running(run_id: int) -> None:
    """The run marked running by its first step, in a transaction of its own, before the step's:
    inside the step's transaction the run's row stayed locked until the step committed, and every
    other step waited for that lock (the chunks of a run ran one after the other; measured on a real
    worker, docs/BENCHMARKS.md). Committed without waiting for the WAL flush on PostgreSQL, like
    the step itself (see analyse_agencies: a lost mark leaves the run pending, which the join step
    or the nightly expiry closes); only the first step changes the row, the others commit nothing."""
    with transaction.atomic():
        set_local(synchronous_commit=False)
        WorkloadRun.objects.filter(pk=run_id, status=WorkloadRunStatus.PENDING).update(
            status=WorkloadRunStatus.RUNNING, started_at=timezone.now()
        )


@transaction.atomic
def _analyse_agencies(*, run_id: int, agency_ids: list[int], write_need: bool = False) -> bool:
    run = WorkloadRun.objects.only("region_id", "status", "agency_ids", "policy_snapshot").get(pk=run_id)
    if run.status in (WorkloadRunStatus.FINISHED, WorkloadRunStatus.FAILED) or not agency_ids:
        return False  # a late redelivery must not touch a closed run
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            set_local(cur, **STEP_SETTINGS)
            if is_one_pass(run, agency_ids) and streaming_plan_applies(cur):
                # Many agencies in one pass (the WHOLE shape): sum the tasks and count the holders in
                # post order straight from the covering indexes (index-only scans, group aggregates,
                # merge joins) instead of hashing every post of the region. Memory stays flat at any
                # size and, at 1,000,000 employees, the statement takes about a fifth less
                # (docs/BENCHMARKS.md). Only when the tables are (nearly) all-visible, as autovacuum
                # keeps them: right after a bulk load the index-only scans would visit the heap, and
                # the planner's own choice is better.
                set_local(cur, enable_hashagg=False, enable_hashjoin=False)
    previous = WorkloadResult.objects.filter(run_id=run_id, agency_id__in=agency_ids)
    done_before = set(previous.filter(level="agency").values_list("agency_id", flat=True))
    if done_before:  # a retry or redelivery: a first attempt has nothing to delete
        previous.delete()
    try:
        need_written = insert_rows(run, agency_ids, write_need=write_need)
    except Exception as exc:
        names = ", ".join(str(a) for a in agency_ids[:10])
        raise AgencyStepError(f"OPD {names}: {type(exc).__name__}: {exc}") from exc
    newly_done = len(set(agency_ids) - done_before)
    if newly_done:
        WorkloadRun.objects.filter(pk=run_id).update(agencies_done=F("agencies_done") + newly_done)
    return need_written


def analyse_agency(*, run_id: int, agency_id: int) -> None:
    """One agency of a run (a chunk of one)."""
    analyse_agencies(run_id=run_id, agency_ids=[agency_id])


@transaction.atomic
def run_finish(*, run_id: int, need_written: bool = False) -> WorkloadRun:
    """Join step: mark the run finished only if every agency it had to cover has its rows, then write
    `Position.required_staff` (the need eligibility and the plan optimiser read) in one UPDATE, unless
    the one-pass step already wrote it in its own statement (`need_written`, PostgreSQL).

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
    if not newer_finished and not need_written:  # the one-pass step may have written it already
        with connection.cursor() as cur:
            # The run id was written moments ago and has no statistics yet: the planner guesses a
            # handful of rows and probes the position index once per post. One hash join over the
            # run's rows is cheaper at every size (PostgreSQL only; nothing to set on SQLite).
            set_local(cur, enable_nestloop=False)
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
    dashboards and `Position.required_staff` only ever read finished runs.

    A run already failed keeps its first failure (audit row, notification) and gains the new reason:
    a failing agency step and the chord's error callback both report, in either order (Celery sends
    the callback before the step's own failure handler runs), and the agency's reason must not be
    lost behind the callback's general one."""
    run = WorkloadRun.objects.select_for_update().get(pk=run_id)
    if run.status == WorkloadRunStatus.FINISHED:
        return run
    if run.status == WorkloadRunStatus.FAILED:
        reason = (error or "").strip()
        if reason and reason not in run.error:
            run.error = f"{run.error} {reason}"[:5000]
            run.save(update_fields=["error"])
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
    recipients = [run.triggered_by] if run.triggered_by_id else access.hr_users()
    notify(
        recipients=recipients,
        title=_("Analisis beban kerja #%(id)s gagal") % {"id": run.pk},
        body=run.error,
        url=f"/admin/workload/workloadrun/{run.pk}/change/",
    )
    return run


def run_analysis(*, region: Region, triggered_by=None) -> WorkloadRun:
    """Run a whole analysis synchronously in this process (no broker): demo seed, tests, benchmarks.

    Every agency in one transaction and one pass (no broker, nothing to spread); an error marks the
    run failed and is raised again so the caller sees it.
    """
    run = run_create(region=region, triggered_by=triggered_by)
    try:
        need_written = analyse_agencies(run_id=run.pk, agency_ids=run.agency_ids, write_need=True)
    except Exception as exc:
        run_fail(run_id=run.pk, error=str(exc))
        raise
    return run_finish(run_id=run.pk, need_written=need_written)
