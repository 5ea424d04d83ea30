"""Reads of organisation data, with the access rules of instansi.permissions.

Every list here runs a fixed number of queries whatever the size of the region (STYLE.md: query
counts are part of the contract): related rows come with `select_related`, counts with subqueries,
children with one `prefetch_related` each, trees are assembled in Python from flat lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from core import access
from core.filter_sets import filtered
from core.paging import text_search
from core.types import Actor
from instansi import permissions
from instansi.filters import AgencyFilter, EmployeeFilter, PositionFilter, UnitFilter
from instansi.models import Agency, Employee, PlacementHistory, Position, Unit

# Holders named per post on the agency page; the rest are counted.
HOLDERS_SHOWN = 10


def _count_of(qs: QuerySet, outer_field: str) -> Coalesce:
    """A correlated COUNT subquery: one SQL statement for the whole list, no join fan-out."""
    counted = (
        qs.filter(**{outer_field: OuterRef("pk")})
        .order_by()
        .values(outer_field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- Agencies ----------------------------------------------------------------------------------------


def agency_list(*, viewer: Actor, filters: Mapping | None = None) -> QuerySet[Agency]:
    qs = (
        Agency.objects.select_related("region", "head_position")
        .annotate(
            unit_count=_count_of(Unit.objects.all(), "agency"),
            position_count=_count_of(Position.objects.all(), "agency"),
            employee_count=_count_of(Employee.objects.filter(is_active=True), "position__agency"),
        )
        .order_by("name", "id")
    )
    return filtered(AgencyFilter, filters, permissions.visible_organisation(viewer, qs))


def agency_detail(*, viewer: Actor, agency_id: int) -> Agency:
    return get_object_or_404(agency_list(viewer=viewer), pk=agency_id)


@dataclass
class UnitNode:
    unit: Unit
    depth: int = 0
    children: list[UnitNode] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)


@dataclass
class AgencyStructure:
    """An agency as its page shows it: the unit tree with each unit's posts and their holders."""

    agency: Agency
    roots: list[UnitNode]
    # Posts attached to the agency but to no unit (typically the head post and the Sekretaris).
    loose_positions: list[Position]
    head_holders: list[Employee]

    @property
    def position_total(self) -> int:
        return sum(1 for _ in self.all_positions())

    @property
    def holder_total(self) -> int:
        return sum(p.holder_total for p in self.all_positions())

    @property
    def required_total(self) -> int | None:
        """Sum of required staff over analysed posts; None when no post has been analysed yet."""
        required = [p.required_staff for p in self.all_positions() if p.required_staff is not None]
        return sum(required) if required else None

    def all_positions(self):
        yield from self.loose_positions
        stack = list(self.roots)
        while stack:
            node = stack.pop()
            yield from node.positions
            stack.extend(node.children)


def agency_structure(*, viewer: Actor, agency_id: int) -> AgencyStructure:
    """The agency page: 4 queries (agency, units, posts, holders) for any size of agency."""
    agency = agency_detail(viewer=viewer, agency_id=agency_id)
    units = list(
        permissions.visible_organisation(viewer, Unit.objects.filter(agency=agency)).order_by("code", "id")
    )
    active = Employee.objects.filter(is_active=True)
    # A sliced prefetch (one window-function query) keeps a post with thousands of holders (guru,
    # perawat) from loading them all; the total comes from a COUNT subquery.
    holders = active.only(*permissions.HOLDER_PUBLIC_FIELDS).order_by("name", "nip")[:HOLDERS_SHOWN]
    positions = list(
        permissions.visible_organisation(viewer, Position.objects.filter(agency=agency))
        .annotate(holder_total=_count_of(active, "position"))
        .prefetch_related(Prefetch("holders", queryset=holders, to_attr="current_holders"))
        .order_by("-is_head", "-grade", "title", "id")
    )

    nodes = {u.pk: UnitNode(unit=u) for u in units}
    roots: list[UnitNode] = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(nodes[unit.pk])
    # Depth for indentation; iterative so a deep tree cannot hit the recursion limit.
    stack = [(node, 0) for node in roots]
    while stack:
        node, depth = stack.pop()
        node.depth = depth
        stack.extend((child, depth + 1) for child in node.children)

    loose: list[Position] = []
    head_holders: list[Employee] = []
    for position in positions:
        # Gap as in ABK (REGULATION.md 2): holders - required; negative = shortage, None = not analysed.
        position.holders_not_shown = position.holder_total - len(position.current_holders)
        position.gap = (
            None if position.required_staff is None else position.holder_total - position.required_staff
        )
        position.shortage = max(-(position.gap or 0), 0)
        position.surplus = max(position.gap or 0, 0)
        node = nodes.get(position.unit_id)
        (node.positions if node else loose).append(position)
        if position.pk == agency.head_position_id or (not agency.head_position_id and position.is_head):
            head_holders.extend(position.current_holders)
    return AgencyStructure(agency=agency, roots=roots, loose_positions=loose, head_holders=head_holders)


