"""REST API of transfer requests (DESIGN.md 7): list and draft, detail, the eligibility checklist, the
workflow actions, documents, audit trail and the approver's inbox. One small view per operation;
selectors decide what the caller may see, services make every change. Output shapes live in
mutasi.api.serializers."""

from __future__ import annotations

from functools import partial

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core import access
from core.api import validated
from core.api_permissions import ActsOn
from core.paging import search_text
from core.types import Actor
from core.uploads import ALLOWED_CONTENT_TYPES
from instansi.models import Employee, Position
from mutasi import eligibility, files, permissions, selectors, services
from mutasi.api.serializers import (
    AttachmentOutput,
    AuditOutput,
    ChecklistOutput,
    ConsultationOutput,
    InboxOutput,
    TransferDetailOutput,
    TransferListOutput,
)
from mutasi.choices import (
    CircumstanceCategory,
    ConsultationAnswer,
    DocumentKind,
    Initiator,
    Milestone,
    Stage,
    Status,
    TransferKind,
)
from mutasi.models import TransferRequest


def _detail(request, pk: int) -> Response:
    transfer = selectors.transfer_get(viewer=request.user, pk=pk, for_page=False)
    return Response(TransferDetailOutput(transfer).data)


def _changed(transfer: TransferRequest, viewer: Actor) -> Response:
    """The answer of an action: the request the service changed and returned (locked and read in its
    transaction), with steps and documents added, instead of reading it all again."""
    return Response(TransferDetailOutput(selectors.transfer_with_details(transfer, viewer=viewer)).data)


def acting(action: str) -> ActsOn:
    """The request of the URL as the caller sees it (404 otherwise) and the rule of `action` on it
    (`services.transfer_check`: 403 never, 409 not now), asked before the input is read."""
    return ActsOn(selectors.transfer_for_action, partial(services.transfer_check, action=action))


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
    acts_on = acting("submit")

    class Input(serializers.Serializer):
        note = serializers.CharField(required=False, allow_blank=True, default="")
        override_reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        services.transfer_submit(request_id=pk, actor=request.user, **data)
        return _detail(request, pk)


