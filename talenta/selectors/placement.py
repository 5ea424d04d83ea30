"""What the transfer workflow shows about talent for a move into a managerial post (issue 20 point 6):
the candidate's box in the latest grid and, when the destination is a key post with a plan, their rank
in its talent pool with the main candidate and the score gap. Read for the performance-team stage of
mutasi's request page through the `talenta_placement` template tag (talenta never imports mutasi)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from core.types import Actor
from instansi.models import Employee, Position
from talenta import permissions
from talenta.choices import CandidateRole
from talenta.models import KeyPost, SuccessionCandidate, SuccessionPlan, TalentGrid, TalentGridEntry
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


# --- the talent rule of the eligibility checklist (issue 20 point 6) ---------------------------------


@dataclass
class DestinationTalent:
    """What the eligibility rule `talent_box` reads for moves into one destination: the latest finished
    grid of the destination's region, each employee's entry in it, and (for a key post with a plan) each
    one's place in the latest plan's talent pool. No viewer: the checklist is a rule, not a page; who sees
    the checklist is mutasi's rule."""

    position: Position
    is_key_post: bool
    grid: TalentGrid | None
    entries: dict[int, TalentGridEntry]
    plan: SuccessionPlan | None = None
    candidates: dict[int, SuccessionCandidate] = field(default_factory=dict)
    pool_size: int = 0


def destination_talent(*, destination: Position | None, employee_ids: list[int]) -> DestinationTalent | None:
    """None when the talent rule does not apply: no destination, or a destination that is neither a
    managerial post nor an active key post. Queries: the key post (1); when it applies, the grid, the
    entries, the plan, its candidates and its pool size (at most 6 in all, whatever the number of
    employees)."""
    if destination is None:
        return None
    key_post = KeyPost.objects.filter(position_id=destination.pk, is_active=True).first()
    if key_post is None and not destination.is_managerial:
        return None
    grid = latest_grid(region_id=destination.agency.region_id)
    entries = {}
    if grid is not None:
        entries = {
            e.employee_id: e
            for e in TalentGridEntry.objects.filter(grid=grid, employee_id__in=employee_ids).only(
                "id", "grid_id", "employee_id", "box", "potential_state", "performance_band"
            )
        }
    out = DestinationTalent(
        position=destination, is_key_post=key_post is not None, grid=grid, entries=entries
    )
    plan = key_post.plans.order_by("-pk").first() if key_post is not None else None
    if plan is not None:
        out.plan = plan
        out.candidates = {
            c.employee_id: c
            for c in SuccessionCandidate.objects.filter(plan=plan, employee_id__in=employee_ids).only(
                "id", "plan_id", "employee_id", "rank", "box", "role", "score", "gap"
            )
        }
        out.pool_size = plan.candidates.count()
    return out
