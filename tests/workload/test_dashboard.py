"""Workload pages: the agency head dashboard, the regional overview, the XLSX export."""

import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from openpyxl import load_workbook

from instansi.models import Agency, Position
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory, WorkloadTaskFactory
from tests.workload.data import build_world, employees_bulk, person
from workload import analysis
from workload.models import WorkloadRun

pytestmark = pytest.mark.django_db

# Size-independent query counts (the contract of the pages, STYLE.md); the session comes from the
# cache (cached_db), not a query. Dashboard, always: the signed-in user with the viewer's roles (groups, employee with post and subordinates, Plt/Plh flag;
# one statement, core.backends.ViewerBackend), the agency with its policy, the latest finished run, the
# unread-notification count of the menu, and 1 for the transfers in/out block (mutasi_dashboard tag,
# viewer-specific, never cached; no Plt/Plh query for a viewer acting for no one): 5.
DASHBOARD_QUERIES_CACHED = 5
# The first request for a (run, agency, table page) also reads the run's figures and renders them once
# for the cache: counts and PJ distribution (one aggregate), the units with the largest gaps, the top
# shortage posts, the top surplus posts, the trend rows, one page of units, one page of posts (their
# counts come from the aggregate). Was 13 when every row of the agency was read (and rendered) at once.
DASHBOARD_QUERIES = DASHBOARD_QUERIES_CACHED + 7
# Overview: the user with the viewer's roles (one statement), the region, its policy, the latest
# finished run, the agency rows, the trend aggregate, the unread count.
OVERVIEW_QUERIES = 7

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
# PostgreSQL does 1,000 against 100,000 employees; SQLite (embedded, quick local runs) 1,000 vs 10,000.
SIZES = [1_000, 100_000] if ON_POSTGRES else [1_000, 10_000]


@pytest.fixture(autouse=True)
def _empty_cache():
    # The dashboard caches its rendered figures (local memory here, shared by the tests of a process).
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    return build_world()


def login(client, user):
    client.force_login(user)
    return client


def figures(page) -> str:
    """The run's figures on a dashboard page (the rest holds per-request bits such as the CSRF token)."""
    html = page.content.decode()
    return html[html.index('aria-label="Ringkasan"') : html.index('id="mutasi-opd"')]


