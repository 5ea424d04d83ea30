"""Screenshots of the post-transfer evaluation page (the employee answering; HR with filters and the
training needs per agency) and the delegations page, desktop (1280px) and phone (375px) widths, in
real headless Chromium (docs/screenshots/)."""

import pytest
from django.utils import timezone

from mutasi import services
from mutasi.eligibility import _add_months
from mutasi.models import PostTransferEvaluation
from tests.mutasi.conftest import approve_all, upload_required
from tests.mutasi.factories import build_world
from tests.mutasi.test_screenshots import SCREENSHOTS, WIDTHS, _login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_screenshots_of_the_evaluation_and_delegation_pages(browser, live_server):
    world = build_world()
    today = timezone.localdate()
    draft = services.transfer_create(
        actor=world.pegawai,
        employee=world.pegawai_emp,
        destination_position=world.destination,
        kind="between_agencies",
        reason="Sesuai pendidikan kesehatan masyarakat.",
    )
    upload_required(draft, world.pegawai)
    services.transfer_submit(request_id=draft.pk, actor=world.pegawai)
    approved = approve_all(world, draft)
    # TMT three months ago: the +3 evaluation is due today.
    services.decree_issue(
        actor=world.bkpsdm,
        request_ids=[approved.pk],
        date=_add_months(today, -3),
        tmt=_add_months(today, -3),
        signer=world.walikota.employee,
    )
    services.execute_due_transfers(today=today)
    evaluation = PostTransferEvaluation.objects.get(request=approved, months_after=3)
    assert evaluation.due_date <= today
    services.evaluation_rate(
        evaluation_id=evaluation.pk,
        actor=world.kadinkes,
        adaptation="good",
        training_needs="Pelatihan SIMPUS\nEpidemiologi dasar\nPengelolaan data surveilans",
        note="Cepat memahami alur pelaporan puskesmas.",
    )
    services.delegation_create(
        actor=world.bkpsdm,
        position=world.kadinkes_post,
        delegate=world.other,
        start=today,
        end=_add_months(today, 1),
        kind="plt",
        reason="Kepala dinas mengikuti diklat PIM II",
        letter_number="800.1.3.3/77/BKPSDM/2026",
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in WIDTHS:
        context, page = _login(browser, live_server, "pegawai", size)
        page.goto(f"{live_server.url}/mutasi/evaluasi/")
        assert "Kirim pandangan" in page.content() and "Pelatihan SIMPUS" in page.content()
        page.fill(f"#view-{evaluation.pk}", "Rekan kerja membantu; saya perlu pelatihan SIMPUS.")
        page.screenshot(path=str(SCREENSHOTS / f"mutasi-evaluations-employee-{size}.png"), full_page=True)
        context.close()

        context, page = _login(browser, live_server, "bkpsdm", size)
        page.goto(f"{live_server.url}/mutasi/evaluasi/?state=due")
        assert "Kebutuhan pelatihan per perangkat daerah" in page.content()
        page.screenshot(path=str(SCREENSHOTS / f"mutasi-evaluations-hr-{size}.png"), full_page=True)
        page.goto(f"{live_server.url}/mutasi/delegasi/")
        assert "800.1.3.3/77/BKPSDM/2026" in page.content()
        page.screenshot(path=str(SCREENSHOTS / f"mutasi-delegations-{size}.png"), full_page=True)
        context.close()
    assert all(
        (SCREENSHOTS / f"mutasi-{n}-{s}.png").exists()
        for n in ("evaluations-employee", "evaluations-hr", "delegations")
        for s in WIDTHS
    )
