"""Reads of team goals (target tim, issue 3 follow-up): who sees which shared targets and what they
may do with them. Access rules from core.access; writes stay in kinerja.services."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Count, QuerySet
from django.http import Http404

from core import access
from core.exceptions import DomainError
from core.types import Actor
from instansi.filters import IdField
from instansi.models import Agency
from kinerja.models import AppraisalPeriod, TeamGoal
from kinerja.selectors import open_period_for


def visible_team_goals(viewer: Actor, qs: QuerySet[TeamGoal] | None = None) -> QuerySet[TeamGoal]:
    """Region readers see every team goal; others the goals of the agency they work in (members link
    their RHK to them, heads and supervisors set and realise them)."""
    qs = TeamGoal.objects.all() if qs is None else qs
    if viewer is None or not viewer.is_authenticated:
        return qs.none()
    if access.reads_region(viewer):
        return qs
    me = access.employee_of(viewer)
    if me is None or me.position is None:
        return qs.none()
    return qs.filter(agency_id=me.position.agency_id)


def team_goal_list(*, viewer: Actor, filters: dict | None = None) -> QuerySet[TeamGoal]:
    filters = filters or {}
    qs = (
        TeamGoal.objects.select_related("period", "agency", "created_by")
        .annotate(members=Count("member_plans__appraisal", distinct=True))
        .order_by("-period__year", "agency__name", "title")
    )
    for key, field in (("period", "period_id"), ("agency", "agency_id")):
        value = filters.get(key)
        if value not in (None, ""):
            try:
                qs = qs.filter(**{field: IdField().clean(value)})
            except forms.ValidationError as exc:
                raise DomainError(exc.messages[0], field=key) from None
    return visible_team_goals(viewer, qs)


def team_goal_get(*, viewer: Actor, pk: int) -> TeamGoal:
    goal = team_goal_list(viewer=viewer).filter(pk=pk).first()
    if goal is None:
        raise Http404
    return goal


def can_set_goals(viewer: Actor, agency_id: int | None) -> bool:
    """Mirrors kinerja.services.team_goal_create: HR, the agency head, or a supervisor in the agency."""
    if access.is_hr(viewer):
        return True
    me = access.employee_of(viewer)
    return bool(
        me
        and me.position_id
        and me.position.agency_id == agency_id
        and access.has_role(viewer, access.AGENCY_HEAD, access.SUPERVISOR)
    )


def can_realise(viewer: Actor, goal: TeamGoal) -> bool:
    """Mirrors kinerja.services.team_goal_realise: HR, whoever set the goal, or the agency head."""
    return (
        access.is_hr(viewer)
        or goal.created_by_id == viewer.pk
        or access.headed_agency_id(viewer) == goal.agency_id
    )


@dataclass
class TeamGoalPage:
    goals: list[TeamGoal]
    period: AppraisalPeriod | None
    agencies: list[Agency]
    may_create: bool


def team_goal_page(*, viewer: Actor, filters: dict | None = None) -> TeamGoalPage:
    """The page's data in a fixed number of queries: the goals (with member counts), the open period
    and the agencies the viewer may set goals for."""
    goals = list(team_goal_list(viewer=viewer, filters=filters)[:200])
    for goal in goals:
        goal.may_realise = can_realise(viewer, goal)
    period = open_period_for(viewer=viewer)
    if period is None and access.is_hr(viewer):
        # HR accounts without an employee record (a superuser) work on the latest open period.
        period = AppraisalPeriod.objects.filter(is_open=True).order_by("-year", "pk").first()
    me = access.employee_of(viewer)
    own_agency = me.position.agency_id if me is not None and me.position_id else None
    if access.is_hr(viewer):
        agencies = (
            list(Agency.objects.filter(region_id=period.region_id).order_by("name").only("pk", "name"))
            if period is not None
            else []
        )
    elif own_agency is not None and can_set_goals(viewer, own_agency):
        agencies = [me.position.agency]
    else:
        agencies = []
    return TeamGoalPage(goals=goals, period=period, agencies=agencies, may_create=bool(agencies) and period)
