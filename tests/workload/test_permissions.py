"""workload.permissions: one answer per role, and the pages, the API and the admin give that answer."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import UserFactory
from tests.workload.data import build_world
from workload import analysis, permissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


# role -> (agencies read: "all", an agency attribute, or None for 403; overview; starts runs)
RIGHTS = {
    "hr": ("all", True, True),
    "auditor": ("all", True, False),
    "walikota": ("all", True, False),
    "kadinkes": ("dinkes", False, False),
    "kadishub": ("dishub", False, False),
    "pegawai": (None, False, False),
}


def agencies_of(user):
    try:
        return permissions.visible_agency_ids(user)
    except PermissionDenied:
        return PermissionDenied


@pytest.mark.parametrize("role", RIGHTS)
def test_each_role_reads_the_agencies_the_module_names_and_the_pages_agree(client, world, role):
    user = getattr(world, role)
    agencies, overview, starts = RIGHTS[role]
    if agencies is None:
        expected = PermissionDenied
    else:
        expected = None if agencies == "all" else {getattr(world, agencies).pk}
    assert agencies_of(user) == expected
    assert permissions.may_see_overview(user) is overview
    assert permissions.may_start_run(user) is starts

    client.force_login(user)
    for agency in (world.dinkes, world.dishub):
        sees = expected is None or (expected is not PermissionDenied and agency.pk in expected)
        assert client.get(f"/dasbor/opd/{agency.pk}/").status_code == (200 if sees else 403)
    assert client.get("/ikhtisar/").status_code == (200 if overview else 403)


@pytest.mark.parametrize("role", RIGHTS)
def test_the_api_answers_what_the_module_says(api_client, world, role):
    user = getattr(world, role)
    api_client.force_authenticate(user)
    reads = agencies_of(user) is not PermissionDenied
    assert api_client.get("/api/v1/workload/runs/").status_code == (200 if reads else 403)


def test_the_page_links_follow_the_rights(client, world):
    analysis.run_analysis(region=world.region)
    client.force_login(world.hr)
    overview = client.get("/ikhtisar/").content.decode()
    assert "Riwayat dan jalankan analisis" in overview
    client.force_login(world.walikota)
    overview = client.get("/ikhtisar/").content.decode()
    assert "Unduh Form C / Form D" in overview and "Riwayat dan jalankan analisis" not in overview
    dashboard = client.get(f"/dasbor/opd/{world.dinkes.pk}/").content.decode()
    assert "Ikhtisar daerah" in dashboard and "Jalankan analisis di halaman admin" not in dashboard
    client.force_login(world.kadinkes)
    dashboard = client.get("/dasbor/").content.decode()
    assert 'class="crumbs"' not in dashboard and "Jalankan analisis di halaman admin" not in dashboard


def test_the_admin_offers_the_start_again_action_to_hr_only(client, world):
    from django.contrib.auth.models import Permission

    analysis.run_analysis(region=world.region)
    world.hr.is_staff = world.hr.is_superuser = True
    world.hr.save()
    clerk = UserFactory(username="staf", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_workloadrun"))

    client.force_login(world.hr)
    assert 'value="start_again"' in client.get("/admin/workload/workloadrun/").content.decode()
    client.force_login(clerk)
    assert 'value="start_again"' not in client.get("/admin/workload/workloadrun/").content.decode()
