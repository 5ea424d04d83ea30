"""Load test: gunicorn + production settings + PostgreSQL with 100,000 employees, 32 concurrent clients
signed in as many different accounts (issue 15 point 9).

    make bench-load
    .venv/bin/python benchmarks/load.py [--employees 100000] [--clients 32] [--requests 2400]
                                        [--duration 180] [--gunicorn "--workers 3"] [--min-accounts 200]
                                        [--compare] [--bound] [--write-docs] [--endpoints approve,...]

What it does, all on 127.0.0.1:
1. Database `simutasi_bench100k` (LOAD_DB to change): created if absent, migrated, seeded with
   `seed_demo --employees N` unless it already holds N employees (the seed is idempotent; reused).
2. Prepares the traffic in a child process (`--prepare`):
   - accounts (ACCOUNT_MIX): the demo seed gives accounts to its ten demo people only, so the
     benchmark gives one (`bench-<NIP>`, one shared password hash, idempotent) to employees spread
     over the region: plain employees, supervisors (posts with subordinates), every agency head and
     BKPSDM staff (group `hr`); accounts the seed made are used as they are. A session and a token
     each;
   - a pool of transfer requests waiting at `destination_head` of Dinas Kesehatan, made through the
     real services (create, documents, submit, origin head's approval), so each approval by the head
     of Dinas Kesehatan in the run is a real decision.
3. Starts gunicorn with `config.settings.production` (SECURE_SSL_REDIRECT=false, ALLOWED_HOSTS=127.0.0.1,
   whitenoise serving the `collectstatic` output), Redis as Celery broker and cache.
4. 32 client threads (keep-alive HTTP/1.1, stdlib only) share a fixed, shuffled list of requests, an
   equal share per endpoint (ENDPOINTS), each request made as one account of the endpoint's role, the
   accounts taken in turn so that every account is used: employees on their own pages (profile, own
   transfer requests, own SKP, `me`), supervisors on their appraisees and inbox, agency heads on their
   dashboard, inbox and approvals, HR on lists. Each approval targets its own request; a 409 (someone
   decided first) is counted apart, not as an error. Then the same clients hit `GET /healthz/` (no
   database): the trivial view, whose throughput the mixed run's is reported against.
5. Prints a Markdown table (requests/s, p50/p95/p99 per endpoint, errors, distinct accounts) and with
   `--write-docs` writes it into docs/BENCHMARKS.md between the `load` markers.
6. With `--bound`, a second gunicorn (`benchmarks.bound_settings`: production plus the views of
   `benchmarks/bound_urls.py`) serves three views that only authenticate and answer a fixed body:
   their share of the trivial view is the most any signed-in endpoint can reach on this machine.
Targets: p95 < 300 ms on each endpoint, 0 errors, at least --min-accounts distinct accounts. The share
of the trivial view's throughput is reported, not a target (issue 15 withdrew the 40%).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import itertools
import json
import os
import platform
import random
import shlex
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import ROOT, percentile, replace_section  # noqa: E402

PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
HOST = "127.0.0.1"
DB_NAME = os.environ.get("LOAD_DB", "simutasi_bench100k")
DB_URL = os.environ.get("LOAD_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
REDIS = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/4")
MEDIA = os.environ.get("LOAD_MEDIA_ROOT", "/tmp/simutasi-load-media")
POOL_REASON = "Uji beban (benchmarks/load.py): penataan pegawai Dishub ke Dinkes sesuai ABK."
ACCOUNT_PREFIX = "bench-"
ACCOUNT_PASSWORD = "bench-load-12345"  # noqa: S105 - the benchmark database's throw-away accounts
TARGET_P95_MS = 300.0
MIN_ACCOUNTS = 200
DEFAULT_REQUESTS = 2400  # an equal share per endpoint: enough turns for every prepared account
TIMEOUT_S = 60  # a request still unanswered after this counts as an error
# Accounts per role: how many the preparation makes (or reuses). Agency heads: every agency's head.
ACCOUNT_MIX = {"employee": 240, "supervisor": 40, "agency_head": None, "hr": 12}
ROLES = ("employee", "supervisor", "agency_head", "hr", "approver")


@dataclass(frozen=True)
class Endpoint:
    label: str
    roles: tuple[str, ...]  # whose accounts make these requests (in turn)
    method: str
    path: str  # {agency}: the account's own or, for HR, each agency in turn; {detail}, {pool}: ids
    page: bool  # signed in by the session cookie (a page) or the token (the API)


ENDPOINTS_BY_NAME = {
    "profile": Endpoint("`GET /profil/` (employee, own profile)", ("employee",), "GET", "/profil/", True),
    "my_transfers": Endpoint(
        "`GET /mutasi/` (employee, own requests)", ("employee",), "GET", "/mutasi/", True
    ),
    "my_skp": Endpoint("`GET /kinerja/` (employee, own SKP)", ("employee",), "GET", "/kinerja/", True),
    "me": Endpoint(
        "`GET /api/v1/employees/me/` (employee)", ("employee",), "GET", "/api/v1/employees/me/", False
    ),
    "appraisees": Endpoint(
        "`GET /kinerja/penilaian/` (supervisor, appraisees)",
        ("supervisor",),
        "GET",
        "/kinerja/penilaian/",
        True,
    ),
    "inbox": Endpoint(
        "`GET /mutasi/kotak-masuk/` (supervisor or head, approvals)",
        ("supervisor", "agency_head"),
        "GET",
        "/mutasi/kotak-masuk/",
        True,
    ),
    "dashboard": Endpoint(
        "`GET /dasbor/` (agency head, dashboard)", ("agency_head",), "GET", "/dasbor/", True
    ),
    "approve": Endpoint(
        "`POST /api/v1/transfers/<id>/approve/` (head of Dinkes)",
        ("approver",),
        "POST",
        "/api/v1/transfers/{pool}/approve/",
        False,
    ),
    "hr_transfers": Endpoint("`GET /mutasi/` (HR, every request)", ("hr",), "GET", "/mutasi/", True),
    "employees": Endpoint(
        "`GET /api/v1/employees/?agency=<id>` (HR, each agency in turn)",
        ("hr",),
        "GET",
        "/api/v1/employees/?agency={agency}",
        False,
    ),
    "transfer_detail": Endpoint(
        "`GET /api/v1/transfers/<id>/` (HR)", ("hr",), "GET", "/api/v1/transfers/{detail}/", False
    ),
}
ENDPOINTS = tuple(ENDPOINTS_BY_NAME)
BOUND = {  # --bound: the least a signed-in request costs (benchmarks/bound_urls.py)
    "bound_api": ("/bound/api/", "`GET /bound/api/`: token + roles, fixed 41 KB JSON"),
    "bound_api_cached": ("/bound/api-cached/", "`GET /bound/api-cached/`: the same, body read from Redis"),
    "bound_page": ("/bound/page/", "`GET /bound/page/`: session + `login_required`, fixed 60 KB HTML"),
}
LABELS = {
    **{name: e.label for name, e in ENDPOINTS_BY_NAME.items()},
    "healthz": "`GET /healthz/` (trivial view)",
}


def django_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI",)}
    env.update(
        DATABASE_URL=DB_URL,
        REDIS_URL=REDIS,
        MEDIA_ROOT=MEDIA,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def production_env(settings: str = "config.settings.production") -> dict[str, str]:
    return django_env(
        DJANGO_SETTINGS_MODULE=settings,
        SECRET_KEY="load-benchmark-secret-" + "x7Kq9" * 10,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        DEBUG="false",
    )


def manage(*args: str, env: dict[str, str] | None = None, quiet: bool = True) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env or django_env(), capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} gagal (kode {result.returncode})")
    if not quiet:
        print(result.stdout.rstrip())
    return result.stdout


# --- 1. Database -----------------------------------------------------------------------------------------


def ensure_database(employees: int) -> None:
    import psycopg2

    admin = psycopg2.connect(DB_URL.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME])
        if cur.fetchone() is None:
            print(f"Membuat basis data {DB_NAME} ...")
            cur.execute(f'CREATE DATABASE "{DB_NAME}"')
    admin.close()
    print("Migrasi ...")
    manage("migrate", "--noinput")
    count = employee_count()
    if count < employees:
        print(f"Seed {employees:,} pegawai (ada {count:,}); bisa beberapa menit ...")
        started = time.perf_counter()
        manage("seed_demo", "--employees", str(employees), quiet=False)
        print(f"  seed selesai dalam {time.perf_counter() - started:.0f} s")
    else:
        print(f"Memakai data yang ada: {count:,} pegawai.")


def analyse_database() -> None:
    """Fresh planner statistics: a bulk seed leaves them stale until autovacuum comes round, and a
    server that has been running has them; without this the planner picks 100x slower plans."""
    import psycopg2

    conn = psycopg2.connect(DB_URL)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    conn.close()


def employee_count() -> int:
    import psycopg2

    with psycopg2.connect(DB_URL) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM instansi_employee")
        return cur.fetchone()[0]


# --- 2. Traffic preparation (runs inside Django, in a child process) -------------------------------------


def ensure_accounts(mix: dict[str, int | None] = ACCOUNT_MIX) -> dict[str, list]:
    """Role -> users for the run (runs inside Django). Employees are taken spread over the region (every
    k-th by id, so the same ones each time); one without an account gets `bench-<NIP>` with one shared
    password hash; one with an account (a demo person) keeps it. Idempotent."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction

    from core import access
    from core.models import User
    from instansi.models import Employee, Position

    def spread(qs, n: int | None) -> list[int]:
        ids = list(qs.order_by("pk").values_list("pk", flat=True))
        if n is None or len(ids) <= n:
            return ids
        step = len(ids) / n
        return [ids[int(i * step)] for i in range(n)]

    active = Employee.objects.filter(is_active=True, position__isnull=False)
    leading = Position.objects.filter(superior__isnull=False).values("superior_id")  # posts with subordinates
    heads = active.filter(position__is_head=True)
    supervisors = active.filter(position__is_head=False, position_id__in=leading)
    plain = active.filter(position__is_head=False).exclude(position_id__in=leading)
    hr_staff = plain.filter(position__agency__is_hr_agency=True)
    chosen = {
        "agency_head": spread(heads, mix["agency_head"]),
        "supervisor": spread(supervisors, mix["supervisor"]),
        "hr": spread(hr_staff, mix["hr"]),
    }
    chosen["employee"] = spread(plain.exclude(pk__in=chosen["hr"]), mix["employee"])
    everyone = [pk for ids in chosen.values() for pk in ids]
    with transaction.atomic():
        password = make_password(ACCOUNT_PASSWORD)  # hashed once: hashing is the slow part
        employees = Employee.objects.in_bulk(everyone)
        missing = [e for e in employees.values() if e.user_id is None]
        User.objects.bulk_create(
            [
                User(username=f"{ACCOUNT_PREFIX}{e.nip}", password=password, first_name=e.name[:150])
                for e in missing
            ],
            ignore_conflicts=True,
        )
        made = {
            u.username: u.pk
            for u in User.objects.filter(username__in=[f"{ACCOUNT_PREFIX}{e.nip}" for e in missing])
        }
        for employee in missing:
            user_id = made[f"{ACCOUNT_PREFIX}{employee.nip}"]
            if not Employee.objects.filter(user_id=user_id).exists():
                Employee.objects.filter(pk=employee.pk, user__isnull=True).update(user_id=user_id)
        user_of = dict(Employee.objects.filter(pk__in=everyone).values_list("pk", "user_id"))
        users = User.objects.in_bulk([u for u in user_of.values() if u is not None])
        accounts = {
            role: [users[user_of[pk]] for pk in ids if user_of.get(pk) in users]
            for role, ids in chosen.items()
        }
        hr_group, _created = Group.objects.get_or_create(name=access.HR)
        hr_group.user_set.add(*accounts["hr"])
        accounts["hr"] += list(
            User.objects.filter(groups=hr_group, is_active=True).exclude(
                pk__in=[u.pk for u in accounts["hr"]]
            )
        )
    return accounts


