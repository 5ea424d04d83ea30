from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planning"
    verbose_name = _("Rencana Mutasi")

    def ready(self) -> None:
        from core.audit_labels import register_states
        from planning.choices import PlanStatus

        register_states(PlanStatus)
