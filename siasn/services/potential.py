"""SIASN's potential history (riwayat potensi, `rw-potensi`) as an assessment source for talent
management (issue 20 point 2: "or taken from SIASN where available").

siasn sits above talenta; it writes the assessment table only through
`talenta.services.assessments.assessments_record` (one transaction per employee, the same matching by
date as the spreadsheet import, and an assessment entered here for the same date is kept). The field
names are `siasn.records.POTENTIAL_FIELDS` (not confirmed: docs/INTEGRATIONS.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from core import access
from core.types import Actor
from instansi.models import Employee
from siasn import permissions
from siasn.client import SiasnClient, SiasnError
from siasn.records import potential_result
from talenta.services.assessments import AssessmentResult, assessments_record


@dataclass
class PotentialImport:
    employees: int = 0
    created: int = 0
    updated: int = 0
    kept: int = 0
    refused: list[tuple[str, list[str]]] = field(default_factory=list)  # (NIP, reasons) per refused row
    failed: list[tuple[str, str]] = field(default_factory=list)  # (NIP, SIASN's error) per employee


def potential_import(*, actor: Actor, employees=None, client: SiasnClient | None = None) -> PotentialImport:
    """Read `rw-potensi` of each active employee (or of `employees`) and record the results. A refused
    row (no date, a score outside 0-100) is reported with its reasons and the others still count; an
    employee SIASN cannot answer for is reported and the run goes on. HR only."""
    access.require(permissions.may_manage(actor))
    client = client or SiasnClient()
    qs = employees if employees is not None else Employee.objects.filter(is_active=True)
    out = PotentialImport()
    for employee in qs.select_related("position__agency").order_by("pk").iterator(chunk_size=500):
        out.employees += 1
        try:
            rows = client.history("rw-potensi", employee.nip)
        except SiasnError as exc:
            out.failed.append((employee.nip, str(exc)))
            continue
        results = []
        for row in rows:
            values, reasons = potential_result(row if isinstance(row, dict) else {})
            if reasons:
                out.refused.append((employee.nip, reasons))
            else:
                results.append(AssessmentResult(**values))
        if results:
            recorded = assessments_record(employee=employee, results=results)
            out.created += recorded.created
            out.updated += recorded.updated
            out.kept += recorded.kept
    return out
