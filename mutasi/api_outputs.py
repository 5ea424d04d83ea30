"""Output shapes of the transfer API (read-only serializers) used by mutasi.api, and `person_name`,
how every mutasi API answer shows an account (also used by api_delegations and api_evaluations)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from core import rows
from instansi.models import Employee
from mutasi.choices import Decision
from mutasi.models import ApprovalStep, Attachment, Decree, TransferRequest


def person_name(user) -> str | None:
    """How an account is shown in an answer: its full name, else its username."""
    if user is None:
        return None
    return user.get_full_name() or user.username


# --- Hand-written rows of the hot outputs ------------------------------------------------------------
# The transfer list, detail and action answers are the most requested API shapes (the load test
# reads a detail for every approval). DRF spends most of their CPU per field (attribute lookup,
# signature inspection of callables, nested serializer machinery), so the rows below are written out
# by hand. They give exactly what the declared serializers give (same keys, order and values:
# tests/mutasi/test_api_outputs.py compares them with DRF's own rendering); the serializers remain the
# contract and the OpenAPI schema. Date and time values go through DRF's own fields (time zone, ISO).


def _labels(model, field_name: str) -> dict:
    # What get_<field>_display looks up, built once: Django rebuilds (and hashes every lazy label of)
    # the whole choice list on each call. The labels stay lazy: translated when shown.
    return dict(model._meta.get_field(field_name).flatchoices)


_STATUS_LABELS = _labels(TransferRequest, "status")
_STAGE_LABELS = _labels(ApprovalStep, "stage")
_DECISION_LABELS = _labels(ApprovalStep, "decision")
_KIND_LABELS = _labels(Attachment, "kind")


def _label(labels: dict, value) -> str | None:
    """`str(get_<field>_display())`: the label of a known value, else the value itself."""
    return None if value is None else str(labels.get(value, value))


def _step_row(step: ApprovalStep) -> dict:
    return {
        "id": step.id,
        "round": step.round,
        "order": step.order,
        "stage": rows.text(step.stage),
        "stage_label": _label(_STAGE_LABELS, step.stage),
        "approver_title": rows.text(step.approver_title),
        "approver_position": step.approver_position_id,
        "approver_group": rows.text(step.approver_group),
        "due_date": rows.date(step.due_date),
        "decision": rows.text(step.decision),
        "decision_label": _label(_DECISION_LABELS, step.decision),
        "actor": person_name(step.actor),
        "on_behalf_of": person_name(step.on_behalf_of),
        "note": rows.text(step.note),
        "decided_at": rows.datetime(step.decided_at),
        "overdue": _step_overdue(step),
    }


def _step_overdue(step: ApprovalStep) -> bool:
    return bool(step.decision == Decision.PENDING and step.due_date and step.due_date < timezone.localdate())


def _attachment_url(attachment: Attachment) -> str:
    return reverse("api-mutasi-attachment-download", args=[attachment.pk])


def _attachment_row(attachment: Attachment) -> dict:
    return {
        "id": attachment.id,
        "kind": rows.text(attachment.kind),
        "kind_label": _label(_KIND_LABELS, attachment.kind),
        "original_name": rows.text(attachment.original_name),
        "content_type": rows.text(attachment.content_type),
        "size": attachment.size,
        "sha256": rows.text(attachment.sha256),
        "uploaded_at": rows.datetime(attachment.uploaded_at),
        "url": _attachment_url(attachment),
    }


def _transfer_row(transfer: TransferRequest) -> dict:
    employee = transfer.employee
    destination = transfer.destination_position
    destination_agency = transfer.destination_agency
    return {
        "id": transfer.id,
        "number": rows.text(transfer.number),
        "status": rows.text(transfer.status),
        "status_label": _label(_STATUS_LABELS, transfer.status),
        "kind": rows.text(transfer.kind),
        "initiated_by": rows.text(transfer.initiated_by),
        "current_stage": rows.text(transfer.current_stage),
        "employee": None
        if employee is None
        else {
            "id": employee.id,
            "nip": rows.text(employee.nip),
            "name": rows.text(employee.name),
            "full_name": employee.full_name,
        },
        "origin_position": transfer.origin_position_id,
        "origin_position_title": rows.text(transfer.origin_position_title),
        "origin_agency_name": rows.text(transfer.origin_agency_name),
        "destination_position": transfer.destination_position_id,
        # The serializer's default "" when the request has no destination post / agency (external).
        "destination_title": "" if destination is None else rows.text(destination.title),
        "destination_agency_name": "" if destination_agency is None else rows.text(destination_agency.name),
        "external_instansi": rows.text(transfer.external_instansi),
        "created_at": rows.datetime(transfer.created_at),
        "submitted_at": rows.datetime(transfer.submitted_at),
        "decided_at": rows.datetime(transfer.decided_at),
    }


def _decree_row(decree: Decree | None) -> dict | None:
    if decree is None:
        return None
    return {
        "id": decree.id,
        "number": rows.text(decree.number),
        "date": rows.date(decree.date),
        "tmt": rows.date(decree.tmt),
    }


class StepOutput(serializers.ModelSerializer):
    stage_label = serializers.CharField(source="get_stage_display")
    decision_label = serializers.CharField(source="get_decision_display")
    actor = serializers.SerializerMethodField()
    on_behalf_of = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ApprovalStep
        fields = [
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

    def get_actor(self, obj) -> str | None:
        return person_name(obj.actor)

    def get_on_behalf_of(self, obj) -> str | None:
        return person_name(obj.on_behalf_of)

    def get_overdue(self, obj) -> bool:
        return _step_overdue(obj)


class AttachmentOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
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

    def get_url(self, obj) -> str:
        return _attachment_url(obj)


class EmployeeBrief(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = ["id", "nip", "name", "full_name"]


class TransferListOutput(serializers.ModelSerializer):
    employee = EmployeeBrief()
    status_label = serializers.CharField(source="get_status_display")
    destination_title = serializers.CharField(source="destination_position.title", default="")
    destination_agency_name = serializers.CharField(source="destination_agency.name", default="")

    class Meta:
        model = TransferRequest
        fields = [
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

    def to_representation(self, instance):
        return _transfer_row(instance)


class DecreeBrief(serializers.ModelSerializer):
    class Meta:
        model = Decree
        fields = ["id", "number", "date", "tmt"]


class TransferDetailOutput(TransferListOutput):
    steps = StepOutput(many=True)
    attachments = AttachmentOutput(many=True)
    decree = DecreeBrief(allow_null=True)

    class Meta(TransferListOutput.Meta):
        fields = [
            *TransferListOutput.Meta.fields,
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

    def to_representation(self, instance):
        row = _transfer_row(instance)
        row.update(
            reason=rows.text(instance.reason),
            preferences=instance.preferences,
            round=instance.round,
            eligibility_snapshot=instance.eligibility_snapshot,
            eligibility_rechecked=instance.eligibility_rechecked,
            override_reason=rows.text(instance.override_reason),
            pilkada_letter_number=rows.text(instance.pilkada_letter_number),
            milestones=instance.milestones,
            swap_with=instance.swap_with_id,
            decree=_decree_row(instance.decree),
            completed_at=rows.datetime(instance.completed_at),
            steps=[_step_row(step) for step in instance.steps.all()],
            attachments=[_attachment_row(attachment) for attachment in instance.attachments.all()],
        )
        return row


class CheckOutput(serializers.Serializer):
    code = serializers.CharField()
    passed = serializers.BooleanField()
    reason = serializers.CharField()
    value = serializers.JSONField(allow_null=True)
    blocking = serializers.BooleanField()


class ChecklistOutput(serializers.Serializer):
    passed = serializers.BooleanField()
    checked_on = serializers.CharField()
    items = CheckOutput(many=True)


class AuditOutput(serializers.Serializer):
    created_at = serializers.DateTimeField()
    action = serializers.CharField()
    actor = serializers.SerializerMethodField()
    on_behalf_of = serializers.SerializerMethodField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField()
    flagged = serializers.BooleanField()

    def get_actor(self, obj) -> str | None:
        return person_name(obj.actor)

    def get_on_behalf_of(self, obj) -> str | None:
        return person_name(obj.on_behalf_of)


class InboxOutput(StepOutput):
    request = TransferListOutput()

    class Meta(StepOutput.Meta):
        fields = [*StepOutput.Meta.fields, "request"]
