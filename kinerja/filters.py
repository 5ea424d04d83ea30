import django_filters

from kinerja.choices import AppraisalStatus, Predicate
from kinerja.models import Appraisal


class AppraisalFilter(django_filters.FilterSet):
    period = django_filters.NumberFilter(field_name="period_id")
    year = django_filters.NumberFilter(field_name="period__year")
    status = django_filters.ChoiceFilter(choices=AppraisalStatus.choices)
    predicate = django_filters.ChoiceFilter(choices=Predicate.choices)
    agency = django_filters.NumberFilter(field_name="agency_id")
    unit = django_filters.NumberFilter(field_name="unit_id")
    employee = django_filters.NumberFilter(field_name="employee_id")
    appraiser = django_filters.NumberFilter(field_name="appraiser_id")
    name = django_filters.CharFilter(field_name="employee__name", lookup_expr="icontains")

    class Meta:
        model = Appraisal
        fields = ["period", "year", "status", "predicate", "agency", "unit", "employee", "appraiser", "name"]