# --- Units and positions -----------------------------------------------------------------------------


def unit_list(*, viewer: Actor, filters: Mapping | None = None) -> QuerySet[Unit]:
    qs = Unit.objects.select_related("agency", "parent").order_by("agency__name", "code", "id")
    return filtered(UnitFilter, filters, permissions.visible_organisation(viewer, qs))


def unit_detail(*, viewer: Actor, unit_id: int) -> Unit:
    return get_object_or_404(unit_list(viewer=viewer), pk=unit_id)


def position_list(*, viewer: Actor, filters: Mapping | None = None) -> QuerySet[Position]:
    qs = (
        Position.objects.select_related("agency", "unit", "superior")
        .annotate(holder_count=_count_of(Employee.objects.filter(is_active=True), "position"))
        .order_by("agency__name", "code", "id")
    )
    return filtered(PositionFilter, filters, permissions.visible_organisation(viewer, qs))


def position_detail(*, viewer: Actor, position_id: int) -> Position:
    return get_object_or_404(position_list(viewer=viewer), pk=position_id)


# --- Employees ---------------------------------------------------------------------------------------


def _employees() -> QuerySet[Employee]:
    # The post, its unit and agency come in the same row; `superior_id` and `agency_id` are what
    # permissions.sees_private compares, so deciding public/private needs no query per row.
    return Employee.objects.select_related("position", "position__unit", "position__agency").only(
        *(f.name for f in Employee._meta.concrete_fields),
        "position__id",
        "position__title",
        "position__kind",
        "position__agency_id",
        "position__unit_id",
        "position__superior_id",
        "position__is_head",
        "position__unit__id",
        "position__unit__name",
        "position__agency__id",
        "position__agency__name",
    )


def employee_list(*, viewer: Actor, filters: Mapping | None = None) -> QuerySet[Employee]:
    # `?agency=` filters Employee.position_agency: the page and its exact count on one index.
    qs = permissions.visible_employees(viewer, _employees().order_by("name", "nip"))
    if filters and filters.get("nip"):
        # The NIP is private (issue 19, finding 9): searching by it finds only the employees whose NIP
        # the viewer may see, so a search cannot tell whether a hidden NIP exists.
        qs = permissions.private_visible(viewer, qs)
    return filtered(EmployeeFilter, filters, qs)


def agency_employee_search(*, viewer: Actor, agency: Agency, q: str) -> QuerySet[Employee]:
    """The agency page's search (issue 18 point 6): the agency's active employees whose name, post or
    unit contains `q`. `agency` comes from `agency_structure` (access-checked). A query of digits also
    matches the start of a NIP, but only among the employees whose NIP the viewer may see
    (`permissions.private_visible`), so the search cannot tell whether a hidden NIP exists."""
    qs = permissions.visible_employees(
        viewer, _employees().filter(position_agency=agency, is_active=True).order_by("name", "nip")
    )
    found = text_search(qs, q, fields=("name", "position__title", "position__unit__name"))
    if q.replace(" ", "").isdigit():
        private = permissions.private_visible(viewer, qs)
        found = found | text_search(private, q, fields=("name",), nip_fields=("nip",))
    return found


def employee_detail(*, viewer: Actor, employee_id: int) -> Employee:
    return get_object_or_404(permissions.visible_employees(viewer, _employees()), pk=employee_id)


def employee_me(*, viewer: Actor) -> Employee:
    """The caller's own record with placement history; 404 for an account without an employee."""
    me = access.employee_of(viewer)
    if me is None:
        raise Http404
    return (
        _employees()
        .prefetch_related(Prefetch("placements", queryset=PlacementHistory.objects.order_by("-start", "-id")))
        .get(pk=me.pk)
    )


def employee_profile(*, viewer: Actor) -> Employee | None:
    """Profil saya: own record, post (with unit, agency, superior post) and placement history."""
    me = access.employee_of(viewer)
    if me is None:
        return None
    return (
        Employee.objects.select_related("position__agency", "position__unit", "position__superior")
        .prefetch_related(Prefetch("placements", queryset=PlacementHistory.objects.order_by("-start", "-id")))
        .get(pk=me.pk)
    )
