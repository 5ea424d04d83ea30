"""Assessment results (potential, issue 20 point 2): the import service beside the admin's import."""

from __future__ import annotations

from typing import IO

from django.core.exceptions import ValidationError

from core import access
from core.types import Actor
from instansi import imports
from talenta import permissions
from talenta.resources import AssessmentResource


def assessments_import(
    *, file: IO[bytes] | bytes, format: str, actor: Actor, dry_run: bool = False
) -> imports.ImportResult:
    """Assessments from XLSX/CSV, matched by NIP and date; all or nothing (instansi.imports). With
    `dry_run` nothing is written: the preview of what the file would do."""
    access.require(permissions.may_manage_assessments(actor))
    try:
        dataset = imports.load_dataset(file=file, format=format)
    except ValidationError as exc:
        return imports.ImportResult(errors=[imports.RowError(0, tuple(exc.messages))])
    return imports.dataset_import(
        resource_class=AssessmentResource,
        dataset=dataset,
        actor=actor,
        dry_run=dry_run,
        file_name=getattr(file, "name", ""),
    )
