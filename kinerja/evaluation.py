"""Database-backed helpers shared by services and selectors that involve no viewer: the Policy in force,
the achievement of an SKP, the snapshot of a post, and the set of SKP an organisational rating covers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from instansi.models import Employee, Policy, Position
from kinerja import rules
from kinerja.choices import RATED_STATUSES
from kinerja.models import Appraisal, OrganisationPerformance


def policy_for_region_id(region_id: int) -> Policy:
    """The region's Policy; an unsaved default Policy when HR has not created one yet."""
    return Policy.objects.filter(region_id=region_id).first() or Policy(region_id=region_id)


@dataclass
class Achievement:
    rows: list[dict]
    average: Decimal | None
    suggested: str


def appraisal_achievement(appraisal: Appraisal, *, policy: Policy | None = None) -> Achievement:
    """Per-indicator achievement, its average and the suggested results rating (REGULATION.md 3).

    An RHK linked to a team goal takes the team's achievement: the team's result is credited to each
    member. Uses prefetched result_plans/indicators when the caller loaded them.
    """
    if policy is None:
        policy = policy_for_region_id(appraisal.period.region_id)
    rows = []
    for plan in appraisal.result_plans.all():
        if plan.team_goal_id:
            goal = plan.team_goal
            rows.append({"plan": plan, "indicator": None, "team_goal": goal, "achievement": goal.achievement})
        for indicator in plan.indicators.all():
            value = None if plan.team_goal_id else indicator.achievement
            rows.append({"plan": plan, "indicator": indicator, "team_goal": None, "achievement": value})
    avg = rules.average(r["achievement"] for r in rows)
    suggested = rules.suggest_results_rating(
        average_achievement=avg, below=policy.achievement_below, above=policy.achievement_above
    )
    return Achievement(rows=rows, average=avg, suggested=suggested)


def is_unit_head(position: Position) -> bool:
    """Head of an agency, or the managerial post at the top of its unit (its superior sits elsewhere)."""
    if position.is_head:
        return True
    if not position.is_managerial or position.unit_id is None:
        return False
    return position.superior_id is None or position.superior.unit_id != position.unit_id


def appraiser_for(position: Position) -> Employee | None:
    """Pejabat penilai: the holder of the post above at appraisal time (REGULATION.md 3)."""
    if position.superior_id is None:
        return None
    return Employee.objects.filter(position_id=position.superior_id, is_active=True).order_by("id").first()


def snapshot(employee: Employee) -> dict:
    """Post, unit, agency and appraiser of an employee now, to be frozen on the SKP."""
    position = employee.position
    appraiser = appraiser_for(position)
    return {
        "position": position,
        "position_title": position.title,
        "unit_id": position.unit_id,
        "unit_name": position.unit.name if position.unit_id else "",
        "agency_id": position.agency_id,
        "agency_name": position.agency.name,
        "appraiser_position_id": position.superior_id,
        "appraiser": appraiser,
        "is_unit_head": is_unit_head(position),
    }


def org_performance_for(appraisal: Appraisal) -> OrganisationPerformance | None:
    """The organisational rating covering this SKP: its unit's, else its agency's."""
    qs = OrganisationPerformance.objects.filter(period_id=appraisal.period_id)
    if appraisal.unit_id is not None:
        own = qs.filter(unit_id=appraisal.unit_id).first()
        if own is not None:
            return own
    return qs.filter(agency_id=appraisal.agency_id, unit__isnull=True).first()


def headed_org_performance(appraisal: Appraisal) -> OrganisationPerformance | None:
    """For a unit head, the rating of the unit they lead (the agency's for an agency head)."""
    if not appraisal.is_unit_head:
        return None
    qs = OrganisationPerformance.objects.filter(period_id=appraisal.period_id, agency_id=appraisal.agency_id)
    if appraisal.unit_id is None:
        return qs.filter(unit__isnull=True).first()
    return qs.filter(unit_id=appraisal.unit_id).first()


def scope_appraisals(op: OrganisationPerformance) -> QuerySet[Appraisal]:
    """The SKP an organisational rating covers (see OrganisationPerformance)."""
    qs = Appraisal.objects.filter(period_id=op.period_id)
    if op.unit_id is not None:
        return qs.filter(unit_id=op.unit_id)
    units_with_own = OrganisationPerformance.objects.filter(
        period_id=op.period_id, agency_id=op.agency_id, unit__isnull=False
    ).values("unit_id")
    return qs.filter(agency_id=op.agency_id).filter(Q(unit__isnull=True) | ~Q(unit_id__in=units_with_own))


def scope_label(op: OrganisationPerformance) -> str:
    return op.unit.name if op.unit_id else op.agency.name


def distribution_violations(
    op: OrganisationPerformance, *, overrides: dict[int, str] | None = None
) -> list[rules.Violation]:
    """Check the predicates of the covered SKP "as they would be": every rated one, with `overrides`
    (appraisal id -> predicate) applied for a change not yet saved."""
    overrides = overrides or {}
    current = dict(scope_appraisals(op).filter(status__in=RATED_STATUSES).values_list("id", "predicate"))
    current.update(overrides)
    return rules.check_distribution(org_rating=op.rating, predicates=current.values(), scope=scope_label(op))
