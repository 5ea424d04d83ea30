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
