"""The API's default permission beside DRF's IsAuthenticated (settings REST_FRAMEWORK). A module of its
own: DRF imports it while building its APIView, so it may not import rest_framework.views."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions

FORBIDDEN = _("Anda tidak berhak melakukan tindakan ini.")


class MayEverAct(permissions.BasePermission):
    """Who may ever take a write, asked before its input is read (issue 19, finding 9): a view names the
    rule as `may_act` (a function of the user from the app's permissions module, e.g.
    `kinerja.permissions.may_manage_periods`), and a caller it refuses gets 403 whatever the body, never
    a 400 or 409 that would tell them about input or state. The service still checks its full rule
    (which may depend on the object); this is the part that depends on the caller alone."""

    def has_permission(self, request, view) -> bool:
        rule = getattr(view, "may_act", None)
        if rule is None or request.method in permissions.SAFE_METHODS:
            return True
        if not request.user or not request.user.is_authenticated:
            return True  # IsAuthenticated answers 401 first
        if not rule(request.user):
            raise exceptions.PermissionDenied(str(FORBIDDEN))
        return True
