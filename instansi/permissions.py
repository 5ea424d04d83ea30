"""Who may see or do what with organisation data (instansi): agencies, units, posts, employees and the
master-data files. The one module instansi's selectors, pages, API and admin ask.

Built on the shared role rules of core.access; imports neither selectors nor services.

Where the rules live: who sees an employee's private fields is `core.access.can_see_private`. It needs
only core's roles and the post ids already on the employee row, and mutasi asks it too (a transfer's
employee, its attachments), so it stays in core.access beside the role helpers; instansi code asks it
here (`sees_private`, `private_fields_checker`) and nowhere else. Likewise the two "any signed-in
user" rules of the organisation and the employee lists. The agency page's holder fields and the
import/export rights are instansi's own and are written here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_permission_codename
from django.db.models import Model, Q, QuerySet

from core import access
from core.types import Actor
from instansi.models import Employee

# Only what a colleague may see of a holder on the agency page (issue 2, point 9): no private field
# (the NIP is loaded for the ordering only; the page does not show it).
HOLDER_PUBLIC_FIELDS = ("id", "nip", "name", "front_title", "back_title", "position_id")


# --- organisation and employees ------------------------------------------------------------------------


def visible_organisation(viewer: Actor | None, qs: QuerySet) -> QuerySet:
    """Agencies, units and posts, hence every agency page: public inside the government, so any
    signed-in user (core.access.visible_organisation); anonymous users see nothing."""
    return access.visible_organisation(viewer, qs)


def visible_employees(viewer: Actor | None, qs: QuerySet[Employee]) -> QuerySet[Employee]:
    """Every signed-in user may list colleagues by their public fields (core.access.visible_employees)."""
    return access.visible_employees(viewer, qs)


def sees_private(viewer: Actor | None, employee: Employee) -> bool:
    """Private fields (birth date, phone, e-mail, flags): the employee, HR, the auditor, Sekda, the
    regional head, the head of the employee's agency and the direct supervisor
    (core.access.can_see_private)."""
    return access.can_see_private(viewer, employee)


def private_visible(viewer: Actor | None, qs: QuerySet[Employee]) -> QuerySet[Employee]:
    """The employees of `qs` whose private fields the viewer sees: `sees_private` as a query, for a
    search on a private field (the NIP) that must not tell whether a hidden NIP exists. The privacy
    table of tests/security/test_access_matrix.py checks the two agree for every demo role."""
    if viewer is None or not viewer.is_authenticated:
        return qs.none()
    if access.reads_region(viewer):
        return qs
    me = access.employee_of(viewer)
    if me is None:
        return qs.none()
    rule = Q(pk=me.pk)
    if me.position_id is not None:
        rule |= Q(position__superior_id=me.position_id)
        if me.position.is_head:
            rule |= Q(position__agency_id=me.position.agency_id)
    return qs.filter(rule)


def private_fields_checker(viewer: Actor | None) -> Callable[[Employee], bool]:
    """`sees_private` for many rows: the viewer's roles and own post are loaded here, once; the returned
    function then only compares ids already on the rows, so a list costs no query per row."""
    access.roles_of(viewer)
    me = access.employee_of(viewer)
    if me is not None and me.position_id is not None:
        me.position  # noqa: B018 - load and cache the viewer's post before the per-row checks
    return lambda employee: sees_private(viewer, employee)


# --- master data files (admin import/export) -------------------------------------------------------------


def _has_model_perm(user: Actor, model: type[Model], action: str) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")


def may_import(user: Actor, model: type[Model]) -> bool:
    """An import may add and change rows, so it needs Django's add and change permissions of the model,
    both (HR has them; the auditor has neither). The admin's own model permissions stay Django's."""
    return _has_model_perm(user, model, "add") and _has_model_perm(user, model, "change")


def may_export(user: Actor, model: type[Model]) -> bool:
    """Whoever may read the rows in the admin (Django's view or change permission) may download them."""
    return _has_model_perm(user, model, "view") or _has_model_perm(user, model, "change")
