"""Review (issue 8): the plan list APIs run a fixed number of queries whatever the number of plans
and moves (STYLE.md: query counts are part of the contract)."""

from decimal import Decimal

from core.models import User
from planning.models import PlanItem
from tests.factories import EmployeeFactory
from tests.planning.conftest import build_now

# Plans: the viewer with roles (one statement), count, the page of plans with their creator
# (select_related).
PLANS_QUERIES = 3
# Items: the viewer, the plan and its scope agencies (access), count, the page of items with employee,
# posts, agencies and request (select_related).
ITEMS_QUERIES = 5

BREAKDOWN = {
    "education_level": 10.0,
    "education_field": 10.0,
    "competency": 10.0,
    "performance": 10.0,
    "rotation": 5.0,
    "preference": 5.0,
    "cross_agency_penalty": 0.0,
}


def _more_items(plan, n: int, post) -> None:
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            employee=EmployeeFactory(position=post),
            origin_position=post,
            destination_position=post,
            kind="rotation",
            fit_total=Decimal("50"),
            breakdown=BREAKDOWN,
            training_needs=["kearsipan"],
        )
        for _ in range(n)
    )


def _as(client, user):
    """A fresh user object per request, as in production (roles are cached on the object)."""
    client.force_authenticate(User.objects.get(pk=user.pk))
    return client


def test_the_plan_list_api_costs_the_same_queries_for_one_or_many_plans(
    api_client, ready_plan, plan_world, django_assert_num_queries
):
    client = _as(api_client, plan_world.bkpsdm)
    with django_assert_num_queries(PLANS_QUERIES):
        assert client.get("/api/v1/plans/").json()["count"] == 1
    for _ in range(3):
        build_now(actor=plan_world.bkpsdm, region=plan_world.region)
    client = _as(api_client, plan_world.bkpsdm)
    with django_assert_num_queries(PLANS_QUERIES):
        assert client.get("/api/v1/plans/").json()["count"] == 4


def test_the_plan_items_api_costs_the_same_queries_for_three_or_forty_moves(
    api_client, ready_plan, plan_world, django_assert_num_queries
):
    url = f"/api/v1/plans/{ready_plan.pk}/items/"
    client = _as(api_client, plan_world.bkpsdm)
    with django_assert_num_queries(ITEMS_QUERIES):
        assert client.get(url).json()["count"] == 3
    _more_items(ready_plan, 37, plan_world.bkd_post)
    client = _as(api_client, plan_world.bkpsdm)
    with django_assert_num_queries(ITEMS_QUERIES):
        body = client.get(url).json()
    assert body["count"] == 40 and len(body["results"]) == 40
