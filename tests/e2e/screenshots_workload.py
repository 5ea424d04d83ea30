"""Screenshots of the workload dashboard (kadinkes) and the regional overview (walikota) at 1280px and
375px: docs/screenshots/dasbor-{desktop,phone}.png and ikhtisar-{desktop,phone}.png.

Run by hand (not collected by pytest) against a THROWAWAY database holding the demo region:

    export DATABASE_URL=sqlite:////tmp/shots.sqlite3
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo
    .venv/bin/python tests/e2e/screenshots_workload.py

Before shooting it builds a history for the trend chart in that database: it replaces the runs with
five analyses on past nights (time-machine), retiring a few Dinas Kesehatan staff between nights, and
a last analysis now. Then it starts its own `runserver` on PORT (default 8766), drives Debian's
Chromium with Playwright and stops the server it started.
"""

import datetime as dt
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"
PORT = int(os.environ.get("PORT", "8766"))
BASE = f"http://127.0.0.1:{PORT}"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


def build_history() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    import time_machine

    from instansi.demo import demo_region
    from instansi.models import Employee, WorkloadRun
    from instansi.workload import run_analysis

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


def wait_for_server(timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{BASE}/masuk/", timeout=2)  # noqa: S310 - local server
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server on {BASE} did not start")


def login(page, username: str) -> None:
    page.goto(f"{BASE}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def main() -> None:
    from playwright.sync_api import sync_playwright

    if "--no-history" not in sys.argv:
        build_history()
    OUT.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "true"},
    )
    try:
        wait_for_server()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for size, viewport in SIZES.items():
                for user, path, name in (
                    ("kadinkes", "/dasbor/", "dasbor"),
                    ("walikota", "/ikhtisar/", "ikhtisar"),
                ):
                    context = browser.new_context(viewport=viewport, locale="id-ID")
                    page = context.new_page()
                    login(page, user)
                    page.goto(f"{BASE}{path}")
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=OUT / f"{name}-{size}.png", full_page=True)
                    print(OUT / f"{name}-{size}.png")
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
