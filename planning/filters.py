"""Query filters of plans and plan items (django-filter), applied inside the selectors."""

import django_filters
from django.utils.translation import gettext_lazy as _

# Ids bounded to 1..2^63-1 (400 otherwise); an unknown id matches nothing (no extra query).
from core.paging import text_search
from instansi.filters import IdFilter
from mutasi.choices import TransferKind
from planning.choices import ItemState, PlanStatus
from planning.models import PlanItem, TransferPlan


class PlanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(field_name="status", choices=PlanStatus.choices, label=_("Status"))
    region = IdFilter(field_name="region_id", label=_("Pemerintah daerah (id)"))
    q = django_filters.CharFilter(method="filter_q", label=_("Cari (nama rencana atau pembuat)"))

    class Meta:
        model = TransferPlan
        fields: list[str] = []

    def filter_q(self, qs, name, value):
        return text_search(qs, value, fields=("name", "created_by__username", "created_by__first_name"))


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
