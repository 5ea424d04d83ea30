"""Screenshots of the web shell (login, Profil saya, agency list and page) at 1280px and 375px.

Run by hand (not collected by pytest), against a database holding the demo region:

    DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python manage.py seed_demo --employees 400
    DATABASE_URL=sqlite:////tmp/b.sqlite3 .venv/bin/python tests/e2e/screenshots.py

It starts its own `runserver` on --port (default PORT, else 8765) with the same environment, drives
Debian's Chromium with Playwright, writes docs/screenshots/*.png and stops the server it started.
"""

import _shots

LOCKED_USER = "contoh-terkunci"
ENV = {"DEBUG": "true"}


def shoot(browser, base: str, size: str) -> None:
    with _shots.new_page(browser, size) as page:
        page.goto(f"{base}/masuk/")
        _shots.screenshot(page, f"login-{size}")

        page.fill("#id_username", "pegawai")
        page.fill("#id_password", "salah")
        page.click("button[type=submit]")
        _shots.screenshot(page, f"login-error-{size}")

        if size == "phone":
            for _attempt in range(5):  # AXES_FAILURE_LIMIT
                page.goto(f"{base}/masuk/")
                page.fill("#id_username", LOCKED_USER)
                page.fill("#id_password", "salah")
                page.click("button[type=submit]")
            _shots.screenshot(page, "login-locked-phone")

        _shots.login(page, base, "pegawai")
        page.goto(f"{base}/profil/")
        _shots.screenshot(page, f"profil-{size}")
        if size == "phone":
            page.click("label.nav-toggle-label")
            _shots.screenshot(page, "menu-phone", full_page=False)

        page.goto(f"{base}/opd/")
        _shots.screenshot(page, f"opd-{size}")
        # The employee's own agency (Dinas Perhubungan), reached from the link on Profil saya.
        page.goto(f"{base}/profil/")
        page.click("main a[href^='/opd/']")
        page.wait_for_load_state("networkidle")
        _shots.screenshot(page, f"opd-detail-{size}")


def main() -> None:
    args = _shots.parse_args(__doc__, default_port=8765)
    # The lock-out shot below locks this made-up account; start each run from a clean slate.
    _shots.manage("axes_reset_username", LOCKED_USER, env=ENV)
    with _shots.served(args.port, env=ENV, quiet=True) as base, _shots.chromium() as browser:
        for size in _shots.SIZES:
            shoot(browser, base, size)
    print("\n".join(sorted(str(f.relative_to(_shots.ROOT)) for f in _shots.OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
