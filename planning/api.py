"""REST API of the transfer plan (DESIGN.md 7: `plans/`, `plans/{id}/items/`, `POST plans/{id}/apply/`).

One small view per operation; selectors decide who may see what, services make every change.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import JSONParser, validated
from mutasi.choices import TransferKind
from planning import permissions, selectors, services
from planning.choices import (
    ItemState,
    LeftOutReason,
    PlanStatus,
    StatedView,
    UnfilledReason,
    ViewLevel,
    ViewSummary,
)
from planning.models import PlanItem, TransferPlan

# --- output serializers ----------------------------------------------------------------------------


class LeftOutOutput(serializers.Serializer):
    """A move left out for the employee (issue 21): their protecting circumstance (its scope, never
    its category or document: those are private) or their objection to a post."""

    reason = serializers.ChoiceField(choices=LeftOutReason.choices)
    reason_label = serializers.SerializerMethodField()
    scope = serializers.CharField(required=False)
    position_id = serializers.IntegerField(required=False)
    position_title = serializers.CharField(required=False)

    def get_reason_label(self, obj) -> str:
        return str(LeftOutReason(obj["reason"]).label)


class BreakdownOutput(serializers.Serializer):
    education_level = serializers.FloatField()
    education_field = serializers.FloatField()
    competency = serializers.FloatField()
    performance = serializers.FloatField()
    rotation = serializers.FloatField()
    # Issue 20: talent in a managerial or key post; absent from items computed before it.
    talent = serializers.FloatField(default=0.0)
    preference = serializers.FloatField()
    # Items computed before issue 21 have no dislike part, stated view or left-out moves.
    dislike_penalty = serializers.FloatField(default=0.0)
    cross_agency_penalty = serializers.FloatField()
    view = serializers.ChoiceField(choices=StatedView.choices, default=StatedView.NONE)
    view_label = serializers.SerializerMethodField()
    view_level = serializers.ChoiceField(choices=[("", "-"), *ViewLevel.choices], default="")
    excluded = LeftOutOutput(many=True, default=list)

    def get_view_label(self, obj) -> str:
        return str(StatedView(obj.get("view") or StatedView.NONE).label)


class ViewSummaryOutput(serializers.Serializer):
    code = serializers.ChoiceField(choices=ViewSummary.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class UnfilledOutput(serializers.Serializer):
    position_id = serializers.IntegerField()
    position_title = serializers.CharField()
    agency_name = serializers.CharField()
    shortage = serializers.IntegerField()
    unfilled = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=UnfilledReason.choices)
    reason_label = serializers.SerializerMethodField()
    fitting_candidates = serializers.IntegerField()
    best_fit = serializers.FloatField(allow_null=True)
    min_fit = serializers.FloatField()

    def get_reason_label(self, obj) -> str:
        return str(UnfilledReason(obj["reason"]).label)


class PlanOutput(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    created_by = serializers.CharField(source="created_by.username")
    scope_agencies = serializers.SerializerMethodField()
    unfilled = serializers.SerializerMethodField()

    class Meta:
        model = TransferPlan
        fields = [
            "id",
            "name",
            "region",
            "status",
            "status_label",
            "progress",
            "progress_note",
            "scope_agencies",
            "parameters",
            "workload_run",
            "candidates_total",
            "slots_total",
            "slots_filled",
            "total_fit",
            "solver_stats",
            "unfilled",
            "error",
            "created_by",
            "created_at",
            "computed_at",
            "applied_at",
        ]

    def get_scope_agencies(self, obj) -> list[int]:
        return list((obj.parameters or {}).get("agency_ids") or [])

    @extend_schema_field(UnfilledOutput(many=True))
    def get_unfilled(self, obj) -> list[dict]:
        return UnfilledOutput(obj.unfilled or [], many=True).data


class PlanDetailOutput(PlanOutput):
    """One plan, with the summary of its moves against the employees' stated views (issue 21)."""

    stated_views = serializers.SerializerMethodField()

    class Meta(PlanOutput.Meta):
        fields = [*PlanOutput.Meta.fields, "stated_views"]

    @extend_schema_field(ViewSummaryOutput(many=True))
    def get_stated_views(self, obj) -> list[dict]:
        return ViewSummaryOutput(selectors.plan_view_summary(plan=obj), many=True).data


class PlanItemOutput(serializers.ModelSerializer):
    employee_name = serializers.CharField(source="employee.full_name")
    employee_nip = serializers.CharField(source="employee.nip")
    origin_position_title = serializers.CharField(source="origin_position.title")
    origin_agency = serializers.IntegerField(source="origin_position.agency_id")
    origin_agency_name = serializers.CharField(source="origin_position.agency.name")
    destination_position_title = serializers.CharField(source="destination_position.title")
    destination_agency = serializers.IntegerField(source="destination_position.agency_id")
    destination_agency_name = serializers.CharField(source="destination_position.agency.name")
    state_label = serializers.CharField(source="get_state_display")
    breakdown = BreakdownOutput()
    training_needs = serializers.ListField(child=serializers.CharField())
    transfer_request_number = serializers.CharField(
        source="transfer_request.number", default=None, allow_null=True
    )

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "employee",
            "employee_name",
            "employee_nip",
            "origin_position",
            "origin_position_title",
            "origin_agency",
            "origin_agency_name",
            "destination_position",
            "destination_position_title",
            "destination_agency",
            "destination_agency_name",
            "kind",
            "fit_total",
            "breakdown",
            "training_needs",
            "state",
            "state_label",
            "note",
            "origin_gap_before",
            "origin_gap_after",
            "destination_gap_before",
            "destination_gap_after",
            "transfer_request",
            "transfer_request_number",
        ]