def prepare(pool_size: int) -> dict:
    """Accounts with a session and a token each, and ids for the run; tops up the approval pool to
    `pool_size` requests."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from core.authentication import issue_token
    from core.exceptions import DomainError
    from core.models import User
    from instansi.models import Agency, Employee, Position
    from mutasi import eligibility, services
    from mutasi.choices import Initiator, Stage, Status
    from mutasi.demo import DEMO_PDF
    from mutasi.models import TransferRequest

    today = timezone.localdate()
    users = {u.username: u for u in User.objects.filter(username__in=["kadinkes", "kadishub", "bkpsdm"])}
    kadinkes, kadishub, hr = users["kadinkes"], users["kadishub"], users["bkpsdm"]
    dinkes = Agency.objects.get(code="DINKES")
    dishub = Agency.objects.get(code="DISHUB")

    backend = next(  # the configured backend that loads a signed-in user (what a password login records)
        path
        for path in settings.AUTHENTICATION_BACKENDS
        if getattr(load_backend(path), "get_user", lambda pk: None)(kadinkes.pk)
    )

    tokens: dict[int, str] = {}  # one token per user: a second login would end the first (issue 19)

    def credentials(user, role: str) -> dict:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.set_expiry(6 * 3600)
        session.create()
        agency = Employee.objects.filter(user=user).values_list("position__agency_id", flat=True).first()
        if user.pk not in tokens:  # a fresh one (tokens expire, API_TOKEN_LIFETIME_HOURS), shared by the
            tokens[user.pk] = issue_token(user).key  # user's roles (kadinkes: agency head and approver)
        return {
            "user": user.pk,
            "role": role,
            "agency": agency,
            "session": session.session_key,
            "token": tokens[user.pk],
        }

    by_role = ensure_accounts()
    by_role["approver"] = [kadinkes]  # the head of Dinas Kesehatan: the pool waits at his stage
    accounts = [credentials(user, role) for role, users in by_role.items() for user in users]

    # Requests a previous run approved past kadinkes' stage are withdrawn (by HR, through the service),
    # so their employees can serve again: the pool is re-made from the same Dishub staff every run.
    spent = TransferRequest.objects.filter(reason=POOL_REASON, status=Status.IN_REVIEW).exclude(
        current_stage=Stage.DESTINATION_HEAD
    )
    for request_id in spent.values_list("pk", flat=True):
        services.transfer_withdraw(request_id=request_id, actor=hr, note="Uji beban selesai.")
    waiting = TransferRequest.objects.filter(
        reason=POOL_REASON, status=Status.IN_REVIEW, current_stage=Stage.DESTINATION_HEAD
    )
    missing = pool_size - waiting.count()
    made = refused = 0
    if missing > 0:
        busy = set(
            TransferRequest.objects.exclude(
                status__in=[Status.COMPLETED, Status.REJECTED, Status.WITHDRAWN, Status.CANCELLED]
            ).values_list("employee_id", flat=True)
        )
        staff = (
            Employee.objects.filter(position__agency=dishub, is_active=True, position__is_head=False)
            .exclude(user__isnull=False)
            .exclude(pk__in=busy)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        eligible: list[int] = []
        for offset in range(0, staff.count(), 2000):  # about one in five passes every rule
            chunk = list(staff[offset : offset + 2000])
            checks = eligibility.check_many(employees=chunk, today=today)
            eligible += [pk for pk in chunk if checks[pk].passed]
            if len(eligible) >= missing * 2:
                break
        posts = list(
            Position.objects.filter(agency=dinkes, required_staff__isnull=False, is_head=False)
            .exclude(kind__in=["jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas"])
            .order_by("pk")
        )
        counts = eligibility.need_counts([p.pk for p in posts])
        rooms = [(p, p.required_staff - sum(counts[p.pk])) for p in posts]
        slots = [p for p, room in rooms for _ in range(max(room, 0))]
        print(
            f"  kolam persetujuan: {missing} kurang; {len(eligible)} kandidat, {len(slots)} formasi",
            flush=True,
        )
        for employee_id, post in zip(eligible, slots, strict=False):
            if made >= missing:
                break
            employee = Employee.objects.select_related("position__agency").get(pk=employee_id)
            try:
                request = services.transfer_create(
                    actor=hr,
                    employee=employee,
                    destination_position=post,
                    kind="between_agencies",
                    reason=POOL_REASON,
                    preferences=[dinkes.pk],
                    initiated_by=Initiator.AGENCY,
                )
                for code in services.transfer.missing_documents(request):
                    services.attachment_upload(
                        request_id=request.pk,
                        actor=hr,
                        kind=code,
                        uploaded_file=SimpleUploadedFile(
                            f"{code}.pdf", DEMO_PDF, content_type="application/pdf"
                        ),
                    )
                services.transfer_submit(request_id=request.pk, actor=hr, today=today)
                services.transfer_approve(request_id=request.pk, actor=kadishub, note="Setuju.", today=today)
                made += 1
            except DomainError as exc:
                refused += 1
                if refused <= 3:
                    print(f"  ditolak aturan: {exc}", flush=True)
    pool = list(waiting.order_by("pk").values_list("pk", flat=True))
    visible = list(
        TransferRequest.objects.filter(destination_position__agency=dinkes)
        .order_by("-pk")
        .values_list("pk", flat=True)[:200]
    )
    return {
        "accounts": accounts,
        "agencies": list(Agency.objects.order_by("pk").values_list("pk", flat=True)),
        "pool": pool,
        "details": visible,
        "made": made,
        "employees": Employee.objects.count(),
    }


def run_prepare(pool_size: int) -> dict:
    out = subprocess.run(
        [PY, __file__, "--prepare", str(pool_size)],
        cwd=ROOT,
        env=production_env(),  # the server's SECRET_KEY, or the session's auth hash would not match
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.stderr.write(out.stdout + out.stderr)
        raise SystemExit("persiapan lalu lintas gagal")
    lines = out.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(line)
    return json.loads(lines[-1])


# --- 3. Server ------------------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, gunicorn_args: str, settings: str = "config.settings.production"):
        self.args = gunicorn_args
        self.settings = settings
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.log = open(f"/tmp/simutasi-load-gunicorn-{self.port}.log", "w")  # noqa: SIM115

    def __enter__(self) -> Server:
        cmd = [GUNICORN, "config.wsgi:application", "--bind", f"{HOST}:{self.port}", *shlex.split(self.args)]
        cmd += ["--access-logfile", "-" if os.environ.get("LOAD_ACCESS_LOG") else "/dev/null"]
        self.proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=production_env(self.settings),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/healthz/")
                if conn.getresponse().status == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"gunicorn tidak menjawab; lihat {self.log.name}")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far by the gunicorn processes (the server's process group) and by the
    PostgreSQL server processes (Linux /proc; zeros elsewhere)."""
    used = {"gunicorn": 0.0, "postgres": 0.0}
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        seconds = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        if int(fields[2]) == server_pid:  # process group: the master and its workers
            used["gunicorn"] += seconds
        elif command.startswith("postgres"):
            used["postgres"] += seconds
    return used


