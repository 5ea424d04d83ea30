"""The five journeys of issue 7 point 1, in real headless Chromium against the live server.

Every test loads the demo region (`seed_demo --employees 300`) on the live server's database, then
plays one journey the way its users would, clicking through the pages. The state a journey starts
from (a submitted request for the approvers, an approved one for the decree ...) is reached through
the same services the pages call, so each journey runs on its own. Each end state is asserted on the
page, in the database and in the audit trail, and saved as a screenshot in docs/screenshots/.
"""

import datetime as dt
import hashlib
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from core.models import AuditEvent, User
from instansi.models import Agency, Employee, Position, Region
from kinerja.models import Appraisal
from mutasi import services
from mutasi.choices import Decision, DocumentKind, Status
from mutasi.demo import DEMO_SIGNER_NIK
from mutasi.models import Decree, DecreeCounter, TransferRequest
from tests.e2e.conftest import shot
from tests.mutasi.decree_helpers import qr_addresses
from tools.fakes.bsre_fake import FakeBsre

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A Dinas Kesehatan post short of staff (ABK: 2 required, 1 holder) whose title is unique in the agency,
# not managerial, so the default between-agencies chain applies without the performance team
# (DESIGN.md 4; REGULATION.md 1.1).
DESTINATION = "Epidemiolog Kesehatan Ahli Pertama"
# Employee-initiated, between agencies: every stage of DESIGN.md 4 but the performance team.
CHAIN = [
    ("atasan", "supervisor"),
    ("kadishub", "origin_head"),
    ("kadinkes", "destination_head"),
    ("bkpsdm", "hr_verification"),
    ("sekda", "secretary"),
    ("walikota", "regional_head"),
]
DECREE_NUMBER = re.compile(r"^800\.1\.3\.3/\d+/BKPSDM/\d{4}$")


def make_pdf(title: str) -> bytes:
    """A small, valid one-page PDF (the upload check reads the content, not the name)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.drawString(72, 770, "Pemerintah Kota Manna")
    pdf.drawString(72, 750, title)
    pdf.drawString(72, 730, "Siti Aminah, S.KM. - NIP 19900817 201503 2 001")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def demo(live_server):
    """The demo region on the live server's database (flushed after each transactional test)."""
    call_command("seed_demo", employees=300, stdout=io.StringIO())
    users = {u.username: u for u in User.objects.all()}
    dinkes = Agency.objects.get(code="DINKES")
    return SimpleNamespace(
        url=live_server.url,
        users=users,
        region=Region.objects.get(),
        dinkes=dinkes,
        destination=Position.objects.get(agency=dinkes, title=DESTINATION),
        pegawai=Employee.objects.select_related("position").get(user__username="pegawai"),
        walikota=Employee.objects.get(user__username="walikota"),
    )


def actions_on(obj) -> list[tuple[str, str]]:
    return [
        (e.action, e.actor.username if e.actor else "")
        for e in AuditEvent.objects.for_target(obj).select_related("actor").order_by("pk")
    ]


def nav(page, label: str) -> None:
    """Follow an entry of the main menu, as the user would (on a phone, open the menu first)."""
    toggle = page.locator("label.nav-toggle-label")
    if toggle.is_visible():
        toggle.click()
    page.locator("nav.mainnav").get_by_role("link", name=label, exact=True).click()


def expect_message(page, text: str) -> None:
    expect(page.locator("ul.messages li.msg-success")).to_contain_text(text)


def submitted_request(demo) -> TransferRequest:
    """Where journey (a) ends, reached through the services the pages call."""
    request = services.transfer_create(
        actor=demo.users["pegawai"],
        employee=demo.pegawai,
        destination_position=demo.destination,
        kind="between_agencies",
        reason="Pendidikan S1 Kesehatan Masyarakat; Dinas Kesehatan kekurangan epidemiolog.",
        preferences=[demo.dinkes.pk],
    )
    for code in services.transfer.missing_documents(request):
        services.attachment_upload(
            request_id=request.pk,
            actor=demo.users["pegawai"],
            kind=code,
            uploaded_file=SimpleUploadedFile(
                f"{code}.pdf", make_pdf(str(DocumentKind(code).label)), content_type="application/pdf"
            ),
        )
    return services.transfer_submit(request_id=request.pk, actor=demo.users["pegawai"])


