"""What the hand-run screenshot scripts (tests/e2e/screenshots*.py) share: their command line, a
`runserver` of their own, Debian's Chromium driven by Playwright, and signing in as a demo persona.

    args = _shots.parse_args(__doc__, default_port=8765)
    with _shots.served(args.port, env={"DEBUG": "true"}) as base, _shots.chromium() as browser:
        for size in _shots.SIZES:
            with _shots.new_page(browser, size) as page:
                _shots.login(page, base, "pegawai")
                _shots.screenshot(page, f"profil-{size}")

Not collected by pytest (the browser tests have their own fixtures in tests/conftest.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
DEMO_PASSWORD = "demo12345"  # every persona of `seed_demo`


def parse_args(doc: str | None, *, default_port: int, argv: list[str] | None = None, **flags: str):
    """The script's command line: `--help` (its docstring), `--port` (default PORT or `default_port`)
    and one boolean option per keyword (`no_history="..."` -> `--no-history`)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("PORT", default_port)),
        help=f"port of the runserver the script starts (default: the PORT variable, else {default_port})",
    )
    for name, help_text in flags.items():
        parser.add_argument(f"--{name.replace('_', '-')}", action="store_true", help=help_text)
    return parser.parse_args(argv)


def manage(*args: str, env: dict[str, str] | None = None) -> None:
    """Run one `manage.py` command with the script's environment (quietly; fails loudly)."""
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=True,
        capture_output=True,
    )


def wait_for_server(base: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/masuk/", timeout=2)  # noqa: S310 - local server
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server on {base} did not start")


@contextmanager
def served(port: int, *, env: dict[str, str] | None = None, quiet: bool = False) -> Iterator[str]:
    """A `runserver` on 127.0.0.1:`port` with the script's environment plus `env`; yields its base URL
    once it answers and stops it on the way out, whatever happened."""
    base = f"http://127.0.0.1:{port}"
    output = subprocess.DEVNULL if quiet else None
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=output,
        stderr=output,
    )
    try:
        wait_for_server(base)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def chromium() -> Iterator:
    """Debian's Chromium (CHROMIUM_PATH) through Playwright, closed on the way out."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def new_page(browser, size: str) -> Iterator:
    """A fresh page (its own cookies) at one of SIZES, Indonesian locale."""
    context = browser.new_context(viewport=SIZES[size], locale="id-ID")
    try:
        yield context.new_page()
    finally:
        context.close()


def login(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """docs/screenshots/`name`.png of the whole page (or only the viewport)."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    return path
