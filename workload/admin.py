"""Admin of the workload analysis (ABK): uraian tugas (also inline on the post), runs and results.

HR starts a run with the "Jalankan analisis" button (or the action on a listed run), follows its
progress (agencies done / total) and reads results; results are never edited by hand. The nightly
schedule is django-celery-beat's "Periodic tasks" entry, editable in the admin (config/schedules.py).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin
from instansi import admin as instansi_admin
from instansi.models import Position, Region
from workload import permissions
from workload.models import WorkloadResult, WorkloadRun, WorkloadRunStatus, WorkloadTask
from workload.resources import WorkloadTaskResource
from workload.services import workload_run_start


class WorkloadTaskInline(admin.TabularInline):
    """Uraian tugas and norma waktu edited on the post itself (REGULATION.md 2)."""

    model = WorkloadTask
    fields = ("description", "output_unit", "annual_volume", "standard_minutes")
    extra = 0


admin.site.unregister(Position)


@admin.register(Position)
class PositionAdmin(instansi_admin.PositionAdmin):
    """instansi's post admin with the post's uraian tugas below it."""

    inlines = (*instansi_admin.PositionAdmin.inlines, WorkloadTaskInline)


@admin.register(WorkloadTask)
class WorkloadTaskAdmin(instansi_admin.MasterDataAdmin):
    resource_classes = (WorkloadTaskResource,)
    list_display = (
        "description",
        "position",
        "agency",
        "output_unit",
        "annual_volume",
        "standard_minutes",
        "hours",
    )
    list_filter = ("position__agency",)
    search_fields = ("description", "position__title", "position__code")
    autocomplete_fields = ("position",)
    list_select_related = ("position__agency",)

    @admin.display(description=_("perangkat daerah"), ordering="position__agency__name")
    def agency(self, obj: WorkloadTask):
        return obj.position.agency

    @admin.display(description=_("beban kerja (jam/tahun)"))
    def hours(self, obj: WorkloadTask):
        # REGULATION.md 2: task workload = annual volume x norma waktu (minutes) / 60.
        return round(obj.annual_volume * obj.standard_minutes / 60, 2)


STATUS_BADGE = {
    WorkloadRunStatus.PENDING: "warn",
    WorkloadRunStatus.RUNNING: "warn",
    WorkloadRunStatus.FINISHED: "ok",
    WorkloadRunStatus.FAILED: "bad",
}


class StartRunForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Pemerintah daerah"), queryset=Region.objects.order_by("name"))


@admin.register(WorkloadRun)
class WorkloadRunAdmin(ReadOnlyAdmin):
    change_list_template = "admin/workload/workloadrun/change_list.html"
    list_display = [
        "id",
        "region",
        "status_badge",
        "progress",
        "created_at",
        "duration_display",
        "triggered_by",
    ]
    list_filter = ["status", "region"]
    list_select_related = ["region", "triggered_by"]
    readonly_fields = [
        "region",
        "status",
        "triggered_by",
        "created_at",
        "started_at",
        "finished_at",
        "duration_display",
        "progress",
        "agencies_total",
        "agencies_done",
        "error",
        "policy_snapshot",
    ]
    exclude = ["agency_ids"]
    actions = ["start_again"]

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return format_html(
            '<span class="badge {}">{}</span>', STATUS_BADGE.get(obj.status, ""), obj.get_status_display()
        )

    @admin.display(description=_("kemajuan"))
    def progress(self, obj):
        return format_html(
            '<progress value="{}" max="{}"></progress> {}/{} ({}%)',
            obj.agencies_done,
            obj.agencies_total or 1,
            obj.agencies_done,
            obj.agencies_total,
            obj.progress_percent,
        )

    @admin.display(description=_("durasi"))
    def duration_display(self, obj):
        return f"{obj.duration.total_seconds():.1f} s" if obj.duration else "-"

    def get_urls(self):
        return [
            path("jalankan/", self.admin_site.admin_view(self.start_view), name="workload_workloadrun_start"),
            *super().get_urls(),
        ]

    def start_view(self, request):
        """The "Jalankan analisis" button: pick a region, start a run (HR only, checked by the service)."""
        form = StartRunForm(request.POST or None, initial={"region": Region.objects.order_by("pk").first()})
        if request.method == "POST" and form.is_valid():
            self._start(request, form.cleaned_data["region"])
            return redirect(reverse("admin:workload_workloadrun_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": gettext("Jalankan analisis beban kerja"),
        }
        return render(request, "admin/workload/workloadrun/start.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_start": permissions.may_start_run(request.user),
            "running": WorkloadRun.objects.filter(
                status__in=[WorkloadRunStatus.PENDING, WorkloadRunStatus.RUNNING]
            ).exists(),
        }
        return super().changelist_view(request, extra_context)

    def has_start_run_permission(self, request) -> bool:
        # Django offers and runs the "start" action only when this is true (the auditor reads runs,
        # never starts one); the service checks the role again.
        return permissions.may_start_run(request.user)

    @admin.action(description=_("Jalankan analisis baru untuk daerah yang sama"), permissions=["start_run"])
    def start_again(self, request, queryset):
        for region in Region.objects.filter(pk__in=queryset.values("region_id")):
            if not self._start(request, region, started_level=messages.INFO):
                return

    def _start(self, request, region: Region, *, started_level: int = messages.SUCCESS) -> bool:
        """Start a run of `region` (the service checks that the user is HR) and say so; False, with the
        reason shown, when the user may not."""
        try:
            run = workload_run_start(region=region, triggered_by=request.user)
        except PermissionDenied:
            self.message_user(
                request, gettext("Hanya BKPSDM yang dapat menjalankan analisis beban kerja."), messages.ERROR
            )
            return False
        started = gettext("Analisis beban kerja #%(id)s dimulai.") % {"id": run.pk}
        self.message_user(request, started, started_level)
        return True


@admin.register(WorkloadResult)
class WorkloadResultAdmin(ReadOnlyAdmin):
    list_display = ["run", "level", "agency", "unit", "position", *WorkloadResult.FIGURES]
    list_filter = ["level", "pj", "analysed", "run__region", "agency"]
    list_select_related = ["run", "agency", "unit", "position"]
    search_fields = ["position__title", "unit__name", "agency__name"]
    raw_id_fields = ["run"]
    show_full_result_count = False  # a region-wide count of every run's rows is not worth a query
