from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MutasiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mutasi"
    verbose_name = _("Mutasi")

    def ready(self):
        from core.viewer import register_viewer_flag
        from mutasi import models, permissions
        from mutasi.permissions import ACTS_FOR_TODAY, acts_for_today_sql

        # The transition permissions declared on the models are the rules of mutasi.permissions.
        for name in ("is_applicant_or_hr", "is_hr", "decides_current_step", "is_system"):
            models.TRANSITION_RULES[name] = getattr(permissions, name)

        # Whether the viewer acts for a post today (Plt/Plh) comes with the viewer's roles, so the
        # many viewers who act for no one cost no delegation query (mutasi.permissions).
        register_viewer_flag(ACTS_FOR_TODAY, *acts_for_today_sql())

        # The audit trail names statuses in words and finds the rows about an agency's requests.
        from core.audit_labels import register_states
        from core.audit_trail import register_agency_scope
        from mutasi.choices import Status
        from mutasi.selectors.transfers import audit_rows_of_agency

        register_states(Status)
        register_agency_scope(audit_rows_of_agency)

        from core import menu

        menu.register(
            order=30, label=_("Usulan mutasi"), url="/mutasi/", shown_to=permissions.may_open_request_list
        )
        # Short label: the menu of HR and the regional head must fit at 1366 px.
        menu.register(
            order=40, label=_("Kotak masuk"), url="/mutasi/kotak-masuk/", shown_to=permissions.may_open_inbox
        )
        # Decrees (issue 17): the signer's queue (a Plt/Plh signer reaches it from the notification) and
        # the register of numbers.
        menu.register(
            order=110,
            label=_("Tanda tangan SK"),
            url="/mutasi/sk/tanda-tangan/",
            shown_to=permissions.may_open_signing_queue,
        )
        menu.register(
            order=120,
            label=_("Register SK"),
            url="/mutasi/sk/register/",
            shown_to=permissions.may_read_register,
        )
