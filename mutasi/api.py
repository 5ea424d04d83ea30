"""REST API of the transfer workflow (DESIGN.md 7): one small view per operation; selectors decide
what the caller may see, services make every change."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core import access
from core.api import validated
from instansi.models import Employee, Position
from mutasi import eligibility, selectors, services
from mutasi.choices import (
    Decision,
    DelegationKind,
    DocumentKind,
    Initiator,
    Milestone,
    Stage,
    Status,
    TransferKind,
)
from mutasi.models import ApprovalStep, Attachment, Decree, Delegation, TransferRequest

User = get_user_model()


def _person(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.username


# --- output serializers ----------------------------------------------------------------------------


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
        return _person(obj.actor)

    def get_on_behalf_of(self, obj) -> str | None:
        return _person(obj.on_behalf_of)

    def get_overdue(self, obj) -> bool:
        return bool(obj.decision == Decision.PENDING and obj.due_date and obj.due_date < timezone.localdate())


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
        return reverse("api-mutasi-attachment-download", args=[obj.pk])


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


# DRF builds a ModelSerializer's fields anew for every instance (model introspection and lazy
# translations: about a third of the CPU of a detail request). The fields are stateless, so one
# instance per process renders every answer; the class still describes the schema.
_DETAIL_OUTPUT = TransferDetailOutput()


def _detail_data(transfer: TransferRequest) -> dict:
    return _DETAIL_OUTPUT.to_representation(transfer)


def _detail(request, pk: int) -> Response:
    return Response(_detail_data(selectors.transfer_get(viewer=request.user, pk=pk, with_evaluations=False)))


def _changed(transfer: TransferRequest) -> Response:
    """The answer of an action: the request the service changed and returned (locked and read in its
    transaction), with steps and documents added, instead of reading it all again."""
    return Response(_detail_data(selectors.transfer_with_details(transfer)))


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


# --- transfers -------------------------------------------------------------------------------------

LIST_PARAMETERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=Status.values, many=True),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=TransferKind.values),
    OpenApiParameter("stage", OpenApiTypes.STR, enum=Stage.values),
    OpenApiParameter("initiated_by", OpenApiTypes.STR, enum=Initiator.values),
    OpenApiParameter("employee", OpenApiTypes.INT),
    OpenApiParameter("agency", OpenApiTypes.INT),
    OpenApiParameter("destination_position", OpenApiTypes.INT),
    OpenApiParameter("overdue", OpenApiTypes.BOOL),
    OpenApiParameter("number", OpenApiTypes.STR),
]


class TransferListCreateApi(generics.ListAPIView):
    """`GET transfers/` (what the caller may see) and `POST transfers/` (a draft)."""

    serializer_class = TransferListOutput
    filter_backends: list = []

    class Input(serializers.Serializer):
        employee = serializers.IntegerField()
        destination_position = serializers.IntegerField(required=False, allow_null=True)
        kind = serializers.ChoiceField(choices=TransferKind.choices)
        reason = serializers.CharField()
        preferences = serializers.ListField(child=serializers.IntegerField(), required=False, max_length=3)
        external_instansi = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=200
        )

    def get_queryset(self):
        return selectors.transfer_list(
            viewer=self.request.user, filters=self.request.query_params, strict=True
        )

    @extend_schema(parameters=LIST_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=Input, responses={201: TransferDetailOutput})
    def post(self, request):
        data = validated(self.Input, request.data)
        employee = Employee.objects.select_related("position__agency").filter(pk=data["employee"]).first()
        if employee is None:
            raise serializers.ValidationError({"employee": [_("Pegawai tidak ditemukan.")]})
        destination = None
        if data.get("destination_position"):
            destination = (
                Position.objects.select_related("agency").filter(pk=data["destination_position"]).first()
            )
            if destination is None:
                raise serializers.ValidationError({"destination_position": [_("Jabatan tidak ditemukan.")]})
        transfer = services.transfer_create(
            actor=request.user,
            employee=employee,
            destination_position=destination,
            kind=data["kind"],
            reason=data["reason"],
            preferences=data.get("preferences") or [],
            external_instansi=data.get("external_instansi", ""),
        )
        return Response(
            TransferDetailOutput(selectors.transfer_get(viewer=request.user, pk=transfer.pk)).data, status=201
        )


class TransferDetailApi(APIView):
    @extend_schema(responses=TransferDetailOutput)
    def get(self, request, pk: int):
        return _detail(request, pk)


class TransferEligibilityApi(APIView):
    """`GET transfers/eligibility/?employee=&destination_position=`: the checklist before submitting."""

    class Input(serializers.Serializer):
        employee = serializers.IntegerField()
        destination_position = serializers.IntegerField(required=False, allow_null=True)
        kind = serializers.ChoiceField(choices=TransferKind.choices, required=False)
        request = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("employee", OpenApiTypes.INT, required=True),
            OpenApiParameter("destination_position", OpenApiTypes.INT),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=TransferKind.values),
            OpenApiParameter(
                "request",
                OpenApiTypes.INT,
                description=_("Id usulan yang sedang diisi (tidak dihitung sebagai usulan lain)."),
            ),
        ],
        responses=ChecklistOutput,
    )
    def get(self, request):
        data = validated(self.Input, request.query_params)
        employee = get_object_or_404(Employee.objects.select_related("position__agency"), pk=data["employee"])
        # The checklist reveals private flags (sanction, audit finding): same rule as private fields.
        if not access.can_see_private(request.user, employee):
            raise Http404
        destination = None
        if data.get("destination_position"):
            destination = get_object_or_404(
                Position.objects.select_related("agency"), pk=data["destination_position"]
            )
        me = access.employee_of(request.user)
        request_id = None
        if data.get("request"):
            request_id = selectors.transfer_get(viewer=request.user, pk=data["request"]).pk
        checklist = eligibility.check(
            employee=employee,
            destination=destination,
            request_id=request_id,
            kind=data.get("kind"),
            initiated_by=Initiator.EMPLOYEE if me is not None and me.pk == employee.pk else Initiator.AGENCY,
        )
        return Response(
            {"passed": checklist.passed, "checked_on": checklist.checked_on, "items": checklist.as_list()}
        )


class NoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    step = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Id tahap yang dilihat (opsional).")
    )


class TransferSubmitApi(APIView):
    class Input(serializers.Serializer):
        note = serializers.CharField(required=False, allow_blank=True, default="")
        override_reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        selectors.transfer_require_visible(viewer=request.user, pk=pk)
        data = validated(self.Input, request.data)
        services.transfer_submit(request_id=pk, actor=request.user, **data)
        return _detail(request, pk)


class TransferApproveApi(APIView):
    class Input(NoteInput):
        override_reason = serializers.CharField(required=False, allow_blank=True, default="")
        pilkada_letter_number = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=100
        )

    @extend_schema(request=Input, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        selectors.transfer_require_visible(viewer=request.user, pk=pk)
        data = validated(self.Input, request.data)
        transfer = services.transfer_approve(
            request_id=pk,
            actor=request.user,
            note=data["note"],
            override_reason=data["override_reason"],
            pilkada_letter_number=data["pilkada_letter_number"],
            step_id=data.get("step"),
        )
        return _changed(transfer)


class TransferRejectApi(APIView):
    Input = NoteInput

    @extend_schema(request=NoteInput, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        selectors.transfer_require_visible(viewer=request.user, pk=pk)
        data = validated(self.Input, request.data)
        transfer = services.transfer_reject(
            request_id=pk, actor=request.user, note=data["note"], step_id=data.get("step")
        )
        return _changed(transfer)


class TransferReturnApi(APIView):
    Input = NoteInput

    @extend_schema(request=NoteInput, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        selectors.transfer_require_visible(viewer=request.user, pk=pk)
        data = validated(self.Input, request.data)
        transfer = services.transfer_return(
            request_id=pk, actor=request.user, note=data["note"], step_id=data.get("step")
        )
        return _changed(transfer)


class TransferWithdrawApi(APIView):
    class Input(serializers.Serializer):
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        selectors.transfer_require_visible(viewer=request.user, pk=pk)
        data = validated(self.Input, request.data)
        services.transfer_withdraw(request_id=pk, actor=request.user, note=data["note"])
        return _detail(request, pk)


class TransferCancelApi(APIView):
    """HR cancels an approved request, or a decreed one not yet executed, with a reason (409 from any
    other status)."""

    class Input(serializers.Serializer):
        note = serializers.CharField(help_text=_("Alasan pembatalan (wajib)."))

    @extend_schema(request=Input, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        selectors.transfer_require_visible(viewer=request.user, pk=pk)
        data = validated(self.Input, request.data)
        services.transfer_cancel(request_id=pk, actor=request.user, note=data["note"])
        return _detail(request, pk)


class TransferMilestoneApi(APIView):
    """HR records an external milestone of an outgoing/incoming transfer."""

    class Input(serializers.Serializer):
        code = serializers.ChoiceField(choices=Milestone.choices)
        number = serializers.CharField()
        date = serializers.DateField()
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        selectors.transfer_require_visible(viewer=request.user, pk=pk)
        data = validated(self.Input, request.data)
        services.transfer_record_milestone(request_id=pk, actor=request.user, **data)
        return _detail(request, pk)


class TransferAttachmentsApi(APIView):
    """`GET` the documents of a request, `POST` (multipart: kind, file) to upload one."""

    parser_classes = [MultiPartParser, FormParser]

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=DocumentKind.choices)
        file = serializers.FileField()

    @extend_schema(responses=AttachmentOutput(many=True))
    def get(self, request, pk: int):
        transfer = selectors.transfer_get(viewer=request.user, pk=pk)
        return Response(AttachmentOutput(transfer.attachments.all(), many=True).data)

    @extend_schema(request=Input, responses={201: AttachmentOutput})
    def post(self, request, pk: int):
        selectors.transfer_require_visible(viewer=request.user, pk=pk)
        data = validated(self.Input, request.data)
        attachment = services.attachment_upload(
            request_id=pk, actor=request.user, kind=data["kind"], uploaded_file=data["file"]
        )
        return Response(AttachmentOutput(attachment).data, status=201)


class AttachmentDownloadApi(APIView):
    """The file itself, only for those who may see its request (never a public URL)."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        attachment = selectors.attachment_get(viewer=request.user, pk=pk)
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


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
        return _person(obj.actor)

    def get_on_behalf_of(self, obj) -> str | None:
        return _person(obj.on_behalf_of)


