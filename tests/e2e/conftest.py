"""Browser journeys in real headless Chromium (Debian's package) driven by Playwright.

The live server runs on the test database; the demo region is loaded once per test module.
Screenshots of each end state go to docs/screenshots/ (CI artefacts).
"""

from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def page_for(browser, live_server):
    """`page_for("pegawai")` -> a logged-in page (desktop width); `phone=True` for 375px."""
    contexts = []
    # Content-Security-Policy violations and script errors seen by any page of the journey (issue 19):
    # the browser reports a blocked inline script or style as a console error.
    violations: list[str] = []

    def watch(page) -> None:
        page.on(
            "console",
            lambda m: (
                violations.append(f"{page.url}: {m.text}")
                if m.type == "error" and "Content Security Policy" in m.text
                else None
            ),
        )
        page.on("pageerror", lambda e: violations.append(f"{page.url}: script error {e}"))

    def make(username: str | None, *, phone: bool = False, password: str = "demo12345"):
        viewport = {"width": 375, "height": 800} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(viewport=viewport, locale="id-ID")
        contexts.append(context)
        context.on("page", watch)
        page = context.new_page()
        page.set_default_timeout(15000)
        if username:
            page.goto(f"{live_server.url}/masuk/")
            page.fill("#id_username", username)
            page.fill("#id_password", password)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
        return page

    yield make
    for c in contexts:
        c.close()
    assert not violations, "Content-Security-Policy violations or script errors:\n" + "\n".join(violations)


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
