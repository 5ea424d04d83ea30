"""Screenshots of "SKP saya" (detail) and "Kriteria penilaian" at 1280px and 375px.

Run by hand (not collected by pytest), against a database holding the demo region:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi_d .venv/bin/python manage.py seed_demo
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi_d .venv/bin/python tests/e2e/screenshots_kinerja.py

It starts its own `runserver` on PORT (default 8773) with the same environment, signs in as `pegawai`
in Debian's Chromium (Playwright), opens last year's final SKP from "SKP saya" and the criteria page,
writes docs/screenshots/{skp,kriteria}-{desktop,phone}.png and stops the server it started.
"""

import datetime as dt
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
PORT = int(os.environ.get("PORT", "8773"))
BASE = f"http://127.0.0.1:{PORT}"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


def wait_for_server(timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{BASE}/masuk/", timeout=2)  # noqa: S310 - local server
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server on {BASE} did not start")


def shoot(browser, size: str) -> None:
    context = browser.new_context(viewport=SIZES[size], locale="id-ID")
    page = context.new_page()
    page.goto(f"{BASE}/masuk/")
    page.fill("#id_username", "pegawai")
    page.fill("#id_password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{BASE}/kinerja/")
    page.click(f"text=SKP {dt.date.today().year - 1}")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=OUT / f"skp-{size}.png", full_page=True)
    page.goto(f"{BASE}/kinerja/kriteria/")
    page.screenshot(path=OUT / f"kriteria-{size}.png", full_page=True)
    context.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "AXES_ENABLED": "False"},
    )
    try:
        wait_for_server()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for size in SIZES:
                shoot(browser, size)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
