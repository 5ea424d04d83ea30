"""The agency page searches its employees (issue 18 point 6): by name, post or unit for everyone signed
in, by NIP only where the viewer may see the NIP; with a result count, pages, and pinned queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from instansi import selectors
from instansi.models import Employee
from tests.instansi.test_api import bulk_employees, org  # noqa: F401 - the `org` fixture

pytestmark = pytest.mark.django_db


def _found(response) -> list[str]:
    """The names in the search's result table (the rest of the page names holders too)."""
    html = response.content.decode()
    table = re.search(r'<table class="table-stack" id="found-employees">(.*?)</table>', html, re.S)
    return re.findall(r'<td class="lead">([^<]+)', table.group(1)) if table else []


def test_the_agency_page_finds_employees_by_name_post_or_unit(org, client):  # noqa: F811
    client.force_login(org.perawat.user)  # someone from another agency: public fields only
    url = f"/opd/{org.dishub.pk}/"
    assert _found(client.get(url)) == [] and "Cari pegawai" in client.get(url).content.decode()

    by_name = client.get(url, {"q": "hartono"})
    assert _found(by_name) == ["Rudi Hartono, S.Tr."]
    assert "1 hasil." in by_name.content.decode()
    assert _found(client.get(url, {"q": "Pengadministrasi Umum"})) == ["Siti Aminah"]
    # A unit's name finds the holders of its posts.
    assert _found(client.get(url, {"q": "Rekayasa"})) == ["Rudi Hartono, S.Tr."]
    nothing = client.get(url, {"q": "tidak ada"}).content.decode()
    assert "0 hasil." in nothing and "Tidak ada pegawai perangkat daerah ini yang cocok" in nothing


def test_the_agency_search_never_shows_another_agency_or_an_inactive_employee(org, client):  # noqa: F811
    client.force_login(org.hr)
    Employee.objects.filter(pk=org.rekan.pk).update(is_active=False)
    url = f"/opd/{org.dishub.pk}/"
    assert _found(client.get(url, {"q": "Ayu Lestari"})) == []  # Dinas Kesehatan's nurse
    assert _found(client.get(url, {"q": "Siti"})) == []
    assert _found(client.get(f"/opd/{org.dinkes.pk}/", {"q": "Ayu"})) == ["Ayu Lestari, S.Kep., Ners"]


def test_a_nip_finds_an_employee_only_for_a_viewer_who_may_see_that_nip(org, client):  # noqa: F811
    nip = org.pegawai.nip
    grouped = f"{nip[:8]} {nip[8:14]}"
    url = f"/opd/{org.dishub.pk}/"
    # HR and the employee's own head see NIPs: the search finds him and the row shows it.
    for user in (org.hr, org.kadishub.user):
        client.force_login(user)
        response = client.get(url, {"q": grouped})
        assert _found(response) == ["Rudi Hartono, S.Tr."], user
        assert org.pegawai.nip_display in response.content.decode()
    # A nurse of another agency may not see it: the NIP finds nobody, as a NIP that does not exist.
    client.force_login(org.perawat.user)
    assert _found(client.get(url, {"q": grouped})) == []
    assert not selectors.agency_employee_search(viewer=org.perawat.user, agency=org.dishub, q=nip).exists()
    # ... and by name the row shows no NIP.
    by_name = client.get(url, {"q": "Rudi"})
    assert (
        _found(by_name) == ["Rudi Hartono, S.Tr."] and org.pegawai.nip_display not in by_name.content.decode()
    )


def test_the_agency_search_pages_in_the_same_number_of_queries_for_few_and_many_matches(
    org,  # noqa: F811
    client,
    django_assert_num_queries,
):
    client.force_login(org.kadishub.user)
    url = f"/opd/{org.dishub.pk}/"
    bulk_employees(position=org.posts.clerk, count=3)
    client.get(url, {"q": "Massal"})  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert len(_found(client.get(url, {"q": "Massal"}))) == 3
    bulk_employees(position=org.posts.clerk, count=120, start=3)
    with django_assert_num_queries(len(few)):
        first = client.get(url, {"q": "Massal"})
    assert len(_found(first)) == 50
    html = first.content.decode()
    assert "123 hasil." in html and "Halaman 1 dari 3" in html
    assert 'href="?q=Massal&amp;page=3"' not in html and 'href="?q=Massal&amp;page=2"' in html
    assert _found(client.get(url, {"q": "Massal", "page": 3}))[-1] == "Pegawai Massal 00122"
