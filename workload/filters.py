"""django-filter filters of the workload API (DESIGN.md 7): results and tasks."""

import django_filters

from instansi.choices import PJ
from instansi.filters import IdFilter, StrictBooleanFilter  # ids 1..2^63-1; booleans true/false only
from workload.models import WorkloadLevel, WorkloadResult, WorkloadTask


class WorkloadResultFilter(django_filters.FilterSet):
    agency = IdFilter(field_name="agency_id")
    unit = IdFilter(field_name="unit_id")
    position = IdFilter(field_name="position_id")
    level = django_filters.ChoiceFilter(choices=WorkloadLevel.choices)
    pj = django_filters.ChoiceFilter(choices=PJ.choices)
    shortage = StrictBooleanFilter(method="filter_shortage", label="Hanya yang kekurangan")
    analysed = StrictBooleanFilter()

    class Meta:
        model = WorkloadResult
        fields = ["agency", "unit", "position", "level", "pj", "shortage", "analysed"]

    def filter_shortage(self, queryset, name, value):
        # Shortage = gap < 0 (REGULATION.md 2: negative gap means fewer holders than required).
        if value is True:
            return queryset.filter(gap__lt=0)
        if value is False:
            return queryset.exclude(gap__lt=0)
        return queryset


class WorkloadTaskFilter(django_filters.FilterSet):
    position = IdFilter(field_name="position_id")
    agency = IdFilter(field_name="position__agency_id")

    class Meta:
        model = WorkloadTask
        fields = ["position", "agency"]
