"""Session sign-in backend that loads the user with the roles every page asks for.

Django's ModelBackend reads the signed-in user by id on each request (one query), then core.access
reads the employee record, post and groups (one more). `get_user` here is that second statement
alone (`core.viewer.load_viewer`, which returns the user too). Passwords are checked as by ModelBackend.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from core import viewer


class ViewerBackend(ModelBackend):
    def get_user(self, user_id):
        user = viewer.load_viewer("pk", user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
