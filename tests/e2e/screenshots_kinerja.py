"""Screenshots of "SKP saya" (detail) and "Kriteria penilaian" at 1280px and 375px.

Run by hand (not collected by pytest), against a database holding the demo region:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi_d .venv/bin/python manage.py seed_demo
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/simutasi_d .venv/bin/python tests/e2e/screenshots_kinerja.py

It starts its own `runserver` on --port (default PORT, else 8773), signs in as `pegawai` in Debian's
Chromium (Playwright), opens last year's final SKP from "SKP saya" and the criteria page, writes
docs/screenshots/{skp,kriteria}-{desktop,phone}.png and stops the server it started.
"""

import datetime as dt

import _shots

ENV = {"DJANGO_SETTINGS_MODULE": "config.settings.local", "AXES_ENABLED": "False"}


def shoot(browser, base: str, size: str) -> None:
    with _shots.new_page(browser, size) as page:
        _shots.login(page, base, "pegawai")
        page.goto(f"{base}/kinerja/")
        page.click(f"text=SKP {dt.date.today().year - 1}")
        page.wait_for_load_state("networkidle")
        _shots.screenshot(page, f"skp-{size}")
        page.goto(f"{base}/kinerja/kriteria/")
        _shots.screenshot(page, f"kriteria-{size}")


def main() -> None:
    args = _shots.parse_args(__doc__, default_port=8773)
    with _shots.served(args.port, env=ENV) as base, _shots.chromium() as browser:
        for size in _shots.SIZES:
            shoot(browser, base, size)
    print(f"screenshots in {_shots.OUT}")


if __name__ == "__main__":
    main()
