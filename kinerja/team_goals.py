"""Reads of team goals (target tim, issue 3 follow-up): who sees which shared targets and what they
may do with them. Access rules from kinerja.permissions; writes stay in kinerja.services."""

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
from kinerja import permissions as perm
from kinerja.models import AppraisalPeriod, TeamGoal
from kinerja.selectors import open_period_for


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
    return perm.visible_team_goals(viewer, qs)


def team_goal_get(*, viewer: Actor, pk: int) -> TeamGoal:
    goal = team_goal_list(viewer=viewer).filter(pk=pk).first()
    if goal is None:
        raise Http404
    return goal


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
        goal.may_realise = perm.may_realise_team_goal(viewer, goal)
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
    elif own_agency is not None and perm.may_set_team_goals(viewer, own_agency):
        agencies = [me.position.agency]
    else:
        agencies = []
    return TeamGoalPage(goals=goals, period=period, agencies=agencies, may_create=bool(agencies) and period)
