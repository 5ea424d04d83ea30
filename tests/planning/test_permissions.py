"""planning.permissions: who reads plans, who changes them, and the plan page's buttons."""

import pytest
from django_fsm import has_transition_perm

from core import workflow
from planning import permissions, services
from planning.choices import PlanStatus

# role -> (reads plans, changes plans)
RIGHTS = {
    "bkpsdm": (True, True),
    "auditor": (True, False),
    "sekda": (True, False),
    "walikota": (True, False),
    "kadishub": (False, False),
    "pegawai": (False, False),
}


@pytest.mark.parametrize("role", RIGHTS)
def test_each_role_reads_and_changes_plans_as_the_module_says_and_the_pages_agree(
    client, ready_plan, plan_world, role
):
    user = getattr(plan_world, role)
    reads, changes = RIGHTS[role]
    assert permissions.may_read_plans(user) is reads
    assert permissions.may_change_plans(user) is changes

    client.force_login(user)
    page = client.get(f"/rencana/{ready_plan.pk}/")
    assert page.status_code == (200 if reads else 403)
    if reads:
        html = page.content.decode()
        assert ("/terapkan/" in html) is changes
        assert ("/hitung-ulang/" in html) is changes
        assert ("/butir/" in html) is changes
    # The plan's own transitions carry the same rule (core.workflow turns it into 403/409).
    assert workflow.may_ever(ready_plan.mark_applied, user) is changes
    assert workflow.may_ever(ready_plan.start_solving, user) is changes
    assert has_transition_perm(ready_plan.mark_applied, user) is changes


def test_hr_sees_no_button_once_the_plan_is_applied(ready_plan, plan_world):
    assert permissions.plan_actions(ready_plan, plan_world.bkpsdm) == {
        "can_resolve": True,
        "can_apply": True,
        "can_edit_items": True,
    }
    plan, _created = services.plan_apply(actor=plan_world.bkpsdm, plan_id=ready_plan.pk)
    assert plan.status == PlanStatus.APPLIED
    assert not any(permissions.plan_actions(plan, plan_world.bkpsdm).values())


def test_while_a_plan_is_computed_hr_may_ask_to_re_solve_but_not_apply_or_edit(ready_plan, plan_world):
    ready_plan.status = PlanStatus.BUILDING
    assert permissions.plan_actions(ready_plan, plan_world.bkpsdm) == {
        "can_resolve": True,
        "can_apply": False,
        "can_edit_items": False,
    }
