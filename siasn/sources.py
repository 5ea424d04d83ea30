"""Where an import reads from: the web service or a SIASN spreadsheet export. Both give the unor tree
(`units()`) and the employee records one by one (`records()`, a generator: memory does not grow with
the number of employees) with SIASN's field names, so the rest of the pipeline is one."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from instansi.models import Agency, Unit
from siasn.client import SiasnClient
from siasn.xlsx_stream import ChildReadError

PAGE_SIZE = 500
# The histories read per employee when a run asks for them (ImportRun.with_histories); a spreadsheet
# export carries none (docs/INTEGRATIONS.md).
HISTORIES_READ = ("rw-jabatan", "rw-golongan", "rw-skp22", "rw-hukdis", "rw-cltn", "rw-tubel")
UNOR_SHEET = "ref-unor"
CALAMINE_MAX_BYTES = 5_000_000  # an XLSX of about 25,000 employees


class WebServiceSource:
    def __init__(self, client: SiasnClient, *, with_histories: bool = False):
        self.client, self.with_histories = client, with_histories

    def units(self) -> list[dict]:
        return self.client.ref_unor()

    def records(self) -> Iterator[dict]:
        """The pages in order; the next page is asked for while this one's records are classified and
        stored (one page ahead: memory stays bounded), so the wait for SIASN and the work here overlap
        (the fake SIASN at 100,000 employees: 5 s of the preview's 13 s was the wait, docs/BENCHMARKS.md).
        An error of the page read ahead is raised where that page would have been read."""
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="siasn-page") as pool:
            page, data = 1, self._page(1)
            while True:
                items = data.get("items") or []
                last = len(items) < PAGE_SIZE or page * PAGE_SIZE >= int(data.get("total") or 0)
                ahead = None if last else pool.submit(self._page, page + 1)
                for item in items:
                    if not isinstance(item, dict):
                        item = {"nipBaru": str(item)}
                    if self.with_histories and item.get("nipBaru"):
                        item["_histories"] = {
                            k: self.client.history(k, item["nipBaru"]) for k in HISTORIES_READ
                        }
                    yield item
                if ahead is None:
                    return
                page, data = page + 1, ahead.result()

    def _page(self, page: int) -> dict:
        return self.client.employees_page(page=page, limit=PAGE_SIZE)


def units_known_here() -> list[dict]:
    """The unor tree as far as earlier imports brought it (for a spreadsheet without a ref-unor sheet)."""
    root = settings.SIASN_INSTANSI_ID or "instansi"
    rows = [{"Id": root, "DiatasanId": None, "NamaUnor": ""}]
    agencies = dict(Agency.objects.exclude(siasn_id=None).values_list("pk", "siasn_id"))
    rows += [{"Id": sid, "DiatasanId": root, "NamaUnor": ""} for sid in agencies.values()]
    units = Unit.objects.exclude(siasn_id=None).values_list("pk", "siasn_id", "parent_id", "agency_id")
    unit_ids = {pk: sid for pk, sid, _p, _a in units}
    for _pk, sid, parent, agency in units:
        rows.append({"Id": sid, "DiatasanId": unit_ids.get(parent) or agencies.get(agency), "NamaUnor": ""})
    return rows


def _unreadable(exc: Exception) -> ValidationError:
    """A reader's error as HR reads it; the child process's carries the name of the error it met."""
    name = str(exc) if isinstance(exc, ChildReadError) else type(exc).__name__
    return ValidationError(_("Berkas XLSX tidak dapat dibaca (%(e)s).") % {"e": name})


class SpreadsheetSource:
    """XLSX (first sheet: employees; an optional sheet named `ref-unor`: the unor tree) or CSV."""

    def __init__(self, *, content: bytes, filename: str):
        self.content = content
        self.format = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        if self.format not in ("xlsx", "csv"):
            raise ValidationError(_("Berkas harus XLSX atau CSV ekspor SIASN."))

    def _workbook(self) -> tuple[list[str], Callable[[str], Iterator], Callable[[], None]]:
        """(sheet names, rows of a sheet by name, close). A file up to CALAMINE_MAX_BYTES is read with
        python-calamine (Rust, about 8x faster than openpyxl's read-only mode: 10,000 employees in 0.7 s
        against 5.6 s) which holds the whole sheet (about 3 KB a row); a larger one is streamed by
        `siasn.xlsx_stream` (one pass over the sheet's XML; openpyxl's read-only mode, used before, took
        125 s for 100,000 employees), so memory stays bounded whatever the number of employees."""
        try:
            if len(self.content) <= CALAMINE_MAX_BYTES:
                from python_calamine import CalamineWorkbook

                book = CalamineWorkbook.from_filelike(io.BytesIO(self.content))
                return book.sheet_names, lambda name: book.get_sheet_by_name(name).iter_rows(), book.close
            from siasn.xlsx_stream import XlsxStream, rows_in_child

            stream = XlsxStream(io.BytesIO(self.content))
            if getattr(settings, "SIASN_XLSX_CHILD", True):  # read by a child process, on another core

                def rows(name: str) -> Iterator[tuple]:
                    return rows_in_child(self.content, name)

                return stream.sheet_names, rows, stream.close
            return stream.sheet_names, stream.rows, stream.close
        except Exception as exc:  # both readers raise their own kinds on a broken file
            raise _unreadable(exc) from exc

    def _read(self, rows: Iterator) -> Iterator[dict]:
        """`_rows`, a reader's error met on the way (a part of the file that is not XML, a DTD ...) refused
        as a broken file is."""
        try:
            yield from self._rows(rows)
        except ValidationError:
            raise
        except Exception as exc:  # the readers' own kinds
            raise _unreadable(exc) from exc

    @staticmethod
    def _rows(rows: Iterator) -> Iterator[dict]:
        header = next(rows, None)
        if not header:
            return
        names = [str(h).strip() if h is not None else "" for h in header]
        named = all(names)  # then a row is zip(names, row): the same dict, without a test per cell
        for row in rows:
            if row is None or all(v in (None, "") for v in row):
                continue
            if named:
                yield dict(zip(names, row, strict=False))  # a short row: its cells only
            else:
                yield {names[i]: v for i, v in enumerate(row) if i < len(names) and names[i]}

    def units(self) -> list[dict]:
        if self.format == "xlsx":
            names, rows, close = self._workbook()
            try:
                if UNOR_SHEET in names:
                    return list(self._read(rows(UNOR_SHEET)))
            finally:
                close()
        return units_known_here()

    def records(self) -> Iterator[dict]:
        if self.format == "csv":
            reader = csv.DictReader(io.TextIOWrapper(io.BytesIO(self.content), encoding="utf-8-sig"))
            if "nipBaru" not in (reader.fieldnames or []):
                raise ValidationError(_("Kolom nipBaru tidak ada: berkas bukan ekspor data utama SIASN."))
            yield from reader
            return
        names, rows, close = self._workbook()
        try:
            first = True
            for row in self._read(rows(next(n for n in names if n != UNOR_SHEET))):
                if first and "nipBaru" not in row:
                    raise ValidationError(_("Kolom nipBaru tidak ada: berkas bukan ekspor data utama SIASN."))
                first = False
                yield row
        finally:
            close()
