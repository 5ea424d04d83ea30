"""Issue 21: a request created from a plan starts with the employee's answer, and the employee reads
the plan item's fit breakdown (planning registers it with mutasi.proposals; mutasi never imports
planning)."""

import pytest
from django.test import Client

from mutasi import proposals, selectors, services
from planning import services as planning_services
from planning.choices import PART_LABELS, ItemState
from planning.models import PlanItem
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.consultation]


def test_the_employee_reads_the_plans_fit_breakdown_before_answering(plan_world, ready_plan):
    w = plan_world
    item = PlanItem.objects.filter(plan=ready_plan, state=ItemState.PROPOSED).order_by("pk").first()
    user = UserFactory(username="dipindah")
    item.employee.user = user
    item.employee.save(update_fields=["user"])
    planning_services.plan_apply(actor=w.bkpsdm, plan_id=ready_plan.pk)
    item.refresh_from_db()
    request = item.transfer_request
    assert request.initiated_by == "plan" and request.current_stage == "employee"
    # Others without an account enter at origin_head.
    others = PlanItem.objects.filter(plan=ready_plan, state=ItemState.APPLIED).exclude(pk=item.pk)
    assert all(o.transfer_request.current_stage != "employee" for o in others)

    fit = proposals.fit_for([request.pk])[request.pk]
    assert fit.source == f"Rencana mutasi #{ready_plan.pk}"
    assert fit.total == item.fit_total
    assert [label for label, _points in fit.parts] == [
        str(label) for key, label in PART_LABELS.items() if key in item.breakdown
    ]
    assert dict(fit.parts) == {str(PART_LABELS[k]): v for k, v in item.breakdown.items() if k in PART_LABELS}
    why = selectors.why(request=request)
    assert why["fit"].total == item.fit_total
    assert why["destination"]["title"] == item.destination_position.title

    client = Client()
    client.force_login(user)
    page = client.get(f"/mutasi/{request.pk}/").content.decode()
    assert f"Rencana mutasi #{ready_plan.pk}" in page and "Kecocokan Anda" in page
    inbox = client.get("/mutasi/kotak-masuk/").content.decode()
    assert request.number in inbox and "Kecocokan Anda" in inbox

    # Answering moves the plan's request on to the head of the origin agency.
    services.consultation_answer(request_id=request.pk, actor=user, answer="agree")
    request.refresh_from_db()
    assert request.current_stage == "origin_head"


def test_a_request_not_from_a_plan_has_no_fit(plan_world):
    assert proposals.fit_for([]) == {}
