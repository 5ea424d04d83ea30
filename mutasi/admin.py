"""HR's admin: verification, filters, bulk actions and the decree action (issue 5, point 4).

Admin actions only validate and call services; status fields are read-only here (every change goes
through the workflow so it is audited)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import HrActionsMixin, ReadOnlyAdmin
from core.exceptions import DomainError
from instansi.choices import SpecialRole
from instansi.models import Agency, Employee
from mutasi import services
from mutasi.choices import Decision, Stage, Status
from mutasi.models import (
    ApprovalChain,
    ApprovalStep,
    Attachment,
    ChainStage,
    Decree,
    Delegation,
    PostTransferEvaluation,
    TransferRequest,
)


class ChainStageInline(admin.TabularInline):
    model = ChainStage
    extra = 0
    ordering = ["order"]


@admin.register(ApprovalChain)
class ApprovalChainAdmin(admin.ModelAdmin):
    list_display = ["kind", "note"]
    inlines = [ChainStageInline]


class OverdueFilter(admin.SimpleListFilter):
    title = _("melewati tenggat")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("1", _("Ya")), ("0", _("Tidak"))]

    def queryset(self, request, queryset):
        if self.value() not in ("0", "1"):
            return queryset
        late = ApprovalStep.objects.filter(
            request=OuterRef("pk"),
            decision=Decision.PENDING,
            activated_at__isnull=False,
            due_date__lt=timezone.localdate(),
        )
        return queryset.filter(Exists(late)) if self.value() == "1" else queryset.exclude(Exists(late))


class AgencyFilter(admin.SimpleListFilter):
    title = _("perangkat daerah (asal/tujuan)")
    parameter_name = "agency"

    def lookups(self, request, model_admin):
        return list(Agency.objects.order_by("name").values_list("pk", "name"))

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        from django.db.models import Q

        return queryset.filter(Q(origin_agency_id=self.value()) | Q(destination_agency_id=self.value()))


class StepInline(admin.TabularInline):
    model = ApprovalStep
    extra = 0
    can_delete = False
    fields = [
        "round",
        "order",
        "stage",
        "approver_title",
        "due_date",
        "decision",
        "actor",
        "on_behalf_of",
        "note",
        "decided_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ["kind", "original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class DecreeForm(forms.Form):
    date = forms.DateField(label=_("Tanggal SK"), widget=forms.DateInput(attrs={"type": "date"}))
    tmt = forms.DateField(label=_("TMT"), widget=forms.DateInput(attrs={"type": "date"}))
    signer = forms.ModelChoiceField(
        label=_("Penandatangan"),
        queryset=Employee.objects.filter(
            position__isnull=False,
            position__special_role__in=[SpecialRole.REGIONAL_HEAD, SpecialRole.SECRETARY],
        ),
    )


@admin.register(TransferRequest)
class TransferRequestAdmin(HrActionsMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "employee",
        "kind",
        "status",
        "current_stage",
        "origin_agency",
        "destination_agency",
        "submitted_at",
    ]
    list_filter = ["status", "current_stage", "kind", "initiated_by", AgencyFilter, OverdueFilter]
    search_fields = ["number", "employee__name", "employee__nip"]
    list_select_related = ["employee", "origin_agency", "destination_agency"]
    readonly_fields = [f.name for f in TransferRequest._meta.fields]
    inlines = [StepInline, AttachmentInline]
    actions = ["verify_selected", "issue_decree"]

    def has_add_permission(self, request):
        return False  # created through the form, the API or a plan

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Verifikasi BKPSDM: setujui tahap verifikasi"), permissions=["hr"])
    def verify_selected(self, request, queryset):
        try:
            done, failed = services.steps_verify_bulk(
                request_ids=list(
                    queryset.filter(current_stage=Stage.HR_VERIFICATION).values_list("pk", flat=True)
                ),
                actor=request.user,
            )
        except PermissionDenied:
            self.message_user(request, _("Hanya BKPSDM."), messages.ERROR)
            return
        if done:
            self.message_user(request, _("%(n)d usulan terverifikasi.") % {"n": len(done)}, messages.SUCCESS)
        for pk, reason in failed.items():
            self.message_user(request, f"#{pk}: {reason}", messages.WARNING)
        skipped = queryset.exclude(current_stage=Stage.HR_VERIFICATION).count()
        if skipped:
            self.message_user(
                request,
                _("%(n)d usulan bukan pada tahap verifikasi, dilewati.") % {"n": skipped},
                messages.INFO,
            )

    @admin.action(description=_("Terbitkan satu SK untuk usulan yang disetujui"), permissions=["hr"])
    def issue_decree(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        form = DecreeForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            try:
                decree = services.decree_issue(
                    actor=request.user,
                    request_ids=ids,
                    date=form.cleaned_data["date"],
                    tmt=form.cleaned_data["tmt"],
                    signer=form.cleaned_data["signer"],
                )
            except (DomainError, PermissionDenied) as exc:
                self.message_user(request, str(getattr(exc, "message", exc)), messages.ERROR)
                return None
            self.message_user(request, _("SK %(n)s terbit.") % {"n": decree.number}, messages.SUCCESS)
            return None
        return render(
            request,
            "mutasi/admin_decree.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "requests": queryset.filter(status=Status.APPROVED),
                "ids": ids,
                "title": _("Terbitkan SK mutasi"),
            },
        )


@admin.register(Decree)
class DecreeAdmin(ReadOnlyAdmin):
    # A decree is issued by the action on approved requests and never edited afterwards.
    list_display = ["number", "date", "tmt", "signer_name", "on_behalf", "pdf_link"]
    # The stored file path is private (no public URL): the PDF is served by the access-checked view.
    readonly_fields = [f.name for f in Decree._meta.fields if f.name != "pdf"] + ["pdf_link"]
    exclude = ["pdf"]
    date_hierarchy = "date"

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        if not obj.pdf:
            return _("sedang dibuat")
        return format_html('<a href="{}">{}</a>', reverse("mutasi:decree-pdf", args=[obj.pk]), _("Unduh PDF"))


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["position", "delegate", "kind", "start", "end", "revoked_at"]
    list_filter = ["kind"]
    autocomplete_fields = []
    readonly_fields = ["created_by", "revoked_at"]

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied  # a delegation is revoked and re-created, never edited
        created = services.delegation_create(
            actor=request.user,
            position=obj.position,
            delegate=obj.delegate,
            start=obj.start,
            end=obj.end,
            kind=obj.kind,
            reason=obj.reason,
            letter_number=obj.letter_number,
        )
        obj.pk = created.pk

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)


@admin.register(PostTransferEvaluation)
class PostTransferEvaluationAdmin(admin.ModelAdmin):
    list_display = [
        "request",
        "employee",
        "months_after",
        "due_date",
        "adaptation",
        "rated_at",
        "employee_answered_at",
    ]
    readonly_fields = [f.name for f in PostTransferEvaluation._meta.fields]

    def has_add_permission(self, request):
        return False
