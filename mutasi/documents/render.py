"""The official form of a decree (REGULATION.md 6) in reportlab: the body, the lampiran and the petikan.

Every text goes through core.pdf (`esc`, `para`): user text is data, never markup, and no markup can
make reportlab open a file. The emblem is the image bytes HR uploaded, never a path.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.pdf import esc, fonts, para
from mutasi.choices import PaperSize, SignerMode
from mutasi.documents.data import DecreeDocument, Entry, long_date
from mutasi.documents.defaults import ORDINALS
from mutasi.documents.qr import draw_qr

PAGE_SIZES = {PaperSize.A4: A4, PaperSize.F4: (215 * mm, 330 * mm)}
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 2.5 * cm, 2 * cm, 1.8 * cm, 2 * cm
QR_SIZE = 2.2 * cm


@dataclass(frozen=True)
class SignatureSpot:
    """Where a visible signature goes: page (1-based) and box in points from the bottom-left corner."""

    page: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Rendered:
    data: bytes
    spots: list[SignatureSpot]
    pages: int


class _Styles:
    def __init__(self):
        f = fonts()
        base = ParagraphStyle("base", fontName=f.regular, fontSize=11, leading=14, splitLongWords=1)
        self.body = ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY)
        self.left = ParagraphStyle("left", parent=base, alignment=TA_LEFT)
        self.centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER)
        self.centre_bold = ParagraphStyle("centreb", parent=self.centre, fontName=f.bold)
        self.head = ParagraphStyle("head", parent=self.centre, fontName=f.bold, fontSize=14, leading=18)
        self.small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9, alignment=TA_LEFT)
        self.small_head = ParagraphStyle("smallh", parent=self.small, fontName=f.bold, alignment=TA_CENTER)
        self.footer = f.regular


class _NumberedCanvas(rl_canvas.Canvas):
    """Writes "Halaman n dari N" on every page (the total is known only at the end)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            width = self._pagesize[0]
            self.setFont(fonts().regular, 8)
            self.drawCentredString(width / 2, 1.1 * cm, f"Halaman {self._pageNumber} dari {total}")
            super().showPage()
        super().save()


class _SignatureSpace(Flowable):
    """The space between the signer's title and name: the QR code to the verification page (on an
    electronically signed decree) and the spot where BSrE stamps the visible signature."""

    def __init__(self, spots: list[SignatureSpot], verify_url: str, width: float):
        super().__init__()
        self.spots, self.verify_url, self.width, self.height = spots, verify_url, width, QR_SIZE + 12

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        x, y = self.canv.absolutePosition(0, 0)
        self.spots.append(SignatureSpot(self.canv.getPageNumber(), x, y, self.width, self.height))
        if self.verify_url:
            draw_qr(self.canv, self.verify_url, x=0, y=10, size=QR_SIZE)
            # The same address in words, for whoever cannot scan (our own URL: never user text).
            self.canv.setFont(fonts().regular, 5)
            self.canv.drawString(0, 2, self.verify_url)


def _heading(doc: DecreeDocument, st: _Styles) -> list:
    story: list = []
    if doc.emblem:
        reader = ImageReader(io.BytesIO(doc.emblem))
        w, h = reader.getSize()
        height = 2.4 * cm
        story.append(Image(io.BytesIO(doc.emblem), width=height * w / h if h else height, height=height))
        story.append(Spacer(1, 2 * mm))
    story.append(para(esc(doc.head.upper()), st.head))
    story.append(Spacer(1, 6 * mm))
    return story


def _labelled(label: str, items: list[str], st: _Styles, *, marker) -> Table:
    """ "Menimbang : a. ..." rows: the label on the first row, each item with its letter or number."""
    rows = []
    for i, item in enumerate(items):
        rows.append(
            [
                para(esc(label) if i == 0 else "", st.left),
                para(":" if i == 0 else "", st.left),
                para(esc(marker(i)), st.left),
                para(esc(item), st.body),
            ]
        )
    table = Table(rows, colWidths=[2.7 * cm, 0.4 * cm, 0.9 * cm, None], splitInRow=1)
    table.setStyle(_tight())
    return table


def _tight() -> TableStyle:
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    )


def _letter(i: int) -> str:
    return f"{chr(ord('a') + i)}." if i < 26 else f"{i + 1}."


def _title(doc: DecreeDocument, st: _Styles, *, petikan: bool = False) -> list:
    head = esc(doc.head.upper())
    lines = [
        *(["PETIKAN"] if petikan else []),
        f"KEPUTUSAN {head}",
        f"NOMOR {esc(doc.number)}",
        "",
        "TENTANG",
        "",
        esc(doc.subject.upper()),
    ]
    story = [para(line, st.centre_bold) if line else Spacer(1, 2 * mm) for line in lines]
    story += [
        Spacer(1, 5 * mm),
        para("DENGAN RAHMAT TUHAN YANG MAHA ESA", st.centre_bold),
        Spacer(1, 5 * mm),
        para(f"{head},", st.centre_bold),
        Spacer(1, 4 * mm),
    ]
    return story


