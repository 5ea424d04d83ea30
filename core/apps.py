from django.apps import AppConfig
from django.core.signals import request_started
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Inti")

    def ready(self):
        from core import lookups, viewer  # noqa: F401 (lookups: registers `__any_of` on every field)

        # What core.viewer and core.access keep on a user object (employee record, roles) holds for one
        # request only.
        request_started.connect(viewer.new_request, dispatch_uid="core.viewer.new_request")

        # The main menu's entry of core's own page (core.menu; each app registers its pages).
        from core import menu, permissions

        menu.register(
            order=100, label=_("Jejak audit"), url="/jejak-audit/", shown_to=permissions.may_read_audit_trail
        )
        # Last in the menu, after every app's pages.
        menu.register(order=1000, label=_("Admin"), url="/admin/", shown_to=permissions.may_open_admin)
