"""Screenshots of the workload dashboard (kadinkes) and the regional overview (walikota) at 1280px and
375px: docs/screenshots/dasbor-{desktop,phone}.png and ikhtisar-{desktop,phone}.png.

Run by hand (not collected by pytest) against a THROWAWAY database holding the demo region:

    export DATABASE_URL=sqlite:////tmp/shots.sqlite3
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo
    .venv/bin/python tests/e2e/screenshots_workload.py

Before shooting it builds a history for the trend chart in that database (unless --no-history): it
replaces the runs with five analyses on past nights (time-machine), retiring a few Dinas Kesehatan
staff between nights, and a last analysis now. Then it starts its own `runserver` on --port (default
PORT, else 8766), drives Debian's Chromium with Playwright and stops the server it started.
"""

import datetime as dt
import os
import sys

import _shots

sys.path.insert(0, str(_shots.ROOT))
SHOTS = (("kadinkes", "/dasbor/", "dasbor"), ("walikota", "/ikhtisar/", "ikhtisar"))


def build_history() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    import time_machine

    from instansi.demo import demo_region
    from instansi.models import Employee
    from workload.analysis import run_analysis
    from workload.models import WorkloadRun

    region = demo_region()
    if region is None:
        raise SystemExit("no demo region: run `manage.py seed_demo` first")
    WorkloadRun.objects.filter(region=region).delete()
    leaving = list(
        Employee.objects.filter(
            position__agency__short_name__icontains="dinkes", position__is_head=False, is_active=True
        ).values_list("pk", flat=True)[:12]
    )
    now = dt.datetime.now(dt.UTC)
    for night in range(5, 0, -1):
        with time_machine.travel(now - dt.timedelta(days=night * 2, hours=1), tick=True):
            run_analysis(region=region)
        Employee.objects.filter(pk__in=leaving[: 3 * (6 - night)]).update(is_active=False)
    run_analysis(region=region)
    Employee.objects.filter(pk__in=leaving).update(is_active=True)  # the next nightly run sees them back


def main() -> None:
    args = _shots.parse_args(
        __doc__, default_port=8766, no_history="shoot the runs already in the database as they are"
    )
    if not args.no_history:
        build_history()
    with _shots.served(args.port, env={"DEBUG": "true"}) as base, _shots.chromium() as browser:
        for size in _shots.SIZES:
            for user, path, name in SHOTS:
                with _shots.new_page(browser, size) as page:
                    _shots.login(page, base, user)
                    page.goto(f"{base}{path}")
                    page.wait_for_load_state("networkidle")
                    print(_shots.screenshot(page, f"{name}-{size}"))


if __name__ == "__main__":
    main()
