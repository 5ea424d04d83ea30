"""REST API of standing preferences and circumstances (issue 21 point 1). The caller's own rows, or, with
`?employee=`, one employee's rows for HR and the deciders of a move of theirs (404 for anyone else).
Selectors decide access, services write; only the employee writes their own."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import JSONParser, validated
from core.api_permissions import ActsOn
from core.uploads import ALLOWED_CONTENT_TYPES
from mutasi import files, permissions, selectors, services
from mutasi.choices import CircumstanceCategory, CircumstanceScope, PreferenceKind
from mutasi.models import Circumstance, PlacementPreference

EMPLOYEE_PARAM = OpenApiParameter(
    "employee",
    int,
    description=_("Id pegawai (BKPSDM dan pejabat yang memutus usulan mutasinya); tanpa ini: milik sendiri."),
)


def _employee_param(request) -> int | None:
    """`?employee=`: a whole number the caller may read, else 404 (no hint the employee exists)."""
    raw = request.query_params.get("employee")
    if raw in (None, ""):
        return None
    try:
        employee_id = int(raw)
    except ValueError:
        raise serializers.ValidationError({"employee": [_("Id pegawai harus bilangan bulat.")]})
    if not permissions.may_read_standing_views(request.user, employee_id):
        raise Http404
    return employee_id


class PreferenceOutput(serializers.ModelSerializer):
    target_name = serializers.SerializerMethodField()

    class Meta:
        model = PlacementPreference
        fields = [
            "id",
            "employee",
            "kind",
            "agency",
            "unit",
            "position",
            "target_name",
            "note",
            "valid_until",
        ]

    def get_target_name(self, obj) -> str:
        target = obj.agency or obj.unit or obj.position
        return str(getattr(target, "title", None) or target)


class CircumstanceOutput(serializers.ModelSerializer):
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = Circumstance
        fields = [
            "id",
            "employee",
            "category",
            "scope",
            "description",
            "has_document",
            "document_name",
            "valid_until",
        ]

    def get_has_document(self, obj) -> bool:
        return bool(obj.document)


class PreferenceListCreateApi(APIView):
    """`GET` wishes and dislikes; `POST` one of the caller's own (exactly one of agency, unit, position)."""

    parser_classes = [JSONParser]  # as circumstances: empty form values are not "none"
    may_act = staticmethod(permissions.may_keep_preferences)

    class Input(serializers.Serializer):
        kind = serializers.ChoiceField(choices=PreferenceKind.choices)
        agency = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        unit = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        position = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
        valid_until = serializers.DateField(required=False, allow_null=True, default=None)

        class Meta:
            ref_name = "PreferenceInput"

    @extend_schema(parameters=[EMPLOYEE_PARAM], responses=PreferenceOutput(many=True))
    def get(self, request):
        rows = selectors.preference_list(viewer=request.user, employee_id=_employee_param(request))
        return Response(PreferenceOutput(rows, many=True).data)

    @extend_schema(request=Input, responses={201: PreferenceOutput})
    def post(self, request):
        data = validated(self.Input, request.data)
        row = services.preference_add(
            actor=request.user,
            kind=data["kind"],
            agency_id=data.get("agency"),
            unit_id=data.get("unit"),
            position_id=data.get("position"),
            note=data["note"],
            valid_until=data["valid_until"],
        )
        return Response(PreferenceOutput(row).data, status=201)


class PreferenceDetailApi(APIView):
    acts_on = ActsOn(selectors.preference_get, services.preferences.owner_check)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        services.preference_remove(actor=request.user, preference_id=self.target.pk)
        return Response(status=204)


class CircumstanceListCreateApi(APIView):
    """`GET` circumstances; `POST` one of the caller's own (its document goes to `.../document/`)."""

    # JSON only: a form cannot tell an empty end date from none (DRF reads "" as null).
    parser_classes = [JSONParser]
    may_act = staticmethod(permissions.may_keep_preferences)

    class Input(serializers.Serializer):
        category = serializers.ChoiceField(choices=CircumstanceCategory.choices)
        scope = serializers.ChoiceField(choices=CircumstanceScope.choices, default=CircumstanceScope.ANY_MOVE)
        description = serializers.CharField(max_length=2000)
        valid_until = serializers.DateField(required=False, allow_null=True, default=None)

        class Meta:
            ref_name = "CircumstanceInput"

    @extend_schema(parameters=[EMPLOYEE_PARAM], responses=CircumstanceOutput(many=True))
    def get(self, request):
        rows = selectors.circumstance_list(viewer=request.user, employee_id=_employee_param(request))
        return Response(CircumstanceOutput(rows, many=True).data)

    @extend_schema(request=Input, responses={201: CircumstanceOutput})
    def post(self, request):
        data = validated(self.Input, request.data)
        row = services.circumstance_add(
            actor=request.user,
            category=data["category"],
            scope=data["scope"],
            description=data["description"],
            valid_until=data["valid_until"],
        )
        return Response(CircumstanceOutput(row).data, status=201)


class CircumstanceDetailApi(APIView):
    acts_on = ActsOn(selectors.circumstance_get, services.preferences.owner_check)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk: int):
        services.circumstance_remove(actor=request.user, circumstance_id=self.target.pk)
        return Response(status=204)


class CircumstanceDocumentApi(APIView):
    """`GET` the supporting document, only for those who may read the circumstance (never a public
    URL); `POST` (multipart: file) attaches or replaces it, the employee only."""

    parser_classes = [MultiPartParser, FormParser]
    # Asked of writes only (GET is the selector alone): the employee attaches, HR and deciders read.
    acts_on = ActsOn(selectors.circumstance_get, services.preferences.owner_check)

    class Input(serializers.Serializer):
        file = serializers.FileField()

        class Meta:
            ref_name = "CircumstanceDocumentInput"

    @extend_schema(request=Input, responses={200: CircumstanceOutput})
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        row = services.circumstance_attach(
            actor=request.user, circumstance_id=self.target.pk, document=data["file"]
        )
        return Response(CircumstanceOutput(row).data)

    @extend_schema(
        responses={(200, content_type): OpenApiTypes.BINARY for content_type in ALLOWED_CONTENT_TYPES}
    )
    def get(self, request, pk: int):
        return files.circumstance_document_response(selectors.circumstance_get(viewer=request.user, pk=pk))
