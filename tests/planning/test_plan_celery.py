"""A plan built by a real Celery worker on Redis, with its progress (issue 6, point 4)."""

import time

import pytest

from core.models import AuditEvent
from planning import services
from planning.choices import PlanStatus
from planning.models import TransferPlan


@pytest.mark.celery_worker
def test_a_real_worker_computes_the_plan_the_page_started(celery_worker, plan_world):
    w = plan_world
    plan = services.plan_build(actor=w.bkpsdm, region=w.region)  # on_commit -> the broker
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        plan.refresh_from_db()
        if plan.status != PlanStatus.BUILDING:
            break
        time.sleep(0.2)
    assert plan.status == PlanStatus.READY, plan.error
    assert plan.progress == 100 and plan.slots_filled == 3
    assert AuditEvent.objects.filter(action="plan.compute", target_id=str(plan.pk)).count() == 1
    # A redelivered task finds the plan computed and changes nothing.
    assert services.plan_compute(plan_id=plan.pk).status == PlanStatus.READY
    assert TransferPlan.objects.get(pk=plan.pk).items.count() == 3
    assert AuditEvent.objects.filter(action="plan.compute").count() == 1
