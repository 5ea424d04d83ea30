"""First-login password change (issue 18 point 8): an account with an initial password
(`User.must_change_password`, set when HR creates the account or sets its password in the admin) reaches
only the password change form, logout and the help until its owner chooses a password; the API refuses
it with a 403 that says why (core.authentication for tokens, the token endpoint, and this middleware for
API calls with the session). Choosing a password (the change form, or the reset link sent by e-mail)
clears the flag: `password_changed`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import User
from core.types import Actor

API_REFUSAL = gettext_lazy(
    "Akun ini masih memakai sandi awal. Ganti sandi terlebih dahulu di halaman Ganti sandi "
    "(/ganti-sandi/); API dapat dipakai setelah itu."
)
# What an account with an initial password may still open (besides static files, served before Django).
ALLOWED_NAMES = ("password_change", "password_change_done", "logout", "guide", "healthz")


def must_change(user: Actor) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "must_change_password", False))


@transaction.atomic
def password_changed(*, user: User) -> None:
    """The owner chose their own password: the account is free to use the application and the API."""
    if user.must_change_password:
        User.objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False


class InitialPasswordMiddleware:
    """Pages lead an account with an initial password to the change form; the API answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed: set[str] | None = None

    def allowed(self) -> set[str]:
        if self._allowed is None:
            self._allowed = {reverse(name) for name in ALLOWED_NAMES}
        return self._allowed

    def __call__(self, request):
        if not must_change(request.user) or request.path in self.allowed():
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(API_REFUSAL)}, status=403)
        if request.method == "GET":
            messages.warning(request, _("Anda masih memakai sandi awal. Ganti sandi Anda terlebih dahulu."))
        return redirect(f"{reverse('password_change')}?{urlencode({'next': request.get_full_path()})}")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (old password, new twice), Indonesian template; clears the flag and goes
    back to the page the user wanted."""

    template_name = "registration/password_change_form.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=form.user)
        messages.success(self.request, _("Sandi Anda sudah diganti."))
        return response

    def get_success_url(self):
        wanted = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if wanted and url_has_allowed_host_and_scheme(
            wanted, {self.request.get_host()}, self.request.is_secure()
        ):
            return wanted
        return reverse("home")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "initial_password": must_change(self.request.user),
            "next": self.request.GET.get("next", ""),
        }


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset by e-mail link: the owner chose a password, so an initial one is no longer in use."""

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=form.user)
        return response
