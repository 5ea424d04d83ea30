"""REST API of the post-transfer evaluations (evaluasi pascamutasi): the list the caller may see, one
evaluation, the new head's part and the employee's part. Selectors decide access, services write."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from core.api_permissions import ActsOn
from mutasi import selectors, services
from mutasi.api.serializers import person_name
from mutasi.choices import AdaptationRating, VoiceHeard
from mutasi.filters import EVALUATION_OVERDUE_DAYS
from mutasi.models import PostTransferEvaluation


class EvaluationOutput(serializers.ModelSerializer):
    request_number = serializers.CharField(source="request.number")
    employee_name = serializers.CharField(source="employee.full_name")
    employee_nip = serializers.CharField(source="employee.nip")
    destination_position = serializers.IntegerField(source="request.destination_position_id", allow_null=True)
    destination_title = serializers.CharField(source="request.destination_position.title", default="")
    destination_agency = serializers.IntegerField(source="request.destination_agency_id", allow_null=True)
    destination_agency_name = serializers.CharField(source="request.destination_agency.name", default="")
    tmt = serializers.DateField(source="request.decree.tmt", allow_null=True, default=None)
    adaptation_label = serializers.CharField(source="get_adaptation_display")
    voice_heard_label = serializers.CharField(source="get_voice_heard_display")
    training_needs = serializers.SerializerMethodField()
    rated_by_name = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField()

    class Meta:
        model = PostTransferEvaluation
        fields = [
            "id",
            "request",
            "request_number",
            "employee",
            "employee_name",
            "employee_nip",
            "destination_position",
            "destination_title",
            "destination_agency",
            "destination_agency_name",
            "tmt",
            "months_after",
            "due_date",
            "state",
            "adaptation",
            "adaptation_label",
            "training_needs",
            "head_note",
            "rated_by_name",
            "rated_at",
            "employee_view",
            "voice_heard",
            "voice_heard_label",
            "employee_answered_at",
        ]

    def get_training_needs(self, obj) -> list[str]:
        return [line for line in obj.training_needs.splitlines() if line.strip()]

    def get_rated_by_name(self, obj) -> str | None:
        return person_name(obj.rated_by)

    def get_state(self, obj) -> str:
        """`done`, `upcoming`, `overdue` (incomplete a month after the due date) or `due`."""
        today = timezone.localdate()
        if obj.is_complete:
            return "done"
        if obj.due_date > today:
            return "upcoming"
        if (today - obj.due_date).days > EVALUATION_OVERDUE_DAYS:
            return "overdue"
        return "due"


class EvaluationListApi(generics.ListAPIView):
    """`GET evaluations/`: the caller's own, the ones they rate as the new head, or all for HR."""

    serializer_class = EvaluationOutput
    filter_backends: list = []

    def get_queryset(self):
        return selectors.evaluation_list(
            viewer=self.request.user, filters=self.request.query_params, strict=True
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, enum=["upcoming", "due", "overdue", "done"]),
            OpenApiParameter("agency", OpenApiTypes.INT, description=_("Perangkat daerah tujuan (id).")),
            OpenApiParameter("employee", OpenApiTypes.INT),
            OpenApiParameter("months_after", OpenApiTypes.INT, enum=[3, 6]),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _detail(request, pk: int) -> Response:
    return Response(EvaluationOutput(selectors.evaluation_get(viewer=request.user, pk=pk)).data)


class EvaluationDetailApi(APIView):
    @extend_schema(responses=EvaluationOutput)
    def get(self, request, pk: int):
        return _detail(request, pk)


class EvaluationHeadApi(APIView):
    """The new head rates adaptation and names training needs (one per line)."""

    acts_on = ActsOn(selectors.evaluation_get, services.evaluation_rate_check)

    class Input(serializers.Serializer):
        adaptation = serializers.ChoiceField(choices=AdaptationRating.choices)
        training_needs = serializers.CharField(
            required=False, allow_blank=True, default="", help_text=_("Satu kebutuhan pelatihan per baris.")
        )
        note = serializers.CharField(required=False, allow_blank=True, default="")

        class Meta:
            ref_name = "EvaluationHeadInput"

    @extend_schema(request=Input, responses=EvaluationOutput)
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        services.evaluation_rate(evaluation_id=pk, actor=request.user, **data)
        return _detail(request, pk)


class EvaluationEmployeeApi(APIView):
    """The moved employee adds their own view."""

    acts_on = ActsOn(selectors.evaluation_get, services.evaluation_answer_check)

    class Input(serializers.Serializer):
        view = serializers.CharField()
        voice_heard = serializers.ChoiceField(
            choices=VoiceHeard.choices,
            required=False,
            allow_blank=True,
            default="",
            help_text=_("Apakah keberatan atau keinginan Anda didengar saat usulan diproses (konsultasi)?"),
        )

        class Meta:
            ref_name = "EvaluationEmployeeInput"

    @extend_schema(request=Input, responses=EvaluationOutput)
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        services.evaluation_answer(
            evaluation_id=pk, actor=request.user, view=data["view"], voice_heard=data["voice_heard"]
        )
        return _detail(request, pk)
