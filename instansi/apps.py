from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstansiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "instansi"
    verbose_name = _("Instansi")
