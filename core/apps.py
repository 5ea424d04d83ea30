from django.apps import AppConfig
from django.core.signals import request_started
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Inti")

    def ready(self):
        from core import access

        # What core.access keeps on a user object (roles, employee record) holds for one request only.
        request_started.connect(access.new_request, dispatch_uid="core.access.new_request")
