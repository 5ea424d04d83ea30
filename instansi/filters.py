"""Query filters of organisation data (django-filter), applied inside the selectors.

Foreign keys are filtered by integer id (`IdFilter`), not `ModelChoiceFilter`: the latter runs one
extra query per parameter to check that the row exists, and an unknown id simply matches nothing.
Employee filters only touch public fields (agency, unit, kind of post, NIP, name): a filter on a
private field (status, birth date, flags) would let any colleague infer it from the result count.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from instansi.choices import AgencyKind, PositionKind
from instansi.models import Agency, Employee, Position, Unit


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A row id: whole numbers only (`?agency=1.5` is a 400, not a silent miss)."""

    field_class = forms.IntegerField


class AgencyFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Nama memuat"))
    kind = django_filters.ChoiceFilter(field_name="kind", choices=AgencyKind.choices, label=_("Jenis"))
    region = IdFilter(field_name="region_id", label=_("Pemerintah daerah (id)"))
    code = django_filters.CharFilter(field_name="code", lookup_expr="iexact", label=_("Kode"))

    class Meta:
        model = Agency
        fields: list[str] = []


class UnitFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id", label=_("Perangkat daerah (id)"))
    parent = IdFilter(field_name="parent_id", label=_("Unit induk (id)"))
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Nama memuat"))

    class Meta:
        model = Unit
        fields: list[str] = []


class PositionFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id", label=_("Perangkat daerah (id)"))
    unit = IdFilter(field_name="unit_id", label=_("Unit kerja (id)"))
    kind = django_filters.ChoiceFilter(
        field_name="kind", choices=PositionKind.choices, label=_("Jenis jabatan")
    )
    name = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", label=_("Nama jabatan memuat")
    )
    is_head = django_filters.BooleanFilter(field_name="is_head", label=_("Jabatan kepala"))

    class Meta:
        model = Position
        fields: list[str] = []


class EmployeeFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="position__agency_id", label=_("Perangkat daerah (id)"))
    unit = IdFilter(field_name="position__unit_id", label=_("Unit kerja (id)"))
    position = IdFilter(field_name="position_id", label=_("Jabatan (id)"))
    kind = django_filters.ChoiceFilter(
        field_name="position__kind", choices=PositionKind.choices, label=_("Jenis jabatan")
    )
    nip = django_filters.CharFilter(method="filter_nip", label=_("NIP (boleh dengan spasi)"))
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Nama memuat"))

    class Meta:
        model = Employee
        fields: list[str] = []

    def filter_nip(self, queryset, name, value):
        # NIPs are shown grouped (`19860926 201505 1 001`, REGULATION.md 4); accept that form too.
        return queryset.filter(nip=value.replace(" ", ""))
