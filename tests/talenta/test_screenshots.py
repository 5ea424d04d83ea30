"""Screenshots of the talent grid (the performance team), the succession page of a Dinas Kesehatan key
post (the performance team) and pegawai's own talent card, at desktop (1280px) and phone (375px) widths,
in real headless Chromium against the demo region (docs/screenshots/talenta-*.png)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.talenta.conftest import request_into

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


def _seeded_dinkes_plan(**filters):
    """The demo region (300 employees) and the first succession plan of a Dinas Kesehatan key post."""
    from talenta.models import SuccessionPlan

    call_command("seed_demo", employees=300, stdout=io.StringIO())
    return (
        SuccessionPlan.objects.filter(key_post__position__agency__short_name="Dinkes", **filters)
        .order_by("pk")
        .first()
    )


def test_screenshots_of_the_grid_the_succession_page_and_the_talent_card(browser, live_server):

    plan = _seeded_dinkes_plan(candidates__role="reserve")
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


def test_screenshot_of_the_performance_team_stage_showing_the_succession_plan(browser, live_server):
    """A rotation inside Dinas Kesehatan into one of its administrator key posts, approved by the head and
    BKPSDM, waits for the performance team: its page shows the mover's box and rank, the main candidate
    and the gap (talenta-tpk-stage-*.png)."""
    from core.models import User
    from mutasi import services as mutasi_services
    from talenta.models import SuccessionCandidate

    plan = _seeded_dinkes_plan(key_post__position__kind="administrator")
    mover = (
        SuccessionCandidate.objects.filter(
            plan=plan, role="reserve", employee__position__agency__short_name="Dinkes"
        )
        .order_by("rank")
        .first()
        or SuccessionCandidate.objects.filter(plan=plan, employee__position__agency__short_name="Dinkes")
        .exclude(role="main")
        .order_by("rank")
        .first()
    )
    assert mover is not None, "a Dinas Kesehatan employee in the pool of a Dinas Kesehatan key post"
    users = {u.username: u for u in User.objects.filter(username__in=["bkpsdm", "kadinkes"])}
    request = request_into(actor=users["bkpsdm"], employee=mover.employee, position=plan.key_post.position)
    mutasi_services.transfer_submit(
        request_id=request.pk, actor=users["bkpsdm"], override_reason="Jabatan terisi; rotasi."
    )
    mutasi_services.transfer_approve(request_id=request.pk, actor=users["kadinkes"])
    mutasi_services.transfer_approve(
        request_id=request.pk, actor=users["bkpsdm"], override_reason="Jabatan terisi; rotasi."
    )
    request.refresh_from_db()
    assert request.current_stage == "performance_team"
    for size in WIDTHS:
        context, page = _page(browser, live_server, "tpk", size)
        page.goto(f"{live_server.url}/mutasi/{request.pk}/")
        assert page.get_by_text(f"Peringkat {mover.rank} dalam rencana suksesi").count() == 1
        page.screenshot(path=str(SCREENSHOTS / f"talenta-tpk-stage-{size}.png"), full_page=True)
        context.close()


def test_screenshots_of_the_merit_evidence_and_the_development_needs(browser, live_server):
    """The auditor's merit evidence after a move into a Dinas Kesehatan key post was approved over the
    talent rule, HR named another main candidate and the move was decreed (talenta-bukti-merit-*.png), and the development needs
    of Dinas Kesehatan as its head sees them (talenta-pengembangan-*.png)."""
    from core.models import User
    from instansi.models import Policy
    from mutasi import services as mutasi_services
    from talenta.models import SuccessionCandidate
    from talenta.services.succession import succession_plan_confirm

    plan = _seeded_dinkes_plan(key_post__position__kind="administrator")
    users = {u.username: u for u in User.objects.filter(username__in=list(ACTORS.values()) + ["kadinkes"])}
    reserve = plan.candidates.filter(role="reserve").order_by("rank").first()
    succession_plan_confirm(
        actor=users["bkpsdm"],
        plan_id=plan.pk,
        main_candidate_id=reserve.employee_id,
        reason="Kandidat cadangan memiliki sertifikasi kesehatan masyarakat yang disyaratkan.",
    )
    Policy.objects.filter(region=plan.grid.region).update(min_talent_box=7)
    # Below the minimum box when the demo has one in the pool, so the talent rule is among the overrides.
    pool = SuccessionCandidate.objects.filter(plan=plan, employee__position__agency__short_name="Dinkes")
    mover = (
        pool.filter(box__lt=7).order_by("rank").first() or pool.exclude(role="main").order_by("rank").first()
    )
    request = request_into(actor=users["bkpsdm"], employee=mover.employee, position=plan.key_post.position)
    reason = "Jabatan kosong mendesak; kandidat utama sedang tugas belajar."
    mutasi_services.transfer_submit(request_id=request.pk, actor=users["bkpsdm"], override_reason=reason)
    for _step in range(8):
        request.refresh_from_db()
        if request.status != "in_review":
            break
        actor = users.get(ACTORS.get(request.current_stage, "kadinkes"))
        mutasi_services.transfer_approve(request_id=request.pk, actor=actor, override_reason=reason)
    request.refresh_from_db()
    assert request.status == "approved", request.current_stage
    # Decreed, so the decree trace shows it too (need, override, talent, stages).
    from django.utils import timezone

    today = timezone.localdate()
    decree = mutasi_services.decree_issue(
        actor=users["bkpsdm"],
        request_ids=[request.pk],
        date=today,
        tmt=today,
        signer=users["walikota"].employee,
    )
    for size in WIDTHS:
        context, page = _page(browser, live_server, "auditor", size)
        page.goto(f"{live_server.url}/mutasi/bukti-merit/?opd={plan.key_post.position.agency_id}")
        assert page.locator(f'#decree-trace tr[data-request="{request.pk}"]').count() == 1
        assert page.locator("#decree-trace").get_by_text(f"SK {decree.number}").count() == 1
        page.screenshot(path=str(SCREENSHOTS / f"talenta-bukti-merit-{size}.png"), full_page=True)
        context.close()
        context, page = _page(browser, live_server, "kadinkes", size)
        page.goto(f"{live_server.url}/talenta/pengembangan/?aksi=assessment")
        assert page.get_by_text("Penilaian kompetensi (belum ada atau kedaluwarsa)").count() >= 1
        page.screenshot(path=str(SCREENSHOTS / f"talenta-pengembangan-{size}.png"), full_page=True)
        context.close()


# Who approves each stage of the demo's rotation inside Dinas Kesehatan (the heads' stages: kadinkes).
ACTORS = {
    "hr_verification": "bkpsdm",
    "performance_team": "tpk",
    "secretary": "sekda",
    "regional_head": "walikota",
}
