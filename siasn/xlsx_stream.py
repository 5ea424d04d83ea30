"""A lean streaming reader of an XLSX sheet (ZIP + XML events), for the exports too large to hold
(siasn.sources: above CALAMINE_MAX_BYTES). openpyxl's read-only mode streams too, but at 100,000
employees it took 125 s: it builds an object per cell and, for a sheet without a `<dimension>` (the
files openpyxl's write-only mode writes), parses the whole sheet again to size it at every opening.
This one parses each sheet once and keeps only the shared-strings table (as openpyxl does) and the
current row: cells become str, int/float, bool, datetime (a number in a date format) or None, as
python-calamine gives them.

`rows` reads the sheet's rows with `_fast_rows` (regular expressions over the bytes) as long as they are
written in the plain form the usual writers use (openpyxl, Excel: a cell's `<v>` or `<is><t>`,
attributes r, s, t in that order), and with the XML parser from the first row that is not (a formula,
rich text, a comment, a prefix, another encoding ...), so a well-formed file reads as the parser reads it. At
100,000 employees (a 162 MB sheet of inline strings) the parser took 11-12 s of CPU, the expressions
4.1 s, measured one after the other in one process (docs/BENCHMARKS.md "SIASN import");
`tests/siasn/test_xlsx_stream.py` checks both read the same, handing over anywhere in the sheet."""

from __future__ import annotations

import datetime as dt
import functools
import io
import operator
import pickle
import posixpath
import re
import subprocess
import sys
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


class _Chained:
    """Bytes already read, then the rest of a stream: what the parser reads when the fast path stops."""

    def __init__(self, head: bytes, raw):
        self.head, self.raw = head, raw

    def read(self, size: int = -1) -> bytes:
        if self.head:
            out, self.head = self.head, b""
            return out
        return self.raw.read(size)


READ_SIZE = 1 << 20
HEAD_LIMIT = 4 * READ_SIZE  # where the sheet's <sheetData> is looked for (it follows a few settings)
_SHEET_DATA = re.compile(rb"<sheetData\s*>")
_SHEET_DATA_END = re.compile(rb"\s*</sheetData\s*>")
# The plain forms (see the module's docstring); anything else goes to the parser.
_ROW_ATTRIBUTES = rb'(?: [a-zA-Z0-9:]+="[^"<&]*")*\s*'
# what precedes a row's cells: empty rows (<row r="3"/>), then the row's start tag
_ROW_START = re.compile(rb"(?:\s*<row" + _ROW_ATTRIBUTES + rb"/>)*\s*<row" + _ROW_ATTRIBUTES + rb">")
_CELL_FORM = (
    rb'\s*<c(?: r="([A-Z]{1,3})[0-9]+")?(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?\s*'
    rb"(?:/>|>(?:<v>([^<]*)</v>|<is><t(?: xml:space=\"preserve\")?>([^<]*)</t></is>|<v/>|<is><t/></is>)?</c>)"
)
# on text: a part is decoded once (not each cell); the whole cell is the first group, so that the cells
# found are known to tile the row (their lengths add up to it) without a second pass to check it
_CELL = re.compile("(" + _CELL_FORM.decode() + ")", re.ASCII)  # ASCII: \s as on bytes (XML's spaces)
_ROW_START_TEXT = re.compile(_ROW_START.pattern.decode(), re.ASCII)
_first = operator.itemgetter(0)
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _entity(match) -> str:
    name, dec, hexa = match.groups()
    return _ENTITIES[name] if name else chr(int(dec) if dec else int(hexa, 16))


