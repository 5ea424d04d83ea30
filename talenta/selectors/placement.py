"""What the transfer workflow shows about talent for a move into a managerial post (issue 20 point 6):
the candidate's box in the latest grid and, when the destination is a key post with a plan, their rank
in its talent pool with the main candidate and the score gap. Read for the performance-team stage of
mutasi's request page through the `talenta_placement` template tag (talenta never imports mutasi)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from core.types import Actor
from instansi.models import Employee, Position
from talenta import permissions
from talenta.choices import CandidateRole
from talenta.models import KeyPost, SuccessionCandidate, SuccessionPlan, TalentGridEntry
from talenta.selectors.grid import latest_grid


@dataclass
class PlacementTalent:
    entry: TalentGridEntry | None
    plan: SuccessionPlan | None
    candidate: SuccessionCandidate | None  # this employee in the plan's pool (None: not in it)
    main: SuccessionCandidate | None


def placement_talent(
    *, viewer: Actor, employee: Employee, destination: Position | None
) -> PlacementTalent | None:
    """None when there is nothing to show or the viewer may not see it: the destination is not a
    managerial post, or the viewer does not read succession plans (HR, the performance team, Sekda, the
    regional head, the auditor). Queries when shown: region, grid, entry, key post with its plan, and
    the candidates (this one and the main one): at most six."""
    if destination is None or not destination.is_managerial or not permissions.may_read_succession(viewer):
        return None
    region_id = destination.agency.region_id
    grid = latest_grid(region_id=region_id)
    entry = (
        TalentGridEntry.objects.select_related("grid").filter(grid=grid, employee_id=employee.pk).first()
        if grid
        else None
    )
    key_post = KeyPost.objects.filter(position_id=destination.pk, is_active=True).first()
    plan = key_post.plans.select_related("main_candidate").order_by("-pk").first() if key_post else None
    candidate = main = None
    if plan is not None:
        for row in SuccessionCandidate.objects.filter(
            Q(role=CandidateRole.MAIN) | Q(employee_id=employee.pk), plan=plan
        ).select_related("employee"):
            if row.employee_id == employee.pk:
                candidate = row
            if row.role == CandidateRole.MAIN:
                main = row
    return PlacementTalent(entry=entry, plan=plan, candidate=candidate, main=main)
