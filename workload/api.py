"""Workload API (DESIGN.md 7): tasks, runs (POST starts one), results of a run, agency rows.

Thin views: querysets and filters come from workload.selectors, which apply workload.permissions
(region readers see every agency, an agency head sees their own, anyone else gets 403); the one write,
starting a run (HR only), from workload.services.
"""

from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from core.api import Pagination as BasePagination
from core.api import validated
from core.exceptions import DomainError
from instansi.filters import IdField
from instansi.models import Region
from workload import permissions, selectors
from workload.filters import WorkloadResultFilter, WorkloadTaskFilter
from workload.models import WorkloadResult, WorkloadRun, WorkloadTask
from workload.services import workload_run_start


class Pagination(BasePagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class FilterDocs(DjangoFilterBackend):
    """Documents the FilterSet's query parameters in OpenAPI; the selector filters (and answers 400 to
    a bad value), so pages and API share one rule."""

    def filter_queryset(self, request, queryset, view):
        return queryset


class WorkloadTaskOutput(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="position.agency_id", read_only=True)
    position_title = serializers.CharField(source="position.title", read_only=True)
    workload_hours = serializers.SerializerMethodField()

    class Meta:
        model = WorkloadTask
        fields = [
            "id",
            "position",
            "position_title",
            "agency",
            "description",
            "output_unit",
            "annual_volume",
            "standard_minutes",
            "workload_hours",
        ]

    def get_workload_hours(self, obj) -> str:
        # REGULATION.md 2: task workload = volume x standard minutes / 60 (display only; runs store it)
        return f"{obj.annual_volume * obj.standard_minutes / 60:.2f}"


class WorkloadRunOutput(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    triggered_by = serializers.CharField(source="triggered_by.username", read_only=True, allow_null=True)
    duration_seconds = serializers.SerializerMethodField()
    progress_percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = WorkloadRun
        fields = [
            "id",
            "region",
            "region_name",
            "status",
            "triggered_by",
            "created_at",
            "started_at",
            "finished_at",
            "duration_seconds",
            "agencies_total",
            "agencies_done",
            "progress_percent",
            "error",
            "policy_snapshot",
        ]

    def get_duration_seconds(self, obj) -> float | None:
        return obj.duration.total_seconds() if obj.duration else None


class WorkloadResultOutput(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, allow_null=True)
    position_title = serializers.CharField(source="position.title", read_only=True, allow_null=True)

    class Meta:
        model = WorkloadResult
        fields = [
            "id",
            "run",
            "level",
            "agency",
            "agency_name",
            "unit",
            "unit_name",
            "position",
            "position_title",
            *WorkloadResult.FIGURES,
            "shortage",
            "surplus",
            "not_analysed",
        ]


class WorkloadTaskListApi(generics.ListAPIView):
    queryset = WorkloadTask.objects.none()  # schema only; get_queryset asks the selector
    serializer_class = WorkloadTaskOutput
    filter_backends = [FilterDocs]
    filterset_class = WorkloadTaskFilter
    pagination_class = Pagination

    def get_queryset(self):
        return selectors.workload_task_list(viewer=self.request.user, filters=self.request.query_params)


class WorkloadRunListApi(generics.ListAPIView):
    """GET: runs, newest first. POST: start a run (HR only); answers 202 with its id and status."""

    may_act = staticmethod(permissions.may_start_run)

    queryset = WorkloadRun.objects.none()
    serializer_class = WorkloadRunOutput
    pagination_class = Pagination

    class Input(serializers.Serializer):
        region = serializers.PrimaryKeyRelatedField(queryset=Region.objects.all(), required=False)

        class Meta:
            ref_name = "WorkloadRunStartInput"

    class StartedOutput(serializers.Serializer):
        id = serializers.IntegerField()
        status = serializers.CharField()

        class Meta:
            ref_name = "WorkloadRunStarted"

    def get_queryset(self):
        return selectors.workload_run_list(viewer=self.request.user)

    @extend_schema(request=Input, responses={202: StartedOutput})
    def post(self, request):
        data = validated(self.Input, request.data)
        region = data.get("region") or selectors.viewer_region(viewer=request.user)
        run = workload_run_start(region=region, triggered_by=request.user)
        run.refresh_from_db()  # embedded mode ran it eagerly on commit
        return Response(
            self.StartedOutput({"id": run.pk, "status": run.status}).data, status=status.HTTP_202_ACCEPTED
        )


class WorkloadRunDetailApi(generics.RetrieveAPIView):
    serializer_class = WorkloadRunOutput

    def get_object(self):
        return selectors.workload_run_get(viewer=self.request.user, run_id=self.kwargs["pk"])


@extend_schema(
    parameters=[
        OpenApiParameter(
            "run", OpenApiTypes.INT, description="Nomor analisis; bawaan: analisis selesai terakhir."
        )
    ]
)
class WorkloadResultListApi(generics.ListAPIView):
    queryset = WorkloadResult.objects.none()
    serializer_class = WorkloadResultOutput
    filter_backends = [FilterDocs]
    filterset_class = WorkloadResultFilter
    pagination_class = Pagination

    def get_queryset(self):
        return selectors.workload_result_list(viewer=self.request.user, filters=self.request.query_params)


@extend_schema(
    parameters=[
        OpenApiParameter("region", OpenApiTypes.INT, description="Pemerintah daerah; bawaan: milik Anda.")
    ]
)
class WorkloadAgencyListApi(generics.ListAPIView):
    """Agency-level rows of the latest finished run, most short-staffed first."""

    queryset = WorkloadResult.objects.none()
    serializer_class = WorkloadResultOutput
    pagination_class = Pagination

    def get_queryset(self):
        region = self.request.query_params.get("region")
        try:
            region_id = IdField().clean(region) if region else None
        except forms.ValidationError as exc:
            raise DomainError(exc.messages[0], field="region") from None
        return selectors.agency_rows_of_latest_run(viewer=self.request.user, region_id=region_id)
