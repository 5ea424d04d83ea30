"""Query filters of plans and plan items (django-filter), applied inside the selectors."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from mutasi.choices import TransferKind
from planning.choices import ItemState, PlanStatus
from planning.models import PlanItem, TransferPlan


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A row id: whole numbers only; an unknown id matches nothing (no extra query)."""

    field_class = forms.IntegerField


class PlanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(field_name="status", choices=PlanStatus.choices, label=_("Status"))
    region = IdFilter(field_name="region_id", label=_("Pemerintah daerah (id)"))

    class Meta:
        model = TransferPlan
        fields: list[str] = []


class PlanItemFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        field_name="state", choices=ItemState.choices, label=_("Status butir")
    )
    kind = django_filters.ChoiceFilter(
        field_name="kind", choices=TransferKind.choices, label=_("Jenis mutasi")
    )
    origin_agency = IdFilter(field_name="origin_position__agency_id", label=_("Perangkat daerah asal (id)"))
    destination_agency = IdFilter(
        field_name="destination_position__agency_id", label=_("Perangkat daerah tujuan (id)")
    )
    employee = IdFilter(field_name="employee_id", label=_("Pegawai (id)"))

    class Meta:
        model = PlanItem
        fields: list[str] = []