def approved_request(demo) -> TransferRequest:
    """Where journey (b) ends."""
    request = submitted_request(demo)
    for username, _stage in CHAIN:
        services.transfer_approve(request_id=request.pk, actor=demo.users[username], note="Setuju.")
    request.refresh_from_db()
    assert request.status == Status.APPROVED
    return request


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_pegawai_checks_eligibility_fills_the_form_uploads_a_pdf_submits_and_sees_the_timeline(
    demo, page_for, device
):
    page = page_for("pegawai", phone=device == "phone")
    nav(page, "Usulan mutasi")
    page.get_by_role("link", name="Ajukan mutasi").click()
    expect(page.locator("h1")).to_have_text("Ajukan mutasi")

    # 1. Search a post with a need; 2. pick it and check eligibility before anything is saved.
    page.fill("#q", "Epidemiolog")
    page.get_by_role("button", name="Cari").click()
    row = page.locator("table.dest-table tbody tr", has_text=DESTINATION)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Dinas Kesehatan")
    page.check(f"#dest-{demo.destination.pk}")
    page.select_option("#kind", "between_agencies")
    page.get_by_role("button", name="Periksa kelayakan").click()
    checklist = page.locator("#checklist")
    expect(checklist).to_contain_text("Semua syarat terpenuhi")
    expect(checklist.locator("li.fail")).to_have_count(0)
    for code in ("status_pns", "performance", "destination_need"):  # rules in words, codes in a tooltip
        expect(checklist.locator(f'[title="{code}"]')).to_have_count(1)
    expect(checklist.locator("code")).to_have_count(0)
    assert not TransferRequest.objects.filter(employee=demo.pegawai).exists()  # checking saves nothing

    # 3. Reason and preferences, then the draft.
    page.fill("#reason", "Latar belakang S1 Kesehatan Masyarakat; Dinas Kesehatan kekurangan epidemiolog.")
    page.get_by_label("Pilihan 1").select_option(label="Dinas Kesehatan")
    page.get_by_role("button", name="Simpan draf").click()
    expect_message(page, "tersimpan")
    request = TransferRequest.objects.get(employee=demo.pegawai)
    assert request.status == Status.DRAFT
    expect(page.locator("h1")).to_contain_text(request.number)

    # Every document the Policy asks for, each a real PDF made here; the request letter first.
    required = services.transfer.missing_documents(request)
    assert required[0] == DocumentKind.REQUEST_LETTER and len(required) >= 3
    pdfs = {code: make_pdf(str(DocumentKind(code).label)) for code in required}
    for code in required:
        page.select_option("#doc-kind", code)
        page.set_input_files(
            "#doc-file", {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": pdfs[code]}
        )
        page.get_by_role("button", name="Unggah").click()
        expect_message(page, "Dokumen diunggah.")
    expect(page.get_by_text("Dokumen wajib belum lengkap")).to_have_count(0)

    page.fill("#submit-note", "Mohon diproses.")
    page.get_by_role("button", name="Ajukan", exact=True).click()
    expect_message(page, "Usulan diajukan.")
    expect(page.locator("h1 .badge")).to_have_text("Dalam proses")
    timeline = page.locator("ol.timeline > li")
    expect(timeline).to_have_count(len(CHAIN))
    expect(timeline.first).to_have_class("pending")
    expect(timeline.first).to_contain_text("Atasan langsung")
    expect(timeline.last).to_contain_text("Belum dimulai")
    shot(page, "e2e-a-timeline" if device == "desktop" else "e2e-a-timeline-phone")

    request.refresh_from_db()
    assert request.status == Status.IN_REVIEW
    assert [s.stage for s in request.steps.order_by("order")] == [stage for _u, stage in CHAIN]
    stored = {a.kind: a for a in request.attachments.all()}
    assert set(stored) == set(required)
    letter = stored[DocumentKind.REQUEST_LETTER]
    assert letter.content_type == "application/pdf"
    assert letter.sha256 == hashlib.sha256(pdfs[DocumentKind.REQUEST_LETTER]).hexdigest()
    assert actions_on(request) == [
        ("transfer.create", "pegawai"),
        *[("attachment.upload", "pegawai")] * len(required),
        ("transfer.submit", "pegawai"),
    ]


def test_each_approver_approves_from_their_inbox_until_the_walikota(demo, page_for):
    request = submitted_request(demo)
    for username, stage in CHAIN:
        page = page_for(username)
        nav(page, "Kotak masuk")
        item = page.locator("article.inbox-item", has_text=request.number)
        expect(item).to_have_count(1)
        expect(item).to_contain_text(DESTINATION)
        approve = item.locator("form[action$='/aksi/approve/']")
        approve.locator("textarea[name=note]").fill(f"Setuju ({username}).")
        approve.get_by_role("button", name="Setujui").click()
        expect_message(page, "Tahap disetujui.")
        expect(page.locator("article.inbox-item", has_text=request.number)).to_have_count(0)
        step = request.steps.get(stage=stage)
        assert (step.decision, step.actor.username, step.note) == (
            Decision.APPROVED,
            username,
            f"Setuju ({username}).",
        )
        page.context.close()

    page = page_for("pegawai")
    page.goto(f"{demo.url}/mutasi/{request.pk}/")
    expect(page.locator("h1 .badge")).to_have_text("Disetujui")
    expect(page.locator("ol.timeline > li.approved")).to_have_count(len(CHAIN))
    expect(page.locator("ol.timeline")).to_contain_text("Setuju (walikota).")
    shot(page, "e2e-b-approved")

    request.refresh_from_db()
    assert request.status == Status.APPROVED
    assert [a for a in actions_on(request) if a[0] == "transfer.approve"] == [
        ("transfer.approve", username) for username, _stage in CHAIN
    ]


def test_bkpsdm_issues_the_decree_in_the_admin(demo, page_for, settings):
    # The QR code of the decree leads to this live server's verification page (issue 17).
    settings.PUBLIC_BASE_URL = demo.url
    request = approved_request(demo)
    decrees_before = set(Decree.objects.values_list("number", flat=True))
    today = timezone.localdate()
    tmt = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)  # the first of next month

    page = page_for("bkpsdm")
    nav(page, "Admin")
    page.goto(f"{demo.url}/admin/mutasi/transferrequest/?status__exact=approved")
    page.check(f"input[name=_selected_action][value='{request.pk}']")
    page.select_option("select[name=action]", "issue_decree")
    page.click("button[name=index]")
    expect(page.get_by_role("heading", name="Terbitkan SK mutasi").first).to_be_visible()
    expect(page.locator("#content ul").first).to_contain_text(request.number)
    page.fill("#id_date", today.isoformat())
    page.fill("#id_tmt", tmt.isoformat())
    page.select_option("#id_signer", str(demo.walikota.pk))
    page.click("input[name=apply]")
    expect(page.locator("ul.messagelist li.success")).to_contain_text("terbit")
    page.goto(f"{demo.url}/admin/mutasi/transferrequest/?status__exact=decreed")
    expect(page.locator("#result_list")).to_contain_text(request.number)

    request.refresh_from_db()
    decree = request.decree
    assert request.status == Status.DECREED
    assert decree.number not in decrees_before and DECREE_NUMBER.match(decree.number)
    assert (decree.date, decree.tmt, decree.signer_id) == (today, tmt, demo.walikota.pk)
    assert decree.pdf and decree.pdf_sha256  # generated by the Celery task after commit
    assert ("decree.issue", "bkpsdm") in actions_on(decree)
    assert ("transfer.decree", "bkpsdm") in actions_on(request)

    # The applicant sees the decree on the request page, with its PDF.
    page = page_for("pegawai")
    page.goto(f"{demo.url}/mutasi/{request.pk}/")
    expect(page.locator("h1 .badge")).to_have_text("SK terbit")
    expect(page.locator("main")).to_contain_text(decree.number)
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    assert download.value.suggested_filename == f"SK-{decree.pk}.pdf"

    page = page_for("bkpsdm")
    page.goto(f"{demo.url}/admin/mutasi/decree/{decree.pk}/change/")
    expect(page.locator("#content")).to_contain_text(decree.number)
    shot(page, "e2e-c-decree")

    # Issue 17: the Walikota signs it in their queue (against the fake BSrE), the employee downloads
    # their petikan from the notification and opens the verification page its QR code leads to.
    with FakeBsre(users={DEMO_SIGNER_NIK: "rahasia-demo"}) as bsre:
        settings.BSRE_URL = bsre.url
        page = page_for("walikota")
        nav(page, "Tanda tangan SK")
        expect(page.locator("#form-ttd")).to_contain_text(decree.number)
        page.fill("#passphrase", "rahasia-demo")
        page.click("#form-ttd button[type=submit]")
        expect_message(page, decree.number)
        expect(page.locator("main")).to_contain_text("Tidak ada SK yang menunggu tanda tangan Anda")
        assert "rahasia-demo" not in page.content()
    decree.refresh_from_db()
    assert decree.status == "signed" and decree.signed_sha256
    assert ("decree.sign", "walikota") in actions_on(decree)

    page = page_for("pegawai")
    page.goto(f"{demo.url}/notifikasi/")
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Petikan SK {decree.number} untuk Anda").click()
    petikan = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(petikan).hexdigest() == decree.extracts.get(request=request).signed_sha256
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(petikan)).pages)
    assert "PETIKAN" in text and request.employee.nip_display in text
    # The QR code itself, decoded from the rendered page as a phone camera would read the paper (not the
    # address printed under it); the browser then opens what it says.
    (verify_url,) = qr_addresses(petikan)
    assert verify_url == f"{demo.url}/verifikasi/{decree.verify_token}/"

    page = page_for(None)  # anyone, without an account
    page.goto(verify_url)
    expect(page.locator("#keterangan-sk")).to_contain_text(decree.number)
    expect(page.locator("#keterangan-sk")).to_contain_text(decree.signed_sha256)
    expect(page.locator("#keterangan-sk")).not_to_contain_text(request.employee.nip_display)
    page.set_input_files(
        "#file", files=[{"name": "petikan.pdf", "mimeType": "application/pdf", "buffer": petikan}]
    )
    page.click("#form-cek button[type=submit]")
    expect(page.locator("#hasil")).to_contain_text("COCOK: berkas ini adalah petikan SK yang ditandatangani")
    shot(page, "e2e-c-verify")


