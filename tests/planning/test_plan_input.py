"""Review fixes (issue 8): bad input to `POST plans/` is a 400 with a field message, never a 500."""

import pytest

from core.models import AuditEvent
from planning.models import TransferPlan


@pytest.mark.parametrize("caps", [{"x-schemathesis-additional": 1}, {"": 2}, {"1.5": 1}])
def test_a_cap_keyed_by_something_other_than_an_agency_id_is_a_400_on_agency_caps(
    api_client, plan_world, caps
):
    api_client.force_authenticate(plan_world.bkpsdm)
    answer = api_client.post("/api/v1/plans/", {"agency_caps": caps}, format="json")
    assert answer.status_code == 400
    assert "agency_caps" in answer.json()
    assert not TransferPlan.objects.exists()
    assert not AuditEvent.objects.filter(action="plan.build").exists()


@pytest.mark.parametrize("region", [-188, 0, 987654])
def test_an_unknown_region_is_a_400_on_region_not_a_404(api_client, plan_world, region):
    api_client.force_authenticate(plan_world.bkpsdm)
    answer = api_client.post("/api/v1/plans/", {"region": region}, format="json")
    assert answer.status_code == 400
    assert "region" in answer.json()
    assert not TransferPlan.objects.exists()


# The plan's reading (selectors.plan_input): policy 1, workload need 2 (the run, its results), gaps 3
# (holders per post, open requests in and out), destination posts 2 (key posts, posts), candidates
# 2 (the rules decided in one statement, the survivors with their SKP predicates), stated views 3,
# talent boxes 1 (no grid here: the entries are not read). It must not grow with the region.
PLAN_INPUT_QUERIES = 14


def test_reading_the_plan_costs_the_same_queries_for_a_few_or_many_candidates(
    plan_world, django_assert_num_queries
):
    import datetime as dt

    from planning import selectors
    from tests.factories import EmployeeFactory
    from tests.planning.conftest import good_skp

    with django_assert_num_queries(PLAN_INPUT_QUERIES):
        few = selectors.plan_input(region=plan_world.region)
    for _ in range(15):
        good_skp(EmployeeFactory(position=plan_world.pegawai_post, position_since=dt.date(2017, 5, 2)))
    with django_assert_num_queries(PLAN_INPUT_QUERIES):
        many = selectors.plan_input(region=plan_world.region)
    assert len(many.candidates) == len(few.candidates) + 15
