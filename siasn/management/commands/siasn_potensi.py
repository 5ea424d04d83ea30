"""`python manage.py siasn_potensi --user <HR username> [--nip NIP ...]`: read SIASN's potential history
(rw-potensi) of every active employee (or of the NIPs given) into talent management's assessments.
Hands off to `siasn.services.potential.potential_import`, which checks that the user is HR."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.models import User
from instansi.models import Employee
from siasn.services.potential import potential_import


class Command(BaseCommand):
    help = _("Mengambil riwayat potensi (rw-potensi) dari SIASN sebagai penilaian kompetensi.")

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help=_("Nama pengguna BKPSDM yang menjalankan."))
        parser.add_argument("--nip", nargs="*", default=None, help=_("Hanya NIP ini."))

    def handle(self, *args, user: str, nip: list[str] | None, **options):
        actor = User.objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(_("Pengguna %(u)s tidak ada.") % {"u": user})
        employees = Employee.objects.filter(nip__in=nip) if nip else None
        try:
            result = potential_import(actor=actor, employees=employees)
        except PermissionDenied:
            raise CommandError(_("Hanya BKPSDM yang dapat mengambil riwayat potensi."))
        self.stdout.write(
            _(
                "Pegawai dibaca: %(n)d; penilaian baru: %(c)d; diperbarui: %(u)d; tetap (isian Simutasi): %(k)d."
            )
            % {"n": result.employees, "c": result.created, "u": result.updated, "k": result.kept}
        )
        for employee_nip, reasons in result.refused:
            self.stdout.write(_("Ditolak %(nip)s: %(r)s") % {"nip": employee_nip, "r": " ".join(reasons)})
        for employee_nip, error in result.failed:
            self.stdout.write(_("Gagal %(nip)s: %(e)s") % {"nip": employee_nip, "e": error})
