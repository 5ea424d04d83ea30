"""Talent in the plan on the database (issue 20, point 6): into a managerial or key post the fit adds
the candidate's box in the latest finished talent grid (explained in the breakdown), and a box 1-3
employee is never placed there. The property test against the exact solver is in test_stated_views."""

import pytest
from django.utils import timezone

from planning.models import PlanItem
from talenta.choices import GridStatus, PotentialState
from talenta.models import KeyPost, TalentGrid, TalentGridEntry
from tests.planning.conftest import build_now


def grid_with(region, boxes: dict) -> TalentGrid:
    grid = TalentGrid.objects.create(region=region, as_of=timezone.localdate(), status=GridStatus.FINISHED)
    TalentGridEntry.objects.bulk_create(
        TalentGridEntry(
            grid=grid,
            employee=emp,
            agency_id=emp.position.agency_id,
            position=emp.position,
            potential_state=PotentialState.VALID,
            box=box,
        )
        for emp, box in boxes.items()
    )
    return grid


@pytest.fixture
def key_health_post(plan_world):
    KeyPost.objects.create(position=plan_world.health_post)
    return plan_world.health_post


def rina_item(plan):
    return PlanItem.objects.filter(plan=plan, employee__name="Rina").first()


def test_a_box_1_to_3_employee_is_never_placed_into_a_key_post(plan_world, key_health_post):
    w = plan_world
    rina = w.movers[0]
    grid_with(w.region, {rina: 3})
    plan = build_now(actor=w.bkpsdm, region=w.region)
    assert not PlanItem.objects.filter(plan=plan, destination_position=key_health_post).exists()
    assert plan.solver_stats["talent"] == {
        "talent_posts": 1,
        "candidates_with_box": 1,
        "low_box_candidates": 1,
    }
    assert rina_item(plan) is None or rina_item(plan).destination_position_id != key_health_post.pk


def test_into_a_key_post_the_box_adds_its_share_of_the_talent_weight_and_nowhere_else(
    plan_world, key_health_post
):
    w = plan_world
    rina, tono, _umar = w.movers
    grid_with(w.region, {rina: 8, tono: 9})
    plan = build_now(actor=w.bkpsdm, region=w.region)
    item = rina_item(plan)
    assert item.destination_position_id == key_health_post.pk
    assert item.breakdown["talent"] == 8.75  # weight 10 x (8 - 1) / 8
    tono_item = PlanItem.objects.get(plan=plan, employee=tono)
    assert tono_item.destination_position_id != key_health_post.pk
    assert tono_item.breakdown["talent"] == 0.0  # an ordinary post: talent does not count there


def test_without_a_grid_nobody_is_kept_out_and_talent_adds_nothing(plan_world, key_health_post):
    plan = build_now(actor=plan_world.bkpsdm, region=plan_world.region)
    assert rina_item(plan).destination_position_id == key_health_post.pk
    assert rina_item(plan).breakdown["talent"] == 0.0