class TransferAuditApi(APIView):
    """The audit trail of one request: every change with actor, on-behalf-of, note and time."""

    @extend_schema(responses=AuditOutput(many=True))
    def get(self, request, pk: int):
        transfer = selectors.transfer_get(viewer=request.user, pk=pk)
        return Response(AuditOutput(selectors.transfer_audit(request=transfer), many=True).data)


class InboxOutput(StepOutput):
    request = TransferListOutput()

    class Meta(StepOutput.Meta):
        fields = [*StepOutput.Meta.fields, "request"]


class TransferInboxApi(generics.ListAPIView):
    """Steps waiting for the caller (their post, posts they act for, their group)."""

    serializer_class = InboxOutput
    filter_backends: list = []

    def get_queryset(self):
        return selectors.transfer_inbox(viewer=self.request.user).select_related(
            "request__destination_agency", "request__decree", "actor", "on_behalf_of"
        )


# --- decrees ---------------------------------------------------------------------------------------


class DecreeOutput(serializers.ModelSerializer):
    requests = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Decree
        fields = [
            "id",
            "number",
            "year",
            "seq",
            "date",
            "tmt",
            "signer",
            "signer_name",
            "signer_title",
            "on_behalf",
            "pdf_sha256",
            "pdf_url",
            "requests",
            "created_at",
        ]

    def get_pdf_url(self, obj) -> str | None:
        return reverse("api-mutasi-decree-pdf", args=[obj.pk]) if obj.pdf else None


