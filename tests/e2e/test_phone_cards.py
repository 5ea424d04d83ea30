"""Phone width (issue 18 point 9): at 390 px the long lists an officer reads every day, the request list,
the approver's inbox and the decree register, show one card per row (CSS only: `table.table-stack`, each
cell's label from its data-label attribute; the inbox is made of cards already), with nothing wider than
the screen. Checked in headless Chromium; the screenshots go to docs/screenshots/phone-*-390.png.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import shot
from tests.factories import PASSWORD
from tests.mutasi.conftest import approve_all, submit_mover
from tests.mutasi.decree_helpers import issue
from tests.mutasi.factories import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

# In the browser: is anything wider than the screen, and how does each row of the table show?
MEASURE = """(selector) => {
  const table = document.querySelector(selector);
  const rows = [...table.querySelectorAll('tbody tr')];
  const firstRow = rows[0];
  const cells = [...firstRow.querySelectorAll('td[data-label]')];
  return {
    pageWidth: document.documentElement.scrollWidth,
    headerShown: getComputedStyle(table.querySelector('thead')).display !== 'none',
    rowDisplay: getComputedStyle(firstRow).display,
    rowWidth: firstRow.getBoundingClientRect().width,
    rows: rows.length,
    labels: cells.map(td => getComputedStyle(td, '::before').content),
    expected: cells.map(td => td.dataset.label),
  };
}"""


@pytest.fixture
def world(db):
    world = build_world(need=10)
    for i in range(2):
        issue(world, [approve_all(world, submit_mover(world, f"pindah{i}"))])
    for i in range(3):
        submit_mover(world, f"usul{i}")  # waiting at the supervisor: `atasan`'s inbox
    return world


def phone_page(browser, live_server, username: str, viewport: dict = PHONE):
    context = browser.new_context(viewport=viewport, locale="id-ID", device_scale_factor=1)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return context, page


def assert_cards(page, selector: str) -> None:
    seen = page.evaluate(MEASURE, selector)
    assert seen["pageWidth"] <= PHONE["width"], f"wider than the phone: {seen['pageWidth']} px"
    assert not seen["headerShown"], "the table's header row still shows"
    assert seen["rowDisplay"] == "block" and seen["rows"] >= 2
    assert seen["rowWidth"] <= PHONE["width"]
    # Each cell shows its own label before the value ("Pegawai: ...").
    assert seen["expected"] and all(
        label == f'"{expected}: "' for label, expected in zip(seen["labels"], seen["expected"], strict=True)
    ), seen


def test_the_long_lists_become_cards_at_phone_width(world, browser, live_server):
    context, page = phone_page(browser, live_server, "bkpsdm")
    try:
        page.goto(f"{live_server.url}/mutasi/")
        expect(page.locator("#requests tbody tr").first).to_be_visible()
        assert_cards(page, "#requests")
        shot(page, "phone-mutasi-list-390")

        page.goto(f"{live_server.url}/mutasi/sk/register/")
        expect(page.locator("#register tbody tr").first).to_be_visible()
        assert_cards(page, "#register")
        shot(page, "phone-register-390")
    finally:
        context.close()

    context, page = phone_page(browser, live_server, "atasan")
    try:
        page.goto(f"{live_server.url}/mutasi/kotak-masuk/")
        cards = page.locator("article.inbox-item")
        expect(cards.first).to_be_visible()
        assert cards.count() == 3
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for box in (cards.nth(i).bounding_box() for i in range(cards.count())):
            assert box["width"] <= PHONE["width"]
        shot(page, "phone-inbox-390")
    finally:
        context.close()
