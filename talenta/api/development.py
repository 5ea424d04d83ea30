"""Development needs from the latest grid under /api/v1/talenta/development/ (issue 20 point 7): the
counts per agency and action, and the employees of one action (paged). Scope from
talenta.permissions.development_agency_ids through the selectors."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from talenta.api.grids import EntryOutput, int_param
from talenta.choices import DevelopmentAction
from talenta.models import TalentGridEntry
from talenta.selectors import development as selectors
from workload.api import Pagination

AGENCY = OpenApiParameter("agency", OpenApiTypes.INT, description="Perangkat daerah; bawaan: lingkup Anda.")


class DevelopmentApi(APIView):
    """Employees per agency and development action in the latest grid, in the caller's scope."""

    class Output(serializers.Serializer):
        class AgencyRow(serializers.Serializer):
            agency = serializers.IntegerField(source="agency.pk")
            name = serializers.CharField(source="agency.name")
            counts = serializers.DictField(child=serializers.IntegerField())

        grid = serializers.IntegerField(source="grid.pk", allow_null=True)
        as_of = serializers.DateField(source="grid.as_of", allow_null=True)
        actions = serializers.DictField(
            child=serializers.CharField(), help_text="Kode tindak lanjut -> nama."
        )
        agencies = AgencyRow(many=True, source="rows")

        class Meta:
            ref_name = "TalentDevelopment"

    @extend_schema(parameters=[AGENCY], responses=Output)
    def get(self, request):
        view = selectors.development_view(viewer=request.user, agency_id=int_param(request, "agency"))
        view.actions = {code: str(label) for code, label in DevelopmentAction.choices}
        if view.grid is None:
            return Response({"grid": None, "as_of": None, "actions": view.actions, "agencies": []})
        return Response(self.Output(view).data)


class DevelopmentEntryOutput(EntryOutput):
    action = serializers.SerializerMethodField()
    note = serializers.SerializerMethodField()

    class Meta(EntryOutput.Meta):
        fields = [*EntryOutput.Meta.fields, "action", "note"]

    def get_action(self, obj) -> str:
        return selectors.action_of(obj)

    def get_note(self, obj) -> str:
        return selectors.note_of(obj)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "action", OpenApiTypes.STR, enum=DevelopmentAction.values, description="Kode tindak lanjut."
        ),
        AGENCY,
    ]
)
class DevelopmentEntryListApi(generics.ListAPIView):
    """The employees of one development action (or all) in the caller's scope, by agency and name."""

    queryset = TalentGridEntry.objects.none()
    serializer_class = DevelopmentEntryOutput
    pagination_class = Pagination

    def get_queryset(self):
        action = self.request.query_params.get("action") or None
        if action is not None and action not in DevelopmentAction.values:
            raise serializers.ValidationError({"action": ["Kode tindak lanjut tidak dikenal."]})
        _view, entries = selectors.development_entries(
            viewer=self.request.user, action=action, agency_id=int_param(self.request, "agency")
        )
        return entries
