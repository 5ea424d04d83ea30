"""Admin of workload runs: HR starts a run with the button, follows progress; results are read-only."""

import pytest

from core.models import AuditEvent
from tests.factories import UserFactory
from tests.workload.data import build_world
from workload import analysis
from workload.models import WorkloadResult, WorkloadRun, WorkloadRunStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def hr_staff(world):
    world.hr.is_staff = True
    world.hr.is_superuser = True  # model permissions; the HR role itself comes from the group
    world.hr.save()
    return world.hr


def test_hr_starts_a_run_from_the_admin_button_and_sees_its_progress(
    client, world, hr_staff, django_capture_on_commit_callbacks
):
    client.force_login(hr_staff)
    assert "Jalankan analisis" in client.get("/admin/workload/workloadrun/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/workload/workloadrun/jalankan/", {"region": world.region.pk})

    assert response.status_code == 302
    run = WorkloadRun.objects.get()
    assert run.status == WorkloadRunStatus.FINISHED
    assert AuditEvent.objects.get(action="workload.run_start", target_id=str(run.pk)).actor == hr_staff
    listing = client.get("/admin/workload/workloadrun/").content.decode()
    assert "3/3 (100%)" in listing
    assert client.get(f"/admin/workload/workloadrun/{run.pk}/change/").status_code == 200


def test_a_staff_user_without_the_hr_role_cannot_start_a_run(
    client, world, django_capture_on_commit_callbacks
):
    clerk = UserFactory(username="staf", is_staff=True, is_superuser=False)
    from django.contrib.auth.models import Permission

    clerk.user_permissions.add(Permission.objects.get(codename="view_workloadrun"))
    client.force_login(clerk)

    assert "Jalankan analisis" not in client.get("/admin/workload/workloadrun/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/workload/workloadrun/jalankan/", {"region": world.region.pk})

    assert not WorkloadRun.objects.exists()


def test_results_are_read_only_in_the_admin(client, world, hr_staff):
    run = analysis.run_analysis(region=world.region)
    row = WorkloadResult.objects.filter(run=run, level="position").first()
    client.force_login(hr_staff)

    assert client.get("/admin/workload/workloadresult/").status_code == 200
    assert client.get("/admin/workload/workloadresult/add/").status_code == 403
    client.post(f"/admin/workload/workloadresult/{row.pk}/change/", {"required": 99})
    client.post(f"/admin/workload/workloadresult/{row.pk}/delete/", {"post": "yes"})
    row.refresh_from_db()
    assert row.required != 99
