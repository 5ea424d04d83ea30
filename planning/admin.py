"""Admin of transfer plans: read the result, re-solve or apply through the services (HR)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from core.admin import HrActionsMixin
from core.exceptions import DomainError
from planning import services
from planning.models import PlanItem, TransferPlan


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    extra = 0
    can_delete = False
    show_change_link = False
    fields = (
        "employee",
        "origin_position",
        "destination_position",
        "kind",
        "fit_total",
        "state",
        "transfer_request",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("employee", "origin_position", "destination_position", "transfer_request")
        )


@admin.register(TransferPlan)
class TransferPlanAdmin(HrActionsMixin, admin.ModelAdmin):
    list_display = (
        "__str__",
        "region",
        "status",
        "slots_filled",
        "slots_total",
        "total_fit",
        "created_by",
        "created_at",
    )
    list_filter = ("status", "region")
    list_select_related = ("region", "created_by")
    readonly_fields = [f.name for f in TransferPlan._meta.fields] + ["scope_agencies"]
    inlines = [PlanItemInline]
    actions = ["resolve_plans", "apply_plans"]

    def has_add_permission(self, request):
        # Plans are built by the optimiser (the /rencana/ page or the API), never typed in.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Hitung ulang rencana terpilih"), permissions=["hr"])
    def resolve_plans(self, request, queryset):
        self._each(request, queryset, lambda plan: services.plan_resolve(actor=request.user, plan_id=plan.pk))

    @admin.action(description=_("Terapkan rencana terpilih (buat usulan mutasi)"), permissions=["hr"])
    def apply_plans(self, request, queryset):
        self._each(request, queryset, lambda plan: services.plan_apply(actor=request.user, plan_id=plan.pk))

    def _each(self, request, queryset, fn) -> None:
        for plan in queryset:
            try:
                fn(plan)
            except (DomainError, PermissionDenied) as exc:
                self.message_user(request, f"{plan}: {getattr(exc, 'message', exc)}", messages.ERROR)
            else:
                self.message_user(request, f"{plan}: {_('selesai')}", messages.SUCCESS)
