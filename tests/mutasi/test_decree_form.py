"""Issue 17 points 2, 3 and 6: the official form of REGULATION.md 6 (every part, in order, read back
from the PDF), the signer rules, the region's texts and paper, the petikan of each employee and who
downloads it, and the decree register."""

import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from mutasi import services
from mutasi.choices import DecreeStatus, SignerMode
from mutasi.models import DecreeExtract, DecreeTemplate, TransferRequest
from tests.factories import UserFactory
from tests.mutasi.conftest import approve_all, submit_mover
from tests.mutasi.decree_helpers import assert_in_order, issue, pdf_text, read

pytestmark = pytest.mark.django_db


def _emblem() -> bytes:
    image = Image.new("RGB", (120, 150), "darkgreen")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def template(world):
    t = DecreeTemplate(region=world.region, tembusan="Kepala BKN di Jakarta;\nInspektur {daerah}.")
    t.emblem.save("lambang.png", ContentFile(_emblem()), save=False)
    t.save()
    return t


@pytest.fixture
def two(world, submitted):
    """Two approved transfers into Dinas Kesehatan: `pegawai` and another employee."""
    other = submit_mover(world, "mover")
    return [approve_all(world, submitted), approve_all(world, other)]


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_the_decree_has_every_part_of_section_6_in_order_and_no_nip_under_the_elected_head(
    world, two, template
):
    decree = issue(world, two)
    data = read(decree.pdf)
    text = _norm(pdf_text(data))
    walikota = world.walikota.employee
    day = timezone.localdate()
    long_day = f"{day.day} {['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'][day.month - 1]} {day.year}"
    a, b = sorted((r.employee for r in two), key=lambda e: e.name)
    body, _sep, lampiran = text.partition("LAMPIRAN KEPUTUSAN")
    assert_in_order(
        body,
        [
            "WALIKOTA MANNA",
            "KEPUTUSAN WALIKOTA MANNA",
            f"NOMOR {decree.number}",
            "TENTANG",
            "MUTASI PEGAWAI NEGERI SIPIL",
            "DENGAN RAHMAT TUHAN YANG MAHA ESA",
            "WALIKOTA MANNA,",
            "Menimbang : a.",
            "b.",
            "Mengingat : 1.",
            "Undang-Undang Nomor 20 Tahun 2023",
            "2.",
            "MEMUTUSKAN:",
            "Menetapkan : KEPUTUSAN WALIKOTA MANNA TENTANG MUTASI PEGAWAI NEGERI SIPIL.",
            "KESATU : Memindahkan 2 Pegawai Negeri Sipil",
            f"terhitung mulai tanggal {long_day}",
            "KEDUA :",
            "KETIGA :",
            "Ditetapkan di Manna",
            f"pada tanggal {long_day}",
            "WALIKOTA MANNA,",
            walikota.full_name.upper(),
            "Tembusan:",
            "1. Kepala BKN di Jakarta;",
            "2. Inspektur Kota Manna.",
        ],
    )
    assert_in_order(
        lampiran,
        [
            "WALIKOTA MANNA",
            f"NOMOR : {decree.number}",
            f"TANGGAL : {long_day}",
            "TENTANG : MUTASI PEGAWAI NEGERI SIPIL",
            "NO NIP NAMA PANGKAT / GOL. JABATAN LAMA / UNIT KERJA JABATAN BARU / UNIT KERJA TMT",
            a.nip_display,
            b.nip_display,
            "Ditetapkan di Manna",
            "WALIKOTA MANNA,",
            walikota.full_name.upper(),
        ],
    )
    for request in two:
        e = request.employee
        assert e.nip_display in lampiran and e.full_name in lampiran
        assert world.destination.title in lampiran and "Dinas Kesehatan" in lampiran
        assert request.origin_position_title in lampiran and "Dinas Perhubungan" in lampiran
    if a.golongan:
        assert a.golongan in lampiran
    # An elected head has no NIP: neither the Walikota's NIP nor "NIP" appears under the signature.
    assert walikota.nip not in text.replace(" ", "") and walikota.nip_display not in text
    assert "NIP" not in body.split("Ditetapkan di")[1].split("Tembusan")[0]
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages[0].images) >= 1  # the region's emblem heads the first page
    pages = len(reader.pages)
    assert f"Halaman 1 dari {pages}" in text and f"Halaman {pages} dari {pages}" in text
    assert round(float(reader.pages[0].mediabox.height)) == 842  # A4 by default
    assert decree.status == DecreeStatus.ISSUED and decree.signer_mode == SignerMode.HEAD
    assert len(decree.signature_spots) == 2  # the body and the lampiran are signed alike