def test_bkpsdm_prepares_a_draft_decree_previews_it_and_issues_it_from_the_register(demo, page_for):
    # Issue 17 point 6: a draft (konsep) takes no number; the number is taken when HR issues it.
    request = approved_request(demo)
    today = timezone.localdate()
    counter = DecreeCounter.objects.filter(region_id=demo.destination.agency.region_id, year=today.year)
    numbers_before = counter.values_list("last_seq", flat=True).first() or 0

    page = page_for("bkpsdm")
    page.goto(f"{demo.url}/admin/mutasi/transferrequest/?status__exact=approved")
    page.check(f"input[name=_selected_action][value='{request.pk}']")
    page.select_option("select[name=action]", "issue_decree")
    page.click("button[name=index]")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_tmt", today.isoformat())
    page.select_option("#id_signer", str(demo.walikota.pk))
    page.click("input[name=draft]")
    expect(page.locator("ul.messagelist li.success")).to_contain_text("Konsep SK disimpan tanpa nomor")
    draft = Decree.objects.get(draft_requests=request)
    assert draft.status == "draft" and draft.number is None
    assert (counter.values_list("last_seq", flat=True).first() or 0) == numbers_before

    page.goto(f"{demo.url}/")
    nav(page, "Register SK")
    row = page.locator("#drafts tbody tr", has_text=f"Pratinjau konsep #{draft.pk}")
    expect(row).to_contain_text("Konsep, belum bernomor")
    preview = page.request.get(f"{demo.url}/mutasi/sk/{draft.pk}/pdf/")
    assert preview.ok and preview.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(preview.body())).pages)
    assert "KONSEP" in text and "PETIKAN" not in text
    shot(page, "e2e-c-decree-draft")

    row.get_by_role("button", name="Terbitkan (beri nomor)").click()
    expect_message(page, "Konsep diterbitkan sebagai SK")
    draft.refresh_from_db()
    request.refresh_from_db()
    assert draft.status == "issued" and draft.seq == numbers_before + 1
    assert request.status == Status.DECREED and request.decree_id == draft.pk
    expect(page.locator("#register")).to_contain_text(draft.number)
    expect(page.locator("#drafts")).to_have_count(0)
    assert ("decree.draft", "bkpsdm") in actions_on(draft) and ("decree.issue", "bkpsdm") in actions_on(draft)


