"""Error pages in Indonesian in the embedded mode `make run` serves (issue 18 point 10): DEBUG is off
there by default, and a form without its CSRF token gets Simutasi's page, not Django's English one."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_the_embedded_settings_serve_the_indonesian_error_pages_by_default():
    code = "from django.conf import settings; print(settings.DEBUG, settings.WHITENOISE_USE_FINDERS)"
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["False", "True"]


def test_a_form_posted_without_its_csrf_token_gets_the_indonesian_page():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="rina"))
    response = client.post("/lupa-sandi/", {"email": "rina@example.go.id"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulir kedaluwarsa" in html and "Tidak ada data yang diubah" in html
    assert "CSRF verification failed" not in html


def test_unknown_pages_answer_in_indonesian(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert (
        "Halaman tidak ditemukan" in response.content.decode()
        or "tidak ditemukan" in response.content.decode()
    )
