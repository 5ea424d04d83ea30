"""The API's default permission beside DRF's IsAuthenticated (settings REST_FRAMEWORK). A module of its
own: DRF imports it while building its APIView, so it may not import rest_framework.views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

FORBIDDEN = _("Anda tidak berhak melakukan tindakan ini.")


@dataclass(frozen=True)
class ActsOn:
    """What an object-dependent write acts on, declared on its view as `acts_on`.

    `load(viewer=..., **url kwargs)` is the app's selector: the object the caller may see, Http404
    otherwise. `check(obj, actor)`, when given, is the rule the app's service asks again under its
    row lock: PermissionDenied (403) when the caller may never act on this object,
    TransitionNotAllowed (409) when its status does not allow it now (core.workflow.require_transition).
    The view reads the loaded object as `self.target`."""

    load: Callable[..., Any]
    check: Callable[[Any, Any], None] | None = None


class MayEverAct(permissions.BasePermission):
    """Who may act, asked before a write reads its input (issue 19, finding 9): 404, 403 and 409 come
    before any 400, so a caller who may never act learns nothing from a validation message.

    A view names its rule in one of two ways. `may_act`: a function of the user alone from the app's
    permissions module (e.g. `kinerja.permissions.may_manage_periods`); a caller it refuses gets 403
    whatever the id and the body. `acts_on`: an `ActsOn`, for a rule that depends on the object (an
    SKP's appraiser, a transfer's current approver). A view may name both: `may_act` is asked first.
    The service still checks its full rule under its lock; this is the same rule asked early."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not request.user or not request.user.is_authenticated:
            return True  # IsAuthenticated answers 401 first
        rule = getattr(view, "may_act", None)
        if rule is not None and not rule(request.user):
            raise exceptions.PermissionDenied(str(FORBIDDEN))
        acts_on = getattr(view, "acts_on", None)
        if acts_on is not None:
            view.target = acts_on.load(viewer=request.user, **view.kwargs)
            if acts_on.check is not None:
                acts_on.check(view.target, request.user)
        return True
