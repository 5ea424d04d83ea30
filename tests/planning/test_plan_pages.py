"""The /rencana/ pages for HR: build, review with breakdowns, edit, apply; training needs; query counts."""

import datetime as dt
from decimal import Decimal

import pytest

from core.models import AuditEvent
from mutasi.models import PostTransferEvaluation, TransferRequest
from planning.choices import ItemState
from planning.models import PlanItem
from tests.factories import EmployeeFactory
from tests.planning.conftest import build_now

# The session comes from the cache (cached_db), not a query.
DETAIL_QUERIES = 8  # the user with the viewer's roles, plan, scope, item counts, page count and rows,
# the stated-views summary (issue 21), menu
TRAINING_QUERIES = 5


def more_items(plan, n: int, post) -> None:
    """Extra rows, so a page's query count can be compared at two sizes."""
    people = [EmployeeFactory(position=post) for _ in range(n)]
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            employee=e,
            origin_position=post,
            destination_position=post,
            kind="rotation",
            fit_total=Decimal("50"),
            breakdown={"competency": 50.0},
            training_needs=["kearsipan"],
        )
        for e in people
    )


@pytest.fixture
def hr_client(client, plan_world):
    client.force_login(plan_world.bkpsdm)
    return client


def test_hr_builds_a_plan_from_the_page_and_sees_each_move_explained(
    hr_client, plan_world, django_capture_on_commit_callbacks
):
    w = plan_world
    with django_capture_on_commit_callbacks(execute=True):
        answer = hr_client.post("/rencana/", {"name": "Rencana uji", "agencies": [w.dishub.pk, w.dinkes.pk]})
    assert answer.status_code == 302
    page = hr_client.get(answer.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Rencana uji" in html and "Rina" in html
    assert "Bidang pendidikan" in html and "Kompetensi" in html  # the breakdown, part by part
    assert "data kesehatan" in html  # Rina's suggested training
    assert "asal +3 → 0" in html  # no "+0": a zero difference has no sign
    assert 'name="viewport"' in html  # base layout, phone-ready


def test_the_plan_page_shows_the_greedy_comparison_only_for_a_plan_that_computed_it(hr_client, plan_world):
    w = plan_world
    plain = build_now(actor=w.bkpsdm, region=w.region)
    compared = build_now(actor=w.bkpsdm, region=w.region, compare_greedy=True)
    assert "Pembanding" not in hr_client.get(f"/rencana/{plain.pk}/").content.decode()
    html = hr_client.get(f"/rencana/{compared.pk}/").content.decode()
    assert "Pembanding: memilih pasangan terbaik lebih dulu (cara manual) mengisi 2 formasi" in html


def test_hr_removes_a_move_and_applies_the_plan_from_the_page(hr_client, ready_plan, plan_world):
    item = PlanItem.objects.filter(plan=ready_plan).first()
    answer = hr_client.post(f"/rencana/{ready_plan.pk}/butir/{item.pk}/remove/", {"note": "Belum siap"})
    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.state == ItemState.REMOVED and item.note == "Belum siap"

    answer = hr_client.post(f"/rencana/{ready_plan.pk}/terapkan/", follow=True)
    assert "2 usulan mutasi dibuat" in answer.content.decode()
    assert TransferRequest.objects.filter(initiated_by="plan").count() == 2
    assert AuditEvent.objects.filter(action="plan.item_remove").count() == 1


def test_people_outside_hr_and_region_readers_cannot_open_the_pages(client, ready_plan, plan_world):
    client.force_login(plan_world.pegawai)
    assert client.get("/rencana/").status_code == 403
    assert client.get(f"/rencana/{ready_plan.pk}/").status_code == 403
    assert client.post(f"/rencana/{ready_plan.pk}/terapkan/").status_code == 403
    client.force_login(plan_world.auditor)
    page = client.get(f"/rencana/{ready_plan.pk}/").content.decode()
    assert "Rina" in page and "/terapkan/" not in page


def test_the_plan_page_costs_the_same_queries_for_three_or_sixty_moves(
    hr_client, ready_plan, plan_world, django_assert_num_queries
):
    with django_assert_num_queries(DETAIL_QUERIES):
        assert hr_client.get(f"/rencana/{ready_plan.pk}/").status_code == 200
    more_items(ready_plan, 57, plan_world.bkd_post)
    with django_assert_num_queries(DETAIL_QUERIES):
        page = hr_client.get(f"/rencana/{ready_plan.pk}/")
    assert page.content.decode().count('id="butir-') == 60


def test_training_needs_list_plan_gaps_and_evaluation_needs_per_agency(
    hr_client, ready_plan, plan_world, django_assert_num_queries
):
    w = plan_world
    request = TransferRequest.objects.create(
        employee=w.other_emp,
        kind="between_agencies",
        reason="Uji",
        destination_position=w.destination,
        destination_agency=w.dinkes,
    )
    PostTransferEvaluation.objects.create(
        request=request,
        employee=w.other_emp,
        months_after=3,
        due_date=dt.date.today(),
        training_needs="Pelatihan SIMRS",
    )
    with django_assert_num_queries(TRAINING_QUERIES):
        page = hr_client.get("/rencana/pelatihan/").content.decode()
    assert "Dinas Kesehatan" in page and "data kesehatan" in page and "Pelatihan SIMRS" in page
    more_items(ready_plan, 30, w.destination)
    with django_assert_num_queries(TRAINING_QUERIES):
        page = hr_client.get("/rencana/pelatihan/").content.decode()
    assert "kearsipan" in page


def test_hr_applies_a_plan_from_the_admin_through_the_service(admin_client, ready_plan):
    assert admin_client.get(f"/admin/planning/transferplan/{ready_plan.pk}/change/").status_code == 200
    answer = admin_client.post(
        "/admin/planning/transferplan/", {"action": "apply_plans", "_selected_action": [ready_plan.pk]}
    )
    assert answer.status_code == 302
    assert TransferRequest.objects.filter(initiated_by="plan").count() == 3
    assert AuditEvent.objects.filter(action="plan.apply").count() == 1