class DecreeListCreateApi(generics.ListAPIView):
    serializer_class = DecreeOutput
    filter_backends: list = []

    class Input(serializers.Serializer):
        requests = serializers.ListField(child=serializers.IntegerField(), min_length=1)
        date = serializers.DateField()
        tmt = serializers.DateField()
        signer = serializers.IntegerField(help_text=_("Id pegawai penandatangan."))
        note = serializers.CharField(required=False, allow_blank=True, default="")

    def get_queryset(self):
        return selectors.decree_list(viewer=self.request.user).prefetch_related("requests")

    @extend_schema(request=Input, responses={201: DecreeOutput})
    def post(self, request):
        access.require_role(request.user, access.HR)
        data = validated(self.Input, request.data)
        signer = Employee.objects.select_related("position").filter(pk=data["signer"]).first()
        if signer is None:
            raise serializers.ValidationError({"signer": [_("Pegawai tidak ditemukan.")]})
        decree = services.decree_issue(
            actor=request.user,
            request_ids=data["requests"],
            date=data["date"],
            tmt=data["tmt"],
            signer=signer,
            note=data["note"],
        )
        decree.refresh_from_db()
        return Response(DecreeOutput(decree).data, status=201)


class DecreeDetailApi(APIView):
    @extend_schema(responses=DecreeOutput)
    def get(self, request, pk: int):
        return Response(DecreeOutput(selectors.decree_get(viewer=request.user, pk=pk)).data)


