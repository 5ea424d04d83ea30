"""Issue 17 point 1: every text that reaches a PDF is data, never markup; a decree whose document
cannot be built is not issued (number, requests and documents are one transaction)."""

import builtins
import datetime as dt
import re
from pathlib import Path

import pytest
import reportlab.lib.utils
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from core.models import AuditEvent
from core.pdf import UnsafeMarkup, esc, para
from mutasi import documents
from mutasi.choices import DecreeStatus
from mutasi.documents.data import DecreeDocument, Entry, Signer
from mutasi.models import Decree, DecreeCounter, DecreeExtract, DecreeTemplate, TransferRequest
from tests.mutasi.conftest import approve_all
from tests.mutasi.decree_helpers import flat, issue, pdf_text, read

pytestmark = pytest.mark.django_db

ODD = "Đặng Thị Ñoño Çağlar Ωμέγα Жанна ﬁ"


@pytest.fixture
def marker(tmp_path) -> Path:
    path = tmp_path / "marker-must-not-be-opened.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    return path


@pytest.fixture
def opened(monkeypatch):
    """Every path reportlab or Python opens while the test runs."""
    seen: list[str] = []
    real_open, real_open_for_read = builtins.open, reportlab.lib.utils.open_for_read

    def spy_open(file, *args, **kwargs):
        seen.append(str(file))
        return real_open(file, *args, **kwargs)

    def spy_open_for_read(name, *args, **kwargs):
        seen.append(str(name))
        return real_open_for_read(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(reportlab.lib.utils, "open_for_read", spy_open_for_read)
    return seen


def _markup(marker: Path) -> str:
    return f'<img src="{marker}" width="400" height="400"/><b>Tebal</b> & <font size="40">Besar</font> <a href="file://{marker}">x</a>'


def test_markup_in_every_user_field_is_literal_text_and_no_file_is_opened(world, submitted, marker, opened):
    evil = _markup(marker)
    employee = world.pegawai_emp
    employee.name = f"Budi {evil}"[:150]
    employee.save(update_fields=["name"])
    world.destination.title = f"Perawat {evil}"[:200]
    world.destination.save(update_fields=["title"])
    world.dinkes.name = f"Dinas <i>Kesehatan</i> & {marker}"[:200]
    world.dinkes.save(update_fields=["name"])
    world.walikota.employee.name = f"Wali <b>{marker}</b>"
    world.walikota.employee.save(update_fields=["name"])
    DecreeTemplate.objects.create(
        region=world.region, city="<b>Manna</b> & <i>x</i>", menimbang=f"bahwa {evil};", tembusan=evil
    )
    TransferRequest.objects.filter(pk=submitted.pk).update(origin_position_title=f"Staf {evil}"[:200])
    decree = issue(world, [approve_all(world, submitted)])

    assert decree.status == DecreeStatus.ISSUED
    assert not [p for p in opened if marker.name in p]
    body = flat(pdf_text(read(decree.pdf)))
    petikan = flat(pdf_text(read(DecreeExtract.objects.get(decree=decree).pdf)))
    for text in (body, petikan):
        assert flat(f"Budi {evil}"[:150]) in text  # the employee's name, markup and all, as typed
        assert flat(f"Perawat {evil}"[:200]) in text
        assert flat(f"WALI <B>{marker}</B>".upper()) in text.upper()
    assert flat(f"Staf {evil}"[:200]) in body
    assert flat(f"Dinas <i>Kesehatan</i> & {marker}"[:200]) in body  # the agency of the new post
    assert flat("Ditetapkan di <b>Manna</b> & <i>x</i>") in body


def test_the_external_agency_of_an_outgoing_transfer_is_literal_text(world, submitted, marker, opened):
    approved = approve_all(world, submitted)
    # Approved as an outgoing transfer would be (its external milestones are another test's subject).
    TransferRequest.objects.filter(pk=approved.pk).update(
        kind="outgoing",
        destination_position=None,
        destination_agency=None,
        external_instansi=f"Kab. <img src='{marker}'/> & co",
    )
    decree = issue(world, [approved])
    assert flat(f"Kab. <img src='{marker}'/> & co") in flat(pdf_text(read(decree.pdf)))
    assert not [p for p in opened if marker.name in p]


def _document(**changes) -> DecreeDocument:
    entry = Entry(
        nip="19800101 200501 1 001",
        name="Budi",
        rank="Penata Muda, III/a",
        old_post="Staf",
        old_unit="Dinas A",
        new_post="Perawat",
        new_unit="Dinas B",
        tmt=dt.date(2026, 12, 6),
    )
    values = {
        "head": "Walikota Manna",
        "area": "Kota Manna",
        "number": "800/1/BKPSDM/2026",
        "date": dt.date(2026, 12, 6),
        "tmt": dt.date(2026, 12, 6),
        "subject": "MUTASI PEGAWAI NEGERI SIPIL",
        "city": "Manna",
        "menimbang": ["bahwa a;"],
        "mengingat": ["UU 20/2023;"],
        "decisions": ["Memindahkan.", "Biaya.", "Berlaku."],
        "tembusan": ["Kepala BKN."],
        "entries": [entry],
        "signer": Signer(mode="head", title="Walikota Manna", name="Wali", rank="", nip=""),
    }
    values.update(changes)
    return DecreeDocument(**values)


def test_very_long_text_without_spaces_builds_and_comes_out_whole():
    long_word = "Panjang" * 700  # 4,900 characters, no space to break at
    long_text = " ".join(["sangat panjang sekali"] * 800)  # one item longer than a page
    base = _document()
    entry = Entry(**{**base.entries[0].__dict__, "name": long_word, "new_post": long_word})
    doc = _document(entries=[entry], menimbang=[long_text], tembusan=[long_word])
    rendered = documents.render_decree(doc)
    assert rendered.pages >= 3
    # Nothing is cut. A cell split over pages has other cells, the page number and the repeated table
    # head in between, so the letter "j" (in "Panjang" only) is counted against a short name's render.
    baseline = pdf_text(documents.render_decree(base).data).count("j")
    assert pdf_text(rendered.data).count("j") - baseline == 3 * 700 + 800
    petikan = documents.render_petikan(doc.only(entry), entry)
    petikan_baseline = pdf_text(documents.render_petikan(base, base.entries[0]).data).count("j")
    # the name in the table and in the address line, the new post in the table
    assert pdf_text(petikan.data).count("j") - petikan_baseline == 3 * 700


def test_odd_unicode_comes_out_as_the_same_characters_and_control_characters_are_dropped():
    base = _document()
    name = f"{ODD}\u202e\u0000\u200b\x07 Akhir"
    entry = Entry(**{**base.entries[0].__dict__, "name": name})
    text = " ".join(pdf_text(documents.render_decree(_document(entries=[entry], city=ODD)).data).split())
    assert f"Ditetapkan di {ODD}" in text and f"{ODD} Akhir" in text
    assert not any(ch in text for ch in "\u202e\u0000\u200b\x07")


def test_esc_and_the_paragraph_factory():
    assert (
        esc('<img src="/etc/passwd"/> & "x"')
        == "&lt;img src=&quot;/etc/passwd&quot;/&gt; &amp; &quot;x&quot;"
    )
    assert esc(None) == ""
    assert esc("a\nb") == "a<br/>b"
    with pytest.raises(UnsafeMarkup):
        para('<img src="/etc/passwd"/>', None)
    with pytest.raises(UnsafeMarkup):
        para('<a href="file:///etc/passwd">x</a>', None)


def test_no_module_but_core_pdf_builds_a_paragraph():
    """The one place: any other module importing reportlab's Paragraph would bypass the escaping."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/**/*.py"):
        if any(part in {".venv", "tests", "node_modules"} for part in path.parts) or path.name == "pdf.py":
            continue
        source = path.read_text(encoding="utf-8", errors="ignore")
        if "reportlab" in source and re.search(r"\bParagraph\b", source):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []


def test_a_document_that_cannot_be_built_issues_nothing(world, submitted, monkeypatch, settings):
    approved = approve_all(world, submitted)

    def broken(doc):
        raise ValueError("reportlab failed")

    monkeypatch.setattr(documents, "render_decree", broken)
    client = APIClient()
    client.force_authenticate(world.bkpsdm)
    day = dt.date.today().isoformat()
    answer = client.post(
        "/api/v1/decrees/",
        {"requests": [approved.pk], "date": day, "tmt": day, "signer": world.walikota.employee.pk},
        format="json",
    )
    assert answer.status_code == 400
    assert "document" in answer.json()
    assert TransferRequest.objects.get(pk=approved.pk).status == "approved"
    assert not Decree.objects.exists() and not DecreeExtract.objects.exists()
    assert not DecreeCounter.objects.filter(last_seq__gt=0).exists()  # the number is not taken
    assert not AuditEvent.objects.filter(action__startswith="decree.").exists()
    media = Path(settings.MEDIA_ROOT) / "private" / "decrees"
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]

    monkeypatch.undo()
    decree = issue(world, [approved])  # once fixed, the first number is used: no gap
    assert decree.seq == 1 and decree.pdf and len(decree.pdf_sha256) == 64


def test_a_broken_emblem_image_issues_nothing(world, submitted):
    approved = approve_all(world, submitted)
    template = DecreeTemplate(region=world.region)
    template.emblem.save("lambang.png", ContentFile(b"\x89PNG\r\n\x1a\n broken"), save=False)
    template.save()
    from core.exceptions import DomainError

    with pytest.raises(DomainError) as caught:
        issue(world, [approved])
    assert caught.value.field == "document"
    assert TransferRequest.objects.get(pk=approved.pk).status == "approved"
    assert not Decree.objects.exists()
