"""Pages of the web shell in Bahasa Indonesia: Profil saya, agency list and agency page."""

import datetime as dt

import pytest

from instansi.models import PlacementHistory
from tests.factories import PlacementHistoryFactory, UnitFactory
from tests.instansi.test_api import bulk_employees, org  # noqa: F401 - the `org` fixture

# The session comes from the cache (cached_db). The user with the viewer's roles (one statement),
# unread count, employee+post, placements.
PROFILE_QUERIES = 4
# The user with the viewer's roles, unread count, agency with counts, units, posts, holders.
AGENCY_PAGE_QUERIES = 6


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    for url in ("/profil/", "/opd/", "/opd/1/", "/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/?next=")


def test_profil_saya_shows_own_data_post_and_placement_history_in_indonesian(org, client):  # noqa: F811
    client.force_login(org.pegawai.user)
    response = client.get("/profil/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    for text in (
        "Profil saya",
        "Rudi Hartono, S.Tr.",
        org.pegawai.nip_display,
        "Pengatur Lalu Lintas",
        "Seksi Rekayasa Lalu Lintas",
        "Dinas Perhubungan",
        "Kepala Bidang Lalu Lintas",  # superior post
        "Riwayat jabatan",
        "800/12/BKPSDM/2019",
        "Pengadministrasi Umum",
        "12 April 1990",
        "Batas usia pensiun",
        "Bebas temuan Inspektorat",
    ):
        assert text in html, text
    assert f'href="/opd/{org.dishub.pk}/"' in html


def test_profil_saya_explains_when_the_account_has_no_employee_record(org, client):  # noqa: F811
    client.force_login(org.hr)
    response = client.get("/profil/")
    assert response.status_code == 200
    assert "tidak terhubung dengan data pegawai" in response.content.decode()


def test_profil_saya_costs_the_same_queries_for_a_short_and_a_long_career(
    org,  # noqa: F811
    client,
    django_assert_num_queries,
):
    client.force_login(org.pegawai.user)
    with django_assert_num_queries(PROFILE_QUERIES):
        assert client.get("/profil/").status_code == 200

    PlacementHistoryFactory.create_batch(
        40, employee=org.pegawai, start=dt.date(2001, 1, 1), end=dt.date(2002, 1, 1)
    )
    bulk_employees(position=org.posts.staff, count=10000)
    with django_assert_num_queries(PROFILE_QUERIES):
        response = client.get("/profil/")
    assert response.content.decode().count("1 Januari 2001 – 1 Januari 2002") == 40
    assert PlacementHistory.objects.filter(employee=org.pegawai).count() == 42


def test_the_agency_list_shows_every_agency_with_its_size_and_searches_by_name(org, client):  # noqa: F811
    client.force_login(org.pegawai.user)
    html = client.get("/opd/").content.decode()
    assert "Perangkat daerah" in html
    assert f'href="/opd/{org.dishub.pk}/"' in html
    assert f'href="/opd/{org.dinkes.pk}/"' in html

    found = client.get("/opd/", {"q": "kesehatan"}).content.decode()
    assert "Dinas Kesehatan" in found
    assert "Dinas Perhubungan" not in found
    assert "Tidak ada perangkat daerah" in client.get("/opd/", {"q": "zzz"}).content.decode()


def test_the_agency_page_shows_the_unit_tree_posts_and_holders_without_private_data(org, client):  # noqa: F811
    client.force_login(org.perawat.user)  # someone from another agency
    response = client.get(f"/opd/{org.dishub.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Dinas Perhubungan",
        "Drs. Bambang Sutrisno, M.Si.",  # head
        "Sekretariat",
        "Bidang Lalu Lintas",
        "Seksi Rekayasa Lalu Lintas",
        "Pengatur Lalu Lintas",
        "Pelaksana",
        "Rudi Hartono, S.Tr.",
        "Siti Aminah",
        "Hendra Wijaya, S.T.",
        "kurang 2",  # Pengatur Lalu Lintas: 1 holder, 3 required (ABK)
    ):
        assert text in html, text
    # The sub-unit is nested inside its parent's list.
    lalin = html.index("Bidang Lalu Lintas</strong>")
    assert html.index("Seksi Rekayasa Lalu Lintas</strong>") > lalin
    assert html.count('<ul class="tree">') >= 1
    for private in ("081234500001", "081234500002", "rudi@example.go.id", "1990"):
        assert private not in html, private


def test_the_agency_page_costs_the_same_queries_for_10_and_10000_employees(
    org,  # noqa: F811
    client,
    django_assert_num_queries,
):
    client.force_login(org.pegawai.user)
    url = f"/opd/{org.dishub.pk}/"
    bulk_employees(position=org.posts.clerk, count=6)
    with django_assert_num_queries(AGENCY_PAGE_QUERIES):
        assert client.get(url).status_code == 200

    bulk_employees(position=org.posts.clerk, count=9990, start=6)
    deeper = UnitFactory(
        agency=org.dishub, parent=org.units.rekayasa, code="DISHUB-LL-RK-1", name="Subseksi Uji"
    )
    with django_assert_num_queries(AGENCY_PAGE_QUERIES):
        response = client.get(url)
    html = response.content.decode()
    assert deeper.name in html
    # Posts with many holders name the first ten (alphabetically) and count the rest.
    assert "Pegawai Massal 00009" in html
    assert "Pegawai Massal 00010" not in html
    assert "dan 9987 lainnya (9997 orang)" in html  # 9,996 mass-created + Siti Aminah


def test_an_unknown_agency_id_shows_the_indonesian_404_page(org, client):  # noqa: F811
    client.force_login(org.pegawai.user)
    response = client.get("/opd/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert "Profil saya" in html  # the layout with its menu, not Django's bare page


@pytest.mark.parametrize(
    ("who", "shown", "hidden"),
    [
        (
            "pegawai",
            ["Profil saya", "Kinerja (SKP)", "Usulan mutasi", "Perangkat daerah"],
            ["Kotak masuk", "Dasbor beban kerja", "Ikhtisar daerah", ">Admin<"],
        ),
        ("atasan", ["Kotak masuk", "Usulan mutasi"], ["Dasbor beban kerja", "Ikhtisar daerah"]),
        ("kadishub", ["Kotak masuk", "Dasbor beban kerja"], ["Ikhtisar daerah"]),
        ("hr", ["Ikhtisar daerah", "Kotak masuk", "Usulan mutasi"], ["Dasbor beban kerja"]),
        ("auditor", ["Ikhtisar daerah"], ["Kotak masuk", "Dasbor beban kerja"]),
    ],
)
def test_the_menu_shows_what_each_role_needs(org, client, who, shown, hidden):  # noqa: F811
    person = getattr(org, who)
    client.force_login(getattr(person, "user", person))
    html = client.get("/opd/").content.decode()
    nav = html[html.index('<nav class="mainnav"') : html.index("</nav>")]
    for label in shown:
        assert label in nav, label
    for label in hidden:
        assert label not in nav, label


def test_staff_see_the_admin_link(org, client):  # noqa: F811
    org.hr.is_staff = True
    org.hr.save()
    client.force_login(org.hr)
    nav = client.get("/opd/").content.decode()
    assert 'href="/admin/"' in nav


def test_the_current_section_is_marked_in_the_menu(org, client):  # noqa: F811
    client.force_login(org.pegawai.user)
    html = client.get("/opd/").content.decode()
    assert '<a href="/opd/" class="active" aria-current="page">' in html
    assert '<a href="/profil/" class="active"' not in html