def _decision_table(doc: DecreeDocument, st: _Styles, decisions: list) -> Table:
    rows = [
        [
            para("Menetapkan", st.left),
            para(":", st.left),
            para(f"KEPUTUSAN {esc(doc.head.upper())} TENTANG {esc(doc.subject.upper())}.", st.body),
        ]
    ]
    for i, text in enumerate(decisions):
        label = ORDINALS[i] if i < len(ORDINALS) else f"KE-{i + 1}"
        rows.append(
            [
                para(label, st.left),
                para(":", st.left),
                text if not isinstance(text, str) else para(esc(text), st.body),
            ]
        )
    table = Table(rows, colWidths=[2.7 * cm, 0.4 * cm, None], splitInRow=1)
    table.setStyle(_tight())
    return table


def _signature_block(doc: DecreeDocument, st: _Styles, spots: list[SignatureSpot], width: float) -> Table:
    """Right-aligned: "Ditetapkan di", "pada tanggal", the title line(s), the signature space, the name;
    pangkat and NIP only for an a.n./Plt./Plh. signer (an elected head has no NIP)."""
    head = esc(doc.head.upper())
    s = doc.signer
    block_width = 8.2 * cm
    lines = [
        para(f"Ditetapkan di {esc(doc.city)}", st.left),
        para(f"pada tanggal {esc(long_date(doc.date))}", st.left),
        Spacer(1, 3 * mm),
    ]
    if s.mode == SignerMode.HEAD:
        lines.append(para(f"{head},", st.centre_bold))
    elif s.mode == SignerMode.ON_BEHALF:
        lines.append(para(f"a.n. {head}", st.centre_bold))
        lines.append(para(f"{esc(s.title.upper())},", st.centre_bold))
    else:
        prefix = "Plt." if s.mode == SignerMode.PLT else "Plh."
        lines.append(para(f"{prefix} {head},", st.centre_bold))
    lines.append(_SignatureSpace(spots, doc.verify_url if doc.electronic else "", block_width))
    lines.append(para(f"<u>{esc(s.name.upper())}</u>", st.centre_bold))
    if s.mode != SignerMode.HEAD:
        lines.append(para(esc(s.rank), st.centre))
        lines.append(para(f"NIP {esc(s.nip)}", st.centre))
    table = Table([["", lines]], colWidths=[width - block_width, block_width])
    table.setStyle(_tight())
    return KeepTogether([Spacer(1, 6 * mm), table])


def _tembusan(doc: DecreeDocument, st: _Styles) -> list:
    if not doc.tembusan:
        return []
    story = [Spacer(1, 6 * mm), para("Tembusan:", st.left)]
    rows = [[para(f"{i}.", st.left), para(esc(item), st.left)] for i, item in enumerate(doc.tembusan, 1)]
    table = Table(rows, colWidths=[0.8 * cm, None], splitInRow=1)
    table.setStyle(_tight())
    story.append(table)
    return story


def _entry_rows(entries: list[Entry], st: _Styles, start: int = 1) -> list[list]:
    header = [
        "NO",
        "NIP",
        "NAMA",
        "PANGKAT / GOL.",
        "JABATAN LAMA / UNIT KERJA",
        "JABATAN BARU / UNIT KERJA",
        "TMT",
    ]
    rows = [[para(h, st.small_head) for h in header]]
    for i, e in enumerate(entries, start):
        rows.append(
            [
                para(str(i), st.small),
                para(esc(e.nip), st.small),
                para(esc(e.name), st.small),
                para(esc(e.rank), st.small),
                para(f"{esc(e.old_post)}<br/>{esc(e.old_unit)}", st.small),
                para(f"{esc(e.new_post)}<br/>{esc(e.new_unit)}", st.small),
                para(esc(long_date(e.tmt)), st.small),
            ]
        )
    return rows


