"""The web shell: home (each role to its start page), login with lock-out, notifications, error pages."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import access, services
from core import audit_trail as audit_trail_rows
from core.audit_labels import action_choices
from core.paging import pager
from core.types import Actor

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


def start_page(user: Actor) -> str:
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


def csrf_failure(request, reason=""):
    """A form posted without a valid CSRF token (an old tab, cookies off): the Indonesian page that
    says what to do, not Django's English one (settings.CSRF_FAILURE_VIEW)."""
    api_answer = _api_error(
        request,
        403,
        gettext("Token keamanan (CSRF) tidak ada atau tidak sah. Muat ulang halaman lalu coba lagi."),
    )
    return api_answer if api_answer is not None else render(request, "403_csrf.html", status=403)


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


AUDIT_PER_PAGE = 50


@login_required
def audit_trail(request):
    """Jejak audit: every audit row of the region, filtered, searched, paginated; read-only."""
    filters = audit_trail_rows.AuditFilters.from_params(request.GET)
    events = audit_trail_rows.audit_trail(viewer=request.user, filters=filters)
    page = Paginator(events, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    paging = pager(request, page)
    return render(
        request,
        "core/audit_trail.html",
        {
            "page": page,
            "rows": [(e, audit_trail_rows.row_values(e)) for e in page.object_list],
            "filters": filters,
            "params": request.GET,
            "query": paging["query"],
            "pager": paging,
            "actions": action_choices(),
            "agencies": audit_trail_rows.agency_choices(),
        },
    )


@login_required
def audit_trail_export(request):
    filters = audit_trail_rows.AuditFilters.from_params(request.GET)
    content = audit_trail_rows.audit_trail_xlsx(viewer=request.user, filters=filters)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="jejak-audit-{stamp}.xlsx"'
    return response


# The steps of each role's journeys (issue 18 point 8), in the order of DESIGN.md's roles.
GUIDE = (
    (
        access.EMPLOYEE,
        _("Pegawai"),
        (
            _("Buka Usulan mutasi, pilih Ajukan mutasi, cari jabatan tujuan yang membutuhkan pegawai."),
            _("Tekan Periksa kelayakan: setiap syarat tampil dengan alasannya sebelum apa pun disimpan."),
            _(
                "Tulis alasan, pilih tujuan yang Anda inginkan, simpan draf, unggah dokumen yang diminta, lalu ajukan."
            ),
            _("Ikuti setiap tahap di halaman usulan; bila dikembalikan, perbaiki lalu ajukan lagi."),
            _(
                "Isi SKP di menu Kinerja: rencana hasil kerja, realisasi, lalu terima atau ajukan keberatan atas penilaian."
            ),
        ),
    ),
    (
        access.SUPERVISOR,
        _("Atasan langsung"),
        (
            _(
                "Buka Kotak masuk persetujuan: setiap usulan bawahan tampil dengan berkas pemohon dan dampaknya pada kebutuhan pegawai."
            ),
            _(
                "Setujui, kembalikan untuk diperbaiki, atau tolak dengan catatan; catatan tampil di riwayat usulan."
            ),
            _(
                "Di Kinerja > Penilaian SKP bawahan: setujui rencana, beri umpan balik, lalu nilai hasil dan perilaku kerja."
            ),
        ),
    ),
    (
        access.AGENCY_HEAD,
        _("Kepala perangkat daerah"),
        (
            _(
                "Dasbor beban kerja menunjukkan jabatan yang kekurangan dan kelebihan pegawai di perangkat daerah Anda."
            ),
            _(
                "Putuskan usulan yang keluar dari atau masuk ke perangkat daerah Anda dari Kotak masuk persetujuan."
            ),
            _("Tetapkan Plt/Plh bila Anda berhalangan, agar persetujuan tidak tertahan."),
        ),
    ),
    (
        access.HR,
        _("BKPSDM"),
        (
            _(
                "Verifikasi usulan di Kotak masuk: dokumen, kelayakan saat ini; pengecualian hanya dengan alasan tertulis."
            ),
            _(
                "Terbitkan SK untuk usulan yang sudah disetujui kepala daerah; mutasi berlaku otomatis pada TMT."
            ),
            _(
                "Susun Rencana mutasi dari hasil ABK; periksa dan kunci atau keluarkan usulan rencana, lalu terapkan."
            ),
            _("Kelola data pegawai, jabatan dan kebijakan di Admin; impor dari Excel dengan pratinjau."),
        ),
    ),
    (
        access.PERFORMANCE_TEAM,
        _("Tim Penilai Kinerja"),
        (
            _(
                "Usulan ke jabatan manajerial singgah di tahap Anda: periksa kinerja, kompetensi dan kesesuaian jabatan."
            ),
            _("Setujui atau kembalikan dengan pertimbangan tertulis."),
        ),
    ),
    (
        access.SECRETARY,
        _("Sekretaris Daerah"),
        (
            _("Ikhtisar daerah menunjukkan kebutuhan pegawai seluruh perangkat daerah."),
            _("Berikan pertimbangan atas usulan antar-perangkat daerah sebelum kepala daerah."),
        ),
    ),
    (
        access.REGIONAL_HEAD,
        _("Kepala daerah"),
        (
            _(
                "Keputusan akhir atas setiap usulan ada di Kotak masuk persetujuan; di masa Pilkada diperlukan nomor surat persetujuan Mendagri."
            ),
            _("Ikhtisar daerah dan Jejak audit menunjukkan kebutuhan dan setiap keputusan."),
        ),
    ),
    (
        access.AUDITOR,
        _("Inspektorat"),
        (
            _(
                "Jejak audit memuat setiap perubahan di seluruh daerah: saring menurut tanggal, pelaku, aksi, perangkat daerah; unduh XLSX."
            ),
            _(
                "Laporan pengecualian memuat setiap persetujuan atas usulan yang tidak memenuhi syarat, dengan alasannya."
            ),
        ),
    ),
)


def guide(request):
    """Panduan: the steps of every role, the viewer's own first and open."""
    mine = access.roles_of(request.user) if request.user.is_authenticated else frozenset()
    sections = [
        {"title": title, "steps": steps, "mine": role in mine, "role": role} for role, title, steps in GUIDE
    ]
    # The viewer's roles first; among them the one of their office before the plain employee's.
    sections.sort(key=lambda s: (not s["mine"], s["role"] == access.EMPLOYEE))
    return render(request, "core/guide.html", {"sections": sections})
