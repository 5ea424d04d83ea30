"""First-login password change (issue 18 point 8): an account HR creates carries an initial password; its
owner reaches only the change form until they choose their own, and the API refuses it with a 403 that
says why. Changing the password, or resetting it through the e-mailed link, frees the account."""

import re

import pytest
from django.core import mail
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.models import User
from tests.core.test_admin import hr  # noqa: F401 (the HR staff member fixture)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW = "Mutasi-Aman-2026"


@pytest.fixture
def newcomer(db):
    user = UserFactory(username="rina", email="rina@example.go.id")
    user.must_change_password = True
    user.save()
    return user


def test_an_account_hr_creates_in_the_admin_starts_with_an_initial_password(client, hr):  # noqa: F811
    from django.contrib.auth.models import Permission

    hr.user_permissions.add(*Permission.objects.filter(codename__in=["add_user", "change_user", "view_user"]))
    client.force_login(hr)
    form = client.get("/admin/core/user/add/").content.decode()
    assert "wajib mengganti sandi awal" in form.lower()
    assert re.search(r'name="must_change_password"[^>]*checked', form)
    response = client.post(
        "/admin/core/user/add/",
        {
            "username": "budi",
            "usable_password": "true",
            "password1": "Awal-Dari-HR-2026",
            "password2": "Awal-Dari-HR-2026",
            "must_change_password": "on",
        },
    )
    assert response.status_code == 302
    budi = User.objects.get(username="budi")
    assert budi.must_change_password

    # HR sets a password for someone already free: they choose their own at the next login again.
    budi.must_change_password = False
    budi.save()
    response = client.post(
        f"/admin/core/user/{budi.pk}/password/",
        {"password1": "Lagi-Dari-HR-2026", "password2": "Lagi-Dari-HR-2026", "usable_password": "true"},
    )
    assert response.status_code == 302
    budi.refresh_from_db()
    assert budi.must_change_password


def test_pages_lead_to_the_change_form_until_the_owner_chooses_a_password(client, newcomer):
    client.force_login(newcomer)
    for path in ("/", "/mutasi/", "/admin/", "/notifikasi/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/ganti-sandi/?next="), path
    page = client.get("/ganti-sandi/?next=/mutasi/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ganti sandi" in html and "Sandi awal" in html and "Akun Anda dibuat dengan sandi awal" in html
    followed = client.get("/kinerja/", follow=True).content.decode()
    assert "Anda masih memakai sandi awal. Ganti sandi Anda terlebih dahulu." in followed

    wrong = client.post(
        "/ganti-sandi/", {"old_password": "salah", "new_password1": NEW, "new_password2": NEW}
    )
    assert wrong.status_code == 200 and "field-error" in wrong.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.must_change_password

    done = client.post(
        "/ganti-sandi/",
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW, "next": "/mutasi/"},
    )
    assert done.status_code == 302 and done["Location"] == "/mutasi/"
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password and newcomer.check_password(NEW)
    assert client.get("/mutasi/").status_code == 200  # still signed in, free to work


def test_the_change_form_does_not_send_the_user_to_another_site(client, newcomer):
    client.force_login(newcomer)
    done = client.post(
        "/ganti-sandi/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW,
            "new_password2": NEW,
            "next": "https://jahat.example/",
        },
    )
    assert done.status_code == 302 and done["Location"] == "/"


def test_the_api_refuses_an_initial_password_with_a_clear_403_until_it_is_changed(newcomer):
    api = APIClient()
    refused = api.post("/api/v1/auth/token/", {"username": "rina", "password": PASSWORD}, format="json")
    assert refused.status_code == 403
    assert "sandi awal" in refused.json()["detail"] and "/ganti-sandi/" in refused.json()["detail"]
    assert not Token.objects.filter(user=newcomer).exists()

    # A token the account already had (issued before HR reset its password) is refused the same way.
    token = Token.objects.create(user=newcomer)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    answer = api.get("/api/v1/employees/me/")
    assert answer.status_code == 403 and "sandi awal" in answer.json()["detail"]

    session = APIClient()
    session.force_login(newcomer)
    answer = session.get("/api/v1/transfers/")
    assert answer.status_code == 403 and "sandi awal" in answer.json()["detail"]

    User.objects.filter(pk=newcomer.pk).update(must_change_password=False)
    assert api.get("/api/v1/transfers/").status_code == 200
    issued = APIClient().post(
        "/api/v1/auth/token/", {"username": "rina", "password": PASSWORD}, format="json"
    )
    assert issued.status_code == 200 and issued.json()["token"]


def test_a_password_chosen_through_the_emailed_reset_link_frees_the_account(client, newcomer):
    client.post("/lupa-sandi/", {"email": "rina@example.go.id"})
    link = re.search(r"https?://[^/]+(/atur-sandi/[^\s]+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password


def test_an_account_without_an_initial_password_is_never_stopped(client):
    client.force_login(UserFactory(username="lama"))
    assert client.get("/notifikasi/").status_code == 200
    assert client.get("/ganti-sandi/").status_code == 200  # anyone may change their password
