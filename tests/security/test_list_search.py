"""Search and pages on the long lists officers use all day (issue 18 point 6), one mechanism (core.paging):
here the appraiser's SKP list, a talent box, the key posts and the transfer plans (the decree register,
the Plt/Plh list and the evaluations: tests/mutasi/test_list_search.py). On the seeded demo region
(tests/security/conftest.py), each page finds a row by a word of it, shows the count of matches, pages by
50 keeping the search, never shows what the viewer may not see, and runs a pinned number of queries
whatever the number of rows.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.models import User
from core.paging import text_search
from instansi.models import Employee, Region
from kinerja.models import Appraisal
from talenta.models import KeyPost, TalentGrid, TalentGridEntry

pytestmark = pytest.mark.django_db

# Queries of each page (session, user, roles, the page's own reads); the same for 1 match or 50 rows.
PINNED = {"appraisees": 5, "box": 6, "key_posts": 6, "plans": 6}


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def get(client: Client, url: str, **params) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return response.content.decode(), len(queries)


def count_shown(html: str) -> int:
    match = re.search(r"(\d+) hasil\.", html)
    assert match, "no result count on the page"
    return int(match.group(1))


def test_text_search_matches_words_and_the_start_of_a_nip_only_for_digits(demo):
    employees = Employee.objects.all()
    some = employees.exclude(nip="").first()
    by_nip = text_search(employees, some.nip[:12], fields=("name",), nip_fields=("nip",))
    assert some in by_nip and all(e.nip.startswith(some.nip[:12]) for e in by_nip)
    grouped = f"{some.nip[:8]} {some.nip[8:14]}"  # as NIPs are printed
    assert some in text_search(employees, grouped, fields=("name",), nip_fields=("nip",))
    assert text_search(employees, "  ", fields=("name",)).count() == employees.count()
    assert not text_search(employees, "zzqx-tidak-ada", fields=("name",), nip_fields=("nip",)).exists()


def test_the_appraisers_list_searches_their_appraisees_only(demo):
    atasan = client_for("atasan")
    html, queries_all = get(atasan, "/kinerja/penilaian/")
    total = count_shown(html)
    assert total >= 1
    mine = Appraisal.objects.filter(appraiser__user__username="atasan").select_related("employee").first()
    html, queries_one = get(atasan, "/kinerja/penilaian/", q=mine.employee.nip)
    assert mine.employee.full_name in html and 1 <= count_shown(html) < total + 1
    stranger = Appraisal.objects.exclude(appraiser__user__username="atasan").select_related("employee")
    stranger = stranger.exclude(
        employee__in=Appraisal.objects.filter(appraiser__user__username="atasan").values("employee")
    )
    other = stranger.first().employee
    html, _ = get(atasan, "/kinerja/penilaian/", q=other.nip)
    assert count_shown(html) == 0 and other.nip_display not in html
    assert queries_all == queries_one == PINNED["appraisees"]


def test_a_talent_box_and_the_key_posts_search_and_page(demo):
    grid = TalentGrid.objects.filter(status="finished").order_by("-pk").first()
    entry = TalentGridEntry.objects.filter(grid=grid, box__isnull=False).select_related("employee").first()
    hr = client_for("bkpsdm")
    url = f"/talenta/kotak/{entry.box}/"
    html, queries_all = get(hr, url, grid=grid.pk)
    in_box = TalentGridEntry.objects.filter(grid=grid, box=entry.box).count()
    assert count_shown(html) == in_box
    html, queries_one = get(hr, url, grid=grid.pk, q=entry.employee.nip)
    assert count_shown(html) == 1 and entry.employee.full_name in html
    if in_box > 50:
        assert "page=2" in get(hr, url, grid=grid.pk)[0]
    assert queries_all == queries_one == PINNED["box"]

    key_post = KeyPost.objects.filter(is_active=True).select_related("position__agency").first()
    html, queries_all = get(hr, "/talenta/suksesi/")
    total = count_shown(html)
    html, queries_one = get(hr, "/talenta/suksesi/", q=key_post.position.agency.name)
    assert key_post.position.title in html and 1 <= count_shown(html) <= total
    assert queries_all == queries_one == PINNED["key_posts"]


def test_the_plan_list_searches_names_and_pages_by_fifty(demo):
    from planning.models import TransferPlan

    region = Region.objects.get()
    hr = User.objects.get(username="bkpsdm")
    TransferPlan.objects.bulk_create(
        [
            TransferPlan(region=region, name=f"Rencana uji {i:02d}", created_by=hr, status="ready")
            for i in range(55)
        ]
    )
    client = client_for("bkpsdm")
    html, queries_all = get(client, "/rencana/")
    assert count_shown(html) >= 55 and "page=2" in html
    html, queries_one = get(client, "/rencana/", q="uji 07")
    assert count_shown(html) == 1 and "Rencana uji 07" in html
    second, _ = get(client, "/rencana/", q="Rencana uji", page=2)
    assert "Halaman 2 dari 2" in second and "q=Rencana+uji" in second
    assert queries_all == queries_one == PINNED["plans"]
