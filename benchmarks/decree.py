"""Benchmark: one decree of N transfers (default 500) issued with its lampiran and N petikan.

Needs a migrated database (PostgreSQL for the figures in docs/BENCHMARKS.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi_d .venv/bin/python benchmarks/decree.py \
        [--transfers 500] [--runs 3] [--write-docs]

It builds (once) a region "Kota Benchmark SK" with a Walikota and N employees, and before each run N
approved transfer requests (bulk inserts: the approval chain is not what is measured). Each run is
one `services.decree_issue` as HR issues from the admin: the number, N requests decreed with their
audit rows and notifications, the decree PDF with its lampiran, N petikan PDFs written to storage,
all in one transaction. Prints the wall time of each run, the median, and the peak memory (the
process's maximum resident size; with --trace-memory also the Python heap by tracemalloc, which makes
the run several times slower, so its time is not the figure).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-decree-"))

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarks._common import replace_section  # noqa: E402
from core.models import User  # noqa: E402
from instansi.choices import EducationLevel, EmployeeStatus, PositionKind, RegionKind, SpecialRole  # noqa: E402
from instansi.models import Agency, Employee, Policy, Position, Region, Unit  # noqa: E402
from instansi.nip import make_nip  # noqa: E402
from mutasi import services  # noqa: E402
from mutasi.choices import Status, TransferKind  # noqa: E402
from mutasi.models import TransferRequest  # noqa: E402

REGION = "Pemerintah Kota Benchmark SK"


def _position(agency, code, title, **extra) -> Position:
    return Position.objects.get_or_create(
        code=code, defaults={"agency": agency, "title": title, "kind": PositionKind.PELAKSANA, **extra}
    )[0]


def build(transfers: int) -> tuple[Region, Employee, User, list[Employee], Position]:
    region, _ = Region.objects.get_or_create(name=REGION, defaults={"kind": RegionKind.KOTA})
    Policy.objects.get_or_create(region=region)
    setda = Agency.objects.get_or_create(
        code="BSK-SETDA", defaults={"region": region, "name": "Sekretariat Daerah"}
    )[0]
    head_post = _position(setda, "BSK-WALI", "Walikota Benchmark SK", special_role=SpecialRole.REGIONAL_HEAD)
    origin = Agency.objects.get_or_create(code="BSK-ASAL", defaults={"region": region, "name": "Dinas Asal"})[
        0
    ]
    target = Agency.objects.get_or_create(
        code="BSK-TUJU", defaults={"region": region, "name": "Dinas Tujuan"}
    )[0]
    unit = Unit.objects.get_or_create(code="BSK-ASAL-U1", defaults={"agency": origin, "name": "Bidang Umum"})[
        0
    ]
    origin_post = _position(origin, "BSK-ASAL-P", "Pengadministrasi Umum", unit=unit)
    destination = _position(target, "BSK-TUJU-P", "Analis Kebijakan", required_staff=transfers * 10)
    hr, _ = User.objects.get_or_create(username="bench-sk-hr")
    hr.groups.add(Group.objects.get_or_create(name="hr")[0])
    seq = 900000
    with transaction.atomic():
        signer = Employee.objects.filter(position=head_post).first()
        if signer is None:
            signer = Employee.objects.create(
                nip=make_nip(birth_date=dt.date(1970, 5, 5), tmt=dt.date(1995, 1, 1), gender="L", seq=999),
                name="Walikota Benchmark",
                birth_date=dt.date(1970, 5, 5),
                gender="L",
                status=EmployeeStatus.PNS,
                education_level=EducationLevel.S2,
                position=head_post,
            )
        have = list(Employee.objects.filter(position=origin_post).order_by("pk")[:transfers])
        rows = []
        for i in range(len(have), transfers):
            birth = dt.date(1975, 1, 1) + dt.timedelta(days=i)
            rows.append(
                Employee(
                    nip=make_nip(birth_date=birth, tmt=dt.date(2001, 3, 1), gender="P", seq=seq + i),
                    name=f"Pegawai Benchmark SK {i + 1:04d}",
                    birth_date=birth,
                    gender="P",
                    status=EmployeeStatus.PNS,
                    golongan="III/b",
                    education_level=EducationLevel.S1,
                    position=origin_post,
                    position_since=dt.date(2018, 1, 2),
                )
            )
        Employee.objects.bulk_create(rows, batch_size=1000)
    employees = list(Employee.objects.filter(position=origin_post).order_by("pk")[:transfers])
    return region, signer, hr, employees, destination


def approved_requests(employees: list[Employee], destination: Position, hr: User) -> list[int]:
    """N approved requests (bulk): what a decree starts from. Earlier runs' requests are removed."""
    TransferRequest.objects.filter(employee__in=employees).delete()
    rows = [
        TransferRequest(
            employee=e,
            kind=TransferKind.BETWEEN_AGENCIES,
            origin_position=e.position,
            origin_agency=e.position.agency,
            origin_position_title=e.position.title,
            origin_agency_name=e.position.agency.name,
            destination_position=destination,
            destination_agency=destination.agency,
            reason="Benchmark",
            status=Status.APPROVED,
            created_by=hr,
        )
        for e in employees
    ]
    return [r.pk for r in TransferRequest.objects.bulk_create(rows, batch_size=1000)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transfers", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-docs", action="store_true")
    # tracemalloc slows Python down several times: off for the timed runs, on for a heap figure.
    parser.add_argument("--trace-memory", action="store_true")
    args = parser.parse_args()
    region, signer, hr, employees, destination = build(args.transfers)
    for e in employees:
        e.position.agency  # noqa: B018 - loaded once for the bulk rows
    times, heaps = [], []
    day = timezone.localdate()
    for run in range(args.runs):
        ids = approved_requests(employees, destination, hr)
        traced = args.trace_memory
        if traced:
            tracemalloc.start()
        started = time.perf_counter()
        decree = services.decree_issue(actor=hr, request_ids=ids, date=day, tmt=day, signer=signer)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        tracemalloc.stop()
        extracts = decree.extracts.count()
        assert extracts == args.transfers and decree.pdf_sha256, "the decree was not issued whole"
        times.append(elapsed)
        heaps.append(peak / 1024 / 1024)
        heap = f", Python heap peak {heaps[-1]:.0f} MiB (traced, so slower)" if traced else ""
        print(f"run {run + 1}: {elapsed:.1f} s, {extracts} petikan{heap}", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    median = statistics.median(times)
    vendor = connection.vendor
    print(f"median {median:.1f} s over {args.runs} runs; max resident size {rss:.0f} MiB ({vendor})")
    if args.write_docs:
        replace_section(
            "decree",
            f"""## Decree documents (issue 17)
`DATABASE_URL=postgres://... .venv/bin/python benchmarks/decree.py --transfers {args.transfers} --runs {args.runs} --write-docs`
({timezone.localdate():%Y-%m-%d}, {vendor}, 2 shared cores): one `decree_issue` of {args.transfers} approved
transfers, i.e. the number, {args.transfers} requests decreed with their audit rows and notifications, the
decree PDF with its lampiran and {args.transfers} petikan PDFs written to storage, in one transaction.

| transfers | runs | median | slowest | peak memory (max resident size of the process) |
|---|---|---|---|---|
| {args.transfers} | {args.runs} | {median:.1f} s | {max(times):.1f} s | {rss:.0f} MiB |

The target is under 60 s. The machine's load average was {os.getloadavg()[0]:.1f} (other engineers'
runs share the 2 cores). Most of the time is reportlab laying out {args.transfers + 1} documents
(each petikan is a document of its own, with the TrueType font subset embedded); the QR code is encoded
once per decree (`mutasi.documents.render._qr_runs`: drawing reportlab's QR widget per document had made
the first run of this benchmark take 352 s).""",
        )


if __name__ == "__main__":
    main()
