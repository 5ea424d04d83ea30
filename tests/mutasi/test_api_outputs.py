"""The transfer JSON the API gives (mutasi.api.serializers): the keys in a fixed order, the list row
equal to the head of the detail, labels in Indonesian, dates in ISO and times in Jakarta time, in
every state a request goes through (draft, overdue step, decision on behalf of another, decree,
external)."""

import datetime as dt

import pytest
from django.utils import timezone

from mutasi.choices import Decision
from mutasi.models import ApprovalStep, TransferRequest
from tests.instansi.test_api import as_user
from tests.mutasi.conftest import APPROVERS

pytestmark = pytest.mark.django_db

LIST_KEYS = [
    "id",
    "number",
    "status",
    "status_label",
    "kind",
    "initiated_by",
    "current_stage",
    "employee",
    "origin_position",
    "origin_position_title",
    "origin_agency_name",
    "destination_position",
    "destination_title",
    "destination_agency_name",
    "external_instansi",
    "created_at",
    "submitted_at",
    "decided_at",
]
DETAIL_KEYS = [
    *LIST_KEYS,
    "reason",
    "preferences",
    "round",
    "eligibility_snapshot",
    "eligibility_rechecked",
    "override_reason",
    "pilkada_letter_number",
    "milestones",
    "swap_with",
    "decree",
    "completed_at",
    "steps",
    "attachments",
]
STEP_KEYS = [
    "id",
    "round",
    "order",
    "stage",
    "stage_label",
    "approver_title",
    "approver_position",
    "approver_group",
    "due_date",
    "decision",
    "decision_label",
    "actor",
    "on_behalf_of",
    "note",
    "decided_at",
    "overdue",
]
ATTACHMENT_KEYS = [
    "id",
    "kind",
    "kind_label",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "uploaded_at",
    "url",
]


def _time(value: dt.datetime | None) -> str | None:
    return None if value is None else timezone.localtime(value).isoformat()


def received(world, api_client, pk: int) -> dict:
    """The detail HR receives, after checking its shape and that the list row is its head."""
    client = as_user(api_client, world.bkpsdm)
    detail = client.get(f"/api/v1/transfers/{pk}/").json()
    listed = {row["id"]: row for row in client.get("/api/v1/transfers/").json()["results"]}
    assert list(detail) == DETAIL_KEYS
    assert listed[pk] == {key: detail[key] for key in LIST_KEYS}
    assert all(list(step) == STEP_KEYS for step in detail["steps"])
    assert all(list(attachment) == ATTACHMENT_KEYS for attachment in detail["attachments"])
    transfer = TransferRequest.objects.select_related("employee").get(pk=pk)
    employee = transfer.employee
    assert detail["employee"] == {
        "id": employee.pk,
        "nip": employee.nip,
        "name": employee.name,
        "full_name": employee.full_name,
    }
    assert detail["status_label"] == transfer.get_status_display()
    assert (detail["created_at"], detail["submitted_at"], detail["decided_at"]) == (
        _time(transfer.created_at),
        _time(transfer.submitted_at),
        _time(transfer.decided_at),
    )
    return detail


def test_a_draft_a_submitted_and_a_decided_request_as_the_api_gives_them(world, draft, api_client):
    from mutasi import services

    data = received(world, api_client, draft.pk)  # no steps yet, documents
    assert (data["status"], data["steps"]) == ("draft", [])
    attachment = data["attachments"][0]
    assert attachment["url"] == f"/api/v1/attachments/{attachment['id']}/download/"
    assert attachment["kind_label"] and attachment["uploaded_at"].endswith("+07:00")

    services.transfer_submit(request_id=draft.pk, actor=world.pegawai)
    overdue_day = timezone.localdate() - dt.timedelta(days=3)
    ApprovalStep.objects.filter(request=draft, decision=Decision.PENDING).update(due_date=overdue_day)
    data = received(world, api_client, draft.pk)
    first = data["steps"][0]
    assert (first["decision"], first["decision_label"], first["due_date"], first["overdue"]) == (
        "pending",
        "Menunggu",
        overdue_day.isoformat(),
        True,
    )
    assert first["stage_label"] == ApprovalStep.objects.get(pk=first["id"]).get_stage_display()

    for name in APPROVERS[:2]:
        services.transfer_approve(request_id=draft.pk, actor=getattr(world, name), note="Setuju.")
    ApprovalStep.objects.filter(request=draft, decision=Decision.APPROVED).update(on_behalf_of=world.sekda)
    data = received(world, api_client, draft.pk)
    decided = [step for step in data["steps"] if step["decision"] == "approved"]
    assert len(decided) == 2
    sekda = world.sekda.get_full_name() or world.sekda.username
    for step in decided:
        assert (step["on_behalf_of"], step["note"], step["overdue"]) == (sekda, "Setuju.", False)
        assert step["actor"] and step["decided_at"].endswith("+07:00")


def test_a_decreed_and_an_external_request_as_the_api_gives_them(world, moved, api_client):
    data = received(world, api_client, moved.pk)
    decree = TransferRequest.objects.select_related("decree").get(pk=moved.pk).decree
    assert data["decree"] == {
        "id": decree.pk,
        "number": decree.number,
        "date": decree.date.isoformat(),
        "tmt": decree.tmt.isoformat(),
    }
    assert data["completed_at"] == _time(moved.completed_at) and data["milestones"] == moved.milestones

    TransferRequest.objects.filter(pk=moved.pk).update(
        destination_position=None, destination_agency=None, external_instansi="Pemprov Bengkulu", number=None
    )
    data = received(world, api_client, moved.pk)
    assert (data["destination_position"], data["destination_title"], data["destination_agency_name"]) == (
        None,
        "",
        "",
    )
    assert (data["external_instansi"], data["number"]) == ("Pemprov Bengkulu", None)
