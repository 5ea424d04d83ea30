from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiasnConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "siasn"
    verbose_name = _("SIASN")

    def ready(self):
        # mutasi never imports siasn: it sends a signal inside the execution's transaction and the
        # outbox row is written there (siasn.services.outbox).
        from django.db.models.signals import post_save

        from kinerja.signals import appraisal_finalised
        from mutasi.models import Delegation
        from mutasi.signals import transfer_executed
        from siasn.services import outbox

        transfer_executed.connect(outbox.on_transfer_executed, dispatch_uid="siasn.outbox.transfer_executed")
        appraisal_finalised.connect(outbox.on_appraisal_finalised, dispatch_uid="siasn.outbox.skp22")
        # A new Plt/Plh is sent with its jenisPenugasan (saved by mutasi's delegation service).
        post_save.connect(
            outbox.on_delegation_saved, sender=Delegation, dispatch_uid="siasn.outbox.delegation"
        )
