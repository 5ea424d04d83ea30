"""Admin of the kinerja app: mostly read-only. Ratings, predicates and statuses change only through the
services (the predicate comes from the matrix, never typed in), so they are read-only here."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from core.admin import HrActionsMixin, ReadOnlyAdmin
from core.exceptions import DomainError
from kinerja import exports, selectors, services
from kinerja.models import (
    Appraisal,
    AppraisalBatch,
    AppraisalPeriod,
    BehaviourRating,
    FeedbackNote,
    OrganisationPerformance,
    RecordedPredicate,
    ResultPlan,
    TeamGoal,
)


@admin.register(AppraisalPeriod)
class AppraisalPeriodAdmin(admin.ModelAdmin):
    list_display = ["year", "region", "is_open", "quarterly_checkins"]
    list_filter = ["region", "is_open"]
    readonly_fields = ["opened_by"]
    actions = ["export_results"]

    @admin.action(description=_("Ekspor hasil SKP periode ini ke XLSX"))
    def export_results(self, request, queryset):
        period = queryset.first()
        try:
            rows = selectors.period_results(viewer=request.user, period=period)
        except PermissionDenied:
            self.message_user(request, _("Hanya BKPSDM atau auditor yang dapat mengekspor."), messages.ERROR)
            return None
        response = HttpResponse(
            exports.period_results_xlsx(period=period, appraisals=rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="hasil-skp-{period.year}.xlsx"'
        return response


@admin.register(OrganisationPerformance)
class OrganisationPerformanceAdmin(admin.ModelAdmin):
    list_display = ["period", "agency", "unit", "rating", "set_by"]
    list_filter = ["period", "rating"]
    readonly_fields = ["period", "agency", "unit", "rating", "set_by", "note"]

    def has_add_permission(self, request):
        return False  # through the period page or the API, so the audit row is written


class ResultPlanInline(admin.TabularInline):
    model = ResultPlan
    fields = ["kind", "description", "parent", "team_goal"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class BehaviourInline(admin.TabularInline):
    model = BehaviourRating
    fields = ["value", "rating", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class FeedbackInline(admin.TabularInline):
    model = FeedbackNote
    fields = ["date", "quarter", "note", "author"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Appraisal)
class AppraisalAdmin(HrActionsMixin, admin.ModelAdmin):
    list_display = ["employee", "period", "agency_name", "unit_name", "status", "predicate"]
    list_filter = ["period", "status", "predicate", "agency"]
    search_fields = ["employee__name", "employee__nip"]
    list_select_related = ["employee", "period"]
    raw_id_fields = ["employee", "appraiser", "position", "appraiser_position", "unit", "agency"]
    readonly_fields = [f.name for f in Appraisal._meta.fields]
    inlines = [ResultPlanInline, BehaviourInline, FeedbackInline]
    actions = ["finalise"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Finalkan SKP terpilih (aturan sebaran diperiksa)"), permissions=["hr"])
    def finalise(self, request, queryset):
        done = 0
        for appraisal in queryset:
            try:
                services.appraisal_finalise(appraisal=appraisal, actor=request.user)
                done += 1
            except (DomainError, PermissionDenied) as exc:
                self.message_user(request, f"{appraisal}: {getattr(exc, 'message', exc)}", messages.ERROR)
        if done:
            self.message_user(request, _("%(n)s SKP difinalkan.") % {"n": done}, messages.SUCCESS)


@admin.register(TeamGoal)
class TeamGoalAdmin(admin.ModelAdmin):
    list_display = ["title", "period", "agency", "target", "realised", "unit_label"]
    readonly_fields = [
        "period",
        "agency",
        "title",
        "aspect",
        "target",
        "unit_label",
        "realised",
        "created_by",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(AppraisalBatch)
class AppraisalBatchAdmin(admin.ModelAdmin):
    list_display = ["pk", "period", "status", "total", "done", "created", "skipped", "created_at"]
    readonly_fields = [f.name for f in AppraisalBatch._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(RecordedPredicate)
class RecordedPredicateAdmin(ReadOnlyAdmin):
    """Annual predicates recorded outside Simutasi (SIASN's rw-skp22), written only by the siasn import;
    shown so HR can see which year a rule read from SIASN rather than from a FINAL SKP here."""

    list_display = ("employee", "year", "predicate", "source", "source_id", "updated_at")
    list_filter = ("source", "year", "predicate")
    search_fields = ("employee__name", "employee__nip")
    list_select_related = ("employee",)
