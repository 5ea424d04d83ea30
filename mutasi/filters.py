"""Query filters of transfer requests (django-filter), applied inside the selectors."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from mutasi.choices import Decision, Initiator, Stage, Status, TransferKind
from mutasi.models import ApprovalStep, TransferRequest


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class TransferFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        field_name="status", choices=Status.choices, label=_("Status")
    )
    kind = django_filters.ChoiceFilter(field_name="kind", choices=TransferKind.choices, label=_("Jenis"))
    stage = django_filters.ChoiceFilter(field_name="current_stage", choices=Stage.choices, label=_("Tahap"))
    initiated_by = django_filters.ChoiceFilter(choices=Initiator.choices, label=_("Diusulkan oleh"))
    employee = IdFilter(field_name="employee_id", label=_("Pegawai (id)"))
    agency = IdFilter(method="filter_agency", label=_("Perangkat daerah asal atau tujuan (id)"))
    destination_position = IdFilter(field_name="destination_position_id", label=_("Jabatan tujuan (id)"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Melewati tenggat"))
    number = django_filters.CharFilter(field_name="number", lookup_expr="icontains", label=_("Nomor"))

    class Meta:
        model = TransferRequest
        fields: list[str] = []

    def filter_agency(self, qs, name, value):
        return qs.filter(Q(origin_agency_id=value) | Q(destination_agency_id=value))

    def filter_overdue(self, qs, name, value):
        late = ApprovalStep.objects.filter(
            request=OuterRef("pk"),
            decision=Decision.PENDING,
            activated_at__isnull=False,
            due_date__lt=timezone.localdate(),
        )
        return qs.filter(Exists(late)) if value else qs.exclude(Exists(late))