# --- views -----------------------------------------------------------------------------------------

ACCEPTED = inline_serializer(
    "PlanAccepted", {"id": serializers.IntegerField(), "status": serializers.CharField()}
)


class PlanListCreateApi(generics.ListAPIView):
    """`GET plans/` (HR and region-wide readers) and `POST plans/` (HR: build a plan, 202)."""

    serializer_class = PlanOutput
    filter_backends: list = []
    may_act = staticmethod(permissions.may_change_plans)
    # JSON only: a form field cannot carry the per-agency caps (a dict), so a form would drop them
    # silently instead of refusing a negative cap.
    parser_classes = [JSONParser]

    class Input(serializers.Serializer):
        region = serializers.IntegerField(required=False)
        agencies = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
        agency_caps = serializers.DictField(
            child=serializers.IntegerField(min_value=0), required=False, default=dict
        )
        name = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

        class Meta:
            ref_name = "PlanBuildInput"

    def get_queryset(self):
        return selectors.plan_list(viewer=self.request.user, filters=self.request.query_params)

    @extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=PlanStatus.values),
            OpenApiParameter("region", OpenApiTypes.INT),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=Input, responses={202: ACCEPTED})
    def post(self, request):
        data = validated(self.Input, request.data)
        region = selectors.region_for(viewer=request.user, region_id=data.get("region"))
        plan = services.plan_build(
            actor=request.user,
            region=region,
            agency_ids=data["agencies"],
            agency_caps=data["agency_caps"],
            name=data["name"],
        )
        plan.refresh_from_db(fields=["status"])  # eager mode (embedded) may have finished already
        return Response({"id": plan.pk, "status": plan.status}, status=202)


class PlanDetailApi(APIView):
    @extend_schema(responses=PlanDetailOutput)
    def get(self, request, pk: int):
        return Response(PlanDetailOutput(selectors.plan_get(viewer=request.user, pk=pk)).data)


class PlanItemListApi(generics.ListAPIView):
    """`GET plans/{id}/items/`: each move with its score breakdown, gaps and training needs."""

    serializer_class = PlanItemOutput
    filter_backends: list = []

    def get_queryset(self):
        plan = selectors.plan_get(viewer=self.request.user, pk=self.kwargs["pk"])
        return selectors.plan_items(plan=plan, filters=self.request.query_params)

    @extend_schema(
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, enum=ItemState.values),
            OpenApiParameter(
                "kind", OpenApiTypes.STR, enum=[TransferKind.ROTATION, TransferKind.BETWEEN_AGENCIES]
            ),
            OpenApiParameter("origin_agency", OpenApiTypes.INT),
            OpenApiParameter("destination_agency", OpenApiTypes.INT),
            OpenApiParameter("employee", OpenApiTypes.INT),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class PlanApplyApi(APIView):
    """`POST plans/{id}/apply/`: accepted moves become transfer requests (idempotent)."""

    may_act = staticmethod(permissions.may_change_plans)

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "PlanApplied", {"plan": PlanDetailOutput(), "created_requests": serializers.IntegerField()}
        ),
    )
    def post(self, request, pk: int):
        selectors.plan_get(viewer=request.user, pk=pk)
        plan, created = services.plan_apply(actor=request.user, plan_id=pk)
        plan = selectors.plan_get(viewer=request.user, pk=plan.pk)
        return Response({"plan": PlanDetailOutput(plan).data, "created_requests": created})


class PlanResolveApi(APIView):
    """`POST plans/{id}/resolve/`: solve again with HR's pins and removals (202)."""

    may_act = staticmethod(permissions.may_change_plans)

    @extend_schema(request=None, responses={202: ACCEPTED})
    def post(self, request, pk: int):
        selectors.plan_get(viewer=request.user, pk=pk)
        plan = services.plan_resolve(actor=request.user, plan_id=pk)
        plan.refresh_from_db(fields=["status"])
        return Response({"id": plan.pk, "status": plan.status}, status=202)


class ItemNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)


class _ItemActionApi(APIView):
    service = None
    may_act = staticmethod(permissions.may_change_plans)

    @extend_schema(request=ItemNoteInput, responses=PlanItemOutput)
    def post(self, request, pk: int, item_id: int):
        selectors.item_get(viewer=request.user, plan_id=pk, item_id=item_id)
        data = validated(ItemNoteInput, request.data)
        item = type(self).service(actor=request.user, plan_id=pk, item_id=item_id, note=data["note"])
        item = selectors.plan_items(plan=item.plan).get(pk=item.pk)
        return Response(PlanItemOutput(item).data)


class PlanItemRemoveApi(_ItemActionApi):
    """`POST plans/{id}/items/{item_id}/remove/`: take the move out (never proposed again)."""

    service = staticmethod(services.plan_item_remove)


class PlanItemPinApi(_ItemActionApi):
    """`POST plans/{id}/items/{item_id}/pin/`: keep the move in every re-solve."""

    service = staticmethod(services.plan_item_pin)


class PlanItemUnpinApi(_ItemActionApi):
    service = staticmethod(services.plan_item_unpin)
