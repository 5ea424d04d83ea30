"""Login protection as an attacker meets it (issue 7 point 4).

The lock-out itself (5 failures -> 429 on the page and on the token API) is pinned in
tests/core/test_auth.py and tests/instansi/test_api.py; here: the lock ends after the cool-off, and the
production settings are safe to deploy (secure cookies, `manage.py check --deploy` clean).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import PASSWORD, UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent.parent
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
COOL_OFF = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)


@pytest.fixture
def employee_account(db):
    return UserFactory(username="pegawai.kunci")


def _lock_out_page(client: Client, username: str) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/masuk/", {"username": username, "password": f"salah{attempt}"})
    locked = client.post("/masuk/", {"username": username, "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_locked_account_signs_in_again_once_the_cool_off_has_passed(employee_account):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        _lock_out_page(client, employee_account.username)

        clock.move_to(START + COOL_OFF + dt.timedelta(seconds=1))
        signed_in = client.post("/masuk/", {"username": employee_account.username, "password": PASSWORD})
        assert signed_in.status_code == 302
        assert int(client.session["_auth_user_id"]) == employee_account.pk
    # AXES_RESET_ON_SUCCESS: the failures are forgotten once the right password got through.
    assert not AccessAttempt.objects.filter(username=employee_account.username).exists()


def test_trying_again_during_the_lock_restarts_the_cool_off(employee_account):
    """The cool-off counts from the last attempt (django-axes): hammering a locked account keeps it
    locked, so a guesser gains nothing by retrying before the time is up."""
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        _lock_out_page(client, employee_account.username)

        retry_at = START + COOL_OFF - dt.timedelta(minutes=1)
        clock.move_to(retry_at)
        retry = client.post("/masuk/", {"username": employee_account.username, "password": PASSWORD})
        assert retry.status_code == 429

        clock.move_to(START + COOL_OFF + dt.timedelta(seconds=1))  # past the first lock, not the second
        still_locked = client.post("/masuk/", {"username": employee_account.username, "password": PASSWORD})
        assert still_locked.status_code == 429
        assert "_auth_user_id" not in client.session

        clock.move_to(START + COOL_OFF + dt.timedelta(seconds=1) + COOL_OFF + dt.timedelta(seconds=1))
        signed_in = client.post("/masuk/", {"username": employee_account.username, "password": PASSWORD})
        assert signed_in.status_code == 302
        assert int(client.session["_auth_user_id"]) == employee_account.pk


def test_the_token_api_unlocks_after_the_cool_off_too(employee_account):
    client = APIClient()
    url = "/api/v1/auth/token/"
    with time_machine.travel(START, tick=False) as clock:
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                url, {"username": employee_account.username, "password": f"x{attempt}"}, format="json"
            )
        locked = client.post(
            url, {"username": employee_account.username, "password": PASSWORD}, format="json"
        )
        assert locked.status_code == 429
        assert "detail" in locked.json()

        clock.move_to(START + COOL_OFF + dt.timedelta(seconds=1))
        unlocked = client.post(
            url, {"username": employee_account.username, "password": PASSWORD}, format="json"
        )
        assert unlocked.status_code == 200
        assert unlocked.json()["token"]


def test_failures_older_than_the_cool_off_do_not_add_up_to_a_lock_out(employee_account):
    """A colleague mistyping twice a day is never locked: only failures inside the cool-off count."""
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        for day in range(settings.AXES_FAILURE_LIMIT + 1):
            clock.move_to(START + day * (COOL_OFF + dt.timedelta(minutes=1)))
            answer = client.post("/masuk/", {"username": employee_account.username, "password": "salah"})
            assert answer.status_code == 200, f"locked on failure {day + 1}"
        right = client.post("/masuk/", {"username": employee_account.username, "password": PASSWORD})
        assert right.status_code == 302


# --- Production settings ---------------------------------------------------------------------------------

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    # A deploy-grade secret: long, varied, not Django's `django-insecure-` prefix.
    "SECRET_KEY": "h7Qp2vXz9-Lk4mRt8sWc3yNb6gFj1dAe5uZo0iTq7rYx2wVn4kPs9mLc6bHg3fJd",
    "ALLOWED_HOSTS": "simutasi.mannakota.go.id",
    "DATABASE_URL": "sqlite:///:memory:",
    "REDIS_URL": "",
}


def _run_production(*args: str) -> subprocess.CompletedProcess:
    # The browser tests relax Django's async guard for this test process only (tests/e2e/conftest.py);
    # a production process never has it.
    dropped = ("DATABASE_URL", "REDIS_URL", "CI", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(PRODUCTION_ENV)
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_manage_py_check_deploy_is_clean_with_production_settings():
    result = _run_production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
host = settings.ALLOWED_HOSTS[0]
# No collectstatic here: plain static storage instead of the manifest one; cookies are the subject.
plain = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=plain):
    page = Client(HTTP_HOST=host).get("/masuk/", secure=True)
csrf = page.cookies["csrftoken"]
print(json.dumps({
    "status": page.status_code,
    "csrf_cookie_secure": bool(csrf["secure"]),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "csrf_setting_secure": settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "debug": settings.DEBUG,
    "http_answer": Client(HTTP_HOST=host).get("/masuk/").status_code,
}))
"""


def test_production_settings_send_session_and_csrf_cookies_only_over_https():
    result = _run_production("-c", PROBE)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["status"] == 200
    assert facts["csrf_cookie_secure"] is True  # the cookie on a real answer carries `Secure`
    assert facts["csrf_setting_secure"] is True
    assert facts["session_cookie_secure"] is True
    assert facts["session_cookie_httponly"] is True
    assert facts["ssl_redirect"] is True
    assert facts["hsts"] >= 31536000
    assert facts["debug"] is False
    assert facts["http_answer"] == 301  # plain http is sent to https