# --- 4. Clients -----------------------------------------------------------------------------------------


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    conflicts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    accounts: set[int] = field(default_factory=set)  # indexes into setup["accounts"] answered 2xx or 409
    wall: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(
        self, name: str, seconds: float, status: int | None, detail: str = "", account: int | None = None
    ) -> None:
        with self.lock:
            if status == 409 and name == "approve":
                self.conflicts[name] += 1
            elif status is None or not 200 <= status < 300:
                self.errors[name] += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{name} (account {account}): {status} {detail[:200]}")
                self.latencies[name].append(seconds)
                return
            if account is not None:
                self.accounts.add(account)
            self.latencies[name].append(seconds)


Request = tuple[str, str, str, int | None]  # (endpoint name, method, path, account index or None)


def build_plan(
    setup: dict, total: int, endpoints: tuple[str, ...] = ENDPOINTS, seed: int = 7
) -> list[Request]:
    """The mixed run: an equal share per endpoint (approvals capped by the pool), shuffled. Each request
    is made as the next account of its endpoint's roles, so the accounts of a role are used in turn
    across all the endpoints of that role, and every one is used once the run is long enough."""
    rnd = random.Random(seed)
    share = total // len(endpoints)
    accounts = setup["accounts"]
    by_role: dict[str, list[int]] = defaultdict(list)
    for index, account in enumerate(accounts):
        by_role[account["role"]].append(index)
    turns = {role: itertools.cycle(indexes) for role, indexes in by_role.items()}
    agencies = itertools.cycle(setup["agencies"])
    pool = iter(setup["pool"])
    details = setup["details"] or setup["pool"] or [0]
    plan: list[Request] = []
    for name in endpoints:
        endpoint = ENDPOINTS_BY_NAME[name]
        roles = [role for role in endpoint.roles if role in turns]
        if not roles:
            raise SystemExit(f"no account for {name} (roles {endpoint.roles})")
        for i in range(share):
            account = next(turns[roles[i % len(roles)]])
            own_agency = accounts[account]["agency"]
            values = {
                "agency": next(agencies) if endpoint.roles == ("hr",) or own_agency is None else own_agency,
                "detail": rnd.choice(details),
            }
            if "{pool}" in endpoint.path:
                values["pool"] = next(pool, None)
                if values["pool"] is None:
                    break
            plan.append((name, endpoint.method, endpoint.path.format(**values), account))
    rnd.shuffle(plan)
    return plan


