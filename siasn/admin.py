"""The SIASN pages of the admin: code mappings HR corrects; import runs (preview counts, progress bar,
apply, the refused report); the outbox (pending / sent / failed with SIASN's answer, resend);
reconciliation runs and their mismatches. The pages call the services; rights from siasn.permissions."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import HrActionsMixin, ReadOnlyAdmin
from core.xlsx import csv_text
from siasn import permissions
from siasn.models import (
    CodeMapping,
    ImportRecord,
    ImportRun,
    ImportSource,
    ImportStatus,
    Mismatch,
    OutboxMessage,
    OutboxStatus,
    ReconciliationRun,
    pending_q,
)
from siasn.services import imports, outbox, reconcile


class SiasnReadMixin:
    def has_module_permission(self, request):
        return permissions.may_read(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.may_read(request.user)


@admin.register(CodeMapping)
class CodeMappingAdmin(SiasnReadMixin, admin.ModelAdmin):
    list_display = ("kind", "siasn_code", "siasn_name", "value")
    list_editable = ("value",)
    list_filter = ("kind",)
    search_fields = ("siasn_code", "siasn_name", "value")

    def has_add_permission(self, request):
        return permissions.may_manage(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.may_manage(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.may_manage(request.user)


class ImportRunForm(forms.ModelForm):
    class Meta:
        model = ImportRun
        fields = ("region", "source", "file", "with_histories")

    def clean(self):
        data = super().clean()
        if data.get("source") == ImportSource.SPREADSHEET and not data.get("file"):
            self.add_error("file", _("Pilih berkas ekspor SIASN (XLSX atau CSV)."))
        if data.get("file") and not data["file"].name.lower().endswith((".xlsx", ".csv")):
            self.add_error("file", _("Berkas harus XLSX atau CSV ekspor SIASN."))
        return data


@admin.register(ImportRun)
class ImportRunAdmin(SiasnReadMixin, HrActionsMixin, admin.ModelAdmin):
    form = ImportRunForm
    list_display = ("__str__", "region", "status", "progress", "created_at", "started_by")
    list_filter = ("status", "source")
    readonly_fields = (
        "status",
        "progress",
        "summary",
        "error",
        "records_link",
        "analysed",
        "finished_at",
        "started_by",
    )
    actions = ["apply_runs"]

    def has_add_permission(self, request):
        return permissions.may_manage(request.user)

    def has_change_permission(self, request, obj=None):
        return obj is None and permissions.may_manage(request.user)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("region", "source", "file", "with_histories")
        return ("region", "source", "with_histories", *self.readonly_fields)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("region", "source", "with_histories", *self.readonly_fields)

    def save_model(self, request, obj, form, change):
        run = imports.import_start(
            region=form.cleaned_data["region"],
            source=form.cleaned_data["source"],
            file=form.cleaned_data.get("file"),
            with_histories=form.cleaned_data.get("with_histories", False),
            actor=request.user,
        )
        obj.pk = run.pk
        messages.info(request, _("Pratinjau berjalan; muat ulang halaman untuk melihat hasilnya."))

    @admin.display(description=_("kemajuan"))
    def progress(self, obj: ImportRun) -> str:
        return render_to_string("siasn/importrun_progress.html", {"run": obj})

    @admin.display(description=_("pratinjau"))
    def summary(self, obj: ImportRun) -> str:
        from siasn.models import Outcome

        labels = dict(Outcome.choices)
        if not obj.counts:
            return "-"
        parts = [f"{labels[k]}: {obj.counts.get(k, 0)}" for k in Outcome.values]
        extra = {
            "rw-jabatan": _("riwayat jabatan berubah"),
            "rw-golongan": _("riwayat golongan berubah"),
            "rw-skp22": _("SKP 2022 berubah"),
            "history_refused": _("pegawai dengan baris riwayat ditolak"),
        }
        parts += [f"{label}: {obj.counts[k]}" for k, label in extra.items() if k in obj.counts]
        return ", ".join(parts)

    @admin.display(description=_("rincian"))
    def records_link(self, obj: ImportRun) -> str:
        rows = reverse("admin:siasn_importrecord_changelist") + f"?run__id__exact={obj.pk}"
        report = reverse("admin:siasn_importrun_report", args=[obj.pk])
        return format_html(
            '<a href="{}">{}</a> &middot; <a href="{}">{}</a>',
            rows,
            _("Baris per pegawai"),
            report,
            _("Unduh laporan ditolak (CSV)"),
        )

    @admin.action(description=_("Terapkan impor yang pratinjaunya siap"), permissions=["hr"])
    def apply_runs(self, request, queryset):
        for run in queryset:
            try:
                imports.import_apply_start(run_id=run.pk, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{run}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(run)s diterapkan di latar belakang.") % {"run": run})

    def get_urls(self):
        return [
            path(
                "<int:pk>/report/",
                self.admin_site.admin_view(self.report_view),
                name="siasn_importrun_report",
            ),
            path(
                "<int:pk>/apply/", self.admin_site.admin_view(self.apply_view), name="siasn_importrun_apply"
            ),
            *super().get_urls(),
        ]

    def report_view(self, request, pk: int):
        if not permissions.may_read(request.user):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=pk)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="impor-siasn-{run.pk}-ditolak.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(["NIP", "Nama", "Hasil", "Alasan"])
        # refused and "only here" records, and the records whose history rows were refused
        rows = run.records.filter(Q(outcome__in=["refused", "absent"]) | ~Q(reason=""))
        for record in rows.order_by("id").iterator():
            writer.writerow(
                [
                    csv_text(record.nip),
                    csv_text(record.name),
                    record.get_outcome_display(),
                    csv_text(record.reason),
                ]
            )
        return response

    def apply_view(self, request, pk: int):
        if request.method != "POST" or not permissions.may_manage(request.user):
            raise PermissionDenied
        try:
            imports.import_apply_start(run_id=pk, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(reverse("admin:siasn_importrun_change", args=[pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = get_object_or_404(ImportRun, pk=object_id)
        extra_context = {
            **(extra_context or {}),
            "may_apply": run.status == ImportStatus.PREVIEWED and permissions.may_manage(request.user),
            "apply_url": reverse("admin:siasn_importrun_apply", args=[run.pk]),
            "refresh": run.status in (ImportStatus.QUEUED, ImportStatus.PREVIEWING, ImportStatus.APPLYING),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    change_form_template = "siasn/importrun_change_form.html"


class PendingFilter(admin.SimpleListFilter):
    """The records still to write: to apply and after the run's mark (`ImportRecord.objects.pending()`)."""

    title = _("belum diterapkan")
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return (("1", _("Ya")), ("0", _("Tidak")))

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.pending()
        if self.value() == "0":
            return queryset.exclude(pending_q())
        return queryset


