from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MutasiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mutasi"
    verbose_name = _("Mutasi")
