"""Read API of organisation data (DESIGN.md section 7): agencies, units, positions, employees.

Thin views: the queryset, its filters and its access rules come from instansi.selectors; views pick
the serializer and paginate. Employees are shown whole or by their public fields only, decided per
row by instansi.permissions.sees_private (issue 2, point 9).
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import Pagination as BasePagination
from core.fast_output import FastOutput
from core.types import Actor
from instansi import permissions, selectors
from instansi.filters import AgencyFilter, EmployeeFilter, PositionFilter, UnitFilter
from instansi.models import Agency, Employee, PlacementHistory, Position, Unit


class Pagination(BasePagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class SelectorFilterDocs(DjangoFilterBackend):
    """Documents the FilterSet's query parameters in OpenAPI; the selector does the filtering itself
    (STYLE.md: filtering lives in the selector, so pages and API share one rule)."""

    def filter_queryset(self, request, queryset, view):
        return queryset


class OrgListApi(generics.ListAPIView):
    filter_backends = [SelectorFilterDocs]
    pagination_class = Pagination


# --- Output serializers (module level so OpenAPI component names stay unique) ------------------------


class AgencyOutput(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    head_position_title = serializers.CharField(source="head_position.title", read_only=True, allow_null=True)
    unit_count = serializers.IntegerField(read_only=True)
    position_count = serializers.IntegerField(read_only=True)
    employee_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "region",
            "region_name",
            "is_hr_agency",
            "head_position",
            "head_position_title",
            "unit_count",
            "position_count",
            "employee_count",
        ]


class UnitOutput(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    parent_name = serializers.CharField(source="parent.name", read_only=True, allow_null=True)

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "agency", "agency_name", "parent", "parent_name"]


class PositionOutput(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, allow_null=True)
    superior_title = serializers.CharField(source="superior.title", read_only=True, allow_null=True)
    holder_count = serializers.IntegerField(read_only=True)
    retirement_age = serializers.IntegerField(read_only=True)

    class Meta:
        model = Position
        fields = [
            "id",
            "code",
            "title",
            "kind",
            "grade",
            "is_head",
            "special_role",
            "agency",
            "agency_name",
            "unit",
            "unit_name",
            "superior",
            "superior_title",
            "required_education_levels",
            "required_education_fields",
            "competency_tags",
            "required_staff",
            "holder_count",
            "retirement_age",
        ]


class EmployeePublicOutput(FastOutput, serializers.ModelSerializer):
    """What any signed-in colleague sees: name and post, nothing personal. The NIP encodes the birth
    date and the gender, so it is masked here (`***************001`); the full output has it. Rendered
    by core.fast_output (the list is one of the most requested answers)."""

    visibility = serializers.SerializerMethodField()
    nip = serializers.CharField(source="nip_masked", read_only=True)
    full_name = serializers.CharField(read_only=True)
    nip_display = serializers.CharField(source="nip_masked_display", read_only=True)
    position_title = serializers.CharField(source="position.title", read_only=True, allow_null=True)
    unit = serializers.IntegerField(source="position.unit_id", read_only=True, allow_null=True)
    unit_name = serializers.CharField(source="position.unit.name", read_only=True, allow_null=True)
    agency = serializers.IntegerField(source="position.agency_id", read_only=True, allow_null=True)
    agency_name = serializers.CharField(source="position.agency.name", read_only=True, allow_null=True)

    class Meta:
        model = Employee
        fields = [
            "id",
            "visibility",
            "nip",
            "nip_display",
            "name",
            "front_title",
            "back_title",
            "full_name",
            "position",
            "position_title",
            "unit",
            "unit_name",
            "agency",
            "agency_name",
        ]

    @extend_schema_field({"type": "string", "enum": ["public"]})
    def get_visibility(self, obj) -> str:
        return "public"


class EmployeeFullOutput(EmployeePublicOutput):
    """The whole record: for the employee, HR, auditor, Sekda, the regional head, the head of the
    employee's agency and the direct supervisor (instansi.permissions.sees_private)."""

    nip = serializers.CharField(read_only=True)
    nip_display = serializers.CharField(read_only=True)
    retirement_date = serializers.DateField(read_only=True)

    class Meta:
        model = Employee
        fields = [
            *EmployeePublicOutput.Meta.fields,
            "birth_date",
            "gender",
            "status",
            "golongan",
            "tmt_cpns",
            "education_level",
            "education_field",
            "competencies",
            "position_since",
            "retirement_date",
            "phone",
            "email",
            "under_sanction",
            "sanction_until",
            "in_court_case",
            "on_study_assignment",
            "study_until",
            "in_service_bond",
            "bond_until",
            "open_audit_finding",
            "audit_finding_date",
            "is_active",
        ]

    @extend_schema_field({"type": "string", "enum": ["full"]})
    def get_visibility(self, obj) -> str:
        return "full"


