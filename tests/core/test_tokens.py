"""Issue 19 finding 9: API tokens have a lifetime, a login replaces the old token, logout revokes it
(the API login path of DESIGN.md stays `POST /api/v1/auth/token/`)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _login(username="pegawai") -> dict:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": "demo12345"}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def _status(token: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/v1/agencies/").status_code


@pytest.fixture
def user(db):
    user = UserFactory(username="pegawai")
    user.set_password("demo12345")
    user.save()
    return user


def test_a_new_login_replaces_the_old_token(user):
    first = _login()["token"]
    assert _status(first) == 200
    second = _login()["token"]
    assert second != first
    assert (_status(first), _status(second)) == (401, 200)


def test_a_token_expires_after_its_lifetime(user, settings):
    settings.API_TOKEN_LIFETIME_HOURS = 12
    answer = _login()
    expires = dt.datetime.fromisoformat(answer["expires"])
    assert dt.timedelta(hours=11, minutes=59) < expires - timezone.now() <= dt.timedelta(hours=12)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=11, minutes=50)):
        assert _status(answer["token"]) == 200
    with time_machine.travel(timezone.now() + dt.timedelta(hours=12, minutes=1)):
        response_status = _status(answer["token"])
    assert response_status == 401


def test_logout_revokes_the_token_at_once(user):
    token = _login()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert _status(token) == 401
    assert APIClient().post("/api/v1/auth/logout/").status_code == 401
