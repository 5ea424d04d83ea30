"""Issue 19 finding 2: NUL and other control characters answer 400 on pages and the API alike, and
change nothing (core/input_guard.py, the one input layer)."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from mutasi.models import TransferRequest

pytestmark = pytest.mark.django_db
REFUSED = "karakter kontrol"


def _page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("bad", ["\x00", "a\x00b", "\x07", "\x1b[31m", "\x7f", "\x85"])
def test_a_search_with_a_control_character_answers_400_not_500(world, bad):
    client = _page_client(world.pegawai)
    for path in ("/opd/", "/mutasi/baru/"):
        response = client.get(path, {"q": bad})
        assert response.status_code == 400, path
        assert REFUSED in response.content.decode()
    answer = _api(world.pegawai).get("/api/v1/employees/", {"q": bad})
    assert answer.status_code == 400
    assert REFUSED in answer.json()["q"][0]


def test_a_draft_whose_reason_holds_a_nul_is_refused_and_nothing_is_saved(world):
    response = _page_client(world.pegawai).post(
        "/mutasi/baru/",
        {"destination_position": world.destination.pk, "kind": "between_agencies", "reason": "Pindah\x00"},
    )
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not TransferRequest.objects.exists()


def test_the_api_refuses_control_characters_in_json_keys_nested_values_and_surrogates(world):
    client = _api(world.pegawai)
    body = {"destination_position": world.destination.pk, "kind": "between_agencies"}
    for reason in ("Pindah\x00", "\ud800", "ok\x1f"):
        raw = json.dumps({**body, "reason": reason})  # escaped as \\u0000, \\ud800 ...
        response = client.post("/api/v1/transfers/", raw, content_type="application/json")
        assert response.status_code == 400, reason
        assert REFUSED in response.json()["reason"][0]
    nested = client.post(
        "/api/v1/transfers/", {**body, "reason": "ok", "preferences": ["\x00"]}, format="json"
    )
    assert nested.status_code == 400
    assert "preferences[0]" in nested.json()
    assert not TransferRequest.objects.exists()


def test_tabs_and_line_breaks_are_ordinary_text(world):
    response = _page_client(world.pegawai).post(
        "/mutasi/baru/",
        {
            "destination_position": world.destination.pk,
            "kind": "between_agencies",
            "reason": "Baris satu\r\nBaris dua\tdengan tab",
        },
    )
    assert response.status_code == 302
    assert TransferRequest.objects.get().reason == "Baris satu\r\nBaris dua\tdengan tab"


def test_a_form_without_its_csrf_token_is_still_refused_with_403_first(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.pegawai)
    response = client.post("/mutasi/baru/", {"reason": "\x00"})
    assert response.status_code == 403
