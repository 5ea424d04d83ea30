"""Screenshots of the request form with its checklist, the timeline and an approver's inbox at
desktop (1280px) and phone (375px) widths, in real headless Chromium (docs/screenshots/)."""

from pathlib import Path

import pytest

from mutasi import services
from tests.mutasi.conftest import upload_required
from tests.mutasi.factories import build_world

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 800}}

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(browser, live_server, username, size):
    context = browser.new_context(viewport=WIDTHS[size], locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server.url}/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return context, page


def test_screenshots_of_the_form_checklist_timeline_and_inbox(browser, live_server):
    world = build_world()
    # A request half-way so the timeline shows decided, current and waiting stages.
    other = services.transfer_create(
        actor=world.kadishub,
        employee=world.other_emp,
        destination_position=world.destination,
        kind="between_agencies",
        reason="Penataan pegawai sesuai ABK",
    )
    upload_required(other, world.kadishub)
    from tests.mutasi.factories import give_skp, last_years

    give_skp(world.other_emp, dict.fromkeys(last_years(2), "sangat_baik"))
    services.transfer_submit(request_id=other.pk, actor=world.kadishub)
    services.transfer_approve(
        request_id=other.pk, actor=world.kadishub, note="Dilepas: pegawai Dishub berlebih."
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in WIDTHS:
        context, page = _login(browser, live_server, "pegawai", size)
        page.goto(f"{live_server.url}/mutasi/baru/?q=Kesehatan")
        page.check(f"#dest-{world.destination.pk}")
        page.click("button[name=check]")
        page.wait_for_selector("#checklist")
        assert "Semua syarat terpenuhi" in page.content()
        page.screenshot(path=str(SCREENSHOTS / f"mutasi-form-{size}.png"), full_page=True)
        context.close()

        context, page = _login(browser, live_server, "kadinkes", size)
        page.goto(f"{live_server.url}/mutasi/kotak-masuk/")
        assert other.number in page.content()
        page.screenshot(path=str(SCREENSHOTS / f"mutasi-inbox-{size}.png"), full_page=True)
        page.goto(f"{live_server.url}/mutasi/{other.pk}/")
        assert "Dilepas: pegawai Dishub berlebih." in page.content()
        page.screenshot(path=str(SCREENSHOTS / f"mutasi-timeline-{size}.png"), full_page=True)
        context.close()
    assert all(
        (SCREENSHOTS / f"mutasi-{n}-{s}.png").exists() for n in ("form", "inbox", "timeline") for s in WIDTHS
    )
