"""A database migrated from the schema before the workload app existed keeps every workload row (issue 15,
point 4): built at instansi 0009 / planning 0001 with the historical models, migrated to the latest
state, compared row by row and field by field. Runs on PostgreSQL and on SQLite."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps as current_apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tests.migrating import migrate

BEFORE = [
    ("instansi", "0009_employee_agency_count_index"),
    ("planning", "0001_initial"),
    ("workload", None),
]
MOVED = ("WorkloadTask", "HistoricalWorkloadTask", "WorkloadRun", "WorkloadResult")


def _rows(model) -> list[dict]:
    return list(model.objects.order_by("pk").values())


def _seed(apps) -> None:
    """One region with an agency, a unit, a post and its tasks, a finished run with its position and
    agency rows, and a transfer plan built on that run: written with the models as they were."""
    User = apps.get_model("core", "User")
    Region = apps.get_model("instansi", "Region")
    Agency = apps.get_model("instansi", "Agency")
    Unit = apps.get_model("instansi", "Unit")
    Position = apps.get_model("instansi", "Position")
    WorkloadTask = apps.get_model("instansi", "WorkloadTask")
    HistoricalWorkloadTask = apps.get_model("instansi", "HistoricalWorkloadTask")
    WorkloadRun = apps.get_model("instansi", "WorkloadRun")
    WorkloadResult = apps.get_model("instansi", "WorkloadResult")
    TransferPlan = apps.get_model("planning", "TransferPlan")

    hr = User.objects.create(username="bkpsdm-lama")
    region = Region.objects.create(name="Pemerintah Kota Lama", kind="kota")
    agency = Agency.objects.create(region=region, code="DINKES", name="Dinas Kesehatan", kind="dinas")
    unit = Unit.objects.create(agency=agency, code="DINKES-YANKES", name="Bidang Pelayanan Kesehatan")
    post = Position.objects.create(
        agency=agency, unit=unit, code="DINKES-DOKTER", title="Dokter Ahli Pertama", kind="ahli_pertama"
    )
    for description, volume, minutes in (
        ("Pemeriksaan pasien", "3000.00", "20.00"),
        ("Rujukan", "150.50", "45.25"),
    ):
        task = WorkloadTask.objects.create(
            position=post,
            description=description,
            output_unit="pasien",
            annual_volume=Decimal(volume),
            standard_minutes=Decimal(minutes),
        )
        HistoricalWorkloadTask.objects.create(
            id=task.pk,
            created_at=task.created_at,
            updated_at=task.updated_at,
            description=description,
            output_unit="pasien",
            annual_volume=Decimal(volume),
            standard_minutes=Decimal(minutes),
            position=post,
            history_date=timezone.now(),
            history_type="+",
            history_user=hr,
        )
    started = timezone.now() - dt.timedelta(minutes=5)
    run = WorkloadRun.objects.create(
        region=region,
        status="finished",
        triggered_by=hr,
        started_at=started,
        finished_at=started + dt.timedelta(seconds=3),
        agencies_total=1,
        agencies_done=1,
        agency_ids=[agency.pk],
        policy_snapshot={"effective_hours_per_year": 1250, "rounding": "half_up"},
    )
    common = {"run": run, "agency": agency, "workload_hours": Decimal("1113.58"), "current": 1}
    WorkloadResult.objects.create(
        **common,
        level="position",
        unit=unit,
        position=post,
        required_exact=Decimal("0.891"),
        required=1,
        gap=0,
        ej=Decimal("0.891"),
        pj="C",
    )
    WorkloadResult.objects.create(
        **common, level="agency", required_exact=Decimal("0.891"), required=1, gap=0, shortage=0, surplus=0
    )
    TransferPlan.objects.create(region=region, created_by=hr, workload_run=run, name="Rencana 2026")


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_workload_app_keeps_every_run_result_task_and_plan_link():
    try:
        old_apps = migrate(BEFORE)
        # The permission HR was granted on runs before the move, on the content type it had then.
        hr_group = Group.objects.create(name="hr-lama")
        old_type = ContentType.objects.get(app_label="instansi", model="workloadrun")
        hr_group.permissions.add(Permission.objects.get(content_type=old_type, codename="view_workloadrun"))
        _seed(old_apps)
        before = {name: _rows(old_apps.get_model("instansi", name)) for name in MOVED}
        plan_before = _rows(old_apps.get_model("planning", "TransferPlan"))

        new_apps = migrate()

        for name in MOVED:
            assert _rows(new_apps.get_model("workload", name)) == before[name], name
            # The models the code uses read the same rows (nothing but the state moved).
            assert _rows(current_apps.get_model("workload", name)) == before[name], name
        assert [len(before[name]) for name in MOVED] == [2, 2, 1, 2]
        TransferPlan = current_apps.get_model("planning", "TransferPlan")
        assert _rows(TransferPlan) == plan_before
        plan = TransferPlan.objects.select_related("workload_run").get()
        assert plan.workload_run.pk == before["WorkloadRun"][0]["id"]
        assert plan.workload_run.results.count() == 2
        # Same content type row, relabelled: the group keeps its permission, the old label is gone.
        ContentType.objects.clear_cache()
        new_type = ContentType.objects.get(app_label="workload", model="workloadrun")
        assert new_type.pk == old_type.pk
        assert not ContentType.objects.filter(
            app_label="instansi", model__in=[m.lower() for m in MOVED]
        ).exists()
        assert hr_group.permissions.filter(content_type=new_type, codename="view_workloadrun").exists()
    finally:
        migrate()  # whatever happened, the next test finds the latest schema
        ContentType.objects.clear_cache()
