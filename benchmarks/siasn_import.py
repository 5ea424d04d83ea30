"""Benchmark of the SIASN import (issue 16): N employees from the fake SIASN (web service) and from a
SIASN spreadsheet export (XLSX), beside the same employee rows loaded by PostgreSQL COPY in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi_siasn_bench \
        .venv/bin/python benchmarks/siasn_import.py [--sizes 10000,100000] [--write-docs]

`SIASN_BENCH_PROFILE=/tmp/prof` writes the cProfile statistics of each preview and apply there
(`webservice-preview.pstats` ...; read with `python -m pstats`); times under the profiler are no figure.

The database named in DATABASE_URL is dropped and created again for every measurement (it must be a
throw-away one). Each import runs in a fresh Python process (`--phase`), so its peak memory (ru_maxrss)
is its own; the fake SIASN runs in another process on 127.0.0.1. An import is the whole pipeline
without Celery: preview (every record classified and stored), then apply in batches of
SIASN_IMPORT_BATCH (each one transaction, with the change-history rows), then ANALYZE. COPY loads
the employee rows the import wrote (dumped with COPY TO), into the same table with its indexes and
triggers, and is the floor: no parsing, no checks, no history, no preview. Beside the wall times, the
CPU time of each (`cpu_clock`: the importing process and its database backend; COPY's backend), less
sensitive to the load of a shared machine.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

from benchmarks._common import recreate_database, replace_section  # noqa: E402

SEED = 2026
AGENCIES = 40
UNITS_PER_AGENCY = 6


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fake_env(port: int) -> dict[str, str]:
    from siasn.fake import API_PREFIX, GATEWAY_TOKEN_PATH, SSO_TOKEN_PATH, FakeSiasn

    fake = FakeSiasn()
    base = f"http://127.0.0.1:{port}"
    return {
        "SIASN_BASE_URL": base + API_PREFIX,
        "SIASN_GATEWAY_TOKEN_URL": base + GATEWAY_TOKEN_PATH,
        "SIASN_SSO_TOKEN_URL": base + SSO_TOKEN_PATH,
        "SIASN_CONSUMER_KEY": fake.consumer_key,
        "SIASN_CONSUMER_SECRET": fake.consumer_secret,
        "SIASN_SSO_CLIENT_ID": fake.sso_client_id,
        "SIASN_SSO_USERNAME": fake.sso_username,
        "SIASN_SSO_PASSWORD": fake.sso_password,
        "SIASN_INSTANSI_ID": fake.instansi_id,
    }


# --- CPU time --------------------------------------------------------------------------------------
# Wall time on the shared machine grows with everyone else's load; the CPU time the work took much less:
# the importing process's own (getrusage: its threads included) plus its PostgreSQL backend's, from the
# kernel's per-process run time (/proc/<pid>/schedstat, nanoseconds). The fake SIASN's is left out (it stands
# for SIASN); COPY's is its backend's (and its process's, which only sends the file).
def _run_ns(pid: int) -> int:
    with open(f"/proc/{pid}/schedstat") as f:
        return int(f.read().split()[0])


def cpu_clock():
    """A function answering the CPU seconds this process and its database backend have run so far."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def seconds() -> tuple[float, float]:
        usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread (schedstat: the main one only)
        return usage.ru_utime + usage.ru_stime, _run_ns(backend) / 1e9

    return seconds


# --- phases (each in its own process) ---------------------------------------------------------------
def phase_import(source: str, path: str | None) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.files import File

    from instansi.models import Region
    from siasn.models import ImportRun, ImportStatus
    from siasn.services.imports import import_apply, import_preview

    region = Region.objects.create(name="Kabupaten Benchmark SIASN", kind="kabupaten")
    run = ImportRun.objects.create(region=region, source=source)
    if path:
        with open(path, "rb") as fh:
            run.file.save(Path(path).name, File(fh), save=True)
    profile = os.environ.get("SIASN_BENCH_PROFILE")  # a directory: cProfile each step into it
    clock = cpu_clock()
    cpu_start = clock()
    started = time.perf_counter()
    run = _profiled(profile, f"{source}-preview", lambda: import_preview(run_id=run.pk))
    preview_s = time.perf_counter() - started
    assert run.status == ImportStatus.PREVIEWED, run.error
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.APPLYING)
    started = time.perf_counter()
    run = _profiled(profile, f"{source}-apply", lambda: import_apply(run_id=run.pk))
    apply_s = time.perf_counter() - started
    cpu_end = clock()
    assert run.status == ImportStatus.DONE
    return {
        "preview_s": preview_s,
        "apply_s": apply_s,
        "cpu_process_s": cpu_end[0] - cpu_start[0],
        "cpu_db_s": cpu_end[1] - cpu_start[1],
        "employees": run.done,
        "refused": run.counts.get("refused", 0),
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "batch": settings.SIASN_IMPORT_BATCH,
    }


