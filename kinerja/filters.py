import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from instansi.filters import IdFilter  # ids bounded to 1..2^63-1 (400 otherwise)
from kinerja.choices import AppraisalStatus, Predicate
from kinerja.models import Appraisal


class YearField(forms.IntegerField):
    default_error_messages = {
        "invalid": _("Masukkan tahun berupa bilangan bulat."),
        "min_value": _("Tahun paling kecil %(limit_value)s."),
        "max_value": _("Tahun paling besar %(limit_value)s."),
    }

    def __init__(self, **kwargs):
        # A four-digit year: a huge number would overflow the database driver (HTTP 500 on SQLite).
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class YearFilter(django_filters.NumberFilter):
    field_class = YearField


class AppraisalFilter(django_filters.FilterSet):
    period = IdFilter(field_name="period_id")
    year = YearFilter(field_name="period__year")
    status = django_filters.ChoiceFilter(choices=AppraisalStatus.choices)
    predicate = django_filters.ChoiceFilter(choices=Predicate.choices)
    agency = IdFilter(field_name="agency_id")
    unit = IdFilter(field_name="unit_id")
    employee = IdFilter(field_name="employee_id")
    appraiser = IdFilter(field_name="appraiser_id")
    name = django_filters.CharFilter(field_name="employee__name", lookup_expr="icontains")

    class Meta:
        model = Appraisal
        fields = ["period", "year", "status", "predicate", "agency", "unit", "employee", "appraiser", "name"]
