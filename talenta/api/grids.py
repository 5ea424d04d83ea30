"""Talent grid API under /api/v1/talenta/ (DESIGN.md 7 conventions): grids (POST starts one, 202),
a grid's counts per box, its entries (drill-down), one entry, the caller's own entry. Querysets come
from talenta.selectors.grid, which apply talenta.permissions (another employee's entry is 404)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from talenta.models import TalentGrid, TalentGridEntry
from talenta.selectors import grid as selectors
from talenta.services.grid import talent_grid_start
from workload.api import Pagination
from workload.selectors import viewer_region


class GridOutput(serializers.ModelSerializer):
    class Meta:
        model = TalentGrid
        fields = [
            "id",
            "region",
            "as_of",
            "skp_years",
            "status",
            "entries_total",
            "created_at",
            "finished_at",
            "recomputed_from",
            "error",
            "rubric",
        ]


class EntryOutput(serializers.ModelSerializer):
    nip = serializers.CharField(source="employee.nip", read_only=True)
    name = serializers.CharField(source="employee.full_name", read_only=True)
    position_title = serializers.CharField(source="position.title", read_only=True, allow_null=True)
    needs_check = serializers.BooleanField(read_only=True)

    class Meta:
        model = TalentGridEntry
        fields = [
            "id", "grid", "employee", "nip", "name", "agency", "position", "position_title", "predicate_last",
            "predicate_prev", "performance_score", "performance_band", "potential_state", "assessment",
            "assessment_valid_until", "potential_score", "potential_band", "box", "needs_check",
        ]  # fmt: skip


class CardOutput(EntryOutput):
    hints = serializers.SerializerMethodField()

    class Meta(EntryOutput.Meta):
        fields = [*EntryOutput.Meta.fields, "hints"]

    def get_hints(self, obj) -> list[str]:
        return selectors.card_hints(obj)


def int_param(request, name: str) -> int | None:
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    if not str(value).isdigit():
        raise serializers.ValidationError({name: ["Harus berupa bilangan bulat."]})
    return int(value)


class GridListApi(generics.ListAPIView):
    """GET: the grids of the caller's region. POST: compute a new grid (HR); 202 with its id and status."""

    queryset = TalentGrid.objects.none()
    serializer_class = GridOutput
    pagination_class = Pagination

    class StartedOutput(serializers.Serializer):
        id = serializers.IntegerField()
        status = serializers.CharField()

        class Meta:
            ref_name = "TalentGridStarted"

    def get_queryset(self):
        return selectors.grid_list(viewer=self.request.user)

    @extend_schema(request=None, responses={202: StartedOutput})
    def post(self, request):
        grid = talent_grid_start(actor=request.user, region=viewer_region(viewer=request.user))
        grid.refresh_from_db()  # embedded mode computed it eagerly on commit
        return Response(
            self.StartedOutput({"id": grid.pk, "status": grid.status}).data, status=status.HTTP_202_ACCEPTED
        )


class GridDetailApi(APIView):
    class Output(GridOutput):
        counts = serializers.DictField(
            child=serializers.IntegerField(), help_text="Pegawai per kotak; kunci 0 = perlu diperiksa manual."
        )
        agency = serializers.IntegerField(allow_null=True)

        class Meta(GridOutput.Meta):
            fields = [*GridOutput.Meta.fields, "counts", "agency"]
            ref_name = "TalentGridDetail"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "agency", OpenApiTypes.INT, description="Perangkat daerah; bawaan: lingkup Anda."
            )
        ],
        responses=Output,
    )
    def get(self, request, pk: int):
        view = selectors.grid_view(viewer=request.user, grid_id=pk, agency_id=int_param(request, "agency"))
        grid = view.grid
        grid.counts = {str(k): v for k, v in sorted(view.counts.items())}
        grid.agency = view.agency.pk if view.agency else None
        return Response(self.Output(grid).data)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "box", OpenApiTypes.INT, description="Kotak 1-9, atau 0 untuk yang perlu diperiksa manual."
        ),
        OpenApiParameter("agency", OpenApiTypes.INT, description="Perangkat daerah; bawaan: lingkup Anda."),
    ]
)
class GridEntryListApi(generics.ListAPIView):
    """The employees of one box of a grid in the caller's scope (the grid page's drill-down)."""

    queryset = TalentGridEntry.objects.none()
    serializer_class = EntryOutput
    pagination_class = Pagination

    def get_queryset(self):
        grid = selectors.grid_get(viewer=self.request.user, grid_id=self.kwargs["pk"])
        box = int_param(self.request, "box")
        if box is None:
            raise serializers.ValidationError({"box": ["Wajib diisi (1-9, atau 0)."]})
        return selectors.box_entries(
            viewer=self.request.user, grid=grid, box=box, agency_id=int_param(self.request, "agency")
        )


class EntryDetailApi(generics.RetrieveAPIView):
    """One entry with what would move the employee: their own, or one in the caller's scope (404 otherwise)."""

    serializer_class = CardOutput

    def get_object(self):
        return selectors.entry_get(viewer=self.request.user, entry_id=self.kwargs["pk"])


class MyEntryApi(generics.RetrieveAPIView):
    """The caller's own entry in the latest grid (404 when there is none yet)."""

    serializer_class = CardOutput

    def get_object(self):
        entry = selectors.my_entry(viewer=self.request.user)
        if entry is None:
            raise Http404
        return entry