def _entry_table(entries: list[Entry], st: _Styles, width: float) -> Table:
    ratios = [0.045, 0.22, 0.15, 0.11, 0.175, 0.175, 0.125]
    table = Table(_entry_rows(entries, st), colWidths=[r * width for r in ratios], repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f0f0f0")),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _entry_fields(entry: Entry, st: _Styles) -> Table:
    """One employee's entry as labelled lines (the petikan)."""
    fields = [
        ("Nama", entry.name),
        ("NIP", entry.nip),
        ("Pangkat / gol. ruang", entry.rank),
        ("Jabatan lama", entry.old_post),
        ("Unit kerja lama", entry.old_unit),
        ("Jabatan baru", entry.new_post),
        ("Unit kerja baru", entry.new_unit),
        ("TMT", long_date(entry.tmt)),
    ]
    rows = [
        [para(esc(label), st.left), para(":", st.left), para(esc(value), st.left)] for label, value in fields
    ]
    table = Table(rows, colWidths=[4 * cm, 0.4 * cm, None], splitInRow=1)
    table.setStyle(_tight())
    return table


def _lampiran(doc: DecreeDocument, st: _Styles, spots: list[SignatureSpot], width: float) -> list:
    head = esc(doc.head.upper())
    ref = Table(
        [
            ["", [para(f"LAMPIRAN KEPUTUSAN {head}", st.left)]],
            ["", [para(f"NOMOR : {esc(doc.number)}", st.left)]],
            ["", [para(f"TANGGAL : {esc(long_date(doc.date))}", st.left)]],
            ["", [para(f"TENTANG : {esc(doc.subject.upper())}", st.left)]],
        ],
        colWidths=[width - 8.2 * cm, 8.2 * cm],
    )
    ref.setStyle(_tight())
    return [
        PageBreak(),
        ref,
        Spacer(1, 6 * mm),
        para(f"DAFTAR PEGAWAI NEGERI SIPIL YANG DIMUTASI ({len(doc.entries)} ORANG)", st.centre_bold),
        Spacer(1, 3 * mm),
        _entry_table(doc.entries, st, width),
        _signature_block(doc, st, spots, width),
    ]


def _build(doc: DecreeDocument, story: list, *, title: str) -> bytes:
    buffer = io.BytesIO()
    pagesize = PAGE_SIZES.get(doc.paper, A4)
    template = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        title=title,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        invariant=1,
    )
    template.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def _width(doc: DecreeDocument) -> float:
    return PAGE_SIZES.get(doc.paper, A4)[0] - MARGIN_LEFT - MARGIN_RIGHT


def render_decree(doc: DecreeDocument) -> Rendered:
    """The decree: heading, title lines, Menimbang, Mengingat, MEMUTUSKAN, Menetapkan, the dicta, the
    "Ditetapkan di" block, tembusan; then the lampiran listing every employee, signed like the body."""
    st, spots, width = _Styles(), [], _width(doc)
    story = [
        *_heading(doc, st),
        *_title(doc, st),
        _labelled("Menimbang", doc.menimbang, st, marker=_letter),
        Spacer(1, 2 * mm),
        _labelled("Mengingat", doc.mengingat, st, marker=lambda i: f"{i + 1}."),
        Spacer(1, 4 * mm),
        para("MEMUTUSKAN:", st.centre_bold),
        Spacer(1, 3 * mm),
        _decision_table(doc, st, doc.decisions),
        _signature_block(doc, st, spots, width),
        *_tembusan(doc, st),
        *_lampiran(doc, st, spots, width),
    ]
    data = _build(doc, story, title=f"SK {doc.number}")
    return Rendered(data, spots, max((s.page for s in spots), default=1))


def render_petikan(doc: DecreeDocument, entry: Entry) -> Rendered:
    """The extract for one employee: the same decree with only their entry, addressed to them."""
    st, spots, width = _Styles(), [], _width(doc)
    first = [
        para(
            "Memindahkan Pegawai Negeri Sipil tersebut di bawah ini dari jabatan lama ke jabatan baru, "
            f"terhitung mulai tanggal {esc(long_date(entry.tmt))}:",
            st.body,
        ),
        Spacer(1, 2 * mm),
        _entry_fields(entry, st),
    ]
    story = [
        *_heading(doc, st),
        *_title(doc, st, petikan=True),
        _labelled("Menimbang", ["dst."], st, marker=lambda i: ""),
        _labelled("Mengingat", ["dst."], st, marker=lambda i: ""),
        Spacer(1, 4 * mm),
        para("MEMUTUSKAN:", st.centre_bold),
        Spacer(1, 3 * mm),
        _decision_table(doc, st, [first, *doc.decisions[1:]]),
        _signature_block(doc, st, spots, width),
        Spacer(1, 6 * mm),
        para(
            f"Petikan ini disampaikan kepada Yth. Sdr. {esc(entry.name)} (NIP {esc(entry.nip)}) untuk "
            "diketahui dan dipergunakan sebagaimana mestinya.",
            st.body,
        ),
    ]
    data = _build(doc, story, title=f"Petikan SK {doc.number}")
    return Rendered(data, spots, max((s.page for s in spots), default=1))
