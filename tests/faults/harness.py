"""Fault harness (issue 7 point 6): real Celery worker and gunicorn subprocesses against a real PostgreSQL
database and Redis, killed with SIGKILL at a chosen moment, and the scenarios the tests and
`benchmarks/faults.py` run with it.

A kill is made to land *inside* a unit of work, deterministically: before starting the worker, the
harness holds, in a transaction of its own, a lock the chosen unit of work will need (`SELECT ... FOR
UPDATE` of a decree row for one PDF job, of an employee row for one move; an uncommitted row under a
unique index for one agency step of a workload run). The worker does everything else, then blocks on that row, mid-transaction;
the harness sees the blocked backend in `pg_stat_activity` and kills the worker's whole process group.
PostgreSQL aborts the orphaned transaction once the lock is released. The benchmark also kills at random
moments without any lock (`random_kill=True`).

Redelivery: the tasks are `acks_late`, so an unacknowledged message goes back to the queue after the
broker's visibility timeout (`CELERY_VISIBILITY_TIMEOUT`, config/settings/base.py). The harness runs the
workers with a short timeout so that the restarted worker picks the message up within seconds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psycopg2

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Seconds. The harness waits longer than this before a restarted worker starts. Not shorter: a message
# waiting longer than this in a live worker's buffer is handed out a second time (idempotent, but a
# duplicated chord step can make the join fire early and fail the run).
VISIBILITY_TIMEOUT = 8


def database_url(db: dict, **options) -> str:
    """A DATABASE_URL for a Django DATABASES entry (the test database when called from a test)."""
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    query = "&".join(f"{k}={v}" for k, v in options.items())
    return f"postgres://{auth}{host}{port}/{db['NAME']}" + (f"?{query}" if query else "")


def wait_for(predicate: Callable[[], object], *, timeout: float, interval: float = 0.05, what: str = ""):
    """Poll until `predicate()` is truthy; return its value, or raise TimeoutError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"not reached within {timeout:.0f} s: {what}")
        time.sleep(interval)


