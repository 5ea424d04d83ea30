"""Benchmark of the workload analysis (ABK) as production runs it (issues 4 and 15, `make bench`).

Production runs the analysis every night: Celery beat sends `workload_nightly_task`, a worker starts
one run per region, and the run fans out `workload_analyse_agencies_task` over chunks of its agencies and
joins in `workload_finish_task` (a chord; `workload.services.workload_run_start`). This script times exactly
that, on a real worker:

1. A database of its own (BENCH_DATABASE_URL, default `simutasi_bench_workload`; dropped and
   created): either generated per size with `INSERT ... SELECT generate_series` (`--sizes`: 1 post per
   6 employees, 10 tasks per post, every 25th post without tasks, 2% inactive, agencies =
   max(20, employees / 5,000)), or a copy of a seeded database (`--from-db simutasi_bench100k`, made
   with `CREATE DATABASE ... TEMPLATE`, so the seeded one is never touched).
2. A Celery worker started for it: `celery -A config worker --concurrency 2` (the production worker of
   docker-compose.yml), production settings, the broker on Redis (BENCH_REDIS_URL, default db 4,
   purged first), stopped at the end (SIGTERM, then SIGKILL after 30 s).
3. For each of --repeat repetitions, interleaved so that all see the same machine load:
   - **first run**: results and runs emptied, every post's need (`Position.required_staff`) reset to
     NULL, VACUUM ANALYZE: a database that has never been analysed. The run writes every need.
   - **repeated run**: the same again, the results of the previous run in place; no need changes.
   Each is timed from the moment `workload_nightly_task` is sent to the broker (as beat sends it) until
   every run it started is marked finished in the database (polled every --poll seconds).
   - **floor** (as before): ONE hand-written SQL statement computing the same per-post figures (hours,
     current, exact and rounded need, gap, EJ, PJ) for the whole region, folded to one row server-side:
     nothing transferred or stored.
   - **floor + write**: the same statement storing its rows into a bare temporary table (no index, no
     constraint, no WAL) and writing `Position.required_staff` where it changes (every post on the
     first run, none on a repeated one), in a transaction rolled back afterwards: the least any
     implementation that keeps its results must pay. Measured before the first run (needs empty) and
     before the repeated run (needs written).
   - **in process** (secondary): `run_analysis`, the whole region in one pass in this process (what
     the demo seed and the tests use), no broker.
4. Checks that the floor's totals equal the stored position rows, and prints a Markdown table:
   medians, ratios run / floor, data size, date and command.

    .venv/bin/python benchmarks/workload.py                               # 10k, 100k, 1M generated
    .venv/bin/python benchmarks/workload.py --sizes 100000 --repeat 7
    .venv/bin/python benchmarks/workload.py --from-db simutasi_bench100k --repeat 7
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shlex
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks._common import clone_database, drop_database, recreate_database  # noqa: E402

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/simutasi_bench_workload")
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
CELERY = str(Path(sys.executable).with_name("celery"))
WORKER_CONCURRENCY = 2  # docker-compose.yml, service `worker`: celery -A config worker --concurrency 2
WORKER_START_S = 60
WORKER_STOP_S = 30
LOAD_AT_START: float | None = None  # os.getloadavg()[0] when main() began


def bench_env() -> dict[str, str]:
    """Production settings against the benchmark's database and broker: for this process and the worker."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(
        DATABASE_URL=BENCH_URL,
        REDIS_URL=BENCH_REDIS,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="workload-benchmark-secret-" + "q3Zr8" * 10,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=os.environ.get("BENCH_MEDIA_ROOT", "/tmp/simutasi-bench-media"),
    )
    return env


def setup_django() -> None:
    os.environ.update(bench_env())
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def tables() -> dict[str, str]:
    """Table names from the models, wherever the workload models live."""
    from instansi.models import Agency, Employee, Policy, Position, Region, Unit
    from workload import models

    return {
        "task": models.WorkloadTask._meta.db_table,
        "run": models.WorkloadRun._meta.db_table,
        "result": models.WorkloadResult._meta.db_table,
        "agency": Agency._meta.db_table,
        "unit": Unit._meta.db_table,
        "position": Position._meta.db_table,
        "employee": Employee._meta.db_table,
        "policy": Policy._meta.db_table,
        "region": Region._meta.db_table,
    }


