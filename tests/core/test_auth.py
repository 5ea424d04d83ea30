"""Login, lock-out, logout, the home page per role and the error pages of the web shell."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client
from django.urls import include, path

from core.views import START_PAGES, start_page
from tests.factories import UserFactory
from tests.instansi.test_api import org  # noqa: F401 - the `org` fixture


def _boom(request):
    raise RuntimeError("kegagalan uji")


def _forbidden(request):
    raise PermissionDenied


def _start_page_stub(request):
    return HttpResponse("halaman awal")


# This module doubles as a URLconf: the real routes plus views that fail, and stand-ins for the start
# pages other apps own, so the tests do not depend on which of those apps exist yet.
urlpatterns = [
    path("uji/galat/", _boom),
    path("uji/terlarang/", _forbidden),
    *[path(p.strip("/") + "/", _start_page_stub) for p in {p for _, p in START_PAGES} - {"/profil/"}],
    path("", include("config.urls")),
]
handler403 = "core.views.error_403"
handler404 = "core.views.error_404"
handler500 = "core.views.error_500"
THIS_URLCONF = __name__


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = THIS_URLCONF
    settings.DEBUG = False


# --- Login and lock-out --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_login_page_is_in_indonesian(client):
    response = client.get("/masuk/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ('<html lang="id">', "Masuk ke Simutasi", "Nama pengguna", "Kata sandi"):
        assert text in html


def test_a_wrong_password_shows_an_indonesian_message_with_the_attempts_left(org, client):  # noqa: F811
    response = client.post("/masuk/", {"username": "pegawai", "password": "salah"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nama pengguna atau kata sandi salah." in html
    assert "Sisa percobaan sebelum akun dikunci sementara: 4." in html
    assert "_auth_user_id" not in client.session


def test_the_right_password_signs_in_and_an_employee_lands_on_profil_saya(org, client):  # noqa: F811
    response = client.post("/masuk/", {"username": "pegawai", "password": "demo12345"}, follow=True)
    assert response.redirect_chain[-1][0] == "/profil/"
    assert "Profil saya" in response.content.decode()
    assert int(client.session["_auth_user_id"]) == org.pegawai.user.pk


def test_five_failed_logins_lock_the_account_for_the_cool_off(org, client):  # noqa: F811
    from axes.models import AccessAttempt

    for attempt in range(1, 5):
        response = client.post("/masuk/", {"username": "pegawai", "password": f"salah{attempt}"})
        assert response.status_code == 200
        assert f"Sisa percobaan sebelum akun dikunci sementara: {5 - attempt}." in response.content.decode()

    fifth = client.post("/masuk/", {"username": "pegawai", "password": "salah5"})
    assert fifth.status_code == 429
    html = fifth.content.decode()
    assert "Akun terkunci sementara." in html
    assert "5 kali gagal masuk" in html
    assert "30 menit" in html
    assert 'name="username"' in html and 'value="pegawai"' in html  # the form stays, prefilled

    # The right password does not help during the cool-off.
    right = client.post("/masuk/", {"username": "pegawai", "password": "demo12345"})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="pegawai").failures_since_start >= 5

    # Another account from the same address is not locked (lock-out is per username and address).
    other = client.post("/masuk/", {"username": "rekan", "password": "demo12345"})
    assert other.status_code == 302


def test_logging_out_ends_the_session(org, client):  # noqa: F811
    client.force_login(org.pegawai.user)
    response = client.post("/keluar/")
    assert response.status_code == 302
    assert response["Location"] == "/masuk/"
    assert client.get("/profil/").status_code == 302


# --- Home: each role to its start page -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "start"),
    [
        ("pegawai", "/profil/"),
        ("atasan", "/mutasi/kotak-masuk/"),
        ("kadishub", "/dasbor/"),
        ("hr", "/mutasi/kotak-masuk/"),
        ("auditor", "/ikhtisar/"),
    ],
)
def test_home_sends_each_role_to_its_start_page(org, client, error_urls, who, start):  # noqa: F811
    person = getattr(org, who)
    client.force_login(getattr(person, "user", person))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == start


class OnlyProfileUrls:
    """A URLconf where none of the other apps' start pages exist yet."""

    urlpatterns = [path("profil/", _start_page_stub)]


def test_home_falls_back_to_profil_saya_while_a_start_page_does_not_exist(org, settings):  # noqa: F811
    settings.ROOT_URLCONF = OnlyProfileUrls
    assert start_page(org.kadishub.user) == "/profil/"
    assert start_page(org.hr) == "/profil/"


@pytest.mark.django_db
def test_a_staff_account_without_an_employee_record_starts_in_the_admin(settings):
    settings.ROOT_URLCONF = OnlyProfileUrls
    staff = UserFactory(username="operator", is_staff=True, is_superuser=True)
    assert start_page(staff) == "/admin/"


# --- Error pages ---------------------------------------------------------------------------------------


def test_the_500_page_renders_without_touching_the_database(error_urls):
    # No django_db mark: pytest-django makes any database access raise, as if the database were down.
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "sesi-pengguna"  # a signed-in user: reading it would need the DB
    response = client.get("/uji/galat/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan pada server" in html
    assert "/static/css/simutasi.css" in html


@pytest.mark.django_db
def test_the_403_page_is_the_indonesian_one_with_debug_off(org, client, error_urls):  # noqa: F811
    client.force_login(org.pegawai.user)
    response = client.get("/uji/terlarang/")
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


@pytest.mark.django_db
def test_the_404_page_is_the_indonesian_one_with_debug_off(client, error_urls):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
