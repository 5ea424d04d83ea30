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
