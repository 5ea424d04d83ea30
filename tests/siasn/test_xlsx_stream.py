"""siasn.xlsx_stream reads a sheet's plain rows with regular expressions and anything else with the XML
parser: both give the same rows, whatever the writer and wherever the fast path hands over."""

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest

from siasn import xlsx_stream
from siasn.xlsx_stream import XlsxStream

AWKWARD = [
    "a & b < c > d",
    "quote \" and ' apostrophe",
    "line\nbreak",
    "  spaces  ",
    "É ñ 中 😀",
    "&amp; literal",
]


def workbook_bytes(*, write_only: bool) -> bytes:
    """Strings shared (normal mode) or inline (write-only mode), numbers, dates, booleans, empty cells."""
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet("pns") if write_only else book.active
    sheet.title = "pns"
    sheet.append(["nipBaru", "nama", "n", "x", "tgl", "ok", "kosong", "akhir"])
    for i in range(300):
        sheet.append([
            f"19900101201503{i:04d}", AWKWARD[i % len(AWKWARD)], i, i / 7, dt.datetime(2020, 1, 1) + dt.timedelta(days=i),
            i % 2 == 0, None, "" if i % 5 else "z",
        ])  # fmt: skip
    sheet.append([])
    sheet.append(["last", None, None, None, None, None, None, "end"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet(content: bytes, edit) -> bytes:
    """The file with its first sheet's XML passed through `edit`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = edit(data)
            dst.writestr(item, data)
    return out.getvalue()


def both(content: bytes) -> tuple[list, list]:
    stream = XlsxStream(io.BytesIO(content))
    path = stream.sheets["pns"]
    fast = list(stream.rows("pns"))
    plain = list(stream._parsed_rows(xlsx_stream._NoDeclarations(stream.zip.open(path))))
    return fast, plain


def nth_cell(n: int, old: bytes, new: bytes):
    """Replace the n-th occurrence of `old` (a cell well inside the sheet: the fast path hands over there)."""

    def edit(data: bytes) -> bytes:
        at = -1
        for _ in range(n):
            at = data.index(old, at + 1)
        return data[:at] + new + data[at + len(old) :]

    return edit


EDITS = {
    "as written": lambda data: data,
    "pretty-printed": lambda data: data.replace(b"<row", b"\n  <row").replace(b"<c ", b"\n    <c "),
    "a formula": nth_cell(150, b"<c r=", b'<c r="Z999"><f>1+1</f><v>2</v></c><c r='),
    "a comment": nth_cell(150, b"<row", b"<!-- </row> --><row"),
    "rich text": nth_cell(
        150, b"<c r=", b'<c r="Z999" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c><c r='
    ),
    "cells without r": lambda data: re.sub(rb'<c r="[A-Z]+[0-9]+"', b"<c", data),
    "a cell without a reference": nth_cell(200, b'<c r="', b'<c t="str"><v>p</v></c><c r="'),
    "attributes in another order": nth_cell(120, b"<c r=", b'<c t="n" r="Z1" s="0"><v>5</v></c><c r='),
    "an empty row": nth_cell(100, b"<row", b'<row r="100000"/><row'),
    "character references": nth_cell(90, b"<c r=", b'<c r="Z2" t="str"><v>&#65;&#x42;\r\nC</v></c><c r='),
    "empty values": nth_cell(80, b"<c r=", b'<c r="Z3" t="str"><v></v></c><c r="Z4" t="b"><v/></c><c r='),
    "a prefix": lambda data: (
        data.replace(b"<", b"<x:").replace(b"<x:/", b"</x:").replace(b'xmlns="', b'xmlns:x="')
    ),
}


@pytest.mark.parametrize("read_size", [1 << 20, 97])  # one part, or parts cut anywhere
@pytest.mark.parametrize("write_only", [False, True])  # shared strings and styles / inline strings
@pytest.mark.parametrize("edit", list(EDITS))
def test_the_fast_path_reads_what_the_parser_reads(monkeypatch, read_size, write_only, edit):
    monkeypatch.setattr(xlsx_stream, "READ_SIZE", read_size)
    content = with_sheet(workbook_bytes(write_only=write_only), EDITS[edit])
    fast, plain = both(content)
    assert fast == plain
    assert len(fast) >= 302 and fast[1][1] == AWKWARD[0] and fast[-1][-1] == "end"


def test_the_fast_path_reads_the_plain_rows_itself(monkeypatch):
    """Proof that the expressions read these files (not the parser after a hand-over)."""
    monkeypatch.setattr(XlsxStream, "_parsed_rows", lambda self, fileobj: iter(()))
    for write_only in (False, True):
        for edit in ("as written", "pretty-printed", "cells without r", "an empty row", "empty values"):
            content = with_sheet(workbook_bytes(write_only=write_only), EDITS[edit])
            assert len(list(XlsxStream(io.BytesIO(content)).rows("pns"))) >= 302, edit


def test_a_broken_sheet_is_reported_by_the_parser():
    content = with_sheet(workbook_bytes(write_only=True), nth_cell(150, b"</row>", b"</rowx>"))
    with pytest.raises(Exception, match="mismatched tag"):
        list(XlsxStream(io.BytesIO(content)).rows("pns"))