def phase_child_rss(path: str) -> dict:
    """The peak RSS of the child process that reads a large XLSX (siasn.xlsx_stream.rows_in_child),
    started from this small process without Django: ru_maxrss of a child counts the pages it shared
    with its parent before exec, so a Django parent would report its own size; this one adds at most
    its own few MB."""
    from siasn.xlsx_stream import rows_in_child

    with open(path, "rb") as fh:
        content = fh.read()
    rows = sum(1 for _row in rows_in_child(content, "pns"))
    return {"rows": rows, "maxrss_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _profiled(directory: str | None, name: str, step):
    """The step's result; with a directory, its cProfile statistics in <directory>/<name>.pstats (read
    them with `python -m pstats`; the step is slower under the profiler: its time is not a figure)."""
    if not directory:
        return step()
    import cProfile

    profiler = cProfile.Profile()
    try:
        return profiler.runcall(step)
    finally:
        profiler.dump_stats(str(Path(directory) / f"{name}.pstats"))


def phase_copy(dump: str) -> dict:
    """COPY the employee rows the import wrote back into the emptied table (indexes and triggers on)."""
    import django

    django.setup()
    from django.db import connection

    with open(dump, "rb") as fh:
        data = fh.read()
    clock = cpu_clock()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE instansi_historicalemployee, instansi_employee CASCADE")
        cpu_start = clock()
        started = time.perf_counter()
        cursor.copy_expert("COPY instansi_employee FROM STDIN", io.BytesIO(data))
        seconds = time.perf_counter() - started
        cpu_end = clock()
        cursor.execute("SELECT count(*) FROM instansi_employee")
        rows = cursor.fetchone()[0]
    return {
        "copy_s": seconds,
        "cpu_s": sum(cpu_end) - sum(cpu_start),
        "rows": rows,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def phase_dump(dump: str) -> dict:
    import django

    django.setup()
    from django.db import connection

    with open(dump, "wb") as fh, connection.cursor() as cursor:
        cursor.copy_expert("COPY instansi_employee TO STDOUT", fh)
    return {}


def phase_xlsx(n: int, path: str) -> dict:
    """A SIASN-format export of the same generated region (openpyxl write-only)."""
    import openpyxl

    from siasn.fake import FakeSiasn

    fake = FakeSiasn(seed=SEED)
    fake.generate(employees=n, agencies=AGENCIES, units_per_agency=UNITS_PER_AGENCY)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("pns")
    columns = list(next(iter(fake.employees.values())))
    sheet.append(columns)
    for record in fake.employees.values():
        sheet.append([record[c] for c in columns])
    units = workbook.create_sheet("ref-unor")
    unit_columns = ["Id", "DiatasanId", "NamaUnor", "NamaJabatan", "EselonId", "PemimpinPnsId", "aktif"]
    units.append(unit_columns)
    for row in fake.units:
        units.append([row[c] for c in unit_columns])
    workbook.save(path)
    return {"size_mb": Path(path).stat().st_size / 1e6}


# --- the parent ------------------------------------------------------------------------------------
def run_phase(*args: str, env: dict | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", *args],
        capture_output=True,
        text=True,
        # DEBUG off as in production: with it Django keeps every query of the process in memory
        env={**os.environ, "LOG_LEVEL": "WARNING", "DEBUG": "false", **(env or {})},
    )
    if out.returncode:
        raise SystemExit(f"phase {args} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_database(url: str) -> None:
    recreate_database(url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        check=True,
        env=os.environ.copy(),
    )


def measure_ws(n: int, url: str, tmp: Path) -> tuple[dict, dict]:
    """One import from the fake web service, then COPY of the employee rows it wrote."""
    port = free_port()
    fake = subprocess.Popen(
        # the same region as the spreadsheet's (phase_xlsx): seed, agencies and units
        [
            sys.executable,
            "-m",
            "siasn.fake",
            "--port",
            str(port),
            "--employees",
            str(n),
            "--seed",
            str(SEED),
            "--agencies",
            str(AGENCIES),
            "--units-per-agency",
            str(UNITS_PER_AGENCY),
        ],  # fmt: skip
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        fake.stdout.readline()  # "Fake SIASN at ..." once it listens
        fresh_database(url)
        ws = run_phase("import", "webservice", "-", env=fake_env(port))
    finally:
        fake.terminate()
        fake.wait()
    dump = tmp / f"employees-{n}.copy"
    run_phase("dump", str(dump))
    copy = run_phase("copy", str(dump))
    return ws, copy


def measure(n: int, url: str, tmp: Path, repeat: int) -> dict:
    """`repeat` rounds of: the web-service import and COPY of its rows, the spreadsheet import."""
    xlsx = tmp / f"siasn-{n}.xlsx"
    started = time.perf_counter()
    made = run_phase("xlsx", str(n), str(xlsx))
    made["write_s"] = time.perf_counter() - started
    made.update(run_phase("childrss", str(xlsx)))
    rounds = []
    for _ in range(repeat):
        ws, copy = measure_ws(n, url, tmp)
        fresh_database(url)
        sheet = run_phase("import", "spreadsheet", str(xlsx))
        rounds.append({"ws": ws, "xlsx": sheet, "copy": copy})
        print(json.dumps({"n": n, **rounds[-1]}), flush=True)
    return {"n": n, "rounds": rounds, "file": made}


def table(results: list[dict]) -> str:
    """Medians over the rounds; the ratio is the median total over the median COPY of the same rounds."""
    lines = [
        "| employees | source | rounds | preview s | apply s | total s | COPY s | total / COPY | peak RSS MB "
        "| CPU s: process + database | COPY CPU s | CPU / COPY CPU |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        copy = median(x["copy"]["copy_s"] for x in r["rounds"])
        copy_cpu = median(x["copy"]["cpu_s"] for x in r["rounds"])
        for name, key in (
            ("fake web service", "ws"),
            (f"XLSX export ({r['file']['size_mb']:.1f} MB)", "xlsx"),
        ):
            runs = [x[key] for x in r["rounds"]]
            preview = median(m["preview_s"] for m in runs)
            apply_s = median(m["apply_s"] for m in runs)
            total = median(m["preview_s"] + m["apply_s"] for m in runs)
            rss = max(m["maxrss_mb"] for m in runs)
            # the child reads only an XLSX above CALAMINE_MAX_BYTES (5 MB): the 10,000 file is read by calamine
            child = r["file"]["maxrss_child_mb"] if key == "xlsx" and r["file"]["size_mb"] > 5 else 0
            rss_text = f"{rss:.0f} + {child:.0f}" if child else f"{rss:.0f}"
            process = median(m["cpu_process_s"] for m in runs)
            db = median(m["cpu_db_s"] for m in runs)
            cpu = median(m["cpu_process_s"] + m["cpu_db_s"] for m in runs)
            lines.append(
                f"| {r['n']:,} | {name} | {len(runs)} | {preview:.1f} | {apply_s:.1f} | {total:.1f} | "
                f"{copy:.2f} | {total / copy:.1f}x | {rss_text} | {cpu:.1f}: {process:.1f} + {db:.1f} | "
                f"{copy_cpu:.2f} | {cpu / copy_cpu:.1f}x |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phase", nargs="+")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if args.phase:
        kind, *rest = args.phase
        if kind == "import":
            result = phase_import(rest[0], None if rest[1] == "-" else rest[1])
        elif kind == "copy":
            result = phase_copy(rest[0])
        elif kind == "dump":
            result = phase_dump(rest[0])
        elif kind == "childrss":
            result = phase_child_rss(rest[0])
        else:
            result = phase_xlsx(int(rest[0]), rest[1])
        print(json.dumps(result))
        return
    url = os.environ["DATABASE_URL"]
    results = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            results.append(measure(n, url, Path(tmp), args.repeat))
    load_after = os.getloadavg()
    body = table(results)
    print(body)
    print(f"load average (1, 5, 15 min) before {load_before}, after {load_after}")
    if args.write_docs:
        replace_section(
            "siasn-import",
            "## SIASN import (issue 16)\n\n"
            "`DATABASE_URL=postgres://.../simutasi_siasn_bench .venv/bin/python benchmarks/siasn_import.py "
            "--write-docs` (a throw-away database, recreated for each import). Preview + apply in batches of "
            f"{results[0]['rounds'][0]['ws']['batch']:,} with change history, then ANALYZE; COPY = the same employee rows loaded by PostgreSQL COPY "
            "(indexes and triggers on) in the same run. Peak RSS of the importing process (+ the child that "
            "reads a large XLSX). Medians of "
            f"{args.repeat} rounds, run {time.strftime('%Y-%m-%d')}; load average before {load_before}, "
            f"after {load_after}.\n\n" + body,
        )


if __name__ == "__main__":
    main()
