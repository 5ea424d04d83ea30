"""Issue 21's journey in real headless Chromium: HR applies a transfer plan; the employee it would move
finds the proposed move in their inbox, reads why (the need at both ends, the plan's fit breakdown),
objects with a reason and a document; the head of the origin agency sees the objection on the card and
must write why to go ahead; the exceptions report lists that decision. Screenshots of each step go to
docs/screenshots/konsultasi-*.png."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from core.models import AuditEvent, User
from instansi.models import Agency, Region
from mutasi.models import ApprovalStep, Attachment, Consultation, TransferRequest
from planning import services as planning_services
from planning.choices import ItemState
from planning.models import PlanItem
from tests.e2e.conftest import shot
from tests.e2e.test_journeys import make_pdf

# The employee answers their own stage in this journey (no automatic "agree", tests/conftest.py).
pytestmark = [pytest.mark.e2e, pytest.mark.consultation, pytest.mark.django_db(transaction=True)]
REASONS = "Saya sedang kuliah malam S2 di dekat kantor sekarang; jadwalnya terlampir."
AGAINST = "Dinas Kesehatan kekurangan pengelola data; jadwal kuliah tetap terjangkau dari kantor baru."


@pytest.fixture
def applied_plan_ready(live_server, tmp_path):
    """The demo region with a computed plan of one move out of Dinas Perhubungan, whose employee has an
    account (`dipindah`): what HR has on the plan page before applying it."""
    # The full demo (2,000 employees): Dinas Perhubungan has staff to release to a plan only at this size.
    call_command("seed_demo", stdout=io.StringIO())
    hr = User.objects.get(username="bkpsdm")
    region = Region.objects.get()
    dishub, dinkes = Agency.objects.get(code="DISHUB"), Agency.objects.get(code="DINKES")
    plan = planning_services.plan_build(actor=hr, region=region, agency_ids=[dishub.pk, dinkes.pk])
    planning_services.plan_compute(plan_id=plan.pk)
    items = list(
        PlanItem.objects.filter(plan=plan, state=ItemState.PROPOSED).select_related(
            "employee", "origin_position"
        )
    )
    chosen = next(it for it in items if it.origin_position.agency_id == dishub.pk and not it.employee.user_id)
    for item in items:
        if item.pk != chosen.pk:
            planning_services.plan_item_remove(actor=hr, plan_id=plan.pk, item_id=item.pk)
    employee = chosen.employee
    employee.user = User.objects.create_user("dipindah", password="demo12345", first_name=employee.name)
    employee.save(update_fields=["user"])
    pdf = tmp_path / "jadwal-kuliah.pdf"
    pdf.write_bytes(make_pdf("Jadwal kuliah malam"))
    return SimpleNamespace(url=live_server.url, plan=plan, item=chosen, employee=employee, pdf=pdf)


def test_the_employee_objects_and_the_origin_head_must_say_why_to_go_ahead(applied_plan_ready, page_for):
    ctx = applied_plan_ready
    # 1. HR applies the plan on its page.
    hr = page_for("bkpsdm")
    hr.goto(f"{ctx.url}/rencana/{ctx.plan.pk}/")
    hr.get_by_role("button", name="Terapkan").click()
    hr.wait_for_load_state("networkidle")
    request = TransferRequest.objects.get(employee=ctx.employee)
    assert request.initiated_by == "plan" and request.current_stage == "employee"

    # 2. The employee finds the proposed move in their inbox and reads why.
    me = page_for("dipindah")
    me.goto(f"{ctx.url}/mutasi/kotak-masuk/")
    card = me.locator("article.inbox-item", has_text=request.number)
    expect(card).to_contain_text("Kecocokan Anda")
    expect(card).to_contain_text(f"Rencana mutasi #{ctx.plan.pk}")
    shot(me, "konsultasi-kotak-masuk-pegawai")
    card.get_by_role("link", name="Baca alasan lengkap usulan ini").click()
    section = me.locator("#konsultasi")
    expect(section).to_contain_text("Kebutuhan di jabatan asal")
    expect(section).to_contain_text("Kebutuhan di jabatan tujuan")
    expect(section).to_contain_text("Kecocokan Anda")
    shot(me, "konsultasi-alasan")

    # 3. ... and objects with a category, a reason and a document.
    section.get_by_label("Keberatan", exact=True).check()
    section.get_by_label("Kategori keberatan").select_option("education")
    section.get_by_label("Alasan (wajib bila keberatan)").fill(REASONS)
    section.locator("input[type=file][name=documents]").set_input_files(str(ctx.pdf))
    section.get_by_role("button", name="Kirim tanggapan").click()
    expect(me.locator("ul.messages li.msg-success")).to_contain_text("Tanggapan Anda tercatat")
    expect(me.locator("#konsultasi")).to_contain_text(REASONS)
    shot(me, "konsultasi-keberatan")
    consultation = Consultation.objects.get(request=request)
    assert consultation.answer == "object" and consultation.category == "education"
    assert not consultation.protecting  # education is not a protecting category by default
    assert Attachment.objects.filter(request=request, kind="objection").count() == 1

    # 4. The head of the origin agency sees the objection on the card and must write why to go ahead.
    head = page_for("kadishub")
    head.goto(f"{ctx.url}/mutasi/kotak-masuk/")
    card = head.locator("article.inbox-item", has_text=request.number)
    expect(card).to_contain_text("Keberatan")
    expect(card).to_contain_text(REASONS)
    reason_box = card.get_by_label("Pegawai keberatan: alasan Anda tetap menyetujui", exact=False)
    expect(reason_box).to_be_visible()
    shot(head, "konsultasi-kartu-kepala")
    reason_box.fill(AGAINST)
    card.get_by_role("button", name="Setujui").click()
    head.wait_for_load_state("networkidle")
    step = ApprovalStep.objects.get(request=request, stage="origin_head")
    assert step.decision == "approved" and step.against_objection_reason == AGAINST
    event = AuditEvent.objects.get(action="consultation.against")
    assert event.flagged and event.note == AGAINST

    # 5. The exceptions report lists the decision.
    hr.goto(f"{ctx.url}/mutasi/pengecualian/")
    row = hr.locator("tr", has_text=request.number)
    expect(row).to_contain_text("disetujui meski pegawai keberatan")
    expect(row).to_contain_text(AGAINST)
    shot(hr, "konsultasi-pengecualian")
