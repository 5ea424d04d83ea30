"""API token authentication that loads the caller's roles in the same query.

DRF's TokenAuthentication reads the token with its user (one query); every API view then asks
core.access for the caller's roles (groups, employee record and post: one more query). Here one
statement finds the user by token key with everything core.access needs (`core.viewer.load_viewer`).
The same 401 answers as DRF's for an unknown key or an inactive user.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular import authentication as drf_spectacular_authentication
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from core import viewer
from core.first_login import API_REFUSAL
from core.types import Actor


@transaction.atomic
def issue_token(user: Actor) -> Token:
    """A new API token for the user; the one they had stops working (issue 19, finding 9). It lives
    settings.API_TOKEN_LIFETIME_HOURS (core.viewer.token_valid_since)."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str):
        user = viewer.load_viewer("token", key)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if user.must_change_password:  # an initial password: the owner changes it first (core.first_login)
            raise exceptions.PermissionDenied(API_REFUSAL)
        return user, Token(key=key, user=user)


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication; a missing or wrong CSRF token is refused (403) in Indonesian
    (DRF writes "CSRF Failed: ..." in English, untranslated)."""

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(
                _("Token CSRF tidak ada atau tidak sah. Muat ulang halaman lalu coba lagi.")
            ) from None


class SessionScheme(drf_spectacular_authentication.SessionScheme):
    """The OpenAPI security scheme of the session authentication above (the same cookie as DRF's)."""

    target_class = "core.authentication.SessionAuthentication"
