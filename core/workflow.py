"""The status guard of every django-fsm-2 workflow (mutasi, kinerja, planning): 403 when the actor may
never take the transition, 409 when the current status does not allow it now.

Only django-fsm-2's public API is used: `get_all_<field>_transitions()`, `Transition.has_perm`,
`can_proceed` and `has_transition_perm`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from core.exceptions import TransitionNotAllowed
from core.types import Actor


def may_ever(bound_method, actor: Actor | None, *, field: str = "status") -> bool:
    """Whether any transition of this name admits the actor (whatever the current status).

    `has_transition_perm` also answers False when the current status has no such transition, so it
    cannot tell "never allowed" (403) from "not now" (409); this asks the permission alone."""
    instance, name = bound_method.__self__, bound_method.__name__
    transitions = getattr(instance, f"get_all_{field}_transitions")()
    return any(t.has_perm(instance, actor) for t in transitions if t.name == name)


def require_transition(
    bound_method,
    actor: Actor | None,
    *,
    field: str = "status",
    never: str | None = None,
    not_now: str | None = None,
) -> None:
    """Raise PermissionDenied (403) when the actor may never take this transition, then
    TransitionNotAllowed (409) when the status does not allow it now.

    Permission comes first: a role that may not act learns nothing about the status; "not now" is
    only ever told to someone who may act. `not_now` may name the status as `%(status)s`."""
    # The allowed path asks the permission once (a rule may query, e.g. a Plt/Plh's delegation);
    # only a refusal asks again, to tell "never" from "not now".
    if has_transition_perm(bound_method, actor):
        return
    denied = never or _("Anda tidak berhak melakukan tindakan ini.")
    if not may_ever(bound_method, actor, field=field):
        raise PermissionDenied(denied)
    if not can_proceed(bound_method):
        instance = bound_method.__self__
        status = getattr(instance, f"get_{field}_display")()
        message = not_now or _("Tindakan ini tidak diizinkan pada status '%(status)s'.")
        raise TransitionNotAllowed(message % {"status": status})
    # Allowed from some status and possible now, but not by this actor from this status (a permission
    # that depends on the source status).
    raise PermissionDenied(denied)
