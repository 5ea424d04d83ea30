"""Admin of talent management: assessment results entered by hand or imported from a spreadsheet (with
the import-export preview, all or nothing: instansi's MasterDataAdmin), the region's rubric, key posts,
and the grids and plans as read-only records (computed by services only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ReadOnlyAdmin
from instansi.admin import MasterDataAdmin
from talenta.models import Assessment, KeyPost, Rubric, SuccessionPlan, TalentGrid
from talenta.resources import AssessmentResource


@admin.register(Assessment)
class AssessmentAdmin(MasterDataAdmin):
    resource_classes = (AssessmentResource,)
    list_display = (
        "employee",
        "assessed_on",
        "managerial_score",
        "sociocultural_score",
        "technical_score",
        "assessor",
        "valid_until",
        "source",
    )
    list_filter = ("source", "assessed_on", "valid_until")
    search_fields = ("employee__nip", "employee__name", "assessor")
    autocomplete_fields = ("employee",)
    list_select_related = ("employee",)
    date_hierarchy = "assessed_on"


@admin.register(Rubric)
class RubricAdmin(SimpleHistoryAdmin):
    list_display = (
        "region",
        "performance_above_from",
        "performance_meets_from",
        "potential_high_from",
        "potential_middle_from",
        "assessment_validity_years",
    )
    fieldsets = (
        (_("Sumbu kinerja (SKP dua tahun terakhir)"), {"fields": ("predicate_points", "performance_above_from", "performance_meets_from")}),
        (
            _("Sumbu potensi (penilaian kompetensi)"),
            {"fields": ("weight_managerial", "weight_sociocultural", "weight_technical", "potential_high_from", "potential_middle_from", "assessment_validity_years")},
        ),
        (_("Kotak"), {"fields": ("boxes",)}),
        (_("Rencana suksesi"), {"fields": ("fit_potential", "fit_qualification", "fit_performance", "fit_integrity", "reserves")}),
        (_("Sumber"), {"fields": ("region", "sources")}),
    )  # fmt: skip


@admin.register(KeyPost)
class KeyPostAdmin(SimpleHistoryAdmin):
    list_display = ("position", "source", "is_active", "note")
    list_filter = ("source", "is_active", "position__kind")
    search_fields = ("position__title", "position__code", "position__agency__name")
    autocomplete_fields = ("position",)
    list_select_related = ("position",)


@admin.register(TalentGrid)
class TalentGridAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "region",
        "as_of",
        "status",
        "entries_total",
        "created_by",
        "finished_at",
        "recomputed_from",
    )
    list_filter = ("status", "region")
    list_select_related = ("region", "created_by")
    exclude = ("rubric",)
    readonly_fields = ("rubric_display",)

    @admin.display(description=_("rubrik yang dipakai"))
    def rubric_display(self, obj):
        return obj.rubric


@admin.register(SuccessionPlan)
class SuccessionPlanAdmin(ReadOnlyAdmin):
    list_display = (
        "key_post",
        "grid",
        "as_of",
        "status",
        "main_candidate",
        "overrides_ranking",
        "confirmed_by",
    )
    list_filter = ("status", "overrides_ranking")
    list_select_related = ("key_post__position", "grid", "main_candidate", "confirmed_by")
