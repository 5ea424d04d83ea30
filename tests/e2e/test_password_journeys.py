"""Password journeys in real headless Chromium (issue 18 point 8), every page in Indonesian:

- reset by e-mail: "Lupa kata sandi?" on the login page, the address, the e-mail (Django's locmem backend:
  the link is read from the outbox), the new password, and signing in with it; the link works once;
- first login with an initial password: the account lands on "Ganti sandi", chooses its own password and
  then reaches the page it asked for.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from core.models import User
from tests.e2e.conftest import shot
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW = "Mutasi-Aman-2026"


def test_a_user_resets_a_forgotten_password_through_the_emailed_link(live_server, page_for):
    UserFactory(username="rina", email="rina@mannakota.go.id")
    page = page_for(None)
    page.goto(f"{live_server.url}/masuk/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    expect(page.locator("h1")).to_contain_text("kata sandi", ignore_case=True)
    page.fill("input[name=email]", "rina@mannakota.go.id")
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/lupa-sandi/terkirim/")
    expect(page.locator("main")).to_contain_text("Periksa e-mail Anda")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rina@mannakota.go.id"] and message.subject == "Simutasi: membuat kata sandi baru"
    link = re.search(r"https?://[^/\s]+(/atur-sandi/\S+/)", message.body).group(1)

    page.goto(f"{live_server.url}{link}")
    expect(page.locator("h1")).to_have_text("Kata sandi baru")
    page.fill("#id_new_password1", "12345678")
    page.fill("#id_new_password2", "12345678")
    page.get_by_role("button", name="Simpan kata sandi").click()
    expect(page.locator(".field-error").first).to_be_visible()  # a weak password, refused in Indonesian
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    page.get_by_role("button", name="Simpan kata sandi").click()
    page.wait_for_url("**/atur-sandi/selesai/")
    shot(page, "password-reset-done")

    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", "rina")
    page.fill("#id_password", NEW)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/masuk/" not in page.url
    assert User.objects.get(username="rina").check_password(NEW)

    page.goto(f"{live_server.url}{link}")  # the link worked once
    expect(page.locator("main")).to_contain_text("Tautan ini tidak berlaku lagi")


def test_an_account_with_an_initial_password_chooses_its_own_at_first_login(live_server, page_for):
    user = UserFactory(username="budi", email="budi@mannakota.go.id")
    User.objects.filter(pk=user.pk).update(must_change_password=True)
    page = page_for("budi", password=PASSWORD)
    page.goto(f"{live_server.url}/notifikasi/")
    page.wait_for_url(re.compile(r".*/ganti-sandi/\?next=.*"))
    expect(page.locator("h1")).to_have_text("Ganti sandi")
    expect(page.locator("main")).to_contain_text("Akun Anda dibuat dengan sandi awal")
    shot(page, "first-login-password-change")
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password1", NEW)
    page.fill("#id_new_password2", NEW)
    page.get_by_role("button", name="Simpan kata sandi").click()
    page.wait_for_url("**/notifikasi/")
    expect(page.locator("main")).to_contain_text("Sandi Anda sudah diganti")
    assert not User.objects.get(pk=user.pk).must_change_password
