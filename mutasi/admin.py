"""HR's admin: verification, filters, bulk actions and the decree action (issue 5, point 4).

Admin actions only validate and call services; status fields are read-only here (every change goes
through the workflow so it is audited)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import HrActionsMixin, ReadOnlyAdmin
from core.exceptions import DomainError
from core.uploads import checked_content
from instansi.choices import SpecialRole
from instansi.models import Agency, Employee, Policy
from mutasi import services
from mutasi.choices import Decision, DecreeStatus, Stage, Status
from mutasi.models import (
    ApprovalChain,
    ApprovalStep,
    Attachment,
    ChainStage,
    Decree,
    DecreeTemplate,
    Delegation,
    PlacementPreference,
    PostTransferEvaluation,
    SigningIdentity,
    TransferRequest,
)
from mutasi.policy_form import MODEL_FIELDS, PolicyForm, policy_fieldsets


@admin.register(Policy)
class PolicyAdmin(SimpleHistoryAdmin):
    """The region's policy as labelled, grouped fields (mutasi.policy_form); registered here because the
    stages and document kinds it names are mutasi's."""

    form = PolicyForm
    list_display = ["region", "effective_hours_per_year", "min_years_in_post", "decree_number_pattern"]
    list_select_related = ["region"]

    def get_fieldsets(self, request, obj=None):
        return policy_fieldsets()

    def get_form(self, request, obj=None, **kwargs):
        # The per-stage, per-kind and per-text fields are the form's own, not model fields.
        kwargs["fields"] = MODEL_FIELDS
        return super().get_form(request, obj, **kwargs)


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
        # "apply" issues at once (number taken); "draft" saves a konsep without a number, which HR
        # previews, then issues or discards in the register (/mutasi/sk/register/).
        submitted = "apply" in request.POST or "draft" in request.POST
        form = DecreeForm(request.POST if submitted else None)
        if submitted and form.is_valid():
            make = services.decree_draft_create if "draft" in request.POST else services.decree_issue
            try:
                decree = make(
                    actor=request.user,
                    request_ids=ids,
                    date=form.cleaned_data["date"],
                    tmt=form.cleaned_data["tmt"],
                    signer=form.cleaned_data["signer"],
                )
            except (DomainError, PermissionDenied) as exc:
                self.message_user(request, str(getattr(exc, "message", exc)), messages.ERROR)
                return None
            if decree.number:
                self.message_user(request, _("SK %(n)s terbit.") % {"n": decree.number}, messages.SUCCESS)
            else:
                self.message_user(
                    request,
                    _("Konsep SK disimpan tanpa nomor; terbitkan atau buang di register SK."),
                    messages.SUCCESS,
                )
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
    # A decree is issued by the action on approved requests and never edited afterwards; it is signed
    # in the signer's queue and cancelled in the register page (/mutasi/sk/register/).
    list_display = ["number", "date", "tmt", "status", "signer_name", "signer_mode", "pdf_link"]
    list_filter = ["status", "year", "signer_mode"]
    # The stored file paths are private (no public URL): the PDFs are served by access-checked views.
    readonly_fields = [f.name for f in Decree._meta.fields if f.name not in {"pdf", "signed_pdf"}] + [
        "pdf_link"
    ]
    exclude = ["pdf", "signed_pdf"]
    date_hierarchy = "date"

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj):
        if obj.status == DecreeStatus.DRAFT:  # a draft's preview, rendered on demand
            return format_html(
                '<a href="{}">{}</a>', reverse("mutasi:decree-pdf", args=[obj.pk]), _("Pratinjau konsep")
            )
        if not obj.pdf:
            return _("belum ada berkas")
        return format_html('<a href="{}">{}</a>', reverse("mutasi:decree-pdf", args=[obj.pk]), _("Unduh PDF"))


class DecreeTemplateForm(forms.ModelForm):
    class Meta:
        model = DecreeTemplate
        fields = [
            "region",
            "emblem",
            "place_name",
            "city",
            "subject",
            "menimbang",
            "mengingat",
            "decisions",
            "tembusan",
            "paper_size",
            "signing_method",
        ]

    def clean_emblem(self):
        emblem = self.cleaned_data.get("emblem")
        if emblem and hasattr(emblem, "content_type"):  # a new upload: a real PNG or JPEG, checked by content
            try:
                _data, content_type = checked_content(emblem, max_mb=2, field="emblem")
            except DomainError as exc:
                raise forms.ValidationError(str(exc.message)) from exc
            if content_type == "application/pdf":
                raise forms.ValidationError(_("Lambang harus berupa gambar PNG atau JPEG."))
            emblem.seek(0)
        return emblem


@admin.register(DecreeTemplate)
class DecreeTemplateAdmin(admin.ModelAdmin):
    """HR edits the region's decree texts (REGULATION.md 6); an empty text field means the default the
    regulation cites (shown pre-filled on a new record); "Pratinjau" renders a sample decree."""

    form = DecreeTemplateForm
    list_display = ["region", "city", "paper_size", "signing_method", "preview_link"]
    readonly_fields = ["preview_link"]

    def get_changeform_initial_data(self, request):
        from mutasi.documents import defaults

        return {
            **super().get_changeform_initial_data(request),
            "menimbang": defaults.MENIMBANG,
            "mengingat": defaults.MENGINGAT,
            "decisions": defaults.DECISIONS,
            "tembusan": defaults.TEMBUSAN,
            "subject": defaults.SUBJECT,
        }

    def get_urls(self):
        return [
            path(
                "<int:pk>/pratinjau/",
                self.admin_site.admin_view(self.preview),
                name="mutasi_decreetemplate_preview",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("Pratinjau"))
    def preview_link(self, obj):
        if not obj or not obj.pk:
            return _("Simpan dahulu untuk melihat pratinjau.")
        url = reverse("admin:mutasi_decreetemplate_preview", args=[obj.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, _("Pratinjau PDF"))

    def preview(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        from mutasi import documents

        template = DecreeTemplate.objects.select_related("region").filter(pk=pk).first()
        if template is None:
            raise Http404
        try:
            rendered = documents.render_decree(documents.sample_document(template))
        except Exception as exc:  # noqa: BLE001 - a broken emblem is told to HR, not a 500
            messages.error(request, _("Pratinjau tidak dapat dibuat: %(e)s") % {"e": type(exc).__name__})
            return redirect(reverse("admin:mutasi_decreetemplate_change", args=[pk]))
        return HttpResponse(rendered.data, content_type="application/pdf")


@admin.register(SigningIdentity)
class SigningIdentityAdmin(admin.ModelAdmin):
    """The NIK each signer is registered with at BSrE; the passphrase is never stored."""

    list_display = ["employee", "nik"]
    raw_id_fields = ["employee"]


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


@admin.register(PlacementPreference)
class PlacementPreferenceAdmin(admin.ModelAdmin):
    """An employee's standing wishes and dislikes (issue 21): the one home of what
    `Employee.preferred_agencies` held before (an agency wish), read by the plan optimiser."""

    list_display = ["employee", "kind", "agency", "unit", "position", "valid_until"]
    list_filter = ["kind"]
    search_fields = ["employee__nip", "employee__name"]
    autocomplete_fields = ["employee", "agency", "unit", "position"]
    list_select_related = ["employee", "agency", "unit", "position"]
