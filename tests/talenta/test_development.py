"""Development needs from the latest grid (issue 20 point 7): each employee's development action by the
cell of the grid they are in (coaching, training, rotation, promotion readiness) or the data still
missing, counted per agency and listed by name on a page, in the API and in an XLSX; HR and the region
readers see every agency, an agency head their own, an employee nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from talenta import rules
from talenta.choices import DevelopmentAction, PerformanceBand, PotentialBand
from talenta.models import TalentGridEntry
from talenta.services.grid import talent_grid_compute, talent_grid_start
from tests.factories import UserFactory
from tests.talenta.conftest import AS_OF


def test_each_cell_of_the_default_grid_has_the_action_its_follow_up_names():
    expected = {
        9: DevelopmentAction.PROMOTION,
        8: DevelopmentAction.LEADERSHIP,
        7: DevelopmentAction.TECHNICAL,
        6: DevelopmentAction.COACHING,
        5: DevelopmentAction.ROTATION,
        4: DevelopmentAction.POTENTIAL,
        3: DevelopmentAction.COACHING,
        2: DevelopmentAction.TECHNICAL,
        1: DevelopmentAction.COACHING,
    }
    for performance, boxes in rules.DEFAULT_BOXES.items():
        for potential, box in zip(rules.POTENTIAL_ORDER, boxes, strict=True):
            assert rules.development_action(performance, potential, "valid") == expected[box], box
    assert rules.development_action(None, None, "missing") == DevelopmentAction.ASSESSMENT
    assert rules.development_action(PerformanceBand.MEETS, None, "expired") == DevelopmentAction.ASSESSMENT
    assert rules.development_action(None, PotentialBand.HIGH, "valid") == DevelopmentAction.SKP


@pytest.fixture
def needs(world):
    kadinsos = world.head_of(world.other_agency, "Kepala Dinas Sosial", "kadinsos")
    people = {
        "promotion": world.person("sangat_baik", "sangat_baik", (92, 88, 90)),  # box 9
        "coaching": world.person("kurang", "kurang", (60, 60, 60), user=UserFactory(username="pegawai")),  # 1
        "rotation": world.person("baik", "baik", (75, 75, 75)),  # box 5
        "expired": world.person(
            "baik", "baik", (85, 85, 85), assessed_on=dt.date(2022, 1, 10), valid_until=dt.date(2025, 1, 10)
        ),
        "never": world.person(scores=None),
        "no_skp": world.person(None, None, (80, 80, 80)),
        "elsewhere": world.person("baik", "baik", (60, 60, 60), position=world.other_position),  # box 2
    }
    grid = talent_grid_compute(grid_id=talent_grid_start(actor=world.hr, region=world.region, as_of=AS_OF).pk)
    return {"grid": grid, "kadinsos": kadinsos.user, **people}


def _expected(grid, agency_id=None) -> dict[str, int]:
    """The counts recomputed in Python from the entries, one by one."""
    out: dict[str, int] = {}
    qs = TalentGridEntry.objects.filter(grid=grid)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    for e in qs:
        action = rules.development_action(e.performance_band, e.potential_band, e.potential_state)
        out[action] = out.get(action, 0) + 1
    return out


def test_the_api_counts_each_agency_by_action_as_the_entries_say(world, needs):
    api = APIClient()
    api.force_authenticate(world.hr)
    data = api.get("/api/v1/talenta/development/").json()
    assert data["grid"] == needs["grid"].pk
    rows = {row["agency"]: row["counts"] for row in data["agencies"]}
    assert rows[world.agency.pk] == _expected(needs["grid"], world.agency.pk)
    assert rows[world.other_agency.pk] == _expected(needs["grid"], world.other_agency.pk)
    assert rows[world.agency.pk]["assessment"] == 2  # expired and never assessed
    assert rows[world.agency.pk]["skp"] == 1
    assert rows[world.agency.pk]["promotion"] == 1
    listed = api.get("/api/v1/talenta/development/employees/", {"action": "assessment"}).json()
    assert {r["nip"] for r in listed["results"]} == {needs["expired"].nip, needs["never"].nip}
    assert all(r["action"] == "assessment" for r in listed["results"])
    assert any("kedaluwarsa sejak 10 Januari 2025" in r["note"] for r in listed["results"])
    assert api.get("/api/v1/talenta/development/employees/", {"action": "kursus"}).status_code == 400


def test_an_agency_head_reads_their_own_agency_and_an_employee_nothing(client, world, needs):
    api = APIClient()
    api.force_authenticate(needs["kadinsos"])
    data = api.get("/api/v1/talenta/development/").json()
    assert [row["agency"] for row in data["agencies"]] == [world.other_agency.pk]
    assert api.get("/api/v1/talenta/development/", {"agency": world.agency.pk}).status_code == 403
    names = api.get("/api/v1/talenta/development/employees/").json()["results"]
    assert needs["elsewhere"].nip in {r["nip"] for r in names}
    assert needs["promotion"].nip not in {r["nip"] for r in names}
    client.force_login(needs["kadinsos"])
    assert client.get(f"/talenta/pengembangan/?opd={world.agency.pk}").status_code == 403
    page = client.get("/talenta/pengembangan/?aksi=technical").content.decode()
    assert needs["elsewhere"].full_name in page and needs["promotion"].full_name not in page
    client.force_login(needs["coaching"].user)
    for path in ("/talenta/pengembangan/", "/talenta/pengembangan/xlsx/"):
        assert client.get(path).status_code == 403
    api.force_authenticate(needs["coaching"].user)
    assert api.get("/api/v1/talenta/development/").status_code == 403


def test_the_page_lists_the_names_of_one_action_and_refuses_unknown_input(client, world, needs):
    client.force_login(world.hr)
    page = client.get("/talenta/pengembangan/?aksi=coaching")
    assert page.status_code == 200
    text = page.content.decode()
    assert needs["coaching"].full_name in text and needs["rotation"].full_name not in text
    assert rules.FOLLOW_UP[1] in text
    assert client.get("/talenta/pengembangan/?aksi=kursus").status_code == 400
    assert client.get("/talenta/pengembangan/?opd=x").status_code == 400


def test_the_xlsx_lists_every_employee_in_scope_with_the_action_and_note(client, world, needs):
    client.force_login(world.hr)
    response = client.get("/talenta/pengembangan/xlsx/")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert len(rows) == TalentGridEntry.objects.filter(grid=needs["grid"]).count()
    by_nip = {row[1]: row for row in rows}
    assert by_nip[needs["promotion"].nip][4:6] == (9, str(DevelopmentAction.PROMOTION.label))
    assert by_nip[needs["never"].nip][4] == "perlu diperiksa manual"
    assert by_nip[needs["never"].nip][5] == str(DevelopmentAction.ASSESSMENT.label)
    only = client.get("/talenta/pengembangan/xlsx/?aksi=rotation")
    rows = list(load_workbook(io.BytesIO(only.content)).active.iter_rows(min_row=3, values_only=True))
    kadinsos = needs["kadinsos"].employee
    assert sorted(row[1] for row in rows) == sorted([needs["rotation"].nip, kadinsos.nip])  # both in box 5


def test_the_page_and_the_api_cost_the_same_queries_whatever_the_number_of_employees(client, world, needs):
    client.force_login(world.hr)
    api = APIClient()
    api.force_authenticate(world.hr)
    urls = ("/talenta/pengembangan/", "/talenta/pengembangan/?aksi=coaching")

    def count(get, url):
        get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert get(url).status_code == 200
        return len(ctx.captured_queries)

    small = [count(client.get, u) for u in urls] + [
        count(api.get, "/api/v1/talenta/development/employees/?action=coaching")
    ]
    for _ in range(6):
        world.person("kurang", "kurang", (60, 60, 60))
    talent_grid_compute(grid_id=talent_grid_start(actor=world.hr, region=world.region, as_of=AS_OF).pk)
    large = [count(client.get, u) for u in urls] + [
        count(api.get, "/api/v1/talenta/development/employees/?action=coaching")
    ]
    assert large == small
    assert str(7) in client.get("/talenta/pengembangan/?aksi=coaching").content.decode()  # 1 + 6 in coaching


def test_the_xlsx_stops_at_its_row_limit_and_says_how_to_narrow_it(client, world, needs, monkeypatch):
    from talenta.selectors import development

    monkeypatch.setattr(development, "EXPORT_LIMIT", 3)
    client.force_login(world.hr)
    rows = list(
        load_workbook(io.BytesIO(client.get("/talenta/pengembangan/xlsx/").content)).active.iter_rows(
            min_row=3, values_only=True
        )
    )
    assert len(rows) == 4
    assert rows[-1][0] == "Dibatasi 3 baris: saring per perangkat daerah atau tindak lanjut."
