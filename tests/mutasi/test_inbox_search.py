"""The approver's inbox page searches and pages (issue 18 point 6): by number, name, NIP or either end's
post, only among the steps the viewer decides, with a result count, in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from instansi.models import Employee
from mutasi import selectors, services
from tests.mutasi.conftest import submit_mover

pytestmark = pytest.mark.django_db

CARD = re.compile(r'class="card inbox-item"')


def _cards(page) -> int:
    return len(CARD.findall(page.content.decode()))


def _numbers(page) -> list[str]:
    """The request numbers heading the inbox cards (the search box repeats the query, so not the text)."""
    return re.findall(r'<h2><a href="/mutasi/\d+/">([^<]+)</a>', page.content.decode())


@pytest.fixture
def two_waiting(world, submitted):
    """Two requests waiting for `atasan`: pegawai's and Siti Rahmawati's."""
    other = submit_mover(world, username="siti")
    Employee.objects.filter(pk=other.employee_id).update(name="Siti Rahmawati")
    return submitted, other


def test_the_inbox_finds_a_request_by_number_name_or_nip(world, two_waiting, client):
    mine, siti = two_waiting
    client.force_login(world.atasan)
    assert _cards(client.get("/mutasi/kotak-masuk/")) == 2

    by_number = client.get("/mutasi/kotak-masuk/", {"q": siti.number})
    assert _numbers(by_number) == [siti.number] and _cards(by_number) == 1
    assert "1 hasil." in by_number.content.decode()

    assert _numbers(client.get("/mutasi/kotak-masuk/", {"q": "rahmawati"})) == [siti.number]

    nip = Employee.objects.get(pk=mine.employee_id).nip
    # NIPs are printed grouped (8 6 1 3 digits): a grouped prefix finds it too.
    assert _numbers(client.get("/mutasi/kotak-masuk/", {"q": f"{nip[:8]} {nip[8:14]}"})) == [mine.number]

    nothing = client.get("/mutasi/kotak-masuk/", {"q": "tidak ada yang begini"}).content.decode()
    assert "0 hasil." in nothing
    assert "Tidak ada usulan di kotak masuk Anda yang cocok dengan pencarian." in nothing


def test_an_inbox_search_never_reaches_a_step_the_viewer_does_not_decide(world, two_waiting, client):
    mine, siti = two_waiting
    # Both wait for the supervisor: the head of the destination agency finds neither by number or name.
    assert not selectors.transfer_inbox(viewer=world.kadinkes, q=mine.number).exists()
    client.force_login(world.kadinkes)
    assert _numbers(client.get("/mutasi/kotak-masuk/", {"q": "Rahmawati"})) == []
    assert _numbers(client.get("/mutasi/kotak-masuk/", {"q": siti.number})) == []

    # Once the supervisor decided, the request left their inbox: their search no longer finds it.
    services.transfer_approve(request_id=mine.pk, actor=world.atasan)
    client.force_login(world.atasan)
    assert _numbers(client.get("/mutasi/kotak-masuk/", {"q": mine.number})) == []
    # ... and it reached the head of the origin agency's inbox, and only theirs.
    client.force_login(world.kadishub)
    assert _numbers(client.get("/mutasi/kotak-masuk/", {"q": mine.number})) == [mine.number]
    assert [s.request_id for s in selectors.transfer_inbox(viewer=world.kadishub, q="Rahmawati")] == []


def test_the_inbox_pages_and_keeps_the_search_on_the_next_page(world, two_waiting, client, monkeypatch):
    from mutasi.views import transfers

    third = submit_mover(world, username="budi")
    monkeypatch.setattr(transfers, "INBOX_PAGE_SIZE", 2)
    client.force_login(world.atasan)
    first = client.get("/mutasi/kotak-masuk/", {"q": "Terminal"})  # the origin post of two of them
    text = first.content.decode()
    assert _cards(first) == 2 and "2 hasil." in text
    assert "Halaman" not in text  # one page: no pager

    everything = client.get("/mutasi/kotak-masuk/").content.decode()
    assert "3 hasil." in everything and "Halaman 1 dari 2" in everything
    second = client.get("/mutasi/kotak-masuk/", {"page": 2})
    assert _numbers(second) == [third.number]

    searched = client.get("/mutasi/kotak-masuk/", {"q": "Pengadministrasi Kesehatan"}).content.decode()
    assert 'href="?q=Pengadministrasi+Kesehatan&amp;page=2"' in searched


def test_a_searched_inbox_page_runs_the_same_number_of_queries_for_one_or_many_matches(
    world, two_waiting, client, django_assert_num_queries
):
    client.force_login(world.atasan)
    client.get("/mutasi/kotak-masuk/")  # warm the session
    with CaptureQueriesContext(connection) as one:
        assert _cards(client.get("/mutasi/kotak-masuk/", {"q": "Rahmawati"})) == 1
    for i in range(4):
        mover = submit_mover(world, username=f"rahma{i}")
        Employee.objects.filter(pk=mover.employee_id).update(name=f"Rahmawati {i}")
    with django_assert_num_queries(len(one)):
        assert _cards(client.get("/mutasi/kotak-masuk/", {"q": "Rahmawati"})) == 5


def test_the_inbox_api_searches_the_same_steps(world, two_waiting):
    from rest_framework.test import APIClient

    mine, siti = two_waiting
    api = APIClient()
    api.force_authenticate(world.atasan)
    found = api.get("/api/v1/transfers/inbox/", {"q": "Rahmawati"}).json()
    assert [row["request"]["number"] for row in found["results"]] == [siti.number]
    assert api.get("/api/v1/transfers/inbox/").json()["count"] == 2
    api.force_authenticate(world.kadinkes)
    assert api.get("/api/v1/transfers/inbox/", {"q": siti.number}).json()["count"] == 0