def plan_accounts(setup: dict, plan: list[Request]) -> dict[str, int]:
    """Distinct accounts (users) in a plan, per role and in all ("all"; a user in two roles counts once)."""
    accounts = setup["accounts"]
    used = {account for *_rest, account in plan if account is not None}
    counts: dict[str, int] = defaultdict(int)
    for index in used:
        counts[accounts[index]["role"]] += 1
    counts["all"] = len({accounts[index]["user"] for index in used})
    return dict(counts)


def run_clients(port: int, setup: dict, plan: list[Request], clients: int, duration: float) -> Results:
    results = Results()
    cursor = iter(plan)
    cursor_lock = threading.Lock()
    stop_at = time.monotonic() + duration
    accounts = setup["accounts"]
    body = json.dumps({"note": "Setuju (uji beban)."})

    def headers_for(name: str, account: int | None) -> dict[str, str]:
        if account is None:  # the trivial view and the bound views' own
            return {"Accept": "text/html"}
        if (
            name in ENDPOINTS_BY_NAME
            and not ENDPOINTS_BY_NAME[name].page
            or name in ("bound_api", "bound_api_cached")
        ):
            return {"Authorization": f"Token {accounts[account]['token']}", "Accept": "application/json"}
        return {"Cookie": f"sessionid={accounts[account]['session']}", "Accept": "text/html"}

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
        while time.monotonic() < stop_at:
            with cursor_lock:
                item = next(cursor, None)
            if item is None:
                break
            name, method, path, account = item
            headers = headers_for(name, account)
            payload = None
            if method == "POST":
                headers["Content-Type"] = "application/json"
                payload = body
            started = time.perf_counter()
            try:
                conn.request(method, path, body=payload, headers=headers)
                response = conn.getresponse()
                content = response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_S)
                results.add(name, time.perf_counter() - started, None, repr(exc), account)
                continue
            results.add(
                name, time.perf_counter() - started, status, content.decode(errors="replace"), account
            )
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    results.wall = time.perf_counter() - started
    return results


