"""Search and pages on the request list (issue 18 point 6): by number, the employee's name or the start
of their NIP, with the count of matches, 50 a page; only among the requests the viewer may see."""

import pytest

from tests.mutasi.conftest import submit_mover

pytestmark = pytest.mark.django_db


def test_hr_finds_a_request_by_number_name_or_nip_and_sees_the_count(world, client):
    first = submit_mover(world, "rina", reason="x")
    second = submit_mover(world, "budi", reason="y")
    client.force_login(world.bkpsdm)
    for query, hit, miss in (
        (first.number, first, second),
        (first.employee.name, first, second),
        (second.employee.nip[:10], second, first),
    ):
        html = client.get("/mutasi/", {"q": query}).content.decode()
        assert hit.number in html and miss.number not in html, query
        assert "1 usulan." in html
    assert (
        "Belum ada usulan mutasi." in client.get("/mutasi/", {"q": "tidak-ada-yang-cocok"}).content.decode()
    )
    api = client.get("/api/v1/transfers/", {"q": first.number})
    assert api.status_code == 200
    assert [row["number"] for row in api.json()["results"]] == [first.number]


def test_an_employee_searching_a_colleague_finds_nothing(world, client):
    other = submit_mover(world, "rina", reason="x")
    client.force_login(world.pegawai)
    html = client.get("/mutasi/", {"q": other.employee.name}).content.decode()
    assert other.number not in html and "0 usulan." in html


def test_the_list_pages_by_fifty(world, client, settings):
    from mutasi.models import TransferRequest

    first = submit_mover(world, "rina", reason="x")
    # 60 more rows of the same request data (the list only reads them)
    clones = []
    for i in range(60):
        clone = TransferRequest.objects.get(pk=first.pk)
        clone.pk = None
        clone.number = f"{first.number}-{i:02d}"
        clones.append(clone)
    TransferRequest.objects.bulk_create(clones)
    client.force_login(world.bkpsdm)
    html = client.get("/mutasi/").content.decode()
    assert "61 usulan." in html and "Halaman 1 dari 2" in html and "page=2" in html
    second = client.get("/mutasi/", {"page": 2}).content.decode()
    assert "Halaman 2 dari 2" in second
    assert client.get("/mutasi/", {"page": "abc"}).status_code == 200  # a hand-edited address still works


# The other mutasi lists (core.paging, the same search box and pager): the decree register, the Plt/Plh
# list and the post-transfer evaluations. Query counts pinned, the same for one match or every row.
# The register reads the drafts too (issue 17), the evaluations page the region's voice-heard counts
# (issue 21 point 5).
PINNED = {"register": 5, "delegations": 5, "evaluations": 8}


def _get(client, url, **params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, (url, params)
    html = response.content.decode()
    return html, len(queries)


def _count(html: str) -> int:
    import re

    match = re.search(r"(\d+) hasil\.", html)
    assert match, "no result count on the page"
    return int(match.group(1))


def test_the_decree_register_finds_a_decree_by_number_or_employee(world, client):
    from tests.mutasi.conftest import approve_all
    from tests.mutasi.decree_helpers import issue

    decrees = [issue(world, [approve_all(world, submit_mover(world, name))]) for name in ("rina", "budi")]
    client.force_login(world.bkpsdm)
    url = "/mutasi/sk/register/"
    html, queries_all = _get(client, url, tahun=decrees[0].year)
    assert _count(html) == 2
    html, queries_one = _get(client, url, tahun=decrees[0].year, q=decrees[1].number)
    assert _count(html) == 1 and decrees[1].number in html and decrees[0].number not in html
    rina = decrees[0].requests.get().employee
    html, _ = _get(client, url, tahun=decrees[0].year, q=rina.nip[:14])
    assert _count(html) == 1 and decrees[0].number in html
    budi = decrees[1].requests.get().employee
    html, _ = _get(client, url, tahun=decrees[0].year, q=budi.name)
    assert decrees[1].number in html and decrees[0].number not in html
    html, _ = _get(client, url, tahun=decrees[0].year, q="tidak-ada-yang-cocok")
    assert _count(html) == 0 and "Tidak ada SK yang cocok dengan pencarian." in html
    assert queries_all == queries_one == PINNED["register"]


def test_the_delegation_list_finds_a_post_or_the_acting_person(world, client):
    import datetime as dt

    from django.utils import timezone

    from mutasi import services

    today = timezone.localdate()
    for i, (post, delegate) in enumerate(
        ((world.kadishub_post, world.atasan), (world.kadinkes_post, world.walikota))
    ):
        services.delegation_create(
            actor=world.bkpsdm,
            position=post,
            delegate=delegate,
            start=today + dt.timedelta(days=i),
            end=today + dt.timedelta(days=i + 3),
            kind="plh",
            reason="cuti",
            letter_number=f"800/{i}",
        )
    client.force_login(world.bkpsdm)
    html, queries_all = _get(client, "/mutasi/delegasi/")
    assert _count(html) == 2
    html, queries_one = _get(client, "/mutasi/delegasi/", q=world.atasan.employee.nip)
    assert _count(html) == 1 and "Kepala Dinas Perhubungan" in html
    html, _ = _get(client, "/mutasi/delegasi/", q="Kesehatan")
    assert _count(html) == 1 and "Kepala Dinas Perhubungan" not in html.split("Daftar penunjukan")[1]
    assert queries_all == queries_one == PINNED["delegations"]


def test_the_evaluation_list_finds_by_name_or_request_number(world, moved, client):
    from mutasi.models import PostTransferEvaluation

    client.force_login(world.bkpsdm)
    html, queries_all = _get(client, "/mutasi/evaluasi/")
    assert _count(html) == PostTransferEvaluation.objects.count() == 2
    html, queries_one = _get(client, "/mutasi/evaluasi/", q=moved.number)
    assert _count(html) == 2
    html, _ = _get(client, "/mutasi/evaluasi/", q="tidak-ada-yang-cocok")
    assert _count(html) == 0
    assert queries_all == queries_one == PINNED["evaluations"]
