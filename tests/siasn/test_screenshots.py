"""Screenshots of the SIASN import preview, an import in progress and the outbox, in real headless
Chromium (docs/screenshots/siasn-*.png)."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from mutasi import services
from mutasi.models import Delegation
from siasn.models import ImportRun, ImportStatus
from siasn.services.imports import import_apply_batch, import_start
from tests.mutasi.factories import build_world
from tests.siasn.helpers import approved_transfer, issue_decree, link_world

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_screenshots_of_preview_progress_and_outbox(browser, live_server, siasn_fake):
    world = build_world()
    hr = world.bkpsdm
    hr.is_staff = True
    hr.save(update_fields=["is_staff"])
    # the outbox: a transfer sent (position change, then the decree), a Plt refused for want of an id
    link_world(world, siasn_fake)
    request = approved_transfer(world)
    issue_decree(world, request)
    services.transfer_execute(request_id=request.pk, today=timezone.localdate())
    Delegation.objects.create(
        position=world.destination, delegate=world.other, kind="plt", start=timezone.localdate(),
        end=timezone.localdate() + dt.timedelta(days=30), letter_number="800/12/BKPSDM/2026", created_by=hr,
    )  # fmt: skip
    # an import of 300 employees from the fake, three refused
    for i in range(300):
        siasn_fake.add_employee(agency=siasn_fake.units[3], unit=siasn_fake.units[4], seq=i)
    nips = list(siasn_fake.employees)
    siasn_fake.employees[nips[1]]["unorId"] = "UNOR-TIDAK-ADA"
    siasn_fake.employees[nips[2]]["golRuangAkhirId"] = "99"
    siasn_fake.employees[nips[3]]["tglLahir"] = "01-01-1999"
    preview = import_start(region=world.region, source="webservice", actor=hr)
    preview.refresh_from_db()
    assert preview.status == ImportStatus.PREVIEWED and preview.counts["refused"] >= 3
    running = import_start(region=world.region, source="webservice", actor=hr)
    ImportRun.objects.filter(pk=running.pk).update(status=ImportStatus.APPLYING)
    import_apply_batch(run_id=running.pk, batch_size=100)  # the unor tree
    import_apply_batch(run_id=running.pk, batch_size=100)  # the first 100 employees
    running.refresh_from_db()
    assert 0 < running.done < running.total

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server.url}/masuk/")
    page.fill("input[name=username]", hr.username)
    page.fill("input[name=password]", "demo12345")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/admin/siasn/importrun/{preview.pk}/change/")
    assert "Terapkan impor" in page.content() and "Ditolak: " in page.content()
    page.screenshot(path=str(SCREENSHOTS / "siasn-preview-desktop.png"), full_page=True)
    page.goto(
        f"{live_server.url}/admin/siasn/importrecord/?run__id__exact={preview.pk}&outcome__exact=refused"
    )
    assert "UNOR-TIDAK-ADA" in page.content()
    page.screenshot(path=str(SCREENSHOTS / "siasn-preview-refused-desktop.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/siasn/importrun/")
    assert f"{running.done} / {running.total}" in page.content()
    page.screenshot(path=str(SCREENSHOTS / "siasn-progress-desktop.png"), full_page=True)
    page.goto(f"{live_server.url}/admin/siasn/outboxmessage/")
    content = page.content()
    assert "Terkirim" in content and "Gagal" in content
    page.screenshot(path=str(SCREENSHOTS / "siasn-outbox-desktop.png"), full_page=True)
    context.close()
