from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KinerjaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kinerja"
    verbose_name = _("Kinerja (SKP)")

    def ready(self) -> None:
        # The audit trail names SKP statuses in words and finds the rows about an agency's SKP.
        from core.audit_labels import register_states
        from core.audit_trail import register_agency_scope
        from kinerja import selectors
        from kinerja.choices import AppraisalStatus

        register_states(AppraisalStatus)
        register_agency_scope(selectors.audit_rows_of_agency)

        from core import menu
        from kinerja import permissions

        menu.register(
            order=20, label=_("Kinerja (SKP)"), url="/kinerja/", shown_to=permissions.may_open_appraisal_pages
        )