@admin.register(ImportRecord)
class ImportRecordAdmin(SiasnReadMixin, ReadOnlyAdmin):
    list_display = ("nip", "name", "outcome", "changes_display", "reason", "pending_display")
    list_filter = ("outcome", PendingFilter, "run")
    search_fields = ("nip", "name")
    list_select_related = ("run",)
    exclude = ("data",)

    @admin.display(description=_("belum diterapkan"), boolean=True)
    def pending_display(self, obj: ImportRecord) -> bool:
        return obj.pending

    @admin.display(description=_("perubahan (di sini -> SIASN)"))
    def changes_display(self, obj: ImportRecord) -> str:
        return "; ".join(f"{k}: {v[0]} -> {v[1]}" for k, v in obj.changes.items()) or "-"


@admin.register(OutboxMessage)
class OutboxMessageAdmin(SiasnReadMixin, HrActionsMixin, ReadOnlyAdmin):
    list_display = (
        "created_at",
        "kind",
        "employee",
        "status",
        "attempts",
        "answer_message",
    )
    list_filter = ("status", "kind")
    search_fields = ("key", "employee__nip", "employee__name")
    list_select_related = ("employee",)
    actions = ["resend"]

    @admin.display(description=_("jawaban SIASN / kesalahan"))
    def answer_message(self, obj: OutboxMessage) -> str:
        text = obj.error or str(
            obj.answer.get("message")
            or (_("sudah ada di SIASN") if obj.answer.get("found_in_siasn") else "-")
        )
        return text if len(text) <= 120 else text[:117] + "..."

    @admin.action(description=_("Kirim ulang yang gagal"), permissions=["hr"])
    def resend(self, request, queryset):
        count = 0
        for message in queryset.filter(status=OutboxStatus.FAILED):
            outbox.outbox_resend(message_id=message.pk, actor=request.user)
            count += 1
        self.message_user(request, _("%(n)d kiriman dijadwalkan ulang.") % {"n": count})


class MismatchInline(admin.TabularInline):
    model = Mismatch
    fields = ("employee", "field", "ours", "theirs", "action")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReconciliationRun)
class ReconciliationRunAdmin(SiasnReadMixin, HrActionsMixin, ReadOnlyAdmin):
    list_display = ("__str__", "trigger", "checked", "mismatch_count", "error", "finished_at")
    inlines = [MismatchInline]
    actions = ["run_now"]

    @admin.action(description=_("Jalankan rekonsiliasi sekarang"), permissions=["hr"])
    def run_now(self, request, queryset):
        run = reconcile.reconcile(trigger="manual")
        self.message_user(
            request,
            run.error
            or _("%(n)d pegawai diperiksa, %(m)d selisih.") % {"n": run.checked, "m": run.mismatch_count},
            messages.ERROR if run.error else messages.INFO,
        )


@admin.register(Mismatch)
class MismatchAdmin(SiasnReadMixin, ReadOnlyAdmin):
    list_display = ("run", "employee", "field", "ours", "theirs", "action")
    list_filter = ("field", "run")
    list_select_related = ("employee", "run")
