"""Import of master data from XLSX/CSV: all or nothing (issue 2, point 6).

One bad row and nothing is written; the report names every bad row by its spreadsheet row number
(the header is row 1, so the first data row is row 2) and says why in Bahasa Indonesia. The admin's
import screens and `employees_import` both go through `dataset_import`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from import_export.results import Result

from core import audit
from core.types import Actor
from instansi.resources import RESOURCES, AllOrNothingResource, EmployeeResource

FORMATS = {"xlsx": base_formats.XLSX, "csv": base_formats.CSV}
HEADER_ROWS = 1


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (header = row 1)
    messages: tuple[str, ...]

    def __str__(self) -> str:
        return _("Baris %(row)d: %(why)s") % {"row": self.row, "why": "; ".join(self.messages)}


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)  # bad rows; file-level problems use row 0
    raw: Result | None = None  # the import-export result, for the admin's own screens

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.ok:
            return _("%(total)d baris diimpor: %(new)d baru, %(upd)d diperbarui.") % {
                "total": self.total,
                "new": self.created,
                "upd": self.updated,
            }
        return _("Tidak ada data yang diimpor: %(n)d baris bermasalah.") % {"n": len(self.errors)}


def load_dataset(*, file: IO[bytes] | bytes, format: str) -> tablib.Dataset:
    """Read the first sheet of an XLSX, or a CSV (UTF-8, with or without BOM)."""
    if format not in FORMATS:
        raise ValidationError(_("Format berkas harus salah satu dari: %(f)s.") % {"f": ", ".join(FORMATS)})
    data = file if isinstance(file, bytes | bytearray) else file.read()
    fmt = FORMATS[format](encoding="utf-8-sig") if format == "csv" else FORMATS[format]()
    try:
        return fmt.create_dataset(data)
    except Exception as exc:  # openpyxl/tablib raise many kinds on a broken or mislabelled file
        raise ValidationError(
            _("Berkas tidak dapat dibaca sebagai %(f)s (%(e)s).") % {"f": format.upper(), "e": exc}
        )


def _messages(error_dict: dict, resource: AllOrNothingResource) -> tuple[str, ...]:
    model = resource._meta.model
    headers = {name: field.column_name for name, field in resource.fields.items()}
    out = []
    for name, messages in error_dict.items():
        if name == NON_FIELD_ERRORS:
            out.extend(messages)
            continue
        # The column's header as the file shows it, so HR finds the cell; else the model's label.
        try:
            label = headers.get(name) or str(model._meta.get_field(name).verbose_name)
        except Exception:
            label = name
        out.extend(f"{label}: {m}" for m in messages)
    return tuple(out)


def row_errors(result: Result, resource: AllOrNothingResource | type[AllOrNothingResource]) -> list[RowError]:
    """Bad rows of an import-export result, by spreadsheet row number, with Indonesian reasons."""
    if isinstance(resource, type):
        resource = resource()  # an instance carries the Indonesian column headers
    errors: dict[int, list[str]] = {}
    for invalid in result.invalid_rows:
        errors.setdefault(invalid.number + HEADER_ROWS, []).extend(_messages(invalid.error_dict, resource))
    for error_row in result.error_rows:
        errors.setdefault(error_row.number + HEADER_ROWS, []).extend(str(e.error) for e in error_row.errors)
    rows = [RowError(row=n, messages=tuple(m)) for n, m in sorted(errors.items())]
    base = [RowError(row=0, messages=(str(e.error),)) for e in result.base_errors]
    return base + rows


def _header_errors(resource: AllOrNothingResource, dataset: tablib.Dataset) -> tuple[str, ...]:
    """Why the file's header row is refused (old field-name headers are renamed to the Indonesian ones
    in place), or nothing."""
    try:
        resource.normalise_headers(dataset)
    except ValidationError as exc:
        return tuple(exc.messages)
    missing = [
        resource.fields[f].column_name
        for f in resource.get_import_id_fields()
        if resource.fields[f].column_name not in (dataset.headers or [])
    ]
    if missing:
        return (_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)},)
    return ()


def _audit_import(
    resource: AllOrNothingResource, result: ImportResult, *, actor: Actor, file_name: str
) -> None:
    model = resource._meta.model._meta.model_name
    audit.record(
        actor=actor,
        action=f"instansi.import.{model}" if result.ok else f"instansi.import_refused.{model}",
        note=result.summary(),
        data={
            "file": file_name,
            "rows": result.total,
            "created": result.created,
            "updated": result.updated,
            "bad_rows": [e.row for e in result.errors][:100],
        },
    )


def dataset_import(
    *,
    resource_class: type[AllOrNothingResource],
    dataset: tablib.Dataset,
    actor: Actor | None = None,
    dry_run: bool = False,
    file_name: str = "",
    keep_instances: bool = False,
) -> ImportResult:
    """Import a dataset through one resource; any bad row rolls everything back.

    import-export's own transaction rolls back on validation errors only when asked
    (`rollback_on_validation_errors`), so both flags are set; the outer atomic block also keeps the
    audit row of a successful import in the same transaction as the data.
    """
    resource = resource_class()
    refused = _header_errors(resource, dataset)
    if refused:
        return ImportResult(total=len(dataset), errors=[RowError(0, refused)])
    with transaction.atomic():
        raw = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=actor,
            file_name=file_name,
            retain_instance_in_row_result=keep_instances,  # the admin logs each imported object
        )
        totals = raw.totals
        result = ImportResult(
            total=raw.total_rows,
            created=totals.get("new", 0),
            updated=totals.get("update", 0),
            unchanged=totals.get("skip", 0),
            errors=row_errors(raw, resource),
            raw=raw,
        )
        if not result.ok:
            result.created = result.updated = 0
        if not dry_run:
            _audit_import(resource, result, actor=actor, file_name=file_name)
    return result


def master_data_import(
    *, kind: str, file: IO[bytes] | bytes, format: str, actor: Actor | None = None
) -> ImportResult:
    """Import agencies, units, positions, employees or workload tasks (`kind` is a key of RESOURCES)."""
    try:
        dataset = load_dataset(file=file, format=format)
    except ValidationError as exc:
        return ImportResult(errors=[RowError(0, tuple(exc.messages))])
    return dataset_import(
        resource_class=RESOURCES[kind], dataset=dataset, actor=actor, file_name=getattr(file, "name", "")
    )


def employees_import(*, file: IO[bytes] | bytes, format: str, actor: Actor | None = None) -> ImportResult:
    """Employees from XLSX/CSV, matched by NIP; REGULATION.md 4 rules per row; all or nothing."""
    try:
        dataset = load_dataset(file=file, format=format)
    except ValidationError as exc:
        return ImportResult(errors=[RowError(0, tuple(exc.messages))])
    return dataset_import(
        resource_class=EmployeeResource, dataset=dataset, actor=actor, file_name=getattr(file, "name", "")
    )
