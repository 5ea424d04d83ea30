"""Password reset by e-mail (issue 18 point 8): Django's views, Indonesian pages and e-mail; the link
works once; an unknown address gets the same answer and no e-mail (no account enumeration)."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_sets_a_new_password_through_the_emailed_link_once(client):
    user = UserFactory(username="rina", email="rina@example.go.id")
    page = client.get("/masuk/").content.decode()
    assert 'href="/lupa-sandi/"' in page and "Lupa kata sandi?" in page

    response = client.post("/lupa-sandi/", {"email": "rina@example.go.id"})
    assert response.status_code == 302 and response["Location"] == "/lupa-sandi/terkirim/"
    assert "Periksa e-mail Anda" in client.get(response["Location"]).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rina@example.go.id"]
    assert message.subject == "Simutasi: membuat kata sandi baru"
    assert "Nama pengguna Anda: rina" in message.body
    link = re.search(r"https?://[^/]+(/atur-sandi/[^\s]+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Kata sandi baru" in form.content.decode() and "Simpan kata sandi" in form.content.decode()
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    weak = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200 and "field-error" in weak.content.decode()  # an Indonesian reason
    done = client.post(set_url, {"new_password1": "Mutasi-Aman-2026", "new_password2": "Mutasi-Aman-2026"})
    assert done.status_code == 302 and done["Location"] == "/atur-sandi/selesai/"
    user.refresh_from_db()
    assert user.check_password("Mutasi-Aman-2026")

    again = client.get(link, follow=True).content.decode()
    assert "Tautan ini tidak berlaku lagi" in again  # used once


def test_an_unknown_address_gets_the_same_answer_and_no_email(client):
    response = client.post("/lupa-sandi/", {"email": "siapa@example.go.id"})
    assert response.status_code == 302 and response["Location"] == "/lupa-sandi/terkirim/"
    assert mail.outbox == []