# --- 5. Report ------------------------------------------------------------------------------------------


def summarise(mixed: Results, ceiling: Results, setup: dict) -> tuple[list[dict], dict]:
    rows = []
    for name in (*ENDPOINTS, "healthz"):
        res = ceiling if name == "healthz" else mixed
        if not res.latencies.get(name):
            continue
        lat = [x * 1000 for x in res.latencies.get(name, [])]
        rows.append(
            {
                "name": name,
                "count": len(lat),
                "rps": len(lat) / res.wall if res.wall else 0.0,
                "p50": percentile(lat, 50),
                "p95": percentile(lat, 95),
                "p99": percentile(lat, 99),
                "errors": res.errors.get(name, 0),
                "conflicts": res.conflicts.get(name, 0),
            }
        )
    mixed_count = sum(len(mixed.latencies[n]) for n in ENDPOINTS)
    totals = {
        "mixed_rps": mixed_count / mixed.wall if mixed.wall else 0.0,
        "ceiling_rps": len(ceiling.latencies["healthz"]) / ceiling.wall if ceiling.wall else 0.0,
        "errors": sum(mixed.errors.values()) + sum(ceiling.errors.values()),
        "mixed_count": mixed_count,
        "mixed_wall": mixed.wall,
        "accounts": len({setup["accounts"][i]["user"] for i in mixed.accounts}),  # distinct users
    }
    totals["share"] = totals["mixed_rps"] / totals["ceiling_rps"] if totals["ceiling_rps"] else 0.0
    return rows, totals


