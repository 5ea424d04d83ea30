"""Screenshots of the web shell (login, Profil saya, agency list and page) at 1280px and 375px.

Run by hand (not collected by pytest), against a database holding the demo region:

    DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python manage.py seed_demo --employees 400
    DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python tests/e2e/screenshots.py

It starts its own `runserver` on PORT (default 8765) with the same environment, drives Debian's
Chromium with Playwright, writes docs/screenshots/*.png and stops the server it started.
"""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
PORT = int(os.environ.get("PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
LOCKED_USER = "contoh-terkunci"
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


def login(page, username: str) -> None:
    page.goto(f"{BASE}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def shoot(browser, size: str) -> None:
    context = browser.new_context(viewport=SIZES[size], locale="id-ID")
    page = context.new_page()
    page.goto(f"{BASE}/masuk/")
    page.screenshot(path=OUT / f"login-{size}.png", full_page=True)

    page.fill("#id_username", "pegawai")
    page.fill("#id_password", "salah")
    page.click("button[type=submit]")
    page.screenshot(path=OUT / f"login-error-{size}.png", full_page=True)

    if size == "phone":
        for _attempt in range(5):  # AXES_FAILURE_LIMIT
            page.goto(f"{BASE}/masuk/")
            page.fill("#id_username", LOCKED_USER)
            page.fill("#id_password", "salah")
            page.click("button[type=submit]")
        page.screenshot(path=OUT / "login-locked-phone.png", full_page=True)

    login(page, "pegawai")
    page.goto(f"{BASE}/profil/")
    page.screenshot(path=OUT / f"profil-{size}.png", full_page=True)
    if size == "phone":
        page.click("label.nav-toggle-label")
        page.screenshot(path=OUT / "menu-phone.png")

    page.goto(f"{BASE}/opd/")
    page.screenshot(path=OUT / f"opd-{size}.png", full_page=True)
    # The employee's own agency (Dinas Perhubungan), reached from the link on Profil saya.
    page.goto(f"{BASE}/profil/")
    page.click("main a[href^='/opd/']")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=OUT / f"opd-detail-{size}.png", full_page=True)
    context.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DEBUG": "true"}
    # The lock-out shot below locks this made-up account; start each run from a clean slate.
    subprocess.run(
        [sys.executable, "manage.py", "axes_reset_username", LOCKED_USER],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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
    print("\n".join(sorted(str(f.relative_to(ROOT)) for f in OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