class DecreePdfApi(APIView):
    """The decree PDF for those concerned (HR, the employees in it, heads of origin/destination)."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        decree = selectors.decree_get(viewer=request.user, pk=pk)
        if not decree.pdf:
            raise Http404
        return FileResponse(
            decree.pdf.open("rb"),
            as_attachment=True,
            filename=f"SK-{decree.pk}.pdf",
            content_type="application/pdf",
        )


# --- delegations -----------------------------------------------------------------------------------


class DelegationOutput(serializers.ModelSerializer):
    position_title = serializers.CharField(source="position.title")
    delegate_name = serializers.SerializerMethodField()

    class Meta:
        model = Delegation
        fields = [
            "id",
            "position",
            "position_title",
            "delegate",
            "delegate_name",
            "kind",
            "start",
            "end",
            "reason",
            "letter_number",
            "revoked_at",
        ]

    def get_delegate_name(self, obj) -> str:
        return _person(obj.delegate) or ""


class DelegationListCreateApi(generics.ListAPIView):
    serializer_class = DelegationOutput
    filter_backends: list = []

    class Input(serializers.Serializer):
        position = serializers.IntegerField()
        delegate = serializers.IntegerField(help_text=_("Id akun pelaksana."))
        kind = serializers.ChoiceField(choices=DelegationKind.choices, default=DelegationKind.PLH)
        start = serializers.DateField()
        end = serializers.DateField()
        reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
        letter_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)

    def get_queryset(self):
        return selectors.delegation_list(viewer=self.request.user)

    @extend_schema(request=Input, responses={201: DelegationOutput})
    def post(self, request):
        data = validated(self.Input, request.data)
        position = Position.objects.filter(pk=data["position"]).first()
        delegate = User.objects.filter(pk=data["delegate"], is_active=True).first()
        errors = {}
        if position is None:
            errors["position"] = [_("Jabatan tidak ditemukan.")]
        if delegate is None:
            errors["delegate"] = [_("Akun tidak ditemukan.")]
        if errors:
            raise serializers.ValidationError(errors)
        delegation = services.delegation_create(
            actor=request.user,
            position=position,
            delegate=delegate,
            start=data["start"],
            end=data["end"],
            kind=data["kind"],
            reason=data["reason"],
            letter_number=data["letter_number"],
        )
        return Response(DelegationOutput(delegation).data, status=201)


class DelegationEndApi(APIView):
    """End a delegation early: HR, or the holder of the post it was given for."""

    @extend_schema(request=None, responses=DelegationOutput)
    def post(self, request, pk: int):
        delegation = selectors.delegation_get(viewer=request.user, pk=pk)
        delegation = services.delegation_revoke(delegation_id=delegation.pk, actor=request.user)
        return Response(DelegationOutput(delegation).data)


def _name_input_components() -> None:
    """Give every nested `Input` serializer its own OpenAPI component name (`TransferSubmitInput`...),
    so drf-spectacular does not merge the many classes called `Input`."""
    for view in list(globals().values()):
        inp = getattr(view, "__dict__", {}).get("Input")
        if (
            isinstance(view, type)
            and inp is not None
            and inp.__name__ == "Input"
            and "Meta" not in inp.__dict__
        ):
            inp.Meta = type("Meta", (), {"ref_name": view.__name__.removesuffix("Api") + "Input"})


_name_input_components()
