"""Roles and access helpers: the one module every selector asks "who may see / do this?".

Roles (DESIGN.md section 1) come from two sources:
- groups: `hr`, `performance_team`, `auditor`;
- the post the user's employee record holds: a head post -> agency head; the post with special role
  `secretary` -> Sekda; `regional_head` -> PPK; a post with subordinates -> supervisor.
core sits left of instansi, so it refers to instansi models by attribute/string only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet

EMPLOYEE = "employee"
SUPERVISOR = "supervisor"
AGENCY_HEAD = "agency_head"
HR = "hr"
PERFORMANCE_TEAM = "performance_team"
SECRETARY = "secretary"
REGIONAL_HEAD = "regional_head"
AUDITOR = "auditor"

GROUP_ROLES = (HR, PERFORMANCE_TEAM, AUDITOR)
# Roles that may read region-wide data (dashboards, every request); auditors read, never change.
REGION_READERS = frozenset({HR, AUDITOR, SECRETARY, REGIONAL_HEAD})


def employee_of(user):
    """The Employee record of a user with its post, or None (cached on the user object for the
    request). One query: the post comes joined, and whether the post has subordinates (the supervisor
    role) comes as an EXISTS column, so roles_of needs no further query for it."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_simutasi_employee"):
        employee_model = user._meta.get_field("employee").related_model  # instansi.Employee
        position_model = employee_model._meta.get_field("position").related_model
        subordinates = position_model.objects.filter(superior_id=OuterRef("position_id"))
        # user_id is unique: one row at most, so no ORDER BY (`first()` would sort by the Meta ordering).
        rows = (
            employee_model.objects.select_related("position")
            .annotate(_post_has_subordinates=Exists(subordinates))
            .filter(user_id=user.pk)
            .order_by()[:1]
        )
        user._simutasi_employee = next(iter(rows), None)
    return user._simutasi_employee


def roles_of(user) -> frozenset[str]:
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_simutasi_roles", None)
    if cached is not None:
        return cached
    roles: set[str] = set()
    names = set(user.groups.values_list("name", flat=True))
    roles.update(r for r in GROUP_ROLES if r in names)
    if user.is_superuser:
        roles.add(HR)
    employee = employee_of(user)
    if employee is not None:
        roles.add(EMPLOYEE)
        position = employee.position
        if position is not None:
            if position.is_head:
                roles.add(AGENCY_HEAD)
            if position.special_role == SECRETARY:
                roles.add(SECRETARY)
            if position.special_role == REGIONAL_HEAD:
                roles.add(REGIONAL_HEAD)
            if employee._post_has_subordinates:  # annotated by employee_of
                roles.add(SUPERVISOR)
    user._simutasi_roles = frozenset(roles)
    return user._simutasi_roles


def hr_users() -> list:
    """Active BKPSDM staff (group `hr`): the people told about escalations, objections and failures."""
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(is_active=True, groups__name=HR).distinct())


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user).intersection(roles))


def is_hr(user) -> bool:
    return has_role(user, HR)


def is_auditor(user) -> bool:
    return has_role(user, AUDITOR)


def reads_region(user) -> bool:
    """HR, auditor, Sekda and the regional head see region-wide data."""
    return bool(roles_of(user) & REGION_READERS)


def headed_agency_id(user) -> int | None:
    """The agency whose head post the user holds, if any."""
    employee = employee_of(user)
    if employee is None or employee.position is None or not employee.position.is_head:
        return None
    return employee.position.agency_id


def reads_region_without_own_agency(user) -> bool:
    """HR, the auditor and the regional head: they may read every agency but head none, so a page or
    API call about "an agency" has no default for them (they choose one). Sekda heads the Sekretariat
    Daerah, so his default is that agency, like any agency head's."""
    return headed_agency_id(user) is None and reads_region(user)


def require(condition: bool, message: str = "") -> None:
    if not condition:
        raise PermissionDenied(message or None)


def require_role(user, *roles: str) -> None:
    require(has_role(user, *roles))


# --- Employees -------------------------------------------------------------------------------------


def visible_organisation(user, qs: QuerySet) -> QuerySet:
    """Agencies, units and posts are public inside the government: any signed-in user."""
    if user is None or not user.is_authenticated:
        return qs.none()
    return qs


def visible_employees(user, qs: QuerySet) -> QuerySet:
    """Every signed-in user may list colleagues (public fields); anonymous users see no one."""
    if user is None or not user.is_authenticated:
        return qs.none()
    return qs


def can_see_private(user, employee) -> bool:
    """Private fields (birth date, phone, e-mail, flags) of an employee: self, HR, auditor, Sekda,
    the regional head, the head of the employee's agency and the direct supervisor."""
    if user is None or not user.is_authenticated:
        return False
    if reads_region(user):
        return True
    me = employee_of(user)
    if me is None:
        return False
    if me.pk == employee.pk:
        return True
    if employee.position_id is None or me.position_id is None:
        return False
    if me.position.is_head and me.position.agency_id == employee.position.agency_id:
        return True
    return employee.position.superior_id == me.position_id
