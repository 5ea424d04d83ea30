"""Team goals (target tim): the page and the API to list, set and realise a shared target; members'
RHK link to it and its realisation counts for each of them."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from core.models import AuditEvent
from kinerja import services
from kinerja.models import TeamGoal
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def goal(org, period):
    return services.team_goal_create(
        period=period,
        agency=org.agency,
        actor=org.atasan.user,
        title="Uji KIR 500 kendaraan",
        target=Decimal("500"),
        unit_label="kendaraan",
    )


def test_a_supervisor_sets_a_team_goal_on_the_page_and_members_see_it(org, period, client):
    client.force_login(org.atasan.user)
    page = client.get("/kinerja/target-tim/").content.decode()
    assert "Target tim baru" in page and "Dinas Perhubungan" in page
    response = client.post(
        "/kinerja/target-tim/",
        {
            "agency": org.agency.pk,
            "title": "Penertiban parkir 1.200 titik",
            "target": "1200",
            "unit_label": "titik",
            "aspect": "quantity",
        },
    )
    assert response.status_code == 302
    goal = TeamGoal.objects.get()
    assert (goal.title, goal.target, goal.created_by) == (
        "Penertiban parkir 1.200 titik",
        1200,
        org.atasan.user,
    )
    assert AuditEvent.objects.filter(action="team_goal.create", actor=org.atasan.user).count() == 1
    client.force_login(org.pegawai.user)
    page = client.get("/kinerja/target-tim/").content.decode()
    assert "Penertiban parkir 1.200 titik" in page
    assert "Target tim baru" not in page and "Simpan realisasi" not in page  # staff read only


def test_the_page_refuses_a_bad_target_and_keeps_what_was_typed(org, period, client):
    client.force_login(org.kadis.user)
    page = client.post(
        "/kinerja/target-tim/",
        {"agency": org.agency.pk, "title": "Uji emisi", "target": "-3", "unit_label": "kendaraan"},
    ).content.decode()
    assert "Angka minimal 0.01." in page and 'value="Uji emisi"' in page
    assert not TeamGoal.objects.exists() and not AuditEvent.objects.exists()


def test_the_head_realises_the_goal_on_the_page_and_it_counts_as_each_members_achievement(
    org, period, goal, client
):
    skp = services.appraisal_create(period=period, employee=org.pegawai, actor=org.pegawai.user)
    services.result_plan_add(
        appraisal=skp, actor=org.pegawai.user, description="Kontribusi uji KIR", team_goal=goal
    )
    client.force_login(org.kadis.user)
    response = client.post(f"/kinerja/target-tim/{goal.pk}/realisasi/", {"realised": "450"})
    assert response.status_code == 302 and response.url.endswith(f"#target-{goal.pk}")
    page = client.get("/kinerja/target-tim/").content.decode()
    assert "90%" in page and "1 anggota tertaut" in page
    goal.refresh_from_db()
    assert goal.realised == Decimal("450") and goal.achievement == Decimal("90.00")
    assert AuditEvent.objects.filter(action="team_goal.realise", to_state="450").count() == 1
    client.force_login(org.pegawai.user)
    assert client.post(f"/kinerja/target-tim/{goal.pk}/realisasi/", {"realised": "999"}).status_code == 403
    goal.refresh_from_db()
    assert goal.realised == Decimal("450")


def test_the_api_lists_creates_and_realises_team_goals_with_the_same_rules(org, period, goal):
    listed = _api(org.pegawai.user).get("/api/v1/team-goals/").json()
    assert {"count", "next", "previous", "results"} <= set(listed)
    assert [g["id"] for g in listed["results"]] == [goal.pk]
    other_agency = AgencyFactory(region=org.region, name="Dinas Sosial")
    elsewhere = TeamGoal.objects.create(
        period=period, agency=other_agency, title="Bansos", target=10, unit_label="keluarga"
    )
    assert _api(org.pegawai.user).get(f"/api/v1/team-goals/{elsewhere.pk}/").status_code == 404
    assert _api(org.hr).get("/api/v1/team-goals/", {"agency": other_agency.pk}).json()["count"] == 1
    body = {
        "period": period.pk,
        "agency": org.agency.pk,
        "title": "Uji emisi",
        "target": "50",
        "unit_label": "unit",
    }
    assert _api(org.pegawai.user).post("/api/v1/team-goals/", body, format="json").status_code == 403
    assert (
        _api(org.atasan.user).post("/api/v1/team-goals/", {**body, "target": "0"}, format="json").status_code
        == 400
    )
    created = _api(org.atasan.user).post("/api/v1/team-goals/", body, format="json")
    assert created.status_code == 201 and created.json()["agency_name"] == "Dinas Perhubungan"
    realise = f"/api/v1/team-goals/{goal.pk}/realise/"
    assert _api(org.rekan.user).post(realise, {"realised": "10"}, format="json").status_code == 403
    done = _api(org.atasan.user).post(
        realise, {"realised": "550", "evidence_url": "https://kir.example/r"}, format="json"
    )
    assert done.status_code == 200 and done.json()["achievement"] == "110.00"
    assert (
        AuditEvent.objects.filter(action__startswith="team_goal.").count() == 3
    )  # goal, API create, realise


def test_the_team_goal_page_runs_the_same_number_of_queries_for_few_and_many_goals(
    org, period, goal, client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(org.kadis.user)
    client.get("/kinerja/target-tim/")
    with CaptureQueriesContext(connection) as small:
        client.get("/kinerja/target-tim/")
    for i in range(5):
        services.team_goal_create(
            period=period,
            agency=org.agency,
            actor=org.kadis.user,
            title=f"Target {i}",
            target=10,
            unit_label="x",
        )
    with django_assert_num_queries(len(small)):
        page = client.get("/kinerja/target-tim/").content.decode()
    assert page.count('<article class="card" id="target-') == 6