# --- Data ------------------------------------------------------------------------------------------


def generate(employees: int) -> None:
    """Fresh data for one size, all in SQL. Agencies scale with size (a province-sized region at 1M)."""
    from django.db import connection

    from instansi.models import Policy, Region

    t = tables()
    positions = max(employees // 6, 1)
    agencies = max(20, employees // 5000)
    units = max(positions // 10, agencies)
    with connection.cursor() as cur:
        cur.execute(
            f"TRUNCATE {t['result']}, {t['run']}, {t['employee']}, {t['task']}, {t['position']}, {t['unit']}, "
            f"{t['agency']}, {t['policy']}, {t['region']}, core_auditevent RESTART IDENTITY CASCADE"
        )
    region = Region.objects.create(name="Pemerintah Provinsi Bench", kind="provinsi")
    Policy.objects.create(region=region)
    steps = [
        f"""INSERT INTO {t["agency"]} (created_at, updated_at, code, name, short_name, kind, is_hr_agency, region_id)
            SELECT now(), now(), 'OPD' || g, 'Perangkat Daerah ' || g, '', 'dinas', false, %(region)s
            FROM generate_series(1, %(agencies)s) g""",
        f"""INSERT INTO {t["unit"]} (created_at, updated_at, code, name, agency_id)
            SELECT now(), now(), 'U' || g, 'Unit ' || g, a.id
            FROM generate_series(1, %(units)s) g
            JOIN {t["agency"]} a ON a.code = 'OPD' || (1 + g %% %(agencies)s)""",
        # Every 25th post has no tasks ("not analysed") so that path is timed too.
        f"""INSERT INTO {t["position"]} (created_at, updated_at, code, title, kind, grade, is_head, special_role,
                required_education_levels, required_education_fields, competency_tags, agency_id, unit_id)
            SELECT now(), now(), 'J' || g, 'Jabatan ' || g, 'pelaksana', 7, false, '', '[]', '[]', '[]',
                   u.agency_id, u.id
            FROM generate_series(1, %(positions)s) g
            JOIN {t["unit"]} u ON u.code = 'U' || (1 + g %% %(units)s)""",
        f"""INSERT INTO {t["task"]} (created_at, updated_at, description, output_unit, annual_volume,
                standard_minutes, position_id)
            SELECT now(), now(), 'Tugas ' || t, 'dokumen', 100 + (p.id * 7 + t * 13) %% 900,
                   5 + (p.id * 3 + t * 11) %% 55, p.id
            FROM {t["position"]} p CROSS JOIN generate_series(1, 10) t
            WHERE p.id %% 25 <> 0""",
        f"""INSERT INTO {t["employee"]} (created_at, updated_at, nip, name, front_title, back_title, birth_date,
                gender, status, golongan, education_level, education_field, competencies, phone, email,
                under_sanction, in_court_case, on_study_assignment, in_service_bond, open_audit_finding,
                is_active, position_id)
            SELECT now(), now(), lpad(g::text, 18, '0'), 'Pegawai ' || g, '', '', DATE '1980-01-01', 'L', 'pns',
                   '', 's1', '', '[]', '', '', false, false, false, false, false, g %% 50 <> 0,
                   (SELECT min(id) FROM {t["position"]}) + (g::bigint * 7919) %% %(positions)s
            FROM generate_series(1, %(employees)s) g""",
    ]
    params = {
        "region": region.pk,
        "agencies": agencies,
        "units": units,
        "positions": positions,
        "employees": employees,
    }
    with connection.cursor() as cur:
        for statement in steps:
            cur.execute(statement, params)


def data_size() -> dict:
    from django.db import connection

    t = tables()
    with connection.cursor() as cur:
        counts = {}
        for key, table in (("employees", "employee"), ("positions", "position"), ("tasks", "task")):
            cur.execute(f"SELECT count(*) FROM {t[table]}")  # noqa: S608 - table names from the models
            counts[key] = cur.fetchone()[0]
        cur.execute(f"SELECT count(*), count(DISTINCT region_id) FROM {t['agency']}")  # noqa: S608
        counts["agencies"], counts["regions"] = cur.fetchone()
        cur.execute(f"SELECT count(*) FROM {t['employee']} WHERE is_active")  # noqa: S608
        counts["active"] = cur.fetchone()[0]
    return counts


def settle(*, every_table: bool = False) -> None:
    """Tables at rest, as autovacuum keeps them between nights: VACUUM ANALYZE (the whole database after
    loading it, else the tables a run or a reset writes), then CHECKPOINT so the checkpointer does not
    write their dirty pages during a timed run (needs superuser or the pg_checkpoint role; skipped
    without)."""
    from django.db import connection

    t = tables()
    with connection.cursor() as cur:
        cur.execute(
            "VACUUM ANALYZE" if every_table else f"VACUUM ANALYZE {t['result']}, {t['run']}, {t['position']}"
        )
        try:
            cur.execute("CHECKPOINT")
        except Exception as exc:  # noqa: BLE001 - a benchmark on a restricted account still runs
            print(f"    (no CHECKPOINT: {exc})", file=sys.stderr)


def reset_results() -> None:
    """A database never analysed: no run, no result, no post with a need (the first night)."""
    from django.db import connection

    t = tables()
    with connection.cursor() as cur:
        # CASCADE: records pointing at runs (transfer plans of a seeded copy) go with them.
        cur.execute(f"TRUNCATE {t['result']}, {t['run']} CASCADE")
        cur.execute(f"UPDATE {t['position']} SET required_staff = NULL WHERE required_staff IS NOT NULL")  # noqa: S608


# --- The floor ---------------------------------------------------------------------------------------

# The same per-post figures as the analysis (REGULATION.md 2), one statement over the analysed regions.
# FLOOR_SQL folds them into one row server-side, so neither transfer nor writes are counted: what no
# implementation can beat. FLOOR_WRITE_SQL stores the same rows into a bare temporary table (no index,
# no constraint, no WAL) and NEED_SQL writes the need where it changes: the floor of any implementation
# that keeps its results.
PER_POSITION_SQL = """
    SELECT id, agency_id, unit_id, old_need, hours, cur, exact, req, cur - req AS gap, ej,
           CASE WHEN ej IS NULL THEN '' WHEN ej > 1.00 THEN 'A' WHEN ej >= 0.90 THEN 'B'
                WHEN ej >= 0.70 THEN 'C' WHEN ej >= 0.50 THEN 'D' ELSE 'E' END AS pj
    FROM (
        SELECT id, agency_id, unit_id, old_need, hours, cur, exact, {required} AS req,
               CASE WHEN cur > 0 THEN ROUND(hours / (cur * %(eff)s), 3) END AS ej
        FROM (
            SELECT p.id, p.agency_id, p.unit_id, p.required_staff AS old_need, t.hours,
                   COALESCE(e.cur, 0) AS cur, ROUND(t.hours / %(eff)s, 3) AS exact
            FROM {position} p
            JOIN {agency} a ON a.id = p.agency_id
            LEFT JOIN (SELECT position_id, ROUND(SUM(annual_volume * standard_minutes) / 60.0, 2) AS hours
                       FROM {task} GROUP BY position_id) t ON t.position_id = p.id
            LEFT JOIN (SELECT position_id, COUNT(*) AS cur FROM {employee}
                       WHERE is_active GROUP BY position_id) e ON e.position_id = p.id
            WHERE a.region_id = ANY(%(regions)s)
        ) base
    ) figures
"""
FLOOR_SQL = "SELECT count(*), sum(req), sum(gap), sum(CASE WHEN pj = 'A' THEN 1 ELSE 0 END) FROM ({rows}) f"
FLOOR_WRITE_SQL = "CREATE TEMP TABLE bench_floor_rows ON COMMIT DROP AS {rows}"
NEED_SQL = """UPDATE {position} p SET required_staff = f.req FROM bench_floor_rows f
              WHERE p.id = f.id AND f.req IS DISTINCT FROM f.old_need"""


class Floor:
    """The floor statements for the analysed regions, with the numbers of their Policy."""

    def __init__(self):
        from instansi.choices import Rounding
        from instansi.models import Policy, Region

        regions = list(Region.objects.order_by("pk").values_list("pk", flat=True))
        policies = {
            (p.effective_hours_per_year, p.rounding) for p in Policy.objects.filter(region__in=regions)
        }
        if len(policies) != 1:
            raise SystemExit(f"the floor needs one Policy for every region, found {policies or 'none'}")
        eff, rounding = policies.pop()
        required = (
            "CAST(CEILING(exact) AS INTEGER)"
            if rounding == Rounding.CEILING
            else "CAST(FLOOR(exact + 0.5) AS INTEGER)"
        )
        t = tables()
        rows = PER_POSITION_SQL.format(required=required, **t)
        self.compute_sql = FLOOR_SQL.format(rows=rows)
        self.write_sql = FLOOR_WRITE_SQL.format(rows=rows)
        self.need_sql = NEED_SQL.format(**t)
        self.params = {"eff": eff, "regions": regions}
        from workload.analysis import WORK_MEM

        self.work_mem = WORK_MEM  # what the analysis sets for itself

    def compute(self) -> tuple:
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"SET LOCAL work_mem = '{self.work_mem}'")
            cur.execute(self.compute_sql, self.params)
            return cur.fetchone()

    def write(self) -> int:
        """Rows stored and needs written, then rolled back; how many needs changed. The CPU time its
        PostgreSQL backend took is left in `self.cpu` (seconds)."""
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pid = cur.fetchone()[0]
            before = cpu_ns([pid])
            cur.execute(f"SET LOCAL work_mem = '{self.work_mem}'")
            cur.execute(self.write_sql, self.params)
            cur.execute(self.need_sql)
            changed = cur.rowcount
            self.cpu = cpu_used(before, cpu_ns([pid]))
            transaction.set_rollback(True)
        return changed


# --- CPU time -------------------------------------------------------------------------------------------

# Wall time on a shared machine grows with everyone else's load; the CPU time the work itself took
# (PostgreSQL backends and worker processes, from the kernel's per-process run time in
# /proc/<pid>/schedstat, nanoseconds) much less. Both are reported; the target is on wall time.


def cpu_ns(pids) -> dict[int, int]:
    """Nanoseconds each process has run on a CPU so far (processes that are gone are left out)."""
    out = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/schedstat") as f:
                out[pid] = int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return out


def group_pids(pgid: int) -> list[int]:
    """The processes of one process group (the worker and its pool processes)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:  # after "pid (comm)": state, ppid, pgrp
                pids.append(int(entry))
    return pids


def backend_pids(cur) -> list[int]:
    """This database's client backends but the one asking (the poller); not autovacuum, which runs
    when it will, not because a run waits for it."""
    cur.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND backend_type = 'client backend'"
    )
    return [row[0] for row in cur.fetchall()]


def cpu_used(before: dict[int, int], after: dict[int, int]) -> float:
    """Seconds of CPU between two readings; a process that started in between counts whole."""
    return sum(ns - before.get(pid, 0) for pid, ns in after.items()) / 1e9


# --- The worker ----------------------------------------------------------------------------------------


class Worker:
    """`celery -A config worker` for the benchmark's database, stopped on exit (bounded in time)."""

    def __init__(self, concurrency: int):
        self.concurrency = concurrency
        self.name = f"bench-workload-{os.getpid()}@127.0.0.1"
        self.log = open(f"/tmp/simutasi-bench-worker-{os.getpid()}.log", "w")  # noqa: SIM115
        self.proc: subprocess.Popen | None = None

    @property
    def command(self) -> list[str]:
        return [CELERY, "-A", "config", "worker", "-l", "warning", "--concurrency", str(self.concurrency),
                "-n", self.name, "--without-gossip", "--without-mingle"]  # fmt: skip

    def __enter__(self) -> Worker:
        from config.celery import app

        app.control.purge()  # what an earlier run (or the seed) left on this broker
        self.proc = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=bench_env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + WORKER_START_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the worker stopped at once; see {self.log.name}")
            if app.control.ping(destination=[self.name], timeout=1.0):
                return self
        self.stop()
        raise SystemExit(f"the worker did not answer within {WORKER_START_S} s; see {self.log.name}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # warm shutdown: the current task finishes
            try:
                self.proc.wait(timeout=WORKER_STOP_S)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()

    def __exit__(self, *exc) -> None:
        self.stop()


def nightly(timeout: float, poll: float, worker: Worker | None = None) -> tuple[float, dict[str, float]]:
    """Send `workload_nightly_task` as beat does; seconds until every run it started is finished, and
    where they went, from the runs' own timestamps (the worker's clock is this machine's):
    `queue` until the nightly task created the run, `dispatch` until the first agency step started,
    `steps` until the join step marked it finished, `close` until the finish was seen committed (the
    need UPDATE, the audit row, the commit and at most one poll interval).

    Polls the run table on a connection of its own (autocommit, so each poll sees the latest commit):
    the figure is at most `poll` seconds late. With `worker`, also `cpu_db` and `cpu_worker`: seconds
    of CPU the database's backends (but the poller's) and the worker's processes took meanwhile."""
    import psycopg2

    t = tables()
    from workload import models, tasks

    finished, failed = models.WorkloadRunStatus.FINISHED, models.WorkloadRunStatus.FAILED
    conn = psycopg2.connect(BENCH_URL)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(f"SELECT COALESCE(max(id), 0) FROM {t['run']}")  # noqa: S608
            before = cur.fetchone()[0]
            cur.execute(f"SELECT count(DISTINCT region_id) FROM {t['agency']}")  # noqa: S608
            regions = cur.fetchone()[0]
            query = (
                f"SELECT count(*) FILTER (WHERE status = %s), count(*) FILTER (WHERE status = %s), "  # noqa: S608
                f"string_agg(error, ' ') FROM {t['run']} WHERE id > %s"
            )

            def reading() -> tuple[dict[int, int], dict[int, int]]:
                return cpu_ns(backend_pids(cur)), cpu_ns(group_pids(worker.proc.pid) if worker else [])

            cpu_before = reading()
            sent = time.time()
            started = time.perf_counter()
            tasks.workload_nightly_task.delay()
            while True:
                cur.execute(query, [str(finished), str(failed), before])
                done, bad, error = cur.fetchone()
                elapsed = time.perf_counter() - started
                if bad:
                    raise SystemExit(f"a workload run failed: {error}")
                if done >= regions:
                    break
                if elapsed > timeout:
                    raise SystemExit(f"the nightly runs did not finish within {timeout:.0f} s")
                time.sleep(poll)
            cpu_after = reading()
            cur.execute(
                f"SELECT extract(epoch FROM min(created_at)), extract(epoch FROM min(started_at)), "  # noqa: S608
                f"extract(epoch FROM max(finished_at)) FROM {t['run']} WHERE id > %s",
                [before],
            )
            created, first_step, marked = (float(x) for x in cur.fetchone())
    finally:
        conn.close()
    phases = {
        "queue": created - sent,
        "dispatch": first_step - created,
        "steps": marked - first_step,
        "close": sent + elapsed - marked,
    }
    if worker:
        phases["cpu_db"] = cpu_used(cpu_before[0], cpu_after[0])
        phases["cpu_worker"] = cpu_used(cpu_before[1], cpu_after[1])
    return elapsed, phases


# --- One size -----------------------------------------------------------------------------------------


PHASES = ("queue", "dispatch", "steps", "close")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def check_same_figures(floor: Floor) -> None:
    """The floor's totals equal the position rows the last run stored."""
    from django.db.models import Sum

    from instansi.models import Region
    from workload import models

    finished = models.WorkloadRun.objects.filter(status=models.WorkloadRunStatus.FINISHED).order_by("-pk")
    last = [finished.filter(region=region).values_list("pk", flat=True)[0] for region in Region.objects.all()]
    stored = models.WorkloadResult.objects.filter(run_id__in=last, level="position", analysed=True)
    agg = stored.aggregate(req=Sum("required"), gap=Sum("gap"))
    _count, req_sum, gap_sum, _a = floor.compute()
    assert int(req_sum) == agg["req"] and int(gap_sum) == agg["gap"], (req_sum, gap_sum, agg)


def bench(args, label: str) -> dict:
    from instansi.models import Region
    from workload import analysis

    regions = list(Region.objects.order_by("pk"))
    floor = Floor()
    size = data_size()
    samples: dict[str, list[float]] = {
        k: []
        for k in ("first", "repeated", "floor", "write_first", "write_repeated", "in_process", "cpu_write_first",
                  "cpu_write_repeated")
    }  # fmt: skip
    phases: dict[str, list[dict]] = {"first": [], "repeated": []}

    def run(kind: str) -> None:
        elapsed, where = nightly(args.timeout, args.poll, worker)
        samples[kind].append(elapsed)
        phases[kind].append(where)

    with Worker(args.concurrency) as worker:
        # Warm-up, not timed: the worker's processes import, connect and cache as a long-running one has.
        reset_results()
        settle(every_table=True)
        nightly(args.timeout, args.poll)
        floor.compute()
        for i in range(args.repeat):
            print(f"    {label}: repetition {i + 1}/{args.repeat}", file=sys.stderr, flush=True)
            reset_results()
            settle()
            samples["floor"].append(timed(floor.compute))
            samples["write_first"].append(timed(floor.write))
            samples["cpu_write_first"].append(floor.cpu)
            settle()  # the rolled-back need UPDATE left a dead version of every post
            run("first")
            settle()  # a night later: autovacuum has been round the rows the first run wrote
            samples["write_repeated"].append(timed(floor.write))
            samples["cpu_write_repeated"].append(floor.cpu)
            run("repeated")
            if not args.no_in_process:
                samples["in_process"].append(
                    timed(lambda: [analysis.run_analysis(region=r) for r in regions])
                )
        check_same_figures(floor)
        changed = floor.write()
        assert changed == 0, f"{changed} posts' stored need differs from the floor's"
        command = shlex.join(worker.command[:1] + worker.command[1:])
    medians = {k: statistics.median(v) if v else None for k, v in samples.items()}
    where = {
        kind: {p: statistics.median(x[p] for x in runs) for p in (*PHASES, "cpu_db", "cpu_worker")}
        for kind, runs in phases.items()
    }
    return {
        "label": label,
        "size": size,
        "median": medians,
        "samples": samples,
        "where": where,
        "worker": command,
    }


def markdown(rows: list[dict], args) -> str:
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    start_load = f"{LOAD_AT_START:.1f} at the start, " if LOAD_AT_START is not None else ""
    lines = [
        "```",
        shlex.join([".venv/bin/python", "benchmarks/workload.py", *sys.argv[1:]]),
        "```",
        "",
        f"Measured {when} on {os.cpu_count()} CPU cores ({platform.machine()}, Python {platform.python_version()}), "
        f"load average {start_load}{load:.1f} at the end; worker `celery -A config worker --concurrency {args.concurrency}` "
        f"(production settings), PostgreSQL and Redis on the same machine; medians of {args.repeat} repetitions; "
        f"each run timed from sending `workload_nightly_task` until its runs are marked finished (polled every "
        f"{args.poll * 1000:.0f} ms).",
        "",
        "| data | employees | agencies | posts | tasks | run | run median (s) | floor median (s) | ratio "
        "| floor + write median (s) | ratio to floor + write |",
        "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        s, m = r["size"], r["median"]
        size = (
            f"| {r['label']} | {s['employees']:,} | {s['agencies']:,} | {s['positions']:,} | {s['tasks']:,} "
        )
        for kind, write_key in (("first", "write_first"), ("repeated", "write_repeated")):
            lines.append(
                f"{size}| nightly chord, {kind} | {m[kind]:.3f} | {m['floor']:.3f} | {m[kind] / m['floor']:.2f} "
                f"| {m[write_key]:.3f} | {m[kind] / m[write_key]:.2f} |"
            )
        if m["in_process"] is not None:
            lines.append(
                f"{size}| in process (`run_analysis`), repeated | {m['in_process']:.3f} | {m['floor']:.3f} "
                f"| {m['in_process'] / m['floor']:.2f} | {m['write_repeated']:.3f} "
                f"| {m['in_process'] / m['write_repeated']:.2f} |"
            )
    lines += [
        "",
        "Where a nightly run's time goes (medians, seconds; from the run's own timestamps): **queue** until the "
        "nightly task created the run, **dispatch** until the first agency step started, **steps** until the join "
        "step marked it finished, **close** until that was seen committed (need UPDATE, audit row, commit, <= one poll).",
        "",
        "| data | employees | run | queue | dispatch | steps | close |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        for kind, where in r["where"].items():
            lines.append(
                f"| {r['label']} | {r['size']['employees']:,} | {kind} | "
                + " | ".join(f"{where[p]:.3f}" for p in PHASES)
                + " |"
            )
    lines += [
        "",
        "CPU time (medians, seconds; /proc/<pid>/schedstat): a run's is every backend of the database but the "
        "poller's plus the worker's processes, from sending the task until the finish was seen; the floor + "
        "write's is its backend's. Less sensitive to the machine's load than wall time.",
        "",
        "| data | employees | run | run CPU (s): database + worker | floor + write CPU (s) | ratio |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for r in rows:
        m = r["median"]
        for kind, write_key in (("first", "cpu_write_first"), ("repeated", "cpu_write_repeated")):
            db, work = r["where"][kind]["cpu_db"], r["where"][kind]["cpu_worker"]
            lines.append(
                f"| {r['label']} | {r['size']['employees']:,} | {kind} | {db + work:.3f}: {db:.3f} + {work:.3f} "
                f"| {m[write_key]:.3f} | {(db + work) / m[write_key]:.2f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--sizes", type=int, nargs="+", help="employees per generated region (default 10k 100k 1M)"
    )
    source.add_argument(
        "--from-db", metavar="NAME", help="measure a copy of this seeded database (e.g. simutasi_bench100k)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions per size (median)")
    parser.add_argument("--concurrency", type=int, default=WORKER_CONCURRENCY, help="worker processes")
    parser.add_argument("--poll", type=float, default=0.01, help="seconds between polls of the run table")
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds one run may take before giving up"
    )
    parser.add_argument("--no-in-process", action="store_true", help="skip the secondary in-process line")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args()
    global LOAD_AT_START
    LOAD_AT_START = os.getloadavg()[0]
    if args.from_db and args.from_db == BENCH_URL.rsplit("/", 1)[1]:
        raise SystemExit("--from-db names the benchmark's own database, which the script drops")

    if args.from_db:
        clone_database(BENCH_URL, template=args.from_db)
    else:
        recreate_database(BENCH_URL)
    rows = []
    try:
        setup_django()
        if args.from_db:
            print(f"... a copy of {args.from_db}", file=sys.stderr, flush=True)
            rows.append(bench(args, f"`seed_demo` ({args.from_db})"))
        else:
            for size in args.sizes or [10_000, 100_000, 1_000_000]:
                print(f"... {size:,} employees (generated)", file=sys.stderr, flush=True)
                t0 = time.perf_counter()
                generate(size)
                print(f"    generated in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
                rows.append(bench(args, "generated"))
        for r in rows:
            print(f"    {r['label']} samples (s): " + "; ".join(
                f"{k} " + ", ".join(f"{x:.3f}" for x in v) for k, v in r["samples"].items() if v
            ), file=sys.stderr)  # fmt: skip
        print()
        print(markdown(rows, args))
        for r in rows:
            m = r["median"]
            worst = max(m["first"] / m["write_first"], m["repeated"] / m["write_repeated"])
            print(
                f"\n{r['size']['employees']:,} employees ({r['label']}): first run {m['first'] / m['floor']:.2f}x, "
                f"repeated {m['repeated'] / m['floor']:.2f}x the strict floor; worst {worst:.2f}x the floor + write "
                "(target <= 2x at 100,000)."
            )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(BENCH_URL)


if __name__ == "__main__":
    main()