def test_the_agency_head_sees_the_own_dashboard_with_needs_lists_charts_and_trend(client, world):
    analysis.run_analysis(region=world.region)
    analysis.run_analysis(region=world.region)

    page = login(client, world.kadinkes).get("/dasbor/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Dinas Kesehatan" in html
    assert "Perawat Ahli Pertama" in html and "butuh 3, ada 2 (-1)" in html  # shortage list
    assert html.count('<svg class="chart"') == 4  # units, positions, PJ distribution, trend
    summary = page.context["summary"]
    assert summary.agency_row.required == 4 and summary.agency_row.current == 3
    assert [r.position for r in summary.shortages] == [world.nurse]
    assert dict(summary.pj_counts)["C"] == 1 and dict(summary.pj_counts)["A"] == 1
    assert len(summary.trend) == 2
    assert summary.trend[-1].run_id == page.context["board"].run.pk
    assert "lebih tua dari jadwal" not in html


def test_the_dashboard_notes_when_the_last_run_is_older_than_the_schedule(client, world, time_machine):
    time_machine.move_to("2025-05-01 02:00 +07:00")
    analysis.run_analysis(region=world.region)
    time_machine.move_to("2025-05-02 03:00 +07:00")  # 25 h later; schedule 24 h

    page = login(client, world.kadinkes).get("/dasbor/")

    assert "lebih tua dari jadwal analisis (24 jam)" in page.content.decode()


def test_the_dashboard_says_so_when_no_run_has_finished_yet(client, world):
    page = login(client, world.kadinkes).get("/dasbor/")

    assert page.status_code == 200
    assert "Belum ada analisis beban kerja yang selesai" in page.content.decode()


def test_who_may_open_which_dashboard(client, world):
    analysis.run_analysis(region=world.region)
    other = f"/dasbor/opd/{world.dishub.pk}/"

    assert login(client, world.kadinkes).get(other).status_code == 403
    assert login(client, world.kadinkes).get(f"/dasbor/opd/{world.dinkes.pk}/").status_code == 200
    assert login(client, world.pegawai).get("/dasbor/").status_code == 403
    for reader in (world.hr, world.auditor, world.walikota):
        assert login(client, reader).get(other).status_code == 200
    assert login(client, world.hr).get("/dasbor/opd/999999/").status_code == 404
    client.logout()
    assert client.get("/dasbor/").status_code == 302  # to the login page


def test_the_overview_ranks_agencies_by_shortage_and_surplus_with_region_totals(client, world):
    analysis.run_analysis(region=world.region)

    page = login(client, world.walikota).get("/ikhtisar/")

    assert page.status_code == 200
    ov = page.context["ov"]
    assert [r.agency for r in ov.by_shortage] == [world.dinkes]
    assert [r.agency for r in ov.by_surplus] == [world.dishub]
    assert (ov.totals.shortage, ov.totals.surplus) == (1, 4)
    html = page.content.decode()
    assert f'href="/dasbor/opd/{world.dinkes.pk}/"' in html  # drill-down
    assert '<svg class="chart"' in html


def test_only_region_readers_open_the_overview(client, world):
    analysis.run_analysis(region=world.region)

    for reader in (world.hr, world.auditor, world.walikota):
        assert login(client, reader).get("/ikhtisar/").status_code == 200
    for other in (world.kadinkes, world.pegawai):
        assert login(client, other).get("/ikhtisar/").status_code == 403


def test_hr_exports_a_run_as_form_c_and_form_d(client, world):
    run = analysis.run_analysis(region=world.region)

    response = login(client, world.hr).get(f"/ikhtisar/ekspor/{run.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Form C", "Form D"]
    rows = list(book["Form C"].iter_rows(values_only=True))
    header = rows[2]
    assert header[3:] == (
        "Jabatan",
        "Beban kerja (jam)",
        "Kebutuhan (pecahan)",
        "Kebutuhan pegawai",
        "Pegawai saat ini",
        "+/-",
        "EJ",
        "PJ",
    )
    worked = next(r for r in rows[3:] if r[3] == "Pengelola Data Kesehatan")
    assert worked[4:] == (905, 0.724, 1, 1, 0, 0.724, "C")
    untasked = next(r for r in rows[3:] if r[3] == "Pengemudi")
    assert untasked[-1] == "belum dianalisis"
    recap = list(book["Form D"].iter_rows(values_only=True))
    assert any(r[1] == "Dinas Kesehatan" and r[0] == "Perangkat daerah" and r[5] == 4 for r in recap)


def test_an_agency_head_exports_only_the_own_agency(client, world):
    run = analysis.run_analysis(region=world.region)
    client = login(client, world.kadinkes)

    book = load_workbook(io.BytesIO(client.get(f"/ikhtisar/ekspor/{run.pk}/").content))
    agencies = {r[1] for r in list(book["Form C"].iter_rows(values_only=True))[3:]}
    assert agencies == {"Dinas Kesehatan"}
    assert client.get(f"/ikhtisar/ekspor/{run.pk}/?opd={world.dishub.pk}").status_code == 403
    assert login(client, world.pegawai).get(f"/ikhtisar/ekspor/{run.pk}/").status_code == 403


def _grow(world, employees: int) -> None:
    posts = list(Position.objects.filter(agency__region=world.region, is_head=False))
    employees_bulk(posts, employees)


@pytest.mark.parametrize("employees", SIZES)
def test_the_dashboard_uses_the_same_number_of_queries_at_any_size(
    client, world, employees, django_assert_num_queries
):
    _grow(world, employees)
    analysis.run_analysis(region=world.region)
    analysis.run_analysis(region=world.region)
    client = login(client, world.kadinkes)
    assert world.dinkes.positions.count() == 3

    with django_assert_num_queries(DASHBOARD_QUERIES):
        page = client.get("/dasbor/")
    with django_assert_num_queries(DASHBOARD_QUERIES_CACHED):
        again = client.get("/dasbor/")

    assert page.status_code == 200 and again.status_code == 200
    assert page.context["summary"].agency_row.current > employees // 3
    assert figures(again) == figures(page)


@pytest.mark.parametrize("employees", SIZES)
def test_the_overview_uses_the_same_number_of_queries_at_any_size(
    client, world, employees, django_assert_num_queries
):
    _grow(world, employees)
    analysis.run_analysis(region=world.region)
    analysis.run_analysis(region=world.region)
    client = login(client, world.walikota)

    with django_assert_num_queries(OVERVIEW_QUERIES):
        page = client.get("/ikhtisar/")

    assert page.status_code == 200
    assert page.context["ov"].totals.current > employees // 2
    assert WorkloadRun.objects.count() == 2
    assert connection.vendor in ("postgresql", "sqlite")


def _big_agency(world, shortages: int = 20, untasked: int = 50) -> None:
    """Dinas Kesehatan grows a puskesmas with `shortages` posts short of one (2 needed, 1 holder) and
    `untasked` posts without tasks (not analysed)."""
    unit = UnitFactory(agency=world.dinkes, code="PKM01", name="Puskesmas Uji")
    for i in range(shortages):
        post = PositionFactory(agency=world.dinkes, unit=unit, code=f"B{i:02d}", title=f"Bidan Uji {i:02d}")
        WorkloadTaskFactory(position=post, annual_volume=2500, standard_minutes=60)  # 2500 h -> 2
        EmployeeFactory(position=post)
    for i in range(untasked):
        PositionFactory(agency=world.dinkes, unit=unit, code=f"C{i:02d}", title=f"Analis Uji {i:02d}")


POST_ROW = '<tr><td data-label="Jabatan">'


def test_a_large_agency_shows_the_top_shortages_and_pages_the_post_table(client, world):
    _big_agency(world)
    analysis.run_analysis(region=world.region)
    client = login(client, world.kadinkes)

    html = client.get("/dasbor/").content.decode()

    shortages = html.split("Kekurangan pegawai", 1)[1].split("</section>", 1)[0]
    assert shortages.count("<li>") == 15  # the top 15 of 21
    assert '<span class="badge bad">21</span>' in shortages
    assert 'href="?group=shortage#per-jabatan"' in shortages
    posts = html.split('id="per-jabatan"', 1)[1]
    assert posts.count(POST_ROW) == 50
    assert "Halaman 1 dari 2 (1–50 dari 73)" in posts
    assert 'href="?page=2#per-jabatan"' in posts

    second = client.get("/dasbor/?page=2").content.decode().split('id="per-jabatan"', 1)[1]
    assert second.count(POST_ROW) == 23
    assert "Halaman 2 dari 2 (51–73 dari 73)" in second


def test_the_post_table_can_be_searched_and_limited_to_shortages(client, world):
    _big_agency(world)
    analysis.run_analysis(region=world.region)
    client = login(client, world.kadinkes)

    found = client.get("/dasbor/", {"q": "bidan uji 07"})
    rows = found.context["posts"].object_list
    assert [r.position.title for r in rows] == ["Bidan Uji 07"]
    assert 'value="bidan uji 07"' in found.content.decode()
    by_unit = client.get("/dasbor/", {"q": "Puskesmas"}).context["posts"]
    assert by_unit.paginator.count == 70

    short = client.get("/dasbor/", {"group": "shortage"}).context["posts"]
    assert short.paginator.count == 21
    assert all(r.gap < 0 for r in short.object_list)
    untasked = client.get("/dasbor/", {"group": "not_analysed", "page": "2"}).context["posts"]
    assert untasked.paginator.count == 51 and len(untasked.object_list) == 1  # 50 + the head post


def test_the_dashboard_is_rendered_once_per_run_and_a_new_run_shows_new_figures(client, world):
    analysis.run_analysis(region=world.region)
    client = login(client, world.kadinkes)
    first = client.get("/dasbor/")
    assert "butuh 3, ada 2 (-1)" in first.content.decode()

    EmployeeFactory(position=world.nurse)  # the nurse post is now fully staffed
    cached = client.get("/dasbor/")
    assert figures(cached) == figures(first)  # the same finished run: its figures did not change
    assert "summary" not in cached.context  # served from the cache, nothing re-read

    analysis.run_analysis(region=world.region)
    fresh = client.get("/dasbor/").content.decode()
    assert "butuh 3, ada 2 (-1)" not in fresh
    assert "Tidak ada jabatan yang kekurangan pegawai." in fresh


def test_a_cached_dashboard_is_shown_only_to_those_who_may_open_it(client, world):
    analysis.run_analysis(region=world.region)
    dinkes = f"/dasbor/opd/{world.dinkes.pk}/"
    assert login(client, world.hr).get(dinkes).status_code == 200  # now cached

    assert login(client, world.kadishub).get(dinkes).status_code == 403
    dishub = login(client, world.hr).get(f"/dasbor/opd/{world.dishub.pk}/").content.decode()
    assert "Pengadministrasi Perkantoran" in dishub and "Perawat Ahli Pertama" not in dishub


def test_a_search_is_never_cached_and_costs_one_count_more(client, world, django_assert_num_queries):
    analysis.run_analysis(region=world.region)
    client = login(client, world.kadinkes)

    for _ in range(2):
        with django_assert_num_queries(DASHBOARD_QUERIES + 1):
            page = client.get("/dasbor/", {"q": "Perawat"})
    assert [r.position for r in page.context["posts"].object_list] == [world.nurse]


def test_region_readers_are_sent_from_dasbor_to_the_overview_which_links_every_agency(
    client, world, django_assert_num_queries
):
    # HR, the auditor and the regional head head no agency: /dasbor/ names nothing for them, so they
    # land on their own page (the regional overview) instead of a 403.
    analysis.run_analysis(region=world.region)

    for reader in (world.hr, world.auditor, world.walikota):
        client = login(client, reader)
        with django_assert_num_queries(1):  # the user with the viewer's roles (the session is cached)
            response = client.get("/dasbor/")
        assert response.status_code == 302 and response["Location"] == "/ikhtisar/"
        overview = client.get(response["Location"])
        assert overview.status_code == 200
        html = overview.content.decode()
        for agency in (world.dinkes, world.dishub):
            assert f'href="/dasbor/opd/{agency.pk}/"' in html


def test_sekda_heads_the_secretariat_and_opens_its_dashboard_at_dasbor_while_an_employee_is_refused(
    client, world
):
    setda = Agency.objects.get(region=world.region, name="Sekretariat Daerah")
    sekda = person(
        PositionFactory(agency=setda, title="Sekretaris Daerah", is_head=True, special_role="secretary"),
        "sekda",
    )
    analysis.run_analysis(region=world.region)

    page = login(client, sekda).get("/dasbor/")

    assert page.status_code == 200
    assert page.context["board"].agency == setda
    # A region reader too: his dashboard leads back to the regional overview.
    assert '<p class="crumbs"><a href="/ikhtisar/">' in page.content.decode()
    assert login(client, world.pegawai).get("/dasbor/").status_code == 403
    assert login(client, world.kadishub).get("/dasbor/").context["board"].agency == world.dishub
