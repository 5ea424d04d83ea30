"""Old workload runs are deleted on the nightly schedule; what the dashboards, the history and the
transfer plans rely on is kept (workload.services.workload_runs_prune)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.celery import app
from config.schedules import SCHEDULES
from core.models import AuditEvent
from instansi.models import Policy
from planning.models import TransferPlan
from tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PositionFactory,
    RegionFactory,
    UserFactory,
    WorkloadTaskFactory,
)
from workload import analysis, selectors, services
from workload.models import WorkloadResult, WorkloadRun, WorkloadRunStatus
from workload.selectors import TREND_RUNS
from workload.tasks import workload_prune_task

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 3, 0))


@pytest.fixture
def region():
    region = RegionFactory()
    agency = AgencyFactory(region=region)
    post = PositionFactory(agency=agency)
    WorkloadTaskFactory(position=post, annual_volume=1250, standard_minutes=60)
    EmployeeFactory(position=post)
    return region


def runs_made_on(region, dates, status=WorkloadRunStatus.FINISHED):
    """One real analysis run (with its result rows) per date, `created_at` set to that date."""
    runs = []
    for day in dates:
        run = analysis.run_analysis(region=region)
        WorkloadRun.objects.filter(pk=run.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(day, dt.time(1, 30))), status=status
        )
        runs.append(run.pk)
    return runs


def test_old_runs_go_with_their_results_and_the_trend_the_months_last_runs_and_recent_runs_stay(region):
    Policy.objects.update_or_create(region=region, defaults={"workload_keep_days": 30})
    # 40 nightly runs from 1 July to 9 August (all older than 30 days), then 10 recent ones.
    july_august = runs_made_on(region, [dt.date(2026, 7, 1) + dt.timedelta(days=i) for i in range(40)])
    recent = runs_made_on(region, [dt.date(2026, 11, 10) + dt.timedelta(days=i) for i in range(TREND_RUNS)])
    failed_old = runs_made_on(region, [dt.date(2026, 8, 15)], status=WorkloadRunStatus.FAILED)
    running_old = runs_made_on(region, [dt.date(2026, 8, 16)], status=WorkloadRunStatus.RUNNING)
    last_of_july, last_of_august = july_august[30], july_august[39]  # 31 July, 9 August
    rows_per_run = WorkloadResult.objects.filter(run_id=recent[0]).count()
    assert rows_per_run >= 2  # the post's row and the agency's row

    deleted = services.workload_runs_prune(region=region, now=NOW)

    expected = sorted(set(july_august) - {last_of_july, last_of_august}) + failed_old
    assert deleted == sorted(expected)
    remaining = set(WorkloadRun.objects.filter(region=region).values_list("pk", flat=True))
    assert remaining == {last_of_july, last_of_august, *recent, *running_old}
    assert not WorkloadResult.objects.filter(run_id__in=deleted).exists()
    assert WorkloadResult.objects.filter(run_id__in=remaining).count() == rows_per_run * len(remaining)
    event = AuditEvent.objects.get(action="workload.runs_prune")
    assert event.data["runs"] == deleted
    assert event.data["results"] == rows_per_run * len(deleted)
    assert "30 hari" in event.note
    # Nothing more to delete: a second night deletes nothing and writes no audit row.
    assert services.workload_runs_prune(region=region, now=NOW) == []
    assert AuditEvent.objects.filter(action="workload.runs_prune").count() == 1


def test_the_last_runs_stay_whatever_their_age_so_the_dashboard_trend_is_whole(region):
    Policy.objects.update_or_create(region=region, defaults={"workload_keep_days": 7})
    # Runs every day of one month, all long ago: the newest TREND_RUNS stay (the month's last is among them).
    runs = runs_made_on(region, [dt.date(2026, 3, 1) + dt.timedelta(days=i) for i in range(15)])

    deleted = services.workload_runs_prune(region=region, now=NOW)

    assert deleted == runs[: 15 - TREND_RUNS]
    hr = UserFactory(username="hr-retention", groups=["hr"])
    agency_id = WorkloadResult.objects.filter(run_id=runs[-1]).values_list("agency_id", flat=True)[0]
    board = selectors.workload_dashboard(viewer=hr, agency_id=agency_id)
    summary = selectors.workload_dashboard_summary(board=board)
    assert [point.run_id for point in summary.trend] == runs[15 - TREND_RUNS :]


def test_a_run_a_transfer_plan_was_built_on_is_kept(region):
    Policy.objects.update_or_create(region=region, defaults={"workload_keep_days": 30})
    old = runs_made_on(region, [dt.date(2026, 5, 3), dt.date(2026, 5, 4), dt.date(2026, 5, 5)])
    runs_made_on(region, [dt.date(2026, 11, 1) + dt.timedelta(days=i) for i in range(TREND_RUNS)])
    TransferPlan.objects.create(region=region, workload_run_id=old[0], created_by=UserFactory())

    deleted = services.workload_runs_prune(region=region, now=NOW)

    assert deleted == [old[1]]  # old[0]: the plan's; old[2]: the last of May
    assert TransferPlan.objects.get().workload_run_id == old[0]


def test_other_regions_runs_are_not_touched(region):
    other = RegionFactory(name="Pemerintah Kabupaten Lain")
    AgencyFactory(region=other)
    theirs = runs_made_on(other, [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(TREND_RUNS + 3)])

    assert services.workload_runs_prune(region=region, now=NOW) == []
    assert WorkloadRun.objects.filter(pk__in=theirs).count() == len(theirs)


def test_the_nightly_clean_up_task_prunes_every_region_and_is_scheduled(region):
    other = RegionFactory(name="Pemerintah Kabupaten Lain")
    AgencyFactory(region=other)
    long_ago = [dt.date(2025, 3, 1) + dt.timedelta(days=i) for i in range(TREND_RUNS + 2)]  # one month
    ours, theirs = runs_made_on(region, long_ago), runs_made_on(other, long_ago)

    assert workload_prune_task() == 4  # two of each region's runs: the rest are the trend
    assert not WorkloadRun.objects.filter(pk__in=ours[:2] + theirs[:2]).exists()
    assert WorkloadRun.objects.filter(pk__in=ours[2:] + theirs[2:]).count() == 2 * TREND_RUNS
    app.loader.import_default_modules()
    scheduled = {task for task, _cron in SCHEDULES.values()}
    assert "instansi.tasks.workload_prune_task" in scheduled
    assert scheduled <= set(app.tasks)  # every schedule names a task the worker knows


def test_the_policy_refuses_keeping_runs_less_than_a_week(region):
    policy, _ = Policy.objects.get_or_create(region=region)
    policy.workload_keep_days = 3
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert "workload_keep_days" in error.value.message_dict