def _xml_text(text: str) -> str:
    """A text node as the parser gives it: entities and character references replaced, line ends as \\n."""
    if "&" in text:
        replaced = _ENTITY.sub(_entity, text)
        if "&" in _ENTITY.sub("", text):
            raise _NotPlain  # an unknown entity: the parser reports it
        text = replaced
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _sheet_data_start(buffer: bytes) -> int:
    """Where the rows start when the sheet's beginning is plain (UTF-8, unprefixed, no comment or
    declaration before the rows), else 0 (and -1 when it is not plain)."""
    found = _SHEET_DATA.search(buffer)
    if found is None:
        return 0
    declaration = buffer[: buffer.find(b"?>")] if buffer.startswith(b"<?xml") else b""
    utf8 = b"encoding" not in declaration or re.search(rb"encoding=[\"']utf-?8[\"']", declaration, re.I)
    return found.end() if utf8 and b"<!" not in buffer[: found.start()] else -1


class _NotPlain(Exception):
    """Not one of the plain forms: the parser reads from here."""


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
        self.columns: dict[str, int] = {}  # "AB" -> 27, as the fast path meets them
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

    @functools.cached_property
    def shared(self) -> list[str]:
        """The shared-strings table, read when a sheet is first read (not to list the sheets)."""
        out: list[str] = []
        if "xl/sharedStrings.xml" in self.zip.namelist():
            for _e, el in _parse(self.zip, "xl/sharedStrings.xml"):
                if el.tag == f"{NS}si":
                    out.append(_text(el))
                    el.clear()
        return out

    @property
    def sheet_names(self) -> list[str]:
        return list(self.sheets)

    def rows(self, name: str) -> Iterator[tuple]:
        """The sheet's rows in order, each a tuple from column A (empty cells None, missing rows skipped)."""
        raw = _NoDeclarations(self.zip.open(self.sheets[name]))
        buffer = raw.read(READ_SIZE)
        while (end := _sheet_data_start(buffer)) == 0 and len(buffer) < HEAD_LIMIT:
            chunk = raw.read(READ_SIZE)
            if not chunk:
                break
            buffer += chunk
        if end > 0:  # the plain start: the rows by the expressions while they are plain
            head, buffer = buffer[:end], buffer[end:]
            while True:
                cut = buffer.rfind(b"</row>") + len(b"</row>")
                if cut < len(b"</row>"):  # no whole row in the buffer
                    chunk = raw.read(READ_SIZE)
                    if not chunk:
                        break
                    buffer += chunk
                    continue
                try:
                    rows = self._fast_rows(buffer[:cut])
                except (_NotPlain, UnicodeDecodeError, ValueError, IndexError):
                    break  # the parser reads from this part on (and reports what is wrong in it)
                yield from rows
                buffer = buffer[cut:]
            if _SHEET_DATA_END.match(buffer):
                return
            buffer = head + buffer
        yield from self._parsed_rows(_Chained(buffer, raw))

    def _fast_rows(self, part: bytes) -> list[tuple]:
        """The rows of `part` (whole rows), or _NotPlain. A cell's value is what `_value` gives: an
        inline string its text ("" without one), any other kind None without a value.

        The part is decoded once; without "&" or a carriage return in it no text needs `_xml_text`.
        The cells of a row are one `findall`, known to be the whole row when their lengths add up to
        it (the matches do not overlap: they then cover it, one after the other). At 100,000 employees
        (a 162 MB sheet), reading the rows and making them the source's dicts: 3.4 -> 2.5 s of CPU
        (2026-12-06, medians of 3, main's module and this one in turn in one process, load 4)."""
        out = []
        shared, columns = self.shared, self.columns
        text = part.decode()
        escaped = "&" in text or "\r" in text
        *pieces, rest = text.split("</row>")
        if rest:
            raise _NotPlain
        for piece in pieces:
            start = _ROW_START_TEXT.match(piece)
            if start is None:
                raise _NotPlain
            at = start.end()
            found = _CELL.findall(piece, at)
            if sum(map(len, map(_first, found))) != len(piece) - at:
                raise _NotPlain
            cells: dict[int, object] = {}
            for index, (_whole, ref, style, kind, v, inline) in enumerate(found):
                if ref:
                    index = columns.get(ref)
                    if index is None:
                        index = columns[ref] = _column(ref)
                if kind == "inlineStr":
                    cells[index] = (_xml_text(inline) if escaped else inline) if inline else ""
                elif not v:  # no value, or an empty one: the parser's text is None
                    cells[index] = None
                elif kind == "s":
                    cells[index] = shared[int(v)]
                elif kind == "b":
                    cells[index] = v == "1"
                elif kind == "str":
                    cells[index] = _xml_text(v) if escaped else v
                elif kind == "e":
                    cells[index] = None
                else:
                    cells[index] = self._number(v, style or None)
            if cells:
                out.append(tuple(map(cells.get, range(max(cells) + 1))))
        return out

    def _parsed_rows(self, fileobj) -> Iterator[tuple]:
        """The rows by the XML parser (the plain path)."""
        events = iterparse(fileobj, events=("start", "end"))  # noqa: S314 - DTDs refused (_NoDeclarations)
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

    def _number(self, raw: str, style):
        number = float(raw)
        if style is not None and int(style) in self.date_styles:
            return EPOCH + dt.timedelta(days=number)
        return int(number) if number.is_integer() and "." not in raw and "E" not in raw.upper() else number

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
        return self._number(raw, c.get("s") or None)

    def close(self) -> None:
        self.zip.close()