class PlacementOutput(serializers.ModelSerializer):
    class Meta:
        model = PlacementHistory
        fields = [
            "id",
            "position",
            "position_title",
            "agency_name",
            "start",
            "end",
            "decree_number",
            "decree_date",
            "note",
        ]


class EmployeeMeOutput(EmployeeFullOutput):
    placements = PlacementOutput(many=True, read_only=True)

    class Meta(EmployeeFullOutput.Meta):
        fields = [*EmployeeFullOutput.Meta.fields, "placements"]


EmployeeOutput = PolymorphicProxySerializer(
    component_name="Employee",
    serializers={"public": EmployeePublicOutput, "full": EmployeeFullOutput},
    resource_type_field_name="visibility",
)


class EmployeeRows:
    """Serialises employees row by row as public or full (the viewer's right decided per row)."""

    def __init__(self, *, viewer: Actor):
        self.can_see_private = permissions.private_fields_checker(viewer)
        self.public, self.full = EmployeePublicOutput(), EmployeeFullOutput()

    def __call__(self, employee: Employee) -> dict:
        return (self.full if self.can_see_private(employee) else self.public).to_representation(employee)


# --- Agencies ------------------------------------------------------------------------------------------


class AgencyListApi(OrgListApi):
    """Perangkat daerah, with counts of units, posts and active employees."""

    serializer_class = AgencyOutput
    filterset_class = AgencyFilter

    def get_queryset(self):
        return selectors.agency_list(viewer=self.request.user, filters=self.request.query_params)


class AgencyDetailApi(generics.RetrieveAPIView):
    serializer_class = AgencyOutput

    def get_object(self):
        return selectors.agency_detail(viewer=self.request.user, agency_id=self.kwargs["pk"])


# --- Units ---------------------------------------------------------------------------------------------


class UnitListApi(OrgListApi):
    """Unit kerja (bidang, seksi, subbagian); `parent` links them into a tree inside an agency."""

    serializer_class = UnitOutput
    filterset_class = UnitFilter

    def get_queryset(self):
        return selectors.unit_list(viewer=self.request.user, filters=self.request.query_params)


class UnitDetailApi(generics.RetrieveAPIView):
    serializer_class = UnitOutput

    def get_object(self):
        return selectors.unit_detail(viewer=self.request.user, unit_id=self.kwargs["pk"])


# --- Positions -----------------------------------------------------------------------------------------


class PositionListApi(OrgListApi):
    """Jabatan with kind, class, requirements, required staff (ABK) and current number of holders."""

    serializer_class = PositionOutput
    filterset_class = PositionFilter

    def get_queryset(self):
        return selectors.position_list(viewer=self.request.user, filters=self.request.query_params)


class PositionDetailApi(generics.RetrieveAPIView):
    serializer_class = PositionOutput

    def get_object(self):
        return selectors.position_detail(viewer=self.request.user, position_id=self.kwargs["pk"])


# --- Employees -----------------------------------------------------------------------------------------


class EmployeeListApi(OrgListApi):
    """Pegawai. Each row is whole (`visibility: full`) or public fields only (`visibility: public`)."""

    serializer_class = EmployeePublicOutput
    filterset_class = EmployeeFilter

    def get_queryset(self):
        return selectors.employee_list(viewer=self.request.user, filters=self.request.query_params)

    @extend_schema(responses=EmployeeOutput)
    def get(self, request, *args, **kwargs):
        row_of = EmployeeRows(viewer=request.user)
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([row_of(employee) for employee in page])


class EmployeeDetailApi(APIView):
    @extend_schema(responses=EmployeeOutput)
    def get(self, request, pk: int):
        employee = selectors.employee_detail(viewer=request.user, employee_id=pk)
        return Response(EmployeeRows(viewer=request.user)(employee))


class EmployeeMeApi(APIView):
    """The caller's own record, whole, with placement history (404 without an employee record)."""

    @extend_schema(responses={200: EmployeeMeOutput})
    def get(self, request):
        return Response(EmployeeMeOutput(selectors.employee_me(viewer=request.user)).data)
