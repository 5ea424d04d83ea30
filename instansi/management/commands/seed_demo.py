"""`python manage.py seed_demo [--employees N]`: the demo region of DESIGN.md section 8.

Hands off to `instansi.demo.seed`, then to the workload analysis (`workload.analysis.run_analysis`)
and to the kinerja and mutasi demo seeds when those apps provide them. `make run` calls this on every
start, so the analysis runs only when its input changed in this call (new employees or new uraian
tugas) or the region has no finished run yet; otherwise each start would add a WorkloadRun and its
results. instansi imports none of the apps that depend on it (core <- instansi <- workload <- kinerja
<- mutasi), hence `importlib` here. Each step is followed by ANALYZE (PostgreSQL), as any bulk load.
"""

import importlib
import time

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.db import analyse
from instansi import demo


class Command(BaseCommand):
    help = _("Membuat data demo Pemerintah Kota Manna (idempoten; aman dijalankan ulang).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--employees",
            type=int,
            default=demo.DEFAULT_EMPLOYEES,
            help=_("Jumlah pegawai (bawaan %(n)d; sampai 1.000.000).") % {"n": demo.DEFAULT_EMPLOYEES},
        )

    def handle(self, *args, employees: int, **options):
        if not 1 <= employees <= 1_000_000:
            raise CommandError(_("--employees harus antara 1 dan 1.000.000."))
        # Demo requests notify demo accounts; their e-mails would only flood the console (embedded
        # mode sends e-mail to stdout), so the seed discards them. In-app notifications stay. Only for
        # the seed: a process that seeds and then serves or tests (call_command) keeps its backend.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._seed(employees)

    def _seed(self, employees: int) -> None:
        started = time.perf_counter()
        report = demo.seed(employees=employees, say=self.stdout.write)
        # Each step is a bulk load that the next one reads: refresh the planner's statistics after it,
        # as a deployment's autovacuum would and as the SIASN import does after its last batch. At
        # 100,000 employees the talent grid took 460 s of a 519 s seed without them (an INSERT ...
        # SELECT planned as if the tables were empty) and 0.9 s with them; the plan's count of holders
        # per post sorted 100,000 rows on disk (docs/BENCHMARKS.md).
        analyse()
        region = report.region
        counts = ", ".join(f"{k}={v}" for k, v in report.counts.items())
        self.stdout.write(_("Data instansi: %(counts)s") % {"counts": counts})

        if self._workload_needed(region, report.counts):
            self._run_workload(region)
        else:
            self.stdout.write(
                _("Analisis beban kerja: data tidak berubah, hasil analisis terakhir tetap dipakai.")
            )
        for module_name in ("kinerja.demo", "talenta.demo", "mutasi.demo"):
            if self._run_app_seed(module_name, region, employees):
                analyse()

        self.stdout.write(
            self.style.SUCCESS(
                _("Data demo siap dalam %(s)s detik. Akun demo: kata sandi %(pw)s.")
                % {"s": number_format(time.perf_counter() - started, 1), "pw": demo.DEMO_PASSWORD}
            )
        )

    @staticmethod
    def _workload_needed(region, counts: dict[str, int]) -> bool:
        # Posts, units and agencies are only ever added together with their holders or tasks, so new
        # employees or new tasks are the changes that can move an ABK result.
        if counts.get("new_employees") or counts.get("new_tasks"):
            return True
        selectors = importlib.import_module("workload.selectors")
        return selectors.latest_finished_run(region_id=region.pk) is None

    def _run_workload(self, region) -> None:
        analysis = importlib.import_module("workload.analysis")
        t = time.perf_counter()
        self.stdout.write(_("Analisis beban kerja ..."))
        run = analysis.run_analysis(region=region)
        self.stdout.write(
            _("  selesai dalam %(s)s detik (status: %(status)s)")
            % {"s": number_format(time.perf_counter() - t, 1), "status": getattr(run, "status", "-")}
        )

    def _run_app_seed(self, module_name: str, region, employees: int) -> bool:
        """Run the app's demo seed, if it has one; whether it ran."""
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:  # a missing dependency inside the module is a real error
                raise
            return False
        if not hasattr(module, "seed"):
            return False
        t = time.perf_counter()
        self.stdout.write(_("Data demo %(app)s ...") % {"app": module_name.split(".")[0]})
        module.seed(region=region, stdout=self.stdout, employees=employees)
        self.stdout.write(_("  selesai dalam %(s)s detik") % {"s": number_format(time.perf_counter() - t, 1)})
        return True
