"""Reads of standing preferences (wishes, dislikes) and circumstances (issue 21 point 1). Who may read
them is mutasi.permissions (the employee, HR, the deciders of a move of theirs)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from core import access
from core.types import Actor
from instansi.models import Agency, Employee, Unit
from mutasi import permissions
from mutasi.choices import PreferenceKind
from mutasi.models import Circumstance, PlacementPreference


def in_force(on: dt.date) -> Q:
    """A wish, dislike or circumstance counts on `on` until its end date (none: until removed)."""
    return Q(valid_until__isnull=True) | Q(valid_until__gte=on)


@dataclass
class StandingViews:
    """One employee's wishes, dislikes and circumstances in force, as a page or a card shows them."""

    employee: Employee
    wishes: list[PlacementPreference] = field(default_factory=list)
    dislikes: list[PlacementPreference] = field(default_factory=list)
    circumstances: list[Circumstance] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.wishes or self.dislikes or self.circumstances)


def _preferences(qs: QuerySet[PlacementPreference]) -> QuerySet[PlacementPreference]:
    return qs.select_related("agency", "unit__agency", "position__agency")


def standing_views(*, viewer: Actor, employee_id: int, on: dt.date | None = None) -> StandingViews:
    """The employee's views in force on `on` (today); 404 for a viewer who may not read them. Three
    queries: the employee, the preferences, the circumstances."""
    if not permissions.may_read_standing_views(viewer, employee_id):
        raise Http404
    on = on or timezone.localdate()
    try:
        employee = Employee.objects.select_related("position__agency").get(pk=employee_id)
    except Employee.DoesNotExist:
        raise Http404
    views = StandingViews(employee=employee)
    for row in _preferences(PlacementPreference.objects.filter(in_force(on), employee_id=employee_id)):
        (views.wishes if row.kind == PreferenceKind.WISH else views.dislikes).append(row)
    views.circumstances = list(Circumstance.objects.filter(in_force(on), employee_id=employee_id))
    return views


def own_standing_views(*, viewer: Actor) -> StandingViews:
    """The viewer's own views, ended ones included (they see what they stated and until when)."""
    me = access.employee_of(viewer)
    if me is None:
        raise Http404
    views = StandingViews(employee=me)
    for row in _preferences(PlacementPreference.objects.filter(employee_id=me.pk)):
        (views.wishes if row.kind == PreferenceKind.WISH else views.dislikes).append(row)
    views.circumstances = list(Circumstance.objects.filter(employee_id=me.pk))
    return views


def preference_list(*, viewer: Actor, employee_id: int | None = None) -> QuerySet[PlacementPreference]:
    """The rows the viewer may read; the viewer's own unless `employee_id` names another employee."""
    qs = permissions.visible_standing_views(viewer, _preferences(PlacementPreference.objects.all()))
    return qs.filter(employee_id=employee_id if employee_id is not None else _own_id(viewer))


def circumstance_list(*, viewer: Actor, employee_id: int | None = None) -> QuerySet[Circumstance]:
    qs = permissions.visible_standing_views(viewer, Circumstance.objects.all())
    return qs.filter(employee_id=employee_id if employee_id is not None else _own_id(viewer))


def circumstance_get(*, viewer: Actor, pk: int) -> Circumstance:
    """A circumstance the viewer may read; 404 otherwise (no hint it exists)."""
    try:
        return permissions.visible_standing_views(viewer, Circumstance.objects.all()).get(pk=pk)
    except Circumstance.DoesNotExist:
        raise Http404


def preference_get(*, viewer: Actor, pk: int) -> PlacementPreference:
    try:
        return permissions.visible_standing_views(viewer, PlacementPreference.objects.all()).get(pk=pk)
    except PlacementPreference.DoesNotExist:
        raise Http404


def preference_target_choices() -> dict:
    """The agencies and units (places) an employee may name on the preference form; posts are named by
    their code. The organisation is public inside the government (instansi.permissions)."""
    return {
        "agencies": Agency.objects.only("pk", "name").order_by("name"),
        "units": Unit.objects.select_related("agency")
        .only("pk", "name", "agency__name")
        .order_by("agency__name", "name"),
    }


def _own_id(viewer: Actor) -> int:
    me = access.employee_of(viewer)
    return me.pk if me is not None else 0
