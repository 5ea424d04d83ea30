"""Admin for accounts, the audit trail (read-only for everyone) and notifications."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core import access, schedules_admin  # noqa: F401 - relabels django-celery-beat's admin screens
from core.models import AuditEvent, Notification, User

admin.site.site_header = _("Administrasi Simutasi")
admin.site.site_title = _("Simutasi")
admin.site.index_title = _("Data induk dan pengaturan")


class HrActionsMixin:
    """For ModelAdmins whose actions change data: those actions declare `permissions=["hr"]`, so Django
    offers and runs them only when `has_hr_permission` is true (BKPSDM). Without it Django offers every
    action to anyone who may open the changelist, the auditor included, who reads everything and
    changes nothing (DESIGN.md 1). The services still check the role themselves."""

    def has_hr_permission(self, request) -> bool:
        return access.is_hr(request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    """An admin that shows records and never adds, changes or deletes them, for anyone (records made
    only by services: audit rows, decrees, workload runs)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "is_active", "group_names")
    list_filter = ("is_staff", "is_superuser", "is_active", "must_change_password", "groups")
    search_fields = ("username", "first_name", "last_name", "email", "employee__nip")
    filter_horizontal = ("groups", "user_permissions")
    # An account HR creates, or whose password HR sets, starts with an initial password its owner must
    # change at first login (core.first_login); HR may untick it.
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Sandi awal"), {"fields": ("must_change_password",)}))
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (*DjangoUserAdmin.add_fieldsets[0][1]["fields"], "must_change_password"),
            },
        ),
    )

    def get_changeform_initial_data(self, request):
        return {**super().get_changeform_initial_data(request), "must_change_password": True}

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302 and str(request.user.pk) != str(id):
            # HR knows the password it just set: its owner chooses their own at the next login.
            User.objects.filter(pk=id).update(must_change_password=True)
        return response

    def get_queryset(self, request):
        # One prefetch for the group column instead of one query per row.
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("grup"))
    def group_names(self, obj: User) -> str:
        return ", ".join(sorted(g.name for g in obj.groups.all()))


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail is append-only (DESIGN.md section 4): nobody adds, edits or deletes here,
    not even a superuser; people with the view permission (HR, auditor) read it."""

    list_display = (
        "created_at",
        "action",
        "actor",
        "on_behalf_of",
        "target_repr",
        "from_state",
        "to_state",
        "flagged",
    )
    list_filter = ("action", "flagged", "created_at")
    date_hierarchy = "created_at"
    search_fields = ("action", "target_repr", "note", "actor__username")
    list_select_related = ("actor", "on_behalf_of", "target_type")
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    show_full_result_count = False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "created_at", "read_at", "emailed_at")
    list_filter = (
        ("read_at", admin.EmptyFieldListFilter),
        ("emailed_at", admin.EmptyFieldListFilter),
        "created_at",
    )
    date_hierarchy = "created_at"
    search_fields = ("title", "body", "recipient__username")
    autocomplete_fields = ("recipient",)
    list_select_related = ("recipient",)
    show_full_result_count = False
