"""Query filters of organisation data (django-filter), applied inside the selectors.

Foreign keys are filtered by integer id (`IdFilter`), not `ModelChoiceFilter`: the latter runs one
extra query per parameter to check that the row exists, and an unknown id simply matches nothing.
Employee filters only touch public fields (agency, unit, kind of post, NIP, name): a filter on a
private field (status, birth date, flags) would let any colleague infer it from the result count.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from instansi.choices import AgencyKind, PositionKind
from instansi.models import Agency, Employee, Position, Unit

# Primary keys are 64-bit signed integers (BigAutoField). A larger value never names a row, and the
# SQLite driver cannot even bind it (OverflowError -> HTTP 500); PostgreSQL would cast it to numeric
# and scan. So an id outside 1..2^63-1 is refused as bad input (400 with the field's message).
MAX_ID = 2**63 - 1


class IdField(forms.IntegerField):
    default_error_messages = {
        "invalid": _("Masukkan id berupa bilangan bulat."),
        "min_value": _("Id paling kecil %(limit_value)s."),
        "max_value": _("Id paling besar %(limit_value)s."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID})
class IdFilter(django_filters.NumberFilter):
    """A row id: whole numbers from 1 to 2^63-1 only (`?agency=1.5`, `?agency=0` and
    `?agency=99999999999999999999` are a 400, not a silent miss or a server error). Every app's
    FilterSets use this one (mutasi, planning, kinerja import it: dependencies point left)."""

    field_class = IdField


class StrictBooleanField(forms.Field):
    """`true`/`false` (or 1/0) only: django-filter's own boolean filter reads anything else, `null`
    included, as "no filter" and answers the whole list, which the schema (a boolean) does not allow."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError(_("Masukkan true atau false."), code="invalid")


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


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
    is_head = StrictBooleanFilter(field_name="is_head", label=_("Jabatan kepala"))

    class Meta:
        model = Position
        fields: list[str] = []


class EmployeeFilter(django_filters.FilterSet):
    # The agency of the post, kept on the employee row by the database (Employee.position_agency).
    agency = IdFilter(field_name="position_agency_id", label=_("Perangkat daerah (id)"))
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
