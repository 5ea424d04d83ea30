"""Assessment results (potential, issue 20 point 2): the import service beside the admin's import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction

from core import access
from core.types import Actor
from instansi import imports
from instansi.models import Employee
from talenta import permissions, rules
from talenta.choices import AssessmentSource
from talenta.models import Assessment, Rubric
from talenta.resources import DEFAULT_VALIDITY_YEARS, AssessmentResource


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


@dataclass(frozen=True)
class AssessmentResult:
    """One assessment result as another system gives it (SIASN's potential history, riwayat potensi)."""

    assessed_on: dt.date
    managerial: Decimal
    sociocultural: Decimal
    technical: Decimal
    assessor: str
    valid_until: dt.date | None = None


@dataclass
class RecordOutcome:
    created: int = 0
    updated: int = 0
    kept: int = 0  # a result for a date already entered here (admin or spreadsheet): ours stays


@transaction.atomic
def assessments_record(
    *, employee: Employee, results: Iterable[AssessmentResult], source: str = AssessmentSource.SIASN
) -> RecordOutcome:
    """Results from another system for one employee, matched by date as the spreadsheet import matches
    them (issue 20 point 2: "or taken from SIASN where available"). A row of that source is created or
    updated; a row entered here for the same date is kept (HR's entry wins, the grid reads one row per
    date). A blank validity takes the region rubric's (default 3 years, REGULATION.md 5). Called by
    siasn's import (siasn sits above talenta and reaches the assessment table only through here)."""
    outcome = RecordOutcome()
    existing = {a.assessed_on: a for a in Assessment.objects.select_for_update().filter(employee=employee)}
    years = None
    for r in results:
        valid_until = r.valid_until
        if valid_until is None:
            if years is None:
                region_id = employee.position.agency.region_id if employee.position_id else None
                years = (
                    Rubric.objects.filter(region_id=region_id)
                    .values_list("assessment_validity_years", flat=True)
                    .first()
                    or DEFAULT_VALIDITY_YEARS
                )
            valid_until = rules.validity_end(r.assessed_on, years)
        values = {
            "managerial_score": r.managerial,
            "sociocultural_score": r.sociocultural,
            "technical_score": r.technical,
            "assessor": r.assessor[:200],
            "valid_until": valid_until,
        }
        row = existing.get(r.assessed_on)
        if row is None:
            existing[r.assessed_on] = Assessment.objects.create(
                employee=employee, assessed_on=r.assessed_on, source=source, **values
            )
            outcome.created += 1
        elif row.source != source:
            outcome.kept += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save()
            outcome.updated += 1
    return outcome
