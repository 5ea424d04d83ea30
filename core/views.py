"""The web shell: home (each role to its start page), login with lock-out, notifications, error pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import access, services

# The natural start page of each role, first match wins (DESIGN.md section 1). Plain paths: the
# pages belong to other apps and may not exist yet; `home` skips a path that does not resolve.
START_PAGES: tuple[tuple[str, str], ...] = (
    (access.REGIONAL_HEAD, "/ikhtisar/"),
    (access.SECRETARY, "/ikhtisar/"),
    (access.AGENCY_HEAD, "/dasbor/"),
    (access.HR, "/mutasi/kotak-masuk/"),  # BKPSDM's daily work: verifying requests
    (access.HR, "/ikhtisar/"),
    (access.AUDITOR, "/ikhtisar/"),
    (access.PERFORMANCE_TEAM, "/mutasi/kotak-masuk/"),
    (access.SUPERVISOR, "/mutasi/kotak-masuk/"),
    (access.EMPLOYEE, "/profil/"),
)


def _exists(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def start_page(user) -> str:
    roles = access.roles_of(user)
    for role, path in START_PAGES:
        if role in roles and _exists(path):
            return path
    if user.is_staff and access.employee_of(user) is None:
        return "/admin/"  # an operator account (e.g. `admin`) with no page of its own
    return "/profil/"


@login_required
def home(request):
    return redirect(start_page(request.user))


class LoginForm(AuthenticationForm):
    """Login with messages in Bahasa Indonesia, telling how many attempts are left before the
    lock-out (django-axes: AXES_FAILURE_LIMIT failures lock the account+address for the cool-off)."""

    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah."),
        "inactive": _("Akun ini tidak aktif. Hubungi BKPSDM."),
    }

    def get_invalid_login_error(self):
        message = gettext("Nama pengguna atau kata sandi salah.")
        failures = getattr(self.request, "axes_failures_since_start", None)
        if failures:
            left = max(settings.AXES_FAILURE_LIMIT - failures, 0)
            message += " " + gettext("Sisa percobaan sebelum akun dikunci sementara: %(left)d.") % {
                "left": left
            }
        return ValidationError(message, code="invalid_login")


def _cool_off_minutes(request) -> int | None:
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    return int(cool_off.total_seconds() // 60) if cool_off else None


def lockout_message(request) -> str:
    minutes = _cool_off_minutes(request)
    if minutes:
        return gettext(
            "Akun dikunci sementara karena %(limit)d kali gagal masuk. Coba lagi dalam %(minutes)d menit "
            "atau hubungi BKPSDM."
        ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return gettext("Akun dikunci karena %(limit)d kali gagal masuk. Hubungi BKPSDM untuk membukanya.") % {
        "limit": settings.AXES_FAILURE_LIMIT
    }


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: JSON for the API (token endpoint), the login page otherwise. HTTP 429."""
    message = lockout_message(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"message": message, "form": LoginForm(request, initial={"username": username})},
        status=429,
    )


@login_required
def notifications(request):
    items = services.notification_list_and_mark_read(user=request.user)
    return render(request, "core/notifications.html", {"items": items})


def _api_error(request, status: int, message: str) -> JsonResponse | None:
    """Under /api/ every error is JSON (DESIGN.md 7), also when no API view answered: a URL whose id is
    not a number (`/api/v1/transfers/abc/`) never reaches DRF, so its 404 comes from here."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return None


def error_400(request, exception=None):
    api_answer = _api_error(request, 400, gettext("Permintaan tidak sah."))
    return api_answer if api_answer is not None else render(request, "400.html", status=400)


def error_403(request, exception=None):
    api_answer = _api_error(request, 403, gettext("Akses ditolak."))
    return api_answer if api_answer is not None else render(request, "403.html", status=403)


def error_404(request, exception=None):
    api_answer = _api_error(request, 404, gettext("Tidak ditemukan."))
    return api_answer if api_answer is not None else render(request, "404.html", status=404)


def error_500(request):
    api_answer = _api_error(request, 500, gettext("Terjadi kesalahan pada server."))
    if api_answer is not None:
        return api_answer
    # No RequestContext: the context processors query the database, which may be what failed.
    html = loader.get_template("500.html").render({"STATIC_URL": settings.STATIC_URL})
    return HttpResponseServerError(html)


def healthz(request):
    """Liveness probe and the load benchmark's ceiling (benchmarks/load.py): no database, no session."""
    return HttpResponse("ok", content_type="text/plain")
