from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "talenta"
    verbose_name = _("Manajemen talenta")
