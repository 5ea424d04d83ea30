from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkloadConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "workload"
    verbose_name = _("Beban Kerja (ABK)")

    def ready(self) -> None:
        # instansi's master-data import (`master_data_import(kind="workload_task")`) takes uraian
        # tugas too; instansi cannot import this app, so the resource is registered from here.
        from instansi.resources import RESOURCES
        from workload.resources import WorkloadTaskResource

        RESOURCES.setdefault("workload_task", WorkloadTaskResource)

        from core.audit_labels import register_states
        from workload.models import WorkloadRunStatus

        register_states(WorkloadRunStatus)

        from core import menu
        from workload import permissions

        menu.register(
            order=50,
            label=_("Dasbor beban kerja"),
            url="/dasbor/",
            shown_to=permissions.may_open_own_dashboard,
        )
        menu.register(
            order=60, label=_("Ikhtisar daerah"), url="/ikhtisar/", shown_to=permissions.may_see_overview
        )
