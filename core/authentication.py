"""API token authentication that loads the caller's roles in the same query.

DRF's TokenAuthentication reads the token with its user (one query); every API view then asks
core.access for the caller's roles (groups, employee record and post: one more query). Here one
statement finds the user by token key with everything core.access needs (`core.viewer.load_viewer`).
The same 401 answers as DRF's for an unknown key or an inactive user.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from core import viewer


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str):
        user = viewer.load_viewer("token", key)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return user, Token(key=key, user=user)
