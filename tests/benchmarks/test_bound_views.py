"""The load benchmark's bound views (benchmarks/bound_urls.py) do what every signed-in request must do
and nothing else: the figures in docs/BENCHMARKS.md "--bound" are only a bound if the views really
authenticate (an anonymous call is refused) and answer the stated bodies."""

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from benchmarks import bound_urls
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("benchmarks.bound_urls")]


@pytest.fixture
def user():
    return UserFactory(username="terikat")


@pytest.mark.parametrize("path", ["/bound/api/", "/bound/api-cached/"])
def test_the_api_bound_views_need_the_token_and_answer_the_fixed_body(user, path):
    anonymous = APIClient().get(path)
    assert anonymous.status_code == 401
    client = APIClient(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    for _ in range(2):  # the cached view: first from the view, then from the cache
        answer = client.get(path)
        assert answer.status_code == 200
        assert answer.content == bound_urls.JSON_BODY


def test_the_page_bound_view_needs_a_session(user, client):
    assert client.get("/bound/page/").status_code == 302
    client.force_login(user)
    answer = client.get("/bound/page/")
    assert answer.status_code == 200
    assert answer.content == bound_urls.HTML_BODY


@override_settings(ROOT_URLCONF="config.urls")
def test_the_bound_views_are_not_part_of_simutasi(user, client):
    client.force_login(user)
    assert client.get("/bound/page/").status_code == 404
