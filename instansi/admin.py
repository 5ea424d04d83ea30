"""Admin for HR (issue 2, point 6): master data with history, search, filters, autocomplete, and
Excel/CSV import-export where a file with any bad row imports nothing (instansi.imports)."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from simple_history.admin import SimpleHistoryAdmin

from instansi import imports, permissions
from instansi.models import Agency, Employee, PlacementHistory, Position, Region, Unit
from instansi.resources import (
    AgencyResource,
    EmployeeResource,
    PositionResource,
    UnitResource,
)


class IndonesianExportForm(SelectableFieldsExportForm):
    """The export's column picker names each column by its Indonesian header ("Gelar Depan"), not
    by the field name made English-looking ("Front Title")."""

    def _get_field_label(self, resource, field_name: str) -> str:
        headers = getattr(resource, "HEADERS", {})
        return headers.get(field_name) or super()._get_field_label(resource, field_name)


class MasterDataAdmin(ImportExportMixin, SimpleHistoryAdmin):
    """History (django-simple-history) plus import-export whose final step is all-or-nothing.

    ImportExportMixin goes first so its change-list template (import/export buttons) wins; both
    mixins end in ModelAdmin, so the MRO stays linear.
    """

    formats = (base_formats.XLSX, base_formats.CSV)
    export_form_class = IndonesianExportForm
    import_error_display = ("message", "row")
    show_full_result_count = False  # no COUNT(*) over the whole table on every filtered page

    def get_export_filename(self, request, queryset, file_format):
        """ "pegawai-2026-12-06.xlsx" (the local date), not "Employee-<UTC date>.xlsx"."""
        name = slugify(str(self.model._meta.verbose_name_plural))
        return f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def has_import_permission(self, request):
        return permissions.may_import(request.user, self.model)

    def has_export_permission(self, request):
        return permissions.may_export(request.user, self.model)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = (getattr(response, "context_data", None) or {}).get("result")
        if result is not None and (result.has_errors() or result.has_validation_errors()):
            self._report_refusal(
                request, imports.row_errors(result, self.get_import_resource_classes(request)[0])
            )
        return response

    def process_dataset(self, dataset, form, request, **kwargs):
        file_name = kwargs.pop("file_name", None) or form.cleaned_data.get("original_file_name", "")
        result = imports.dataset_import(
            resource_class=self.choose_import_resource_class(form, request),
            dataset=dataset,
            actor=request.user,
            file_name=file_name,
            keep_instances=True,
        )
        request.simutasi_import = result
        return result.raw

    def process_result(self, result, request):
        outcome = getattr(request, "simutasi_import", None)
        if outcome is not None and not outcome.ok:
            self._report_refusal(request, outcome.errors)
            info = self.get_model_info()
            return HttpResponseRedirect(reverse(f"admin:{info[0]}_{info[1]}_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        outcome = getattr(request, "simutasi_import", None)
        if outcome is not None:
            messages.success(request, outcome.summary())
        else:
            super().add_success_message(result, request)

    def _report_refusal(self, request, errors) -> None:
        messages.error(
            request,
            _("Tidak ada data yang diimpor: %(n)d baris bermasalah. Perbaiki lalu unggah ulang.")
            % {"n": len(errors)},
        )
        for error in errors[:50]:
            messages.error(request, str(error))
        if len(errors) > 50:
            messages.error(request, _("... dan %(n)d baris lainnya.") % {"n": len(errors) - 50})


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "code")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    # The region's policy has its own admin page with labelled fields (mutasi.policy_form).


@admin.register(Agency)
class AgencyAdmin(MasterDataAdmin):
    resource_classes = (AgencyResource,)
    list_display = ("code", "name", "short_name", "kind", "region", "head_position", "is_hr_agency")
    list_filter = ("kind", "is_hr_agency", "region")
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("region", "head_position")
    list_select_related = ("region", "head_position")


@admin.register(Unit)
class UnitAdmin(MasterDataAdmin):
    resource_classes = (UnitResource,)
    list_display = ("code", "name", "agency", "parent")
    list_filter = ("agency__kind", "agency")
    search_fields = ("code", "name", "agency__name", "agency__code")
    autocomplete_fields = ("agency", "parent")
    list_select_related = ("agency", "parent")


@admin.register(Position)
class PositionAdmin(MasterDataAdmin):
    resource_classes = (PositionResource,)
    list_display = (
        "code",
        "title",
        "agency",
        "unit",
        "kind",
        "grade",
        "is_head",
        "special_role",
        "required_staff",
    )
    list_filter = ("kind", "is_head", "special_role", "agency__kind", "agency")
    search_fields = ("code", "title", "agency__name", "agency__code")
    autocomplete_fields = ("agency", "unit", "superior")
    list_select_related = ("agency", "unit")
    # The workload app adds the uraian tugas inline (workload/admin.py).
    inlines = ()


@admin.register(Employee)
class EmployeeAdmin(MasterDataAdmin):
    resource_classes = (EmployeeResource,)
    list_display = (
        "nip",
        "display_name",
        "position",
        "agency",
        "status",
        "golongan",
        "is_active",
        "has_flag",
    )
    list_filter = (
        "status",
        "golongan",
        "gender",
        "education_level",
        "is_active",
        "under_sanction",
        "on_study_assignment",
        "open_audit_finding",
        "position__agency",
    )
    search_fields = ("nip", "name", "position__title", "position__code")
    autocomplete_fields = ("position", "user")
    list_select_related = ("position__agency",)
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description=_("nama lengkap"), ordering="name")
    def display_name(self, obj: Employee) -> str:
        return obj.full_name

    @admin.display(description=_("perangkat daerah"), ordering="position__agency__name")
    def agency(self, obj: Employee):
        return obj.position.agency if obj.position_id else "-"

    @admin.display(description=_("penghalang mutasi"), boolean=True)
    def has_flag(self, obj: Employee) -> bool:
        # REGULATION.md 1.2: sanction, court case, study assignment, bond, open audit finding.
        return any(
            (
                obj.under_sanction,
                obj.in_court_case,
                obj.on_study_assignment,
                obj.in_service_bond,
                obj.open_audit_finding,
            )
        )


@admin.register(PlacementHistory)
class PlacementHistoryAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "position_title", "agency_name", "start", "end", "decree_number")
    list_filter = (("end", admin.EmptyFieldListFilter), "start")
    date_hierarchy = "start"
    search_fields = ("employee__nip", "employee__name", "position_title", "agency_name", "decree_number")
    autocomplete_fields = ("employee", "position")
    list_select_related = ("employee",)
    show_full_result_count = False