def dashboard_figures(page, title: str) -> tuple[int, str]:
    """The agency's shortage (summary card) and the post's row in the shortage list ('' if absent)."""
    badge = page.locator(".cards .card", has_text="Kekurangan / kelebihan").locator(".badge.bad")
    shortage = int(badge.inner_text().strip().lstrip("-"))
    shortages = page.locator("section.card", has_text="Kekurangan pegawai").locator("ul.list > li")
    row = shortages.filter(has_text=title)
    return shortage, row.inner_text() if row.count() else ""


def test_kadinkes_sees_the_shortage_shrink_after_the_move_is_executed(demo, page_for):
    from mutasi.tasks import execute_due_transfers_task
    from workload.analysis import run_analysis

    request = approved_request(demo)
    today = timezone.localdate()
    services.decree_issue(
        actor=demo.users["bkpsdm"], request_ids=[request.pk], date=today, tmt=today, signer=demo.walikota
    )
    # The latest run must describe today's staffing (the demo seed moved people after its run).
    run_analysis(region=demo.region)

    page = page_for("kadinkes")
    nav(page, "Dasbor beban kerja")
    expect(page.locator("h1")).to_contain_text("Dinas Kesehatan")
    shortage_before, row = dashboard_figures(page, DESTINATION)
    assert "butuh 2, ada 1 (-1)" in row, row

    # The daily job moves the employee on the TMT, then the nightly analysis sees the new holder.
    assert execute_due_transfers_task.delay().get() == 1
    run_analysis(region=demo.region)
    page.reload()
    shortage_after, row = dashboard_figures(page, DESTINATION)
    assert shortage_after == shortage_before - 1
    assert row == ""
    position_row = page.locator("table tbody tr", has_text=DESTINATION)
    expect(position_row.locator("td").nth(4)).to_have_text("2")  # current holders
    shot(page, "e2e-d-dashboard")

    request.refresh_from_db()
    demo.pegawai.refresh_from_db()
    assert request.status == Status.COMPLETED
    assert demo.pegawai.position_id == demo.destination.pk
    assert ("transfer.complete", "") in actions_on(request)  # the daily job acts as the system


