"""Who sees what (issue 20 point 5) on the talent pages and the API: an employee sees their own box and
never another's (404 by id), an agency head the grid of their own agency, the performance team and HR the
region; the SVG grid with counts and drill-down; HR's actions; pinned query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from instansi.choices import PositionKind
from talenta.models import KeyPost, SuccessionPlan, TalentGrid, TalentGridEntry
from talenta.services.grid import talent_grid_compute, talent_grid_start
from talenta.services.succession import succession_plan_compute
from tests.factories import PositionFactory, UserFactory
from tests.talenta.conftest import AS_OF


@pytest.fixture
def people(world):
    head = world.person(
        "sangat_baik", "baik", (90, 85, 88), golongan="IV/b",
        position=PositionFactory(agency=world.agency, kind=PositionKind.JPT_PRATAMA, is_head=True, grade=14),
        user=UserFactory(username="kadinkes"),
    )  # fmt: skip
    mine = world.person(
        "sangat_baik", "baik", (75, 72, 74), golongan="III/d", user=UserFactory(username="pegawai")
    )
    colleague = world.person(
        "baik", "baik", (86, 80, 84), golongan="III/d", user=UserFactory(username="rekan")
    )
    elsewhere = world.person("baik", "baik", (60, 60, 60), golongan="III/d", position=world.other_position)
    unchecked = world.person("baik", None, None, golongan="III/d")
    grid = talent_grid_compute(grid_id=talent_grid_start(actor=world.hr, region=world.region, as_of=AS_OF).pk)
    entry = {e.employee_id: e for e in TalentGridEntry.objects.filter(grid=grid)}
    return {
        "grid": grid,
        "head": head,
        "mine": mine,
        "colleague": colleague,
        "elsewhere": elsewhere,
        "unchecked": unchecked,
        "entry": {
            k: entry[v.pk].pk
            for k, v in [
                ("mine", mine),
                ("colleague", colleague),
                ("elsewhere", elsewhere),
                ("unchecked", unchecked),
                ("head", head),
            ]
        },
    }


def login(client, user):
    client.force_login(user)
    return client


def test_an_employee_sees_their_own_card_with_its_data_and_what_would_move_them(client, world, people):
    login(client, people["mine"].user)
    assert client.get("/talenta/").url == reverse("talenta:my-card")
    page = client.get("/talenta/saya/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kotak 7" in text  # above expectations (4.5), middle potential (74.1)
    assert "Penilaian kompetensi berlaku sampai 10 Januari 2028" in text
    assert "Potensi tinggi mulai skor 80,00; skor Anda 74,10." in text
    assert people["colleague"].full_name not in text


def test_an_employee_cannot_read_another_s_box_by_id_on_the_page_or_the_api(
    client, api_client, world, people
):
    user = people["mine"].user
    login(client, user)
    api_client.force_authenticate(user)
    for other in ("colleague", "elsewhere", "head"):
        entry_id = people["entry"][other]
        assert client.get(f"/talenta/kartu/{entry_id}/").status_code == 404
        assert api_client.get(f"/api/v1/talenta/entries/{entry_id}/").status_code == 404
    own = api_client.get(f"/api/v1/talenta/entries/{people['entry']['mine']}/")
    assert own.status_code == 200 and own.json()["box"] == 7 and own.json()["hints"]
    assert api_client.get("/api/v1/talenta/me/").json()["id"] == people["entry"]["mine"]
    assert client.get(f"/talenta/kartu/{people['entry']['mine']}/").status_code == 200
    grid = people["grid"].pk
    assert api_client.get("/api/v1/talenta/grids/").status_code == 403
    assert api_client.get(f"/api/v1/talenta/grids/{grid}/").status_code == 403
    assert api_client.get(f"/api/v1/talenta/grids/{grid}/entries/?box=9").status_code == 403
    assert client.get(f"/talenta/kotak/9/?grid={grid}").status_code == 403


def test_an_agency_head_reads_the_grid_and_names_of_their_own_agency_only(client, api_client, world, people):
    user = people["head"].user
    login(client, user)
    page = client.get("/talenta/")
    assert page.status_code == 200
    assert page.context["view"].agency == world.agency
    assert page.context["view"].total == 4  # the other agency's employee is not counted
    assert client.get(f"/talenta/?opd={world.other_agency.pk}").status_code == 403
    names = client.get(f"/talenta/kotak/7/?grid={people['grid'].pk}").content.decode()
    assert people["mine"].full_name in names
    assert client.get(f"/talenta/kartu/{people['entry']['colleague']}/").status_code == 200
    assert client.get(f"/talenta/kartu/{people['entry']['elsewhere']}/").status_code == 404
    api_client.force_authenticate(user)
    counts = api_client.get(f"/api/v1/talenta/grids/{people['grid'].pk}/").json()["counts"]
    assert sum(counts.values()) == 4 and counts["0"] == 1
    assert client.get("/talenta/suksesi/").status_code == 403


def test_the_performance_team_reads_the_whole_region_and_the_grid_is_an_svg_with_counts_and_links(
    client, world, people
):
    login(client, world.tpk)
    page = client.get("/talenta/")
    text = page.content.decode()
    assert page.context["view"].total == 5 and page.context["needs_check"] == 1
    assert (
        text.count('<svg class="chart"') == 1
        and "Kotak 7: 1 pegawai" in text
        and "Kotak 8: 1 pegawai" in text
    )
    assert f'href="/talenta/kotak/7/?grid={people["grid"].pk}"' in text
    assert "Hitung sekarang" not in text  # only HR computes
    names = client.get(f"/talenta/kotak/0/?grid={people['grid'].pk}").content.decode()
    assert people["unchecked"].full_name in names and "SKP belum lengkap" in names
    assert client.post("/talenta/hitung/").status_code == 403
    assert client.get("/talenta/kotak/10/").status_code == 404


def test_hr_starts_a_grid_from_the_page_and_through_the_api(
    client, api_client, world, people, django_capture_on_commit_callbacks
):
    login(client, world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/talenta/hitung/").status_code == 302
    assert TalentGrid.objects.latest("pk").status == "finished"
    api_client.force_authenticate(world.hr)
    with django_capture_on_commit_callbacks(execute=True):
        started = api_client.post("/api/v1/talenta/grids/")
    assert started.status_code == 202 and started.json()["status"] in {"pending", "finished"}
    api_client.force_authenticate(world.tpk)
    assert api_client.post("/api/v1/talenta/grids/").status_code == 403
    assert AuditEvent.objects.filter(action="talenta.grid.start").count() == 3


def test_succession_pages_and_api_show_the_plan_and_hr_confirms_with_a_reason(
    client, api_client, world, people
):
    key_post = KeyPost.objects.create(position=world.key_position)
    plan = succession_plan_compute(actor=world.hr, key_post=key_post, grid=people["grid"])
    login(client, world.tpk)
    page = client.get(f"/talenta/suksesi/{key_post.pk}/").content.decode()
    assert "Kandidat utama" in page and people["colleague"].full_name in page
    assert "Konfirmasi kandidat utama" not in page
    login(client, people["mine"].user)
    assert client.get(f"/talenta/suksesi/{key_post.pk}/").status_code == 403
    api_client.force_authenticate(world.hr)
    refused = api_client.post(
        f"/api/v1/talenta/succession-plans/{plan.pk}/confirm/",
        {"main_candidate": people["mine"].pk, "reason": ""},
        format="json",
    )
    assert refused.status_code == 400 and "reason" in refused.json()
    body = api_client.get(f"/api/v1/talenta/succession-plans/{plan.pk}/").json()
    main = next(c for c in body["candidates"] if c["role"] == "main")
    assert set(main["parts"]) >= {"potential", "qualification", "performance", "integrity"}
    login(client, world.hr)
    done = client.post(
        reverse("talenta:plan-confirm", args=[plan.pk]),
        {"main_candidate": people["mine"].pk, "reason": "Lebih lama di bidang pelayanan."},
    )
    assert done.status_code == 302
    plan.refresh_from_db()
    assert (
        plan.main_candidate_id == people["mine"].pk
        and plan.confirm_reason == "Lebih lama di bidang pelayanan."
    )
    assert api_client.get(f"/api/v1/talenta/succession-plans/{plan.pk + 1000}/").status_code == 404
    created = api_client.post(f"/api/v1/talenta/key-posts/{key_post.pk}/plans/")
    assert created.status_code == 201 and SuccessionPlan.objects.count() == 2


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_the_grid_box_and_card_pages_cost_the_same_queries_whatever_the_number_of_employees(
    client, world, people
):
    login(client, world.tpk)
    urls = [
        "/talenta/",
        f"/talenta/kotak/7/?grid={people['grid'].pk}",
        f"/talenta/kartu/{people['entry']['mine']}/",
    ]
    small = [_queries(client, u) for u in urls]
    for _ in range(30):
        world.person("sangat_baik", "baik", (75, 72, 74), golongan="III/d")
    talent_grid_compute(grid_id=talent_grid_start(actor=world.hr, region=world.region, as_of=AS_OF).pk)
    urls[1] = f"/talenta/kotak/7/?grid={TalentGrid.objects.latest('pk').pk}"
    assert [_queries(client, u) for u in urls] == small
    assert max(small) <= 12, small
