from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstansiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "instansi"
    verbose_name = _("Instansi")

    def ready(self) -> None:
        from core import menu

        # Every signed-in user has a profile and reads the organisation (what each sees: permissions).
        menu.register(order=10, label=_("Profil saya"), url="/profil/")
        menu.register(order=90, label=_("Perangkat daerah"), url="/opd/")
