"""Who may see or do what with transfer plans (rencana mutasi): every visibility rule and action right
of the app, in one module.

- Reading plans, their items and the training needs: HR and the region-wide readers of core.access
  (auditor, Sekda, regional head), read-only. Everyone else gets 403.
- Building, editing (remove, pin, unpin), re-solving and applying a plan: HR (BKPSDM) only.
- Whether the plan's status allows an action now is the TransferPlan transitions' answer (core.workflow
  turns "not now" into 409); the page buttons below follow them.

Built on the shared role rules of core.access. Used by the selectors (who reads), the services (who
acts), the pages and the API; imports neither selectors nor services.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core import access
from core.types import Actor
from planning.choices import PlanStatus

# planning.models asks this module for its transition permissions, so the plan is not imported here.


def may_read_plans(viewer: Actor | None) -> bool:
    """Plans are region-wide personnel planning: HR and the region-wide readers."""
    return access.reads_region(viewer)


def may_change_plans(actor: Actor | None) -> bool:
    """Build, edit, re-solve and apply: HR."""
    return access.is_hr(actor)


def may_take_plan_transition(plan, actor: Actor | None) -> bool:
    """The transition permission of the plan's user actions (re-solve, apply): who may change plans."""
    return may_change_plans(actor)


def require_reader(viewer: Actor | None) -> None:
    access.require(may_read_plans(viewer), _("Rencana mutasi hanya untuk BKPSDM dan pimpinan daerah."))


def require_planner(actor: Actor | None) -> None:
    access.require(may_change_plans(actor), _("Hanya BKPSDM yang dapat mengubah rencana mutasi."))


def plan_actions(plan, user: Actor | None) -> dict[str, bool]:
    """The buttons of the plan page. Apply and the item edits: HR, while the plan may still be applied
    (TransferPlan.mark_applied, the same question the services ask). Re-solve: HR until the plan is
    applied; while it is being computed the button stays and the service answers "not now"."""
    changes = may_change_plans(user)
    applicable = changes and can_proceed(plan.mark_applied)
    return {
        "can_resolve": changes and plan.status != PlanStatus.APPLIED,
        "can_apply": applicable,
        "can_edit_items": applicable,
    }