def test_the_sekda_signs_a_n_with_title_name_pangkat_and_nip(world, two):
    sekda = world.sekda.employee
    decree = issue(world, two, signer=sekda)
    text = _norm(pdf_text(read(decree.pdf)))
    rank = decree.signer_rank
    for part in (text.partition("LAMPIRAN KEPUTUSAN")[0], text.partition("LAMPIRAN KEPUTUSAN")[2]):
        assert_in_order(
            part,
            [
                "Ditetapkan di Manna",
                "a.n. WALIKOTA MANNA",
                f"{sekda.position.title.upper()},",
                sekda.full_name.upper(),
                rank,
                f"NIP {sekda.nip_display}",
            ],
        )
    assert decree.signer_mode == SignerMode.ON_BEHALF and decree.on_behalf


def test_the_plh_of_the_walikota_signs_as_plh_with_nip(world, two):
    today = timezone.localdate()
    services.delegation_create(
        actor=world.bkpsdm, position=world.walikota_post, delegate=world.kadinkes, start=today, end=today
    )
    decree = issue(world, two, signer=world.kadinkes_emp)
    text = _norm(pdf_text(read(decree.pdf)))
    assert_in_order(
        text, ["Ditetapkan di Manna", "Plh. WALIKOTA MANNA,", world.kadinkes_emp.full_name.upper(), "NIP"]
    )
    assert decree.signer_mode == SignerMode.PLH


def test_the_region_texts_and_f4_paper_come_from_the_template(world, two, template):
    template.paper_size = "F4"
    template.city = "Kota Manna Baru"
    template.menimbang = "bahwa teks khusus daerah {daerah};"
    template.decisions = "Diktum satu untuk {jumlah} orang mulai {tmt}.\nDiktum dua."
    template.save()
    decree = issue(world, two)
    data = read(decree.pdf)
    text = _norm(pdf_text(data))
    assert_in_order(
        text,
        [
            "Menimbang : a. bahwa teks khusus daerah Kota Manna;",
            "KESATU : Diktum satu untuk 2 orang mulai",
            "KEDUA : Diktum dua.",
            "Ditetapkan di Kota Manna Baru",
        ],
    )
    assert "KETIGA" not in text.partition("LAMPIRAN")[0]
    assert round(float(PdfReader(io.BytesIO(data)).pages[0].mediabox.height)) == 935  # 330 mm


def test_each_employee_gets_a_petikan_with_only_their_entry(world, two):
    decree = issue(world, two)
    extracts = list(DecreeExtract.objects.filter(decree=decree).select_related("request__employee"))
    assert len(extracts) == 2
    for extract in extracts:
        mine, other = extract.request.employee, next(e.request.employee for e in extracts if e != extract)
        text = _norm(pdf_text(read(extract.pdf)))
        assert_in_order(
            text,
            [
                "WALIKOTA MANNA",
                "PETIKAN",
                "KEPUTUSAN WALIKOTA MANNA",
                f"NOMOR {decree.number}",
                "Menimbang : dst.",
                "Mengingat : dst.",
                "MEMUTUSKAN:",
                "KESATU :",
                f"Nama : {mine.full_name}",
                f"NIP : {mine.nip_display}",
                "Pangkat / gol. ruang :",
                f"Jabatan baru : {world.destination.title}",
                "Unit kerja baru :",
                "TMT :",
                "KEDUA :",
                "Ditetapkan di Manna",
                "WALIKOTA MANNA,",
                f"Yth. Sdr. {mine.full_name}",
            ],
        )
        assert other.nip_display not in text and other.full_name not in text