def markdown(rows: list[dict], totals: dict, *, config: str) -> str:
    lines = [
        f"gunicorn `{config}`",
        "",
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors | 409 (race) | p95 < 300 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        ok = "yes" if r["p95"] < TARGET_P95_MS else "**no**"
        lines.append(
            f"| {LABELS[r['name']]} | {r['count']:,} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | "
            f"{r['p99']:.0f} | {r['errors']} | {r['conflicts']} | {ok} |"
        )
    by_role = ", ".join(
        f"{role} {n}" for role, n in totals.get("accounts_by_role", {}).items() if role != "all"
    )
    lines += [
        "",
        f"Mixed run: {totals['mixed_count']:,} requests in {totals['mixed_wall']:.1f} s = "
        f"**{totals['mixed_rps']:.1f} req/s** as **{totals['accounts']} distinct accounts** answered ({by_role} in "
        f"the plan); trivial view: **{totals['ceiling_rps']:.1f} req/s**; the mixed run's share of it "
        f"**{totals['share']:.0%}** (reported, not a target); errors: **{totals['errors']}**; machine load "
        f"average at the start: {totals.get('loadavg', 0):.1f}.",
        "",
        f"CPU per mixed request: gunicorn {totals.get('cpu_ms_gunicorn', 0):.1f} ms + PostgreSQL "
        f"{totals.get('cpu_ms_postgres', 0):.1f} ms = "
        f"**{totals.get('cpu_ms_gunicorn', 0) + totals.get('cpu_ms_postgres', 0):.1f} ms**.",
    ]
    return "\n".join(lines)


def verdict(rows: list[dict], totals: dict, min_accounts: int = MIN_ACCOUNTS) -> list[str]:
    misses = [f"p95 {r['name']} = {r['p95']:.0f} ms" for r in rows if r["p95"] >= TARGET_P95_MS]
    if totals["errors"]:
        misses.append(f"{totals['errors']} errors")
    if totals["accounts"] < min_accounts:
        misses.append(f"{totals['accounts']} distinct accounts < {min_accounts}")
    return misses


def measured(server: Server, setup: dict, plan: list, clients: int, duration: float) -> tuple[Results, dict]:
    """run_clients, with the CPU the server's processes and PostgreSQL used meanwhile, in ms per answered
    request (the kernel's accounting: steadier than req/s on a machine whose speed varies, a shared
    virtual machine, so two versions compare on it first)."""
    before = cpu_seconds(server.proc.pid)
    results = run_clients(server.port, setup, plan, clients, duration)
    after = cpu_seconds(server.proc.pid)
    served = max(sum(len(latencies) for latencies in results.latencies.values()), 1)
    return results, {part: (after[part] - before[part]) * 1000 / served for part in after}


def bench_one(config: str, args) -> tuple[list[dict], dict, dict]:
    share = args.requests // len(args.endpoints)
    print(f"\n== gunicorn {config} ==")
    setup = run_prepare(share if "approve" in args.endpoints else 0)
    if "approve" in args.endpoints and len(setup["pool"]) < share:
        print(f"  perhatian: hanya {len(setup['pool'])} usulan untuk {share} persetujuan")
    analyse_database()
    plan = build_plan(setup, args.requests, args.endpoints)
    in_plan = plan_accounts(setup, plan)
    print(f"  {len(setup['accounts'])} akun disiapkan; rencana: {len(plan)} permintaan oleh {in_plan}")
    if in_plan["all"] < args.min_accounts:
        raise SystemExit(
            f"only {in_plan['all']} distinct accounts in the plan (< {args.min_accounts}): raise --requests"
        )
    load_before = os.getloadavg()[0]
    with Server(config) as server:
        warm_endpoints = tuple(e for e in args.endpoints if e != "approve") or ("transfer_detail",)
        warm = build_plan(setup, min(200, args.requests), warm_endpoints)
        run_clients(server.port, setup, warm, args.clients, 60)  # warm-up: imports, connections, caches
        mixed, cpu_ms = measured(server, setup, plan, args.clients, args.duration)
        ceiling_plan = [("healthz", "GET", "/healthz/", None)] * max(
            len(plan), 5000
        )  # long enough to be stable
        ceiling = run_clients(server.port, setup, ceiling_plan, args.clients, args.duration)
    for sample in mixed.error_samples + ceiling.error_samples:
        print("  galat:", sample)
    rows, totals = summarise(mixed, ceiling, setup)
    # Other work on the machine skews every figure: record the 1-minute load average at the start.
    totals["loadavg"] = load_before
    totals["accounts_by_role"] = in_plan
    for part, ms in cpu_ms.items():
        totals[f"cpu_ms_{part}"] = ms
    return rows, totals, setup


def bench_bound(config: str, setup: dict, requests: int, clients: int, duration: float) -> list[dict]:
    """Each bound view alone, between two runs of the trivial view, on one gunicorn with the bound
    settings: the most any real endpoint could reach here, as a share of the trivial view."""
    rows = []
    with Server(config, settings="benchmarks.bound_settings") as server:
        phases = [("healthz", "/healthz/")] + [(name, url) for name, (url, _label) in BOUND.items()]
        phases.append(("healthz", "/healthz/"))
        accounts = len(setup["accounts"])
        for name, url in phases:
            plan = [(name, "GET", url, None if name == "healthz" else i % accounts) for i in range(requests)]
            run_clients(server.port, setup, plan[: max(requests // 10, 100)], clients, duration)  # warm-up
            result, cpu_ms = measured(server, setup, plan, clients, duration)
            for sample in result.error_samples:
                print("  galat:", sample)
            rows.append(
                {
                    "name": name,
                    "rps": len(result.latencies[name]) / result.wall if result.wall else 0.0,
                    "p95": percentile([x * 1000 for x in result.latencies[name]], 95),
                    "errors": sum(result.errors.values()),
                    "cpu_ms": sum(cpu_ms.values()),
                }
            )
    return rows


def bound_markdown(rows: list[dict], config: str) -> str:
    trivial = [r["rps"] for r in rows if r["name"] == "healthz"]
    ceiling = sum(trivial) / len(trivial)
    lines = [
        f"gunicorn `{config}`, settings `benchmarks.bound_settings` (production + the three views)",
        "",
        "| view | req/s | share of the trivial view | p95 ms | CPU per request (gunicorn + PostgreSQL) | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        label = LABELS["healthz"] if r["name"] == "healthz" else BOUND[r["name"]][1]
        lines.append(
            f"| {label} | {r['rps']:.1f} | {r['rps'] / ceiling:.0%} | {r['p95']:.0f} | {r['cpu_ms']:.2f} ms | "
            f"{r['errors']} |"
        )
    lines += ["", f"Trivial view: mean of its two runs, {ceiling:.1f} req/s."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--employees", type=int, default=int(os.environ.get("LOAD_EMPLOYEES", 100_000)))
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument(
        "--requests",
        type=int,
        default=DEFAULT_REQUESTS,
        help="requests in the mixed run (an equal share per endpoint)",
    )
    parser.add_argument(
        "--min-accounts", type=int, default=MIN_ACCOUNTS, help="distinct accounts the mixed run must use"
    )
    parser.add_argument("--duration", type=float, default=180.0, help="time limit of each phase, seconds")
    parser.add_argument("--gunicorn", default="--workers 3")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also run `--workers 3`, `--workers 5` and `--workers 4 --threads 4` and compare",
    )
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--bound",
        action="store_true",
        help="also measure the least a signed-in request costs (benchmarks/bound_urls.py)",
    )
    parser.add_argument(
        "--endpoints",
        type=lambda v: tuple(v.split(",")),
        default=ENDPOINTS,
        help="comma-separated subset of " + ",".join(ENDPOINTS) + " (to profile one endpoint)",
    )
    parser.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.prepare is not None:
        print(json.dumps(prepare(args.prepare)))
        return

    ensure_database(args.employees)
    print("collectstatic ...")
    manage("collectstatic", "--noinput", env=production_env())
    configs = [args.gunicorn] + (
        [c for c in ("--workers 3", "--workers 5", "--workers 4 --threads 4") if c != args.gunicorn]
        if args.compare
        else []
    )
    outcomes = []
    for config in configs:
        rows, totals, setup = bench_one(config, args)
        table = markdown(rows, totals, config=config)
        print()
        print(table)
        outcomes.append((config, rows, totals, table, setup))

    # The approvals queued notification tasks on the Redis broker; no worker runs for this database.
    subprocess.run(
        [str(Path(PY).with_name("celery")), "-A", "config", "purge", "-f"],
        cwd=ROOT,
        env=django_env(),
        capture_output=True,
    )
    best = min(outcomes, key=lambda o: (len(verdict(o[1], o[2], args.min_accounts)), -o[2]["mixed_rps"]))
    if args.bound:
        print("\n== batas bawah: permintaan bertanda tangan yang tidak mengerjakan apa-apa ==")
        bound = bench_bound(best[0], best[4], 5000, args.clients, args.duration)
        bound_table = bound_markdown(bound, best[0])
        print(bound_table)
        if args.write_docs:
            replace_section("load-bound", bound_docs(bound_table, args))
    misses = verdict(best[1], best[2], args.min_accounts)
    print("\nTarget:", "met" if not misses else "MISSED: " + "; ".join(misses))
    if args.write_docs:
        body = docs_section(outcomes, best, args)
        # A run on a subset of the endpoints (to profile) goes to its own block, next to the full mix.
        replace_section("load" if args.endpoints == ENDPOINTS else "load-subset", body)
        print("docs/BENCHMARKS.md diperbarui (bagian load).")
    raise SystemExit(1 if misses else 0)


def bound_docs(table: str, args) -> str:
    return "\n".join(
        [
            "### The least a signed-in request costs here (`--bound`)",
            "",
            "```",
            ".venv/bin/python benchmarks/load.py --bound    # also part of make bench-load",
            "```",
            "",
            f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} CPU cores, the same machine, database and "
            f"{args.clients} clients as above, 5,000 requests per view. Three views that compute nothing "
            "(`benchmarks/bound_urls.py`, served only by this benchmark's gunicorn): their throughput is the most "
            "the real endpoints could reach, even served whole from a cache: their share of the trivial view is the "
            "most any signed-in request can reach on this machine.",
            "",
            table,
        ]
    )


def docs_section(outcomes, best, args) -> str:
    cpu = os.cpu_count()
    when = dt.date.today().isoformat()
    subset = args.endpoints != ENDPOINTS
    command = shlex.join([".venv/bin/python", "benchmarks/load.py", *sys.argv[1:]])
    parts = [
        "### A subset of the endpoints: " + ", ".join(args.endpoints)
        if subset
        else f"## Load: {args.clients} clients as many accounts against gunicorn, production settings",
        "",
        "```",
        command,
        "```",
        "",
        f"Measured {when} on {cpu} CPU cores ({platform.machine()}, Python {platform.python_version()}), "
        f"PostgreSQL and Redis on the same machine, {best[4]['employees']:,} employees (`seed_demo`), "
        f"{args.clients} client threads on the same machine (they share the CPU with the server) signed in as "
        f"{len(best[4]['accounts'])} prepared accounts (employees, supervisors, agency heads, HR; a session and a "
        f"token each). Mixed run: {args.requests:,} requests, an equal share per endpoint, shuffled, each made as "
        "the next account of the endpoint's role; each approval decides its own transfer request waiting at "
        "`destination_head` (prepared through the services). The trivial view `/healthz/` answers `ok` without "
        "touching the database; the mixed run's share of its throughput is reported, not a target.",
        "",
    ]
    for config, _rows, _totals, table, _setup in outcomes:
        heading = "####" if subset else "###"
        parts += [f"{heading} {'chosen: ' if config == best[0] else ''}{config}", "", table, ""]
    misses = verdict(best[1], best[2], args.min_accounts)
    parts.append(
        f"Targets (p95 < 300 ms each, 0 errors, >= {args.min_accounts} distinct accounts; the share of the trivial "
        "view is reported, not a target): "
        + ("**met**." if not misses else "**missed**: " + "; ".join(misses) + ".")
    )
    return "\n".join(parts)


if __name__ == "__main__":
    main()