def test_an_skp_goes_from_draft_to_final_with_the_appraiser(demo, page_for):
    year = timezone.localdate().year
    # The demo gives pegawai an SKP already agreed for this year; this journey starts the year afresh.
    Appraisal.objects.filter(employee=demo.pegawai, period__year=year).delete()

    page = page_for("pegawai")
    nav(page, "Kinerja (SKP)")
    page.get_by_role("button", name=f"Buat SKP {year}").click()
    expect_message(page, f"Draf SKP {year} dibuat")
    appraisal = Appraisal.objects.get(employee=demo.pegawai, period__year=year)
    skp_url = f"{demo.url}/kinerja/skp/{appraisal.pk}/"
    expect(page.locator("h1 + p .badge").first).to_have_text("Draf")

    # The main RHK cascades from the supervisor's, with one quantity indicator.
    page.select_option("#id_kind", "main")
    page.fill("#id_description", "Tersusunnya laporan surveilans epidemiologi bulanan")
    parent_options = page.locator("#id_parent option")
    assert parent_options.count() >= 2  # "tidak ada" plus the supervisor's RHK
    page.select_option("#id_parent", index=1)
    page.select_option("#id_aspect", "quantity")
    page.fill("#id_indicator", "Jumlah laporan surveilans")
    page.fill("#id_target", "12")
    page.fill("#id_unit_label", "laporan")
    page.get_by_role("button", name="Tambah RHK").click()
    expect_message(page, "RHK ditambahkan.")
    page.get_by_role("button", name="Ajukan kepada pejabat penilai").click()
    expect_message(page, "SKP diajukan")

    atasan = page_for("atasan")
    nav(atasan, "Kinerja (SKP)")
    atasan.get_by_role("link", name="Penilaian bawahan").click()
    row = atasan.locator("table tbody tr", has_text="Siti Aminah").filter(has_text=str(year))
    row.get_by_role("link", name="Periksa").click()
    atasan.get_by_role("button", name="Sepakati SKP").click()
    expect_message(atasan, "SKP disepakati.")
    # Coaching during the year (PermenPANRB 6/2022, "doing and coaching"): documented feedback.
    atasan.fill("#id_note", "Laporan Maret terlambat dua hari; koordinasikan data puskesmas lebih awal.")
    atasan.fill("#id_date", timezone.localdate().isoformat())
    atasan.get_by_role("button", name="Catat umpan balik").click()
    expect_message(atasan, "Umpan balik dicatat.")

    page.goto(skp_url)
    page.locator("form[action$='/realisasi/'] input[name=realised]").fill("12")
    page.get_by_role("button", name="Simpan realisasi").click()
    expect_message(page, "Realisasi disimpan.")

    atasan.goto(skp_url)
    rate = atasan.locator("form[action$='/nilai/']")
    expect(rate.locator("#id_results_rating")).to_have_value("sesuai")  # 100% achieved: the suggestion
    rate.locator("#id_behaviour_rating").select_option("di_atas")
    rate.get_by_role("button", name="Simpan penilaian").click()
    expect_message(atasan, "Penilaian disimpan")

    page.goto(skp_url)
    page.get_by_role("button", name="Terima penilaian").click()
    expect_message(page, "Penilaian diterima.")

    hr = page_for("bkpsdm")
    hr.goto(skp_url)
    hr.get_by_role("button", name="Finalkan SKP").click()
    expect_message(hr, "SKP difinalkan.")
    expect(hr.locator("h1 + p")).to_contain_text("Final")
    # Results "sesuai" x behaviour "di atas" is "Baik" in the matrix of REGULATION.md 3.
    expect(hr.locator("h1 + p")).to_contain_text("Predikat: Baik")
    expect(hr.locator("main")).to_contain_text("Laporan Maret terlambat dua hari")
    shot(hr, "e2e-e-skp-final")

    appraisal.refresh_from_db()
    assert (appraisal.status, appraisal.predicate) == ("final", "baik")
    assert appraisal.appraiser.user.username == "atasan"
    assert [a for a in actions_on(appraisal) if a[0] != "appraisal.plan_add"] == [
        ("appraisal.create", "pegawai"),
        ("appraisal.submit", "pegawai"),
        ("appraisal.agree", "atasan"),
        ("appraisal.feedback", "atasan"),
        ("appraisal.realise", "pegawai"),
        ("appraisal.rate", "atasan"),
        ("appraisal.acknowledge", "pegawai"),
        ("appraisal.finalise", "bkpsdm"),
    ]


def test_swagger_ui_and_the_pages_run_under_the_content_security_policy(demo, page_for):
    """Issue 19: every page carries the CSP header and nothing on it is blocked (the fixture fails the
    test on any violation the browser reports); Swagger UI renders the operations with its start
    script served as a file."""
    page = page_for("pegawai")
    for path in ("/mutasi/?status=draft", "/api/docs/"):
        response = page.goto(f"{demo.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".opblock").first).to_be_visible(timeout=30000)
    page.goto(f"{demo.url}/mutasi/")
    page.select_option("#f-status", "draft")  # the filter sends itself (static script, no inline handler)
    page.wait_for_url(re.compile(r"/mutasi/\?(.*&)?status=draft"))  # the form also sends its search box
