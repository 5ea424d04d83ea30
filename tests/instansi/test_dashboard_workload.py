"""Workload pages: the agency head dashboard, the regional overview, the XLSX export."""

import io

import pytest
from django.conf import settings
from django.db import connection
from openpyxl import load_workbook

from instansi import workload
from instansi.models import Position, WorkloadRun
from tests.instansi.workload_data import build_world, employees_bulk

pytestmark = pytest.mark.django_db

# Size-independent query counts (the contract of the pages, STYLE.md). Dashboard: session, user,
# the viewer's groups, employee, post and subordinates (roles), the agency with its policy, the latest
# finished run, the agency's result rows, the trend rows, the unread-notification count of the menu.
DASHBOARD_QUERIES = 13  # 11 workload + 2 for the transfers in/out block (mutasi_dashboard tag)
# Overview: session, user, roles (groups, employee, post, subordinates), the region, its policy, the
# latest finished run, the agency rows, the trend aggregate, the unread count.
OVERVIEW_QUERIES = 12

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
# PostgreSQL does 1,000 against 100,000 employees; SQLite (embedded, quick local runs) 1,000 vs 10,000.
SIZES = [1_000, 100_000] if ON_POSTGRES else [1_000, 10_000]


@pytest.fixture
def world():
    return build_world()


def login(client, user):
    client.force_login(user)
    return client


def test_the_agency_head_sees_the_own_dashboard_with_needs_lists_charts_and_trend(client, world):
    workload.run_analysis(region=world.region)
    workload.run_analysis(region=world.region)

    page = login(client, world.kadinkes).get("/dasbor/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Dinas Kesehatan" in html
    assert "Perawat Ahli Pertama" in html and "butuh 3, ada 2 (-1)" in html  # shortage list
    assert html.count('<svg class="chart"') == 4  # units, positions, PJ distribution, trend
    board = page.context["board"]
    assert board.agency_row.required == 4 and board.agency_row.current == 3
    assert [r.position for r in board.shortages] == [world.nurse]
    assert dict(board.pj_counts)["C"] == 1 and dict(board.pj_counts)["A"] == 1
    assert len(board.trend) == 2
    assert "lebih tua dari jadwal" not in html


def test_the_dashboard_notes_when_the_last_run_is_older_than_the_schedule(client, world, time_machine):
    time_machine.move_to("2025-05-01 02:00 +07:00")
    workload.run_analysis(region=world.region)
    time_machine.move_to("2025-05-02 03:00 +07:00")  # 25 h later; schedule 24 h

    page = login(client, world.kadinkes).get("/dasbor/")

    assert "lebih tua dari jadwal analisis (24 jam)" in page.content.decode()


def test_the_dashboard_says_so_when_no_run_has_finished_yet(client, world):
    page = login(client, world.kadinkes).get("/dasbor/")

    assert page.status_code == 200
    assert "Belum ada analisis beban kerja yang selesai" in page.content.decode()


def test_who_may_open_which_dashboard(client, world):
    workload.run_analysis(region=world.region)
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
    workload.run_analysis(region=world.region)

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
    workload.run_analysis(region=world.region)

    for reader in (world.hr, world.auditor, world.walikota):
        assert login(client, reader).get("/ikhtisar/").status_code == 200
    for other in (world.kadinkes, world.pegawai):
        assert login(client, other).get("/ikhtisar/").status_code == 403


def test_hr_exports_a_run_as_form_c_and_form_d(client, world):
    run = workload.run_analysis(region=world.region)

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
    run = workload.run_analysis(region=world.region)
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
    workload.run_analysis(region=world.region)
    workload.run_analysis(region=world.region)
    client = login(client, world.kadinkes)
    assert world.dinkes.positions.count() == 3

    with django_assert_num_queries(DASHBOARD_QUERIES):
        page = client.get("/dasbor/")

    assert page.status_code == 200
    assert page.context["board"].agency_row.current > employees // 3


@pytest.mark.parametrize("employees", SIZES)
def test_the_overview_uses_the_same_number_of_queries_at_any_size(
    client, world, employees, django_assert_num_queries
):
    _grow(world, employees)
    workload.run_analysis(region=world.region)
    workload.run_analysis(region=world.region)
    client = login(client, world.walikota)

    with django_assert_num_queries(OVERVIEW_QUERIES):
        page = client.get("/ikhtisar/")

    assert page.status_code == 200
    assert page.context["ov"].totals.current > employees // 2
    assert WorkloadRun.objects.count() == 2
    assert connection.vendor in ("postgresql", "sqlite")