@dataclass
class Stack:
    """The database, broker and media directory the subprocesses share with the caller."""

    db: dict  # a Django DATABASES entry
    redis_url: str
    media_root: Path
    log_dir: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    # --- environment -------------------------------------------------------------------------------

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.local",
            DEBUG="false",
            DATABASE_URL=database_url(self.db),
            REDIS_URL=self.redis_url,
            MEDIA_ROOT=str(self.media_root),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
            CELERY_UNACKED_RESTORE_INTERVAL="1",
            CELERY_UNACKED_RESTORE_THROTTLE="1",
            CELERY_UNACKED_MUTEX_EXPIRE=str(VISIBILITY_TIMEOUT - 2),
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def connect(self):
        """A raw connection of our own (not Django's): it holds locks and terminates backends."""
        db = self.db
        conn = psycopg2.connect(
            dbname=db["NAME"],
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            host=db.get("HOST") or "127.0.0.1",
            port=db.get("PORT") or None,
        )
        return conn

    # --- processes ---------------------------------------------------------------------------------

    def _spawn(self, name: str, args: list[str], **env: str) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            args,
            cwd=BASE_DIR,
            env=self.env(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        proc.log_file = log  # type: ignore[attr-defined]
        self.processes.append(proc)
        return proc

    def start_worker(self, name: str, *, concurrency: int = 2, **env: str) -> subprocess.Popen:
        """`celery -A config worker` (prefork) in its own process group, eager mode off; `env` adds
        settings (the SIASN tests point the worker at their fake SIASN)."""
        return self._spawn(
            name,
            [
                sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "WARNING", "-n", f"{name}@%h",
                "--concurrency", str(concurrency), "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            **env,
        )  # fmt: skip

    def start_gunicorn(self, name: str = "gunicorn", **env: str) -> tuple[subprocess.Popen, str]:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = self._spawn(
            name,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "1",
                "--timeout",
                "60",
            ],
            **env,
        )
        return proc, f"http://127.0.0.1:{port}"

    @staticmethod
    def kill(proc: subprocess.Popen) -> None:
        """SIGKILL the whole process group: the main process and its pool children die at once,
        nothing gets to acknowledge, restore or clean up (a machine or container dying)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.log_file.close()  # type: ignore[attr-defined]

    @staticmethod
    def stop(proc: subprocess.Popen) -> None:
        """Warm shutdown (SIGTERM): running tasks finish and are acknowledged, nothing is left half done."""
        proc.terminate()
        proc.wait(timeout=60)
        proc.log_file.close()  # type: ignore[attr-defined]

    def stop_all(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                self.kill(proc)
            elif not proc.log_file.closed:  # type: ignore[attr-defined]
                proc.log_file.close()  # type: ignore[attr-defined]
        self.processes.clear()

    # --- database observations -----------------------------------------------------------------------

    def lock_waiters(self) -> int:
        """Backends of this database waiting for a lock (a worker blocked on the row we hold)."""
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            return cur.fetchone()[0]

    def backends(self) -> int:
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND state <> 'idle'"
            )
            return cur.fetchone()[0]

    @contextlib.contextmanager
    def holding(self, *statements: tuple[str, tuple]) -> Iterator[None]:
        """Run some statements in a transaction of our own and keep it open (with the locks it took)
        until the block ends; then roll it back, so nothing it did remains."""
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                for sql, params in statements:
                    cur.execute(sql, params)
            yield
        finally:
            conn.rollback()
            conn.close()

    def row_locks(self, table: str, ids: list[int]):
        """Hold FOR UPDATE locks on some rows: a unit of work that locks one of them waits there."""
        return self.holding((f"SELECT id FROM {table} WHERE id = ANY(%s) FOR UPDATE", (list(ids),)))  # noqa: S608

    def agency_row_claims(self, run_id: int, agency_ids: list[int]):
        """Insert, uncommitted, the agency rows of some agencies of a run: the agency step of one of them
        writes its position and unit rows, then waits on the unique index `one_agency_row_per_run` for
        our transaction, mid-transaction (WorkloadResult has no FK constraints to lock rows through)."""
        return self.holding(
            *(
                (
                    "INSERT INTO instansi_workloadresult (run_id, level, agency_id, analysed, workload_hours, "
                    "current, pj, shortage, surplus, not_analysed) "
                    "VALUES (%s, 'agency', %s, false, 0, 0, '', 0, 0, 0)",
                    (run_id, agency_id),
                )
                for agency_id in agency_ids
            )
        )

    def terminate_backends(self) -> int:
        """What a PostgreSQL restart does to the application: every other connection to this database
        is cut (`pg_terminate_backend`), the server itself keeps running for everybody else."""
        with contextlib.closing(self.connect()) as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            conn.commit()
            return cur.fetchone()[0]


def purge_broker(redis_url: str) -> None:
    """Forget messages a previous (killed) run left in this Redis database: the default queue and
    kombu's unacknowledged set, so a stale message can never be mistaken for this run's."""
    import redis

    client = redis.Redis.from_url(redis_url)
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")


@contextlib.contextmanager
def broker_mode(redis_url: str) -> Iterator[None]:
    """Make this process *send* tasks to Redis instead of running them eagerly (test settings)."""
    from config.celery import app

    old = (app.conf.task_always_eager, app.conf.broker_url, app.conf.result_backend)
    app.conf.task_always_eager = False
    app.conf.broker_url = redis_url
    app.conf.result_backend = redis_url
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.result_backend = old


# --- data for the scenarios -------------------------------------------------------------------------


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


@dataclass
class World:
    """A small region for the fault scenarios: an HR user, a Walikota who signs, and staff to move."""

    region: object
    hr: object
    signer: object
    origin: object  # agency
    destination_post: object


def build_world(*, name: str = "Pemerintah Kota Uji Gangguan") -> World:
    from instansi.choices import PositionKind, SpecialRole
    from mutasi.chains import chains_ensure_defaults
    from tests.factories import (
        AgencyFactory,
        EmployeeFactory,
        PlacementHistoryFactory,
        PositionFactory,
        RegionFactory,
        UserFactory,
    )

    chains_ensure_defaults()  # a transactional test flushes migration data
    region = RegionFactory(name=name)
    # Decree numbers are unique across the installation (Decree.number) while the sequence is per
    # region: each test region gets its own pattern so several of them can live in one database.
    region.policy.decree_number_pattern = f"800.1.3.3/{{seq}}/BKPSDM-{region.pk}/{{year}}"
    region.policy.save()
    setda = AgencyFactory(region=region, name="Sekretariat Daerah Uji")
    walikota_post = PositionFactory(
        agency=setda, kind=PositionKind.JPT_UTAMA, special_role=SpecialRole.REGIONAL_HEAD
    )
    signer = EmployeeFactory(position=walikota_post, user=UserFactory(username=f"walikota-{region.pk}"))
    PlacementHistoryFactory(employee=signer)
    hr = UserFactory(username=f"bkpsdm-{region.pk}", groups=["hr"])
    origin = AgencyFactory(region=region, name="Dinas Asal Uji")
    destination = AgencyFactory(region=region, name="Dinas Tujuan Uji")
    destination_post = PositionFactory(agency=destination, required_staff=10_000)
    return World(region=region, hr=hr, signer=signer, origin=origin, destination_post=destination_post)


def build_approved_requests(world: World, n: int) -> list[int]:
    """`n` employees of the origin agency, each with an approved request to the destination post. The
    approval chain itself is tested in tests/mutasi; here only what the decree and the move start from."""
    from mutasi.choices import Initiator, Status, TransferKind
    from mutasi.models import TransferRequest
    from tests.factories import EmployeeFactory, PlacementHistoryFactory, PositionFactory

    origin_post = PositionFactory(agency=world.origin, required_staff=n)
    ids = []
    for _i in range(n):
        employee = EmployeeFactory(position=origin_post)
        PlacementHistoryFactory(employee=employee)
        request = TransferRequest.objects.create(
            employee=employee,
            kind=TransferKind.BETWEEN_AGENCIES,
            initiated_by=Initiator.AGENCY,
            origin_position=origin_post,
            origin_agency=world.origin,
            origin_position_title=origin_post.title,
            origin_agency_name=world.origin.name,
            destination_position=world.destination_post,
            destination_agency=world.destination_post.agency,
            reason="Pemerataan pegawai (uji gangguan).",
            status=Status.APPROVED,
            created_by=world.hr,
        )
        request.number = f"UJI-{request.pk:06d}"
        request.save(update_fields=["number"])
        ids.append(request.pk)
    return ids


def build_workload_region(*, agencies: int, posts_per_agency: int = 4) -> object:
    """A region whose workload run fans out into `agencies` Celery steps."""
    from tests.factories import (
        AgencyFactory,
        EmployeeFactory,
        PositionFactory,
        RegionFactory,
        WorkloadTaskFactory,
    )

    region = RegionFactory(name="Pemerintah Kota Uji ABK")
    for i in range(agencies):
        agency = AgencyFactory(region=region)
        for j in range(posts_per_agency):
            post = PositionFactory(agency=agency)
            WorkloadTaskFactory(position=post, annual_volume=500 + 100 * j, standard_minutes=60 + i)
            EmployeeFactory(position=post)
    return region


# --- checks -------------------------------------------------------------------------------------------


def move_states(request_ids: list[int]) -> dict[str, list[int]]:
    """Sort the requests of an execution run into `moved` (every part of the move is there), `untouched`
    (no part of it is there) and `half` (anything else: the one outcome that must never exist).

    Moved = request completed, employee in the destination post since TMT, the origin placement closed
    the day before TMT, one open placement in the destination with the decree number, two evaluations
    scheduled, one `transfer.complete` audit row.
    """
    from core.models import AuditEvent
    from instansi.models import PlacementHistory
    from mutasi.choices import Status
    from mutasi.models import PostTransferEvaluation, TransferRequest

    states: dict[str, list[int]] = {"moved": [], "untouched": [], "half": []}
    requests = TransferRequest.objects.filter(pk__in=request_ids).select_related("employee", "decree")
    for r in requests:
        e = r.employee
        placements = list(PlacementHistory.objects.filter(employee=e).order_by("start", "pk"))
        open_ = [p for p in placements if p.end is None]
        evaluations = PostTransferEvaluation.objects.filter(request=r).count()
        audits = AuditEvent.objects.filter(action="transfer.complete", target_id=str(r.pk)).count()
        moved = (
            r.status == Status.COMPLETED
            and e.position_id == r.destination_position_id
            and e.position_since == r.decree.tmt
            and len(placements) == 2
            and len(open_) == 1
            and open_[0].position_id == r.destination_position_id
            and open_[0].decree_number == r.decree.number
            and placements[0].end == r.decree.tmt - dt.timedelta(days=1)
            and evaluations == 2
            and audits == 1
        )
        untouched = (
            r.status == Status.DECREED
            and e.position_id == r.origin_position_id
            and len(placements) == 1
            and len(open_) == 1
            and evaluations == 0
            and audits == 0
        )
        states["moved" if moved else "untouched" if untouched else "half"].append(r.pk)
    return states


def decree_numbering(region_id: int) -> dict:
    """Decree numbers of a region: unique, and per year the sequence 1..n without a gap."""
    from mutasi.models import Decree

    rows = list(Decree.objects.filter(region_id=region_id).values_list("year", "seq", "number"))
    by_year: dict[int, list[int]] = {}
    for year, seq, _number in rows:
        by_year.setdefault(year, []).append(seq)
    return {
        "count": len(rows),
        "unique_numbers": len({r[2] for r in rows}) == len(rows),
        "gapless": all(sorted(s) == list(range(1, len(s) + 1)) for s in by_year.values()),
    }


def decree_files(media_root: Path, decree_ids: list[int]) -> dict:
    """Every decree has its PDF on disk with the stored sha256; no other file lies around."""
    import hashlib

    from mutasi.models import Decree

    good = 0
    for d in Decree.objects.filter(pk__in=decree_ids):
        path = media_root / d.pdf.name if d.pdf else None
        if path and path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == d.pdf_sha256:
            good += 1
    # Orphans: PDF files no decree in the database points at (any region), e.g. written by a job
    # killed after storing the file but before its transaction committed.
    from mutasi.models import DecreeExtract

    names = [*Decree.objects.exclude(pdf="").values_list("pdf", flat=True)]
    names += [*DecreeExtract.objects.exclude(pdf="").values_list("pdf", flat=True)]
    referenced = {media_root / name for name in names}
    folder = media_root / "private" / "decrees"
    on_disk = set(folder.rglob("*.pdf")) if folder.exists() else set()
    return {"with_pdf": good, "orphans": len(on_disk - referenced)}
