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

        # Issue 21: a request created from a plan shows its item's fit breakdown to the employee.
        from mutasi.proposals import register_fit_provider
        from planning.consultation import fit_for_requests

        register_fit_provider(fit_for_requests)

        from core import menu
        from planning import permissions

        menu.register(
            order=70, label=_("Rencana mutasi"), url="/rencana/", shown_to=permissions.may_read_plans
        )
