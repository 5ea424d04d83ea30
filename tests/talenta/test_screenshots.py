"""Screenshots of the talent grid (the performance team), the succession page of a Dinas Kesehatan key
post (the performance team) and pegawai's own talent card, at desktop (1280px) and phone (375px) widths,
in real headless Chromium against the demo region (docs/screenshots/talenta-*.png)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 800}}

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server, username, size):
    context = browser.new_context(viewport=WIDTHS[size], locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server.url}/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return context, page


def test_screenshots_of_the_grid_the_succession_page_and_the_talent_card(browser, live_server):
    from talenta.models import SuccessionPlan

    call_command("seed_demo", employees=300, stdout=io.StringIO())
    plan = (
        SuccessionPlan.objects.filter(
            key_post__position__agency__short_name="Dinkes", candidates__role="reserve"
        )
        .order_by("pk")
        .first()
    )
    assert plan is not None, "the demo has a Dinas Kesehatan key post with a main candidate and reserves"
    main = plan.candidates.get(role="main")
    reserves = list(plan.candidates.filter(role="reserve").order_by("rank"))
    assert len(reserves) == 2 and all(r.gap == main.score - r.score for r in reserves)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in WIDTHS:
        context, page = _page(browser, live_server, "tpk", size)
        page.goto(f"{live_server.url}/talenta/")
        assert page.locator("svg.chart").count() == 1
        page.screenshot(path=str(SCREENSHOTS / f"talenta-grid-{size}.png"), full_page=True)
        page.goto(f"{live_server.url}/talenta/suksesi/{plan.key_post_id}/")
        assert page.get_by_text(main.employee.full_name).count() >= 1
        page.screenshot(path=str(SCREENSHOTS / f"talenta-suksesi-{size}.png"), full_page=True)
        context.close()
        context, page = _page(browser, live_server, "pegawai", size)
        page.goto(f"{live_server.url}/talenta/saya/")
        assert page.get_by_text("Yang dapat mengubah kotak").count() == 1
        page.screenshot(path=str(SCREENSHOTS / f"talenta-kartu-{size}.png"), full_page=True)
        context.close()
