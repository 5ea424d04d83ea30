"""Decrees, execution on TMT, deadlines and reminders (issue 5, points 5-7)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from core.formatting import date_long
from core.models import AuditEvent, Notification
from instansi.models import Employee, PlacementHistory
from mutasi import services
from mutasi.models import ApprovalStep, Decree, PostTransferEvaluation, TransferRequest
from mutasi.services.common import add_working_days
from mutasi.tasks import deadline_reminders_task, execute_due_transfers_task

pytestmark = pytest.mark.django_db
JAKARTA = dt.timezone(dt.timedelta(hours=7))


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def approved(world, submitted):
    for user in (world.atasan, world.kadishub, world.kadinkes, world.bkpsdm, world.sekda, world.walikota):
        services.transfer_approve(request_id=submitted.pk, actor=user)
    return TransferRequest.objects.get(pk=submitted.pk)


def test_decree_numbers_follow_the_policy_pattern_and_a_yearly_sequence(
    world, approved, django_capture_on_commit_callbacks
):
    world.policy.decree_number_pattern = "821.2/{seq}/BKPSDM/{year}"
    world.policy.save()
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        decree = services.decree_issue(
            actor=world.bkpsdm, request_ids=[approved.pk], date=today, tmt=today, signer=world.sekda.employee
        )
    assert decree.number == f"821.2/1/BKPSDM/{today.year}"
    assert decree.on_behalf is True  # Sekda signs "a.n. Walikota"
    decree.refresh_from_db()
    assert decree.pdf.read(5) == b"%PDF-"
    assert len(decree.pdf_sha256) == 64
    assert AuditEvent.objects.filter(action="decree.issue").count() == 1
    assert AuditEvent.objects.filter(action="transfer.decree", target_id=str(approved.pk)).count() == 1
    from mutasi.services.decree import next_decree_seq

    assert next_decree_seq(region_id=world.region.pk, year=today.year) == 2
    assert next_decree_seq(region_id=world.region.pk, year=today.year + 1) == 1


def test_only_hr_issues_decrees_and_only_for_approved_requests(world, submitted, approved):
    today = timezone.localdate().isoformat()
    body = {"requests": [approved.pk], "date": today, "tmt": today, "signer": world.walikota.employee.pk}
    assert _api(world.pegawai).post("/api/v1/decrees/", body, format="json").status_code == 403
    assert _api(world.bkpsdm).post("/api/v1/decrees/", body, format="json").status_code == 201
    again = _api(world.bkpsdm).post("/api/v1/decrees/", body, format="json")
    assert again.status_code == 409
    assert Decree.objects.count() == 1


def test_the_decree_pdf_is_downloadable_by_those_concerned_only(
    world, approved, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        decree = services.decree_issue(
            actor=world.bkpsdm,
            request_ids=[approved.pk],
            date=today,
            tmt=today,
            signer=world.walikota.employee,
        )
    url = f"/api/v1/decrees/{decree.pk}/pdf/"
    for user in (world.pegawai, world.bkpsdm, world.kadishub, world.kadinkes, world.auditor):
        assert _api(user).get(url).status_code == 200, user
    assert _api(world.other).get(url).status_code == 404
    assert _api(world.other).get("/api/v1/decrees/").json()["count"] == 0


def test_execution_moves_the_employee_on_tmt_once_and_schedules_two_evaluations(world, approved):
    today = timezone.localdate()
    tmt = today + dt.timedelta(days=3)
    decree = services.decree_issue(
        actor=world.bkpsdm, request_ids=[approved.pk], date=today, tmt=tmt, signer=world.walikota.employee
    )
    assert execute_due_transfers_task.delay().get() == 0
    with time_machine.travel(dt.datetime.combine(tmt, dt.time(0, 5), tzinfo=JAKARTA), tick=False):
        assert execute_due_transfers_task.delay().get() == 1
        snapshot = (
            list(PlacementHistory.objects.order_by("pk").values_list("pk", "end", "start")),
            list(PostTransferEvaluation.objects.values_list("pk", flat=True)),
            AuditEvent.objects.count(),
        )
        assert execute_due_transfers_task.delay().get() == 0
        assert snapshot == (
            list(PlacementHistory.objects.order_by("pk").values_list("pk", "end", "start")),
            list(PostTransferEvaluation.objects.values_list("pk", flat=True)),
            AuditEvent.objects.count(),
        )
    employee = Employee.objects.get(pk=world.pegawai_emp.pk)
    assert (employee.position_id, employee.position_since) == (world.destination.pk, tmt)
    new = PlacementHistory.objects.get(employee=employee, end__isnull=True)
    assert (new.position_id, new.decree_number, new.start) == (world.destination.pk, decree.number, tmt)
    assert PlacementHistory.objects.get(
        employee=employee, position=world.pegawai_post
    ).end == tmt - dt.timedelta(days=1)
    assert TransferRequest.objects.get(pk=approved.pk).status == "completed"
    assert PostTransferEvaluation.objects.filter(request=approved).count() == 2
    assert AuditEvent.objects.filter(action="transfer.complete").count() == 1
    # The employee and the new head are told, with the TMT in words (never 2026-12-09).
    told = Notification.objects.get(recipient=world.pegawai, title__contains="dilaksanakan")
    assert date_long(tmt) in told.title and tmt.isoformat() not in told.title
    assert Notification.objects.filter(recipient=world.kadinkes, title=told.title).exists()


def test_the_new_head_rates_adaptation_and_the_employee_adds_their_view(world, approved):
    today = timezone.localdate()
    services.decree_issue(
        actor=world.bkpsdm, request_ids=[approved.pk], date=today, tmt=today, signer=world.walikota.employee
    )
    services.execute_due_transfers(today=today)
    evaluation = PostTransferEvaluation.objects.get(request=approved, months_after=3)
    with pytest.raises(Exception) as exc:
        services.evaluation_rate(evaluation_id=evaluation.pk, actor=world.kadishub, adaptation="good")
    assert exc.type.__name__ == "PermissionDenied"
    # Filled once the three months have passed (before that: 409, see tests/mutasi/test_evaluations.py).
    services.evaluation_rate(
        evaluation_id=evaluation.pk,
        actor=world.kadinkes,
        adaptation="good",
        training_needs="Pelatihan SIMPUS",
        today=evaluation.due_date,
    )
    services.evaluation_answer(
        evaluation_id=evaluation.pk,
        actor=world.pegawai,
        view="Saya cepat beradaptasi.",
        today=evaluation.due_date,
    )
    evaluation.refresh_from_db()
    assert (evaluation.adaptation, evaluation.training_needs, evaluation.employee_view) == (
        "good",
        "Pelatihan SIMPUS",
        "Saya cepat beradaptasi.",
    )
    assert AuditEvent.objects.filter(action__in=["evaluation.rate", "evaluation.answer"]).count() == 2


def test_stage_deadlines_count_working_days_from_the_policy():
    friday = dt.date(2026, 11, 20)
    assert add_working_days(friday, 1) == dt.date(2026, 11, 23)  # Monday
    assert add_working_days(friday, 5) == dt.date(2026, 11, 27)


def test_the_first_step_gets_its_due_date_from_the_policy(world):
    world.policy.stage_deadlines = {**world.policy.stage_deadlines, "supervisor": 2}
    world.policy.save()
    from tests.mutasi.conftest import upload_required

    draft = services.transfer_create(
        actor=world.pegawai,
        employee=world.pegawai_emp,
        destination_position=world.destination,
        kind="between_agencies",
        reason="x",
    )
    upload_required(draft, world.pegawai)
    request = services.transfer_submit(request_id=draft.pk, actor=world.pegawai)
    step = request.steps.get(stage="supervisor")
    assert step.due_date == add_working_days(timezone.localdate(), 2)


def test_reminders_go_to_approvers_the_day_before_and_overdue_steps_escalate_to_hr_once(world, submitted):
    step = ApprovalStep.objects.get(request=submitted, stage="supervisor")
    day_before = step.due_date - dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(day_before, dt.time(7), tzinfo=JAKARTA), tick=False):
        assert deadline_reminders_task.delay().get() == {"reminded": 1, "escalated": 0}
        assert deadline_reminders_task.delay().get() == {"reminded": 0, "escalated": 0}
    assert Notification.objects.filter(recipient=world.atasan, title__startswith="Pengingat").count() == 1
    late = step.due_date + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(late, dt.time(7), tzinfo=JAKARTA), tick=False):
        assert deadline_reminders_task.delay().get() == {"reminded": 0, "escalated": 1}
        assert deadline_reminders_task.delay().get() == {"reminded": 0, "escalated": 0}
        overdue = _api(world.bkpsdm).get("/api/v1/transfers/", {"overdue": "true"}).json()
        assert [r["id"] for r in overdue["results"]] == [submitted.pk]
    assert Notification.objects.filter(recipient=world.bkpsdm, title__startswith="Terlambat").count() == 1
    assert AuditEvent.objects.filter(action="transfer.overdue").count() == 1
