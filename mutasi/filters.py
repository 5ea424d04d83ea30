"""Query filters of transfer requests (django-filter), applied inside the selectors."""

import datetime as dt

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.paging import text_search
from instansi.filters import IdFilter, StrictBooleanFilter  # ids 1..2^63-1; booleans true/false only
from mutasi.choices import Decision, Initiator, Stage, Status, TransferKind
from mutasi.models import ApprovalStep, PostTransferEvaluation, TransferRequest


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
    overdue = StrictBooleanFilter(method="filter_overdue", label=_("Melewati tenggat"))
    number = django_filters.CharFilter(field_name="number", lookup_expr="icontains", label=_("Nomor"))
    q = django_filters.CharFilter(method="filter_q", label=_("Cari (nomor usulan, nama atau NIP pegawai)"))

    class Meta:
        model = TransferRequest
        fields: list[str] = []

    def filter_q(self, qs, name, value):
        """One search box: the request number, the employee's name, or the start of their NIP."""
        return text_search(qs, value, fields=("number", "employee__name"), nip_fields=("employee__nip",))

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


# An evaluation is due from its date; still incomplete a month later it is overdue and HR follows it up
# (the Policy has no setting for this yet, so the grace period is a named constant).
EVALUATION_OVERDUE_DAYS = 30


class EvaluationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        method="filter_state",
        label=_("Keadaan"),
        choices=[
            ("upcoming", _("Belum jatuh tempo")),
            ("due", _("Jatuh tempo, belum lengkap")),
            ("overdue", _("Terlambat lebih dari 30 hari")),
            ("done", _("Lengkap")),
        ],
    )
    agency = IdFilter(field_name="request__destination_agency_id", label=_("Perangkat daerah tujuan (id)"))
    employee = IdFilter(field_name="employee_id", label=_("Pegawai (id)"))
    months_after = django_filters.TypedChoiceFilter(
        choices=[(3, "3"), (6, "6")], coerce=int, label=_("Bulan setelah TMT")
    )
    q = django_filters.CharFilter(method="filter_q", label=_("Cari (nama atau NIP pegawai, nomor usulan)"))

    class Meta:
        model = PostTransferEvaluation
        fields: list[str] = []

    def filter_q(self, qs, name, value):
        return text_search(
            qs, value, fields=("employee__name", "request__number"), nip_fields=("employee__nip",)
        )

    def filter_state(self, qs, name, value):
        today = timezone.localdate()
        incomplete = Q(rated_at__isnull=True) | Q(employee_answered_at__isnull=True)
        if value == "upcoming":
            return qs.filter(incomplete, due_date__gt=today)
        if value == "due":
            return qs.filter(incomplete, due_date__lte=today)
        if value == "overdue":
            return qs.filter(incomplete, due_date__lt=today - dt.timedelta(days=EVALUATION_OVERDUE_DAYS))
        if value == "done":
            return qs.filter(rated_at__isnull=False, employee_answered_at__isnull=False)
        return qs