def test_the_petikan_is_downloaded_by_that_employee_and_hr_only_and_the_link_is_in_the_notification(
    world, two, client
):
    decree = issue(world, two)
    mine = DecreeExtract.objects.get(decree=decree, request=two[0])
    url = f"/mutasi/sk/{decree.pk}/petikan/{mine.request_id}/"
    client.force_login(world.pegawai)
    answer = client.get(url)
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == read(mine.pdf)
    assert world.pegawai.notifications.filter(url=url).exists()
    for stranger in (UserFactory(), world.kadinkes, world.atasan, world.walikota):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
    client.force_login(world.bkpsdm)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_the_register_lists_every_number_with_its_status_and_a_cancelled_number_is_never_reused(
    world, two, client
):
    first = issue(world, [two[0]])
    second = issue(world, [two[1]])
    client.force_login(world.bkpsdm)
    answer = client.post(
        "/mutasi/sk/register/", {"action": "cancel", "decree": first.pk, "reason": "Salah ketik <b>TMT</b>"}
    )
    assert answer.status_code == 302
    first.refresh_from_db()
    assert first.status == DecreeStatus.CANCELLED and first.cancel_reason == "Salah ketik <b>TMT</b>"
    assert TransferRequest.objects.get(pk=two[0].pk).status == "cancelled"
    third_request = approve_all(world, submit_mover(world, "mover3"))
    third = issue(world, [third_request])
    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    page = client.get(f"/mutasi/sk/register/?tahun={first.year}").content.decode()
    assert page.index(first.number) < page.index(second.number) < page.index(third.number)
    assert "Dibatalkan" in page and "Salah ketik &lt;b&gt;TMT&lt;/b&gt;" in page
    assert "lompatan)" not in page
    client.force_login(world.pegawai)
    assert client.get("/mutasi/sk/register/").status_code == 403
    # Cancelling needs a reason, and a cancelled decree is not cancelled twice.
    from core.exceptions import DomainError, TransitionNotAllowed

    with pytest.raises(DomainError):
        services.decree.decree_cancel(actor=world.bkpsdm, decree_id=second.pk, reason=" ")
    with pytest.raises(TransitionNotAllowed):
        services.decree.decree_cancel(actor=world.bkpsdm, decree_id=first.pk, reason="lagi")


def test_hr_previews_the_region_texts_in_the_admin(world, template, client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    answer = client.get(f"/admin/mutasi/decreetemplate/{template.pk}/pratinjau/")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = _norm(pdf_text(answer.content))
    assert "CONTOH PEGAWAI SATU" in text and "Inspektur Kota Manna." in text
    add = client.get("/admin/mutasi/decreetemplate/add/").content.decode()
    assert "Undang-Undang Nomor 20 Tahun 2023" in add  # the regulation's texts are the defaults


def test_a_decree_whose_transfer_was_executed_cannot_be_cancelled(world, two):
    from core.exceptions import TransitionNotAllowed

    decree = issue(world, two[:1])
    services.execute_due_transfers(today=decree.tmt)
    with pytest.raises(TransitionNotAllowed):
        services.decree.decree_cancel(actor=world.bkpsdm, decree_id=decree.pk, reason="Terlambat")
    decree.refresh_from_db()
    assert decree.status == DecreeStatus.ISSUED and not decree.cancel_reason


def test_a_scan_is_refused_where_the_region_signs_electronically(world, two):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.exceptions import TransitionNotAllowed
    from mutasi.services import signing

    decree = issue(world, two[:1])
    scan = SimpleUploadedFile("sk.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    with pytest.raises(TransitionNotAllowed):
        signing.decree_upload_wet_signed(actor=world.bkpsdm, decree_id=decree.pk, uploaded_file=scan)
    decree.refresh_from_db()
    assert decree.status == DecreeStatus.ISSUED and not decree.signed_pdf


def test_the_request_page_links_the_petikan_for_the_employee_and_hr_only(world, two, client):
    decree = issue(world, two[:1])
    link = f"/mutasi/sk/{decree.pk}/petikan/{two[0].pk}/"
    for user, shown in ((world.pegawai, True), (world.bkpsdm, True), (world.kadinkes, False)):
        client.force_login(user)
        page = client.get(f"/mutasi/{two[0].pk}/").content.decode()
        assert (link in page) is shown, user
