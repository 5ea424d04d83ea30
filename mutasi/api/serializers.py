"""Output shapes of the transfer API (read-only serializers) used by mutasi.api.transfers, and
`person_name`, how every mutasi API answer shows an account (also used by mutasi.api.delegations and
mutasi.api.evaluations).
The transfer list, detail and action answers are the most requested shapes: they are rendered by
core.fast_output (`FastOutput`), which answers what DRF answers."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from core.fast_output import FastOutput
from core.types import Actor
from instansi.models import Employee
from mutasi.choices import Decision
from mutasi.models import ApprovalStep, Attachment, Decree, TransferRequest


def person_name(user: Actor | None) -> str | None:
    """How an account is shown in an answer: its full name, else its username."""
    if user is None:
        return None
    return user.display_name


class StepOutput(FastOutput, serializers.ModelSerializer):
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
        return bool(obj.decision == Decision.PENDING and obj.due_date and obj.due_date < timezone.localdate())


class AttachmentOutput(FastOutput, serializers.ModelSerializer):
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
        return reverse("api-mutasi-attachment-download", args=[obj.pk])


class EmployeeBrief(FastOutput, serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = ["id", "nip", "name", "full_name"]


class TransferListOutput(FastOutput, serializers.ModelSerializer):
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


class DecreeBrief(FastOutput, serializers.ModelSerializer):
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


class CheckOutput(serializers.Serializer):
    code = serializers.CharField()
    passed = serializers.BooleanField()
    reason = serializers.CharField()
    value = serializers.JSONField(allow_null=True)
    blocking = serializers.BooleanField()
    manual = serializers.BooleanField(required=False, default=False)


class ChecklistOutput(serializers.Serializer):
    passed = serializers.BooleanField()
    answer = serializers.CharField(required=False)
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


class ConsultationOutput(serializers.Serializer):
    """The employee's answer to a move they did not ask for: the answer for whoever sees the request;
    category, reasons and documents empty unless `private` (the employee, HR and the request's
    deciders may read them)."""

    id = serializers.IntegerField(source="consultation.pk")
    step = serializers.IntegerField(source="step.pk")
    round = serializers.IntegerField(source="step.round")
    due_date = serializers.DateField(source="step.due_date", allow_null=True)
    answer = serializers.CharField(source="consultation.answer")
    answer_label = serializers.CharField()
    answered_at = serializers.DateTimeField(source="consultation.answered_at", allow_null=True)
    private = serializers.BooleanField()
    category = serializers.SerializerMethodField()
    category_label = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()
    protecting = serializers.BooleanField(source="consultation.protecting")
    blocking = serializers.BooleanField(source="consultation.is_blocking")
    override_reason = serializers.CharField(source="consultation.override_reason")
    overridden_at = serializers.DateTimeField(source="consultation.overridden_at", allow_null=True)
    documents = AttachmentOutput(many=True)

    def get_category(self, obj) -> str:
        return obj.consultation.category if obj.private else ""

    def get_category_label(self, obj) -> str:
        return (
            str(obj.consultation.get_category_display()) if obj.private and obj.consultation.category else ""
        )

    def get_reasons(self, obj) -> str:
        return obj.consultation.reasons if obj.private else ""