# --- the same rows read by a child process -----------------------------------------------------------
# `rows_in_child(content, name)` answers what `XlsxStream(content).rows(name)` answers, read by this module
# run as a script in a child process, which sends them back in pickled batches: the reading then runs on
# another core while the caller classifies and stores the rows (siasn.sources, `SIASN_XLSX_CHILD`). At
# 100,000 employees reading the sheet took 4.6 s of the caller's time, receiving the rows 0.23 s
# (docs/BENCHMARKS.md "SIASN import"); `tests/siasn/test_import_spreadsheet.py` checks both read the same.
CHILD_BATCH = 1000


class ChildReadError(Exception):
    """The child could not read the file; the message is the name of the error it met."""


class _RowsUnpickler(pickle.Unpickler):
    """Only what a row holds: str, int, float, bool, None (no global needed) and datetime."""

    def find_class(self, module: str, name: str):
        if (module, name) == ("datetime", "datetime"):
            return dt.datetime
        raise pickle.UnpicklingError(f"{module}.{name}")


def rows_in_child(content: bytes, name: str) -> Iterator[tuple]:
    child = subprocess.Popen(  # this file, run by the same interpreter, isolated (-I): stdlib only
        [sys.executable, "-I", __file__, name],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        try:
            child.stdin.write(content)  # the child reads it whole before it writes anything
            child.stdin.close()
        except BrokenPipeError:
            pass  # it stopped: its answer (or its end) says why
        while True:
            try:  # an unpickler a batch: one keeps every batch's objects in its memo
                kind, value = _RowsUnpickler(child.stdout).load()
            except EOFError:
                raise ChildReadError("EOFError") from None
            if kind == "rows":
                yield from value
            elif kind == "end":
                return
            else:
                raise ChildReadError(str(value))
    finally:
        if child.poll() is None:
            child.kill()  # the caller stopped early
        child.stdout.close()
        child.wait()


def _child(name: str) -> None:
    out = sys.stdout.buffer
    try:
        stream = XlsxStream(io.BytesIO(sys.stdin.buffer.read()))
        batch: list[tuple] = []
        for row in stream.rows(name):
            batch.append(row)
            if len(batch) == CHILD_BATCH:
                pickle.dump(("rows", batch), out, protocol=pickle.HIGHEST_PROTOCOL)
                batch = []
        pickle.dump(("rows", batch), out, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(("end", None), out)
    except Exception as exc:  # noqa: BLE001 - any error: its name to the parent, which refuses the file
        pickle.dump(("error", type(exc).__name__), out)
    out.flush()


if __name__ == "__main__":
    _child(sys.argv[1])
