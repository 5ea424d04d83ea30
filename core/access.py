"""Roles and access helpers: the shared role rules every app asks "who is this viewer?".

Roles (DESIGN.md section 1) come from two sources:
- groups: `hr`, `performance_team`, `auditor`;
- the post the user's employee record holds: a head post -> agency head; the post with special role
  `secretary` -> Sekda; `regional_head` -> PPK; a post with subordinates -> supervisor.
What they are computed from (user, employee record and post, group membership, registered flags) is
loaded once per request by core.viewer. core sits left of instansi, so it refers to instansi models
by attribute/string only.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core import viewer
from core.types import Actor

EMPLOYEE = "employee"
SUPERVISOR = "supervisor"
AGENCY_HEAD = "agency_head"
SECRETARY = "secretary"
REGIONAL_HEAD = "regional_head"
# The roles held by group membership (core.viewer loads the viewer's membership of each).
GROUP_ROLES = viewer.ROLE_GROUPS
HR, PERFORMANCE_TEAM, AUDITOR = GROUP_ROLES

# Roles that may read region-wide data (dashboards, every request); auditors read, never change.
REGION_READERS = frozenset({HR, AUDITOR, SECRETARY, REGIONAL_HEAD})


def employee_of(user: Actor):
    """The Employee record of a user with its post, or None (loaded with the viewer's roles in one
    query, kept on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return None
    return viewer.viewer_of(user).employee


def roles_of(user: Actor) -> frozenset[str]:
    if user is None or not user.is_authenticated:
        return frozenset()
    loaded = viewer.viewer_of(user)
    if loaded.roles is not None:
        return loaded.roles
    roles: set[str] = set(loaded.groups)
    if user.is_superuser:
        roles.add(HR)
    employee = loaded.employee
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
            if loaded.post_has_subordinates:
                roles.add(SUPERVISOR)
    loaded.roles = frozenset(roles)
    return loaded.roles


def hr_users() -> list:
    """Active BKPSDM staff (group `hr`): the people told about escalations, objections and failures."""
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(is_active=True, groups__name=HR).distinct())


def has_role(user: Actor, *roles: str) -> bool:
    return bool(roles_of(user).intersection(roles))


def is_hr(user: Actor) -> bool:
    return has_role(user, HR)


def is_auditor(user: Actor) -> bool:
    return has_role(user, AUDITOR)


def reads_region(user: Actor) -> bool:
    """HR, auditor, Sekda and the regional head see region-wide data."""
    return bool(roles_of(user) & REGION_READERS)


def headed_agency_id(user: Actor) -> int | None:
    """The agency whose head post the user holds, if any."""
    employee = employee_of(user)
    if employee is None or employee.position is None or not employee.position.is_head:
        return None
    return employee.position.agency_id


def reads_region_without_own_agency(user: Actor) -> bool:
    """HR, the auditor and the regional head: they may read every agency but head none, so a page or
    API call about "an agency" has no default for them (they choose one). Sekda heads the Sekretariat
    Daerah, so his default is that agency, like any agency head's."""
    return headed_agency_id(user) is None and reads_region(user)


def require(condition: bool, message: str = "") -> None:
    if not condition:
        raise PermissionDenied(message or _("Anda tidak berhak melakukan tindakan ini."))


def require_role(user: Actor, *roles: str) -> None:
    require(has_role(user, *roles))


# --- Employees -------------------------------------------------------------------------------------


def visible_organisation(user: Actor, qs: QuerySet) -> QuerySet:
    """Agencies, units and posts are public inside the government: any signed-in user."""
    if user is None or not user.is_authenticated:
        return qs.none()
    return qs


def visible_employees(user: Actor, qs: QuerySet) -> QuerySet:
    """Every signed-in user may list colleagues (public fields); anonymous users see no one."""
    if user is None or not user.is_authenticated:
        return qs.none()
    return qs


def can_see_private(user: Actor, employee) -> bool:
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
