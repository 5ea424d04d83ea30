"""Screenshots of an officer's day (issue 18) at 1366 px and 390 px: the approvals inbox, the agency
dashboard, the request form, the audit trail and the admin's employee export, plus a print preview of a
request's timeline (Chromium's PDF, rendered to PNG with pdftoppm).

Run by hand (not collected by pytest), against a database holding the demo region:

    DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python manage.py seed_demo
    DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python tests/e2e/screenshots_daily.py
"""

import subprocess
import tempfile
from pathlib import Path

import _shots

_shots.SIZES.update({"1366": {"width": 1366, "height": 900}, "390": {"width": 390, "height": 844}})
SIZES = ("1366", "390")
ENV = {"DEBUG": "true"}


def shoot(browser, base: str, size: str) -> None:
    with _shots.new_page(browser, size) as page:
        _shots.login(page, base, "kadinkes")
        page.goto(f"{base}/mutasi/kotak-masuk/")
        _shots.screenshot(page, f"daily-inbox-{size}")
        page.goto(f"{base}/dasbor/")
        _shots.screenshot(page, f"daily-dashboard-{size}")
    with _shots.new_page(browser, size) as page:
        _shots.login(page, base, "pegawai")
        page.goto(f"{base}/mutasi/baru/")
        _shots.screenshot(page, f"daily-request-form-{size}")
    with _shots.new_page(browser, size) as page:
        _shots.login(page, base, "auditor")
        page.goto(f"{base}/jejak-audit/")
        _shots.screenshot(page, f"daily-audit-trail-{size}")
    with _shots.new_page(browser, size) as page:
        _shots.login(page, base, "bkpsdm")
        page.goto(f"{base}/admin/instansi/employee/export/")
        _shots.screenshot(page, f"daily-admin-export-{size}")


def print_preview(browser, base: str) -> None:
    """The first request's page as Chromium prints it (A4), first page as PNG."""
    with _shots.new_page(browser, "1366") as page:
        _shots.login(page, base, "bkpsdm")
        page.goto(f"{base}/mutasi/")
        page.locator("table a").first.click()
        page.wait_for_load_state("networkidle")
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "timeline.pdf"
            page.pdf(path=str(pdf), format="A4", print_background=True)
            out = _shots.OUT / "daily-timeline-print"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out)],
                check=True,
            )


def main() -> None:
    args = _shots.parse_args(__doc__, default_port=8767)
    with _shots.served(args.port, env=ENV, quiet=True) as base, _shots.chromium() as browser:
        for size in SIZES:
            shoot(browser, base, size)
        print_preview(browser, base)
    print("\n".join(sorted(str(f.relative_to(_shots.ROOT)) for f in _shots.OUT.glob("daily-*.png"))))


if __name__ == "__main__":
    main()