class TransferApproveApi(APIView):
    acts_on = acting("approve")

    class Input(NoteInput):
        override_reason = serializers.CharField(required=False, allow_blank=True, default="")
        against_objection_reason = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            help_text=_(
                "Wajib bila pegawai menyatakan keberatan: alasan tetap menyetujui (dicatat sebagai pengecualian)."
            ),
        )
        pilkada_letter_number = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=100
        )

    @extend_schema(request=Input, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        transfer = services.transfer_approve(
            request_id=pk,
            actor=request.user,
            note=data["note"],
            override_reason=data["override_reason"],
            pilkada_letter_number=data["pilkada_letter_number"],
            against_objection_reason=data["against_objection_reason"],
            step_id=data.get("step"),
        )
        return _changed(transfer, request.user)


# Reject the current step (the note is the reason); TransferReturnApi returns it the same way. A comment,
# not a docstring: drf-spectacular would publish it as the operation's description.
class TransferRejectApi(APIView):
    acts_on = acting("reject")
    Input = NoteInput
    decide = staticmethod(services.transfer_reject)

    @extend_schema(request=NoteInput, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        transfer = self.decide(request_id=pk, actor=request.user, note=data["note"], step_id=data.get("step"))
        return _changed(transfer, request.user)


class TransferReturnApi(TransferRejectApi):
    acts_on = acting("return_to_applicant")
    decide = staticmethod(services.transfer_return)


class TransferWithdrawApi(APIView):
    acts_on = acting("withdraw")

    class Input(serializers.Serializer):
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        services.transfer_withdraw(request_id=pk, actor=request.user, note=data["note"])
        return _detail(request, pk)


class TransferCancelApi(APIView):
    """HR cancels an approved request, or a decreed one not yet executed, with a reason (409 from any
    other status)."""

    acts_on = acting("cancel")

    class Input(serializers.Serializer):
        note = serializers.CharField(help_text=_("Alasan pembatalan (wajib)."))

    @extend_schema(request=Input, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        services.transfer_cancel(request_id=pk, actor=request.user, note=data["note"])
        return _detail(request, pk)


class TransferMilestoneApi(APIView):
    """HR records an external milestone of an outgoing/incoming transfer."""

    may_act = staticmethod(permissions.may_record_milestones)
    acts_on = ActsOn(selectors.transfer_for_action)

    class Input(serializers.Serializer):
        code = serializers.ChoiceField(choices=Milestone.choices)
        number = serializers.CharField()
        date = serializers.DateField()
        note = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses=TransferDetailOutput)
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        services.transfer_record_milestone(request_id=pk, actor=request.user, **data)
        return _detail(request, pk)


class TransferAttachmentsApi(APIView):
    """`GET` the documents of a request, `POST` (multipart: kind, file) to upload one."""

    parser_classes = [MultiPartParser, FormParser]
    acts_on = acting("upload")

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=DocumentKind.choices)
        file = serializers.FileField()

    @extend_schema(responses=AttachmentOutput(many=True))
    def get(self, request, pk: int):
        transfer = selectors.transfer_get(viewer=request.user, pk=pk)
        return Response(AttachmentOutput(transfer.attachments.all(), many=True).data)

    @extend_schema(request=Input, responses={201: AttachmentOutput})
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        attachment = services.attachment_upload(
            request_id=pk, actor=request.user, kind=data["kind"], uploaded_file=data["file"]
        )
        return Response(AttachmentOutput(attachment).data, status=201)


class AttachmentDownloadApi(APIView):
    """The file itself, only for those who may see its request (never a public URL)."""

    # Served with the type recognised from its content at upload (core.uploads.ALLOWED_CONTENT_TYPES).
    @extend_schema(
        responses={(200, content_type): OpenApiTypes.BINARY for content_type in ALLOWED_CONTENT_TYPES}
    )
    def get(self, request, pk: int):
        return files.attachment_response(selectors.attachment_get(viewer=request.user, pk=pk))


class TransferAuditApi(APIView):
    """The audit trail of one request: every change with actor, on-behalf-of, note and time."""

    @extend_schema(responses=AuditOutput(many=True))
    def get(self, request, pk: int):
        transfer = selectors.transfer_get(viewer=request.user, pk=pk)
        return Response(AuditOutput(selectors.transfer_audit(request=transfer), many=True).data)


def _consultation(request, pk: int) -> Response:
    transfer = selectors.transfer_get(viewer=request.user, pk=pk)
    view = selectors.consultation_of(viewer=request.user, request=transfer)
    if view is None:
        raise Http404
    return Response(ConsultationOutput(view).data)


class TransferConsultationApi(APIView):
    """`GET`: the employee's consultation of a request they did not ask for (issue 21): the answer for
    whoever sees the request; the category, reasons and documents only for the employee, HR and the
    deciders of the request. `POST` (the employee; multipart to attach documents): `agree`, or `object` with a
    `category`, `reasons` and up to three `documents`; 409 once answered or past the deadline."""

    acts_on = ActsOn(selectors.transfer_for_action, services.consultation.consultation_answer_check)

    class Input(serializers.Serializer):
        answer = serializers.ChoiceField(choices=[ConsultationAnswer.AGREE, ConsultationAnswer.OBJECT])
        category = serializers.ChoiceField(
            choices=CircumstanceCategory.choices, required=False, allow_blank=True
        )
        reasons = serializers.CharField(required=False, allow_blank=True, default="")
        documents = serializers.ListField(child=serializers.FileField(), required=False, max_length=3)

    @extend_schema(responses=ConsultationOutput)
    def get(self, request, pk: int):
        return _consultation(request, pk)

    @extend_schema(request=Input, responses=ConsultationOutput)
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        services.consultation_answer(
            request_id=pk,
            actor=request.user,
            answer=data["answer"],
            category=data.get("category", ""),
            reasons=data["reasons"],
            documents=data.get("documents") or [],
        )
        return _consultation(request, pk)


class TransferConsultationOverrideApi(APIView):
    """HR lets a request held by a protecting objection go ahead, with a written reason (flagged as an
    exception). 403 for anyone else; 409 when no protecting objection holds the request."""

    may_act = staticmethod(permissions.may_override_objection)
    acts_on = ActsOn(selectors.transfer_for_action, services.consultation.consultation_override_check)

    class Input(serializers.Serializer):
        reason = serializers.CharField(help_text=_("Alasan BKPSDM melanjutkan (wajib)."))

    @extend_schema(request=Input, responses=ConsultationOutput)
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        services.consultation_override(request_id=pk, actor=request.user, reason=data["reason"])
        return _consultation(request, pk)


class TransferInboxApi(generics.ListAPIView):
    """Steps waiting for the caller (their post, posts they act for, their group); `?q=` searches them
    as the inbox page does."""

    serializer_class = InboxOutput
    filter_backends: list = []

    def get_queryset(self):
        return selectors.transfer_inbox(
            viewer=self.request.user, q=search_text(self.request.query_params)
        ).select_related("request__destination_agency", "request__decree", "actor", "on_behalf_of")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description=_("Cari: nomor usulan, nama atau NIP, jabatan atau perangkat daerah asal/tujuan"),
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


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
