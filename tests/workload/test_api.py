"""Workload API (DESIGN.md 7): runs, results, agencies, tasks; access and errors."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from core.models import AuditEvent
from instansi.models import Policy
from tests.workload.data import build_world
from workload import analysis
from workload.models import WorkloadRun, WorkloadRunStatus

pytestmark = pytest.mark.django_db

RUNS = "/api/v1/workload/runs/"
RESULTS = "/api/v1/workload/results/"
AGENCIES = "/api/v1/workload/agencies/"
TASKS = "/api/v1/workload/tasks/"


@pytest.fixture
def world():
    return build_world()


def start_run(api_client, user, django_capture_on_commit_callbacks, **data):
    api_client.force_authenticate(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(RUNS, data, format="json")
    return response


def only(response):
    assert response.status_code == 200, response.content
    assert response.data["count"] == 1, response.data
    return response.data["results"][0]


def test_hr_starts_a_run_by_api_and_reads_the_worked_check_of_the_regulation(
    api_client, world, django_capture_on_commit_callbacks
):
    response = start_run(api_client, world.hr, django_capture_on_commit_callbacks)

    assert response.status_code == 202
    run = WorkloadRun.objects.get(pk=response.data["id"])
    assert set(response.data) == {"id", "status"}
    assert run.status == WorkloadRunStatus.FINISHED  # embedded mode: the chord ran eagerly on commit
    assert AuditEvent.objects.get(action="workload.run_start", target_id=str(run.pk)).actor == world.hr
    row = only(api_client.get(RESULTS, {"position": world.worked.pk}))
    assert row["run"] == run.pk
    assert (row["workload_hours"], row["required_exact"], row["required"]) == ("905.00", "0.724", 1)
    assert (row["current"], row["gap"], row["ej"], row["pj"]) == (1, 0, "0.724", "C")


def test_a_multi_task_position_computed_by_hand_comes_back_through_the_api(
    api_client, world, django_capture_on_commit_callbacks
):
    start_run(api_client, world.hr, django_capture_on_commit_callbacks)

    row = only(api_client.get(RESULTS, {"position": world.nurse.pk}))
    # 2400x45 + 600x90 + 150x250 + 12x1200 = 213900 min = 3565 h; 3565/1250 = 2.852 -> 3;
    # 2 holders -> -1; EJ = 3565 / (2 x 1250) = 1.426 -> A
    assert (row["workload_hours"], row["required_exact"], row["required"]) == ("3565.00", "2.852", 3)
    assert (row["current"], row["gap"], row["ej"], row["pj"], row["shortage"]) == (2, -1, "1.426", "A", 1)
    tasks = api_client.get(TASKS, {"position": world.nurse.pk}).data
    assert tasks["count"] == 4
    assert sorted(t["workload_hours"] for t in tasks["results"]) == ["1800.00", "240.00", "625.00", "900.00"]


def test_a_policy_change_shows_in_the_next_run_through_the_api(
    api_client, world, django_capture_on_commit_callbacks
):
    first = start_run(api_client, world.hr, django_capture_on_commit_callbacks).data["id"]
    Policy.objects.filter(region=world.region).update(effective_hours_per_year=1300, rounding="ceiling")

    second = start_run(api_client, world.hr, django_capture_on_commit_callbacks).data["id"]

    latest = only(api_client.get(RESULTS, {"position": world.worked.pk}))
    assert latest["run"] == second
    # 905 / 1300 = 0.696 -> ceiling 1; EJ 0.696 is below 0.70 -> D
    assert (latest["required_exact"], latest["required"], latest["ej"], latest["pj"]) == (
        "0.696",
        1,
        "0.696",
        "D",
    )
    older = only(api_client.get(RESULTS, {"position": world.worked.pk, "run": first}))
    assert (older["run"], older["pj"]) == (first, "C")


def test_results_filter_by_agency_level_pj_and_shortage(api_client, world):
    analysis.run_analysis(region=world.region)
    api_client.force_authenticate(world.hr)

    short = api_client.get(RESULTS, {"shortage": "true", "level": "position"}).data
    assert [r["position"] for r in short["results"]] == [world.nurse.pk]
    in_dishub = api_client.get(RESULTS, {"agency": world.dishub.pk, "level": "position"}).data
    assert {r["position"] for r in in_dishub["results"]} >= {world.clerk.pk, world.untasked.pk}
    untasked = next(r for r in in_dishub["results"] if r["position"] == world.untasked.pk)
    assert (untasked["analysed"], untasked["required"], untasked["gap"], untasked["pj"]) == (
        False,
        None,
        None,
        "",
    )
    grade_c = api_client.get(RESULTS, {"pj": "C", "level": "position"}).data
    assert [r["position"] for r in grade_c["results"]] == [world.worked.pk]
    assert set(short) == {"count", "next", "previous", "results"}


def test_agency_rows_of_the_latest_run_list_the_most_short_staffed_first(api_client, world):
    analysis.run_analysis(region=world.region)
    api_client.force_authenticate(world.walikota)

    rows = api_client.get(AGENCIES).data["results"]

    assert rows[0]["agency"] == world.dinkes.pk
    dinkes = rows[0]
    assert (dinkes["level"], dinkes["required"], dinkes["current"], dinkes["shortage"]) == ("agency", 4, 3, 1)
    dishub = next(r for r in rows if r["agency"] == world.dishub.pk)
    assert (dishub["surplus"], dishub["not_analysed"]) == (4, 2)  # the untasked post and the head post


def test_an_agency_head_sees_only_the_own_agency(api_client, world):
    analysis.run_analysis(region=world.region)
    api_client.force_authenticate(world.kadinkes)

    rows = api_client.get(RESULTS).data["results"]
    assert rows and {r["agency"] for r in rows} == {world.dinkes.pk}
    assert api_client.get(RESULTS, {"agency": world.dishub.pk}).data["count"] == 0
    assert {r["agency"] for r in api_client.get(AGENCIES).data["results"]} == {world.dinkes.pk}
    assert {t["agency"] for t in api_client.get(TASKS).data["results"]} == {world.dinkes.pk}


def test_a_plain_employee_gets_403_and_an_anonymous_caller_401(api_client, world):
    analysis.run_analysis(region=world.region)

    assert api_client.get(RESULTS).status_code == 401
    api_client.force_authenticate(world.pegawai)
    for url in (RESULTS, AGENCIES, TASKS, RUNS):
        assert api_client.get(url).status_code == 403, url


def test_only_hr_may_start_a_run(api_client, world, django_capture_on_commit_callbacks):
    for user in (world.kadinkes, world.auditor, world.walikota, world.pegawai):
        assert start_run(api_client, user, django_capture_on_commit_callbacks).status_code == 403
    assert not WorkloadRun.objects.exists()


def test_bad_input_answers_400_with_field_messages(api_client, world, django_capture_on_commit_callbacks):
    analysis.run_analysis(region=world.region)
    api_client.force_authenticate(world.hr)

    assert "pj" in api_client.get(RESULTS, {"pj": "Z"}).data
    assert api_client.get(RESULTS, {"pj": "Z"}).status_code == 400
    assert api_client.get(RESULTS, {"run": "abc"}).status_code == 400
    assert api_client.get(RESULTS, {"run": 999999}).status_code == 404
    response = start_run(api_client, world.hr, django_capture_on_commit_callbacks, region=999999)
    assert response.status_code == 400 and "region" in response.data


def test_runs_list_and_detail_show_status_progress_and_duration(api_client, world):
    run = analysis.run_analysis(region=world.region)
    api_client.force_authenticate(world.kadinkes)

    listed = api_client.get(RUNS).data
    assert listed["count"] == 1
    detail = api_client.get(f"{RUNS}{run.pk}/").data
    assert detail["status"] == WorkloadRunStatus.FINISHED
    assert (detail["agencies_done"], detail["agencies_total"], detail["progress_percent"]) == (3, 3, 100)
    assert detail["duration_seconds"] is not None
    assert detail["policy_snapshot"]["effective_hours_per_year"] == 1250
    assert api_client.get(f"{RUNS}999999/").status_code == 404


def test_without_a_finished_run_results_are_empty_not_an_error(api_client, world):
    WorkloadRun.objects.create(region=world.region, status=WorkloadRunStatus.FAILED)
    api_client.force_authenticate(world.hr)

    assert api_client.get(RESULTS).data["count"] == 0
    assert api_client.get(AGENCIES).data["count"] == 0


def test_the_openapi_schema_documents_the_workload_endpoints_and_their_filters():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    paths = schema["paths"]
    for path in (
        "workload/tasks/",
        "workload/runs/",
        "workload/runs/{id}/",
        "workload/results/",
        "workload/agencies/",
    ):
        assert f"/api/v1/{path}" in paths
    params = {p["name"] for p in paths["/api/v1/workload/results/"]["get"]["parameters"]}
    assert {"agency", "position", "pj", "shortage", "level", "run", "page"} <= params
    assert "202" in paths["/api/v1/workload/runs/"]["post"]["responses"]
