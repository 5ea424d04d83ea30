"""A lean streaming reader of an XLSX sheet (ZIP + XML events), for the exports too large to hold
(siasn.sources: above CALAMINE_MAX_BYTES). openpyxl's read-only mode streams too, but at 100,000
employees it took 125 s: it builds an object per cell and, for a sheet without a `<dimension>` (the
files openpyxl's write-only mode writes), parses the whole sheet again to size it at every opening.
This one parses each sheet once and keeps only the shared-strings table (as openpyxl does) and the
current row: cells become str, int/float, bool, datetime (a number in a date format) or None, as
python-calamine gives them."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from xml.etree.ElementTree import iterparse

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Built-in number formats that are dates (ECMA-376 18.8.30); custom ones are recognised by their codes.
DATE_FORMAT_IDS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
EPOCH = dt.datetime(1899, 12, 30)


class _NoDeclarations:
    """A part of the file, read with its DTD refused: a spreadsheet part never declares one, and an
    uploaded file is untrusted (entity expansion, "billion laughs"). The standard parser then has nothing
    to expand (no defusedxml in the requirements)."""

    def __init__(self, raw):
        self.raw, self.tail = raw, b""

    def read(self, size: int = -1) -> bytes:
        chunk = self.raw.read(size)
        window = (self.tail + chunk).upper()
        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
            raise ValueError("XML declarations are not allowed in a spreadsheet part")
        self.tail = chunk[-8:]
        return chunk


def _parse(zip_file: zipfile.ZipFile, name: str, events=("end",)):
    return iterparse(_NoDeclarations(zip_file.open(name)), events=events)  # noqa: S314 - DTDs refused above


def _column(ref: str) -> int:
    n = 0
    for ch in ref:
        if ch.isalpha():
            n = n * 26 + (ord(ch.upper()) - 64)
        else:
            break
    return n - 1


def _text(element) -> str:
    """The text of an <si> or <is>: its <t> runs (phonetic <rPh> runs left out)."""
    return (
        "".join(t.text or "" for t in element.iter(f"{NS}t") if t is not None) if element is not None else ""
    )


class XlsxStream:
    def __init__(self, fileobj):
        self.zip = zipfile.ZipFile(fileobj)
        names = set(self.zip.namelist())
        rels = {
            r.get("Id"): r.get("Target")
            for _e, r in _parse(self.zip, "xl/_rels/workbook.xml.rels")
            if r.tag == f"{PKG_REL_NS}Relationship"
        }
        self.sheets: dict[str, str] = {}
        for _e, el in _parse(self.zip, "xl/workbook.xml"):
            if el.tag == f"{NS}sheet":
                target = rels.get(el.get(f"{REL_NS}id"), "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                self.sheets[el.get("name")] = path
        self.shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            for _e, el in _parse(self.zip, "xl/sharedStrings.xml"):
                if el.tag == f"{NS}si":
                    self.shared.append(_text(el))
                    el.clear()
        self.date_styles: set[int] = set()
        if "xl/styles.xml" in names:
            custom, xfs, in_xfs = {}, [], False
            for event, el in _parse(self.zip, "xl/styles.xml", events=("start", "end")):
                if el.tag == f"{NS}cellXfs":
                    in_xfs = event == "start"
                elif event == "end" and el.tag == f"{NS}numFmt":
                    custom[int(el.get("numFmtId"))] = el.get("formatCode") or ""
                elif event == "end" and in_xfs and el.tag == f"{NS}xf":
                    xfs.append(int(el.get("numFmtId") or 0))
            for index, fmt in enumerate(xfs):
                code = re.sub(r'"[^"]*"|\[[^\]]*\]', "", custom.get(fmt, ""))
                if fmt in DATE_FORMAT_IDS or (fmt in custom and DATE_CODE.search(code)):
                    self.date_styles.add(index)

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def rows(self, name: str) -> Iterator[tuple]:
        """The sheet's rows in order, each a tuple from column A (empty cells None, missing rows skipped)."""
        events = _parse(self.zip, self.sheets[name], events=("start", "end"))
        data = None
        for event, el in events:
            if event == "start":
                if el.tag == f"{NS}sheetData":
                    data = el
                continue
            if el.tag != f"{NS}row":
                continue
            cells: dict[int, object] = {}
            for position, c in enumerate(el.iter(f"{NS}c")):
                ref = c.get("r")
                cells[_column(ref) if ref else position] = self._value(c)
            if data is not None:
                data.clear()  # the rows read so far: nothing accumulates
            if cells:
                width = max(cells) + 1
                yield tuple(cells.get(i) for i in range(width))

    def _value(self, c):
        kind = c.get("t", "n")
        if kind == "inlineStr":
            return _text(c.find(f"{NS}is"))
        v = c.find(f"{NS}v")
        raw = v.text if v is not None else None
        if raw is None:
            return None
        if kind == "s":
            return self.shared[int(raw)]
        if kind == "b":
            return raw == "1"
        if kind in ("str", "e"):
            return raw if kind == "str" else None
        number = float(raw)
        if c.get("s") and int(c.get("s")) in self.date_styles:
            return EPOCH + dt.timedelta(days=number)
        return int(number) if number.is_integer() and "." not in raw and "E" not in raw.upper() else number

    def close(self) -> None:
        self.zip.close()
