"""The viewer with roles in one statement (core.viewer.load_viewer, core.authentication): the same roles
as the rule says, a token answer like DRF's, no stale roles or Plt/Plh posts from one request to the
next, and one statement for authentication and roles together."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core import access
from core.models import User
from core.viewer import load_viewer, viewer_flag
from mutasi import services

pytestmark = pytest.mark.django_db


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.mark.parametrize(
    "name, roles",
    [
        ("kadinkes", {access.EMPLOYEE, access.AGENCY_HEAD, access.SUPERVISOR}),
        ("atasan", {access.EMPLOYEE, access.SUPERVISOR}),
        ("pegawai", {access.EMPLOYEE}),
        ("auditor", {access.AUDITOR}),
    ],
)
def test_the_roles_come_from_the_groups_and_the_post_by_token_and_by_session(world, name, roles):
    user = getattr(world, name)
    by_token = load_viewer("token", Token.objects.get_or_create(user=user)[0].key)
    by_session = User.objects.get(pk=user.pk)

    assert access.roles_of(by_token) == access.roles_of(by_session) == roles
    employee = getattr(world, f"{name}_emp", None)
    assert access.employee_of(by_token) == access.employee_of(by_session) == employee
    if employee is not None:  # the post comes with it, no further query
        with CaptureQueriesContext(connection) as queries:
            assert access.employee_of(by_token).position == employee.position
        assert len(queries) == 0


def test_one_statement_authenticates_the_token_and_loads_the_roles(world, submitted):
    client = _token_client(world.kadinkes)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/transfers/")

    assert response.status_code == 200
    # The viewer (token, user, groups, employee, post, flags), the page's count and rows.
    assert len(queries) == 3, "\n".join(q["sql"][:100] for q in queries.captured_queries)


def test_an_unknown_token_or_an_inactive_user_is_refused_with_401(world):
    assert APIClient(HTTP_AUTHORIZATION="Token " + "0" * 40).get("/api/v1/transfers/").status_code == 401
    client = _token_client(world.pegawai)
    User.objects.filter(pk=world.pegawai.pk).update(is_active=False)

    response = client.get("/api/v1/transfers/")

    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_role_given_between_two_requests_counts_on_the_next_request_with_the_same_user_object(
    world, submitted
):
    user = User.objects.get(pk=world.other.pk)
    client = APIClient()
    client.force_authenticate(user)  # the same object on every request
    assert client.get("/api/v1/transfers/").json()["count"] == 0

    user.groups.add(Group.objects.get_or_create(name=access.HR)[0])

    assert client.get("/api/v1/transfers/").json()["count"] == 1  # HR reads the whole region


def test_a_delegation_of_today_lets_the_delegate_see_the_post_s_requests_at_once(world, submitted):
    client = _token_client(world.other)
    assert client.get(f"/api/v1/transfers/{submitted.pk}/").status_code == 404
    today = timezone.localdate()
    delegation = services.delegation_create(
        actor=world.bkpsdm, position=world.atasan_post, delegate=world.other, start=today, end=today
    )

    assert client.get(f"/api/v1/transfers/{submitted.pk}/").status_code == 200

    services.delegation_revoke(delegation_id=delegation.pk, actor=world.bkpsdm)
    assert client.get(f"/api/v1/transfers/{submitted.pk}/").status_code == 404


def test_a_delegation_starting_tomorrow_does_not_count_today(world, submitted):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    services.delegation_create(
        actor=world.bkpsdm, position=world.atasan_post, delegate=world.other, start=tomorrow, end=tomorrow
    )

    assert viewer_flag(load_viewer("pk", world.other.pk), "acts_for_today") is False
    assert _token_client(world.other).get(f"/api/v1/transfers/{submitted.pk}/").status_code == 404
