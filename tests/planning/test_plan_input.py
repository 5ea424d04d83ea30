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
