from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "talenta"
    verbose_name = _("Manajemen talenta")

    def ready(self) -> None:
        # The audit trail names the grid's and the plans' statuses in words.
        from core.audit_labels import register_states
        from talenta import choices

        register_states(choices.PlanStatus)
        register_states(choices.GridStatus)

        # Everyone has a talent card; readers of the grid land on the grid (talenta.permissions).
        from core import menu

        menu.register(order=80, label=_("Talenta"), url="/talenta/")
