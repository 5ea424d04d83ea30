"""Reconciliation: read back from SIASN the position history of every employee whose change was sent
since the last check and list each difference (unit, post, TMT) with the action that fixes it.

Nightly (config/schedules.py) and on demand (the admin's "Jalankan rekonsiliasi"). A run that cannot
reach SIASN records the Indonesian error and checks nobody, so the next run starts from the same point.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from instansi.models import Employee
from siasn.client import SiasnClient, SiasnError
from siasn.models import Mismatch, OutboxKind, OutboxMessage, OutboxStatus, ReconciliationRun
from siasn.records import parse_date, text

logger = logging.getLogger("siasn.reconcile")


def _latest_definitive(rows: list[dict]) -> dict | None:
    def tmt(row: dict) -> dt.date:
        try:
            return parse_date(row.get("tmtJabatan")) or dt.date.min
        except ValueError:
            return dt.date.min

    definitive = [r for r in rows if text(r.get("jenisPenugasanId") or "D") == "D"]
    return max(definitive, key=tmt) if definitive else None


def employee_mismatches(employee: Employee, rows: list[dict]) -> list[tuple[str, str, str, str]]:
    """(field, here, SIASN, action) for one employee against SIASN's rw-jabatan."""
    latest = _latest_definitive(rows)
    position = employee.position
    if latest is None:
        return [("jabatan", position.title if position else "-", "-",
                 _("SIASN tidak punya riwayat jabatan definitif: kirim ulang perubahan jabatan dari Kiriman ke SIASN."))]  # fmt: skip
    out = []
    ours_unit = ""
    if position is not None:
        ours_unit = (position.unit.siasn_id if position.unit_id else None) or position.agency.siasn_id or ""
    if text(latest.get("unorId")) != ours_unit:
        out.append(("unit", ours_unit or "-", f"{text(latest.get('unorId'))} {text(latest.get('unorNama'))}".strip(),
                    _("Unit di SIASN berbeda: kirim ulang perubahan jabatan, atau perbaiki unit di Simutasi bila SIASN yang benar.")))  # fmt: skip
    try:
        theirs_tmt = parse_date(latest.get("tmtJabatan"))
    except ValueError:
        theirs_tmt = None
    if theirs_tmt != employee.position_since:
        out.append(("tmt", employee.position_since.strftime("%d-%m-%Y") if employee.position_since else "-",
                    text(latest.get("tmtJabatan")) or "-",
                    _("TMT jabatan berbeda: periksa SK; perbaiki di SIASN (kirim ulang) atau di Simutasi.")))  # fmt: skip
    theirs_title = text(latest.get("namaJabatan"))
    if theirs_title and position is not None and theirs_title.lower() != position.title.lower():
        out.append(("jabatan", position.title, theirs_title,
                    _("Nama jabatan berbeda: samakan pemetaan jabatan atau perbaiki di SIASN.")))  # fmt: skip
    return out


def skp_mismatches(sent: dict, rows: list[dict]) -> list[tuple[str, str, str, str]]:
    """The predicate SIASN holds for the year against the one sent (kinerja's final predicate)."""
    year = str(sent.get("tahun"))
    row = next((r for r in reversed(rows) if str(r.get("tahun")) == year), None)
    ours = str(sent.get("kuadranKinerjaNilai", ""))
    if row is None:
        return [
            (
                "predikat",
                ours,
                "-",
                _("SKP %(y)s tidak ada di SIASN: kirim ulang dari Kiriman ke SIASN.") % {"y": year},
            )
        ]
    theirs = text(row.get("kuadranKinerjaNilai"))
    if theirs != ours:
        return [("predikat", ours, theirs,
                 _("Predikat SKP %(y)s di SIASN berbeda (1 Sangat Baik ... 5 Sangat Kurang): periksa dan kirim ulang.") % {"y": year})]  # fmt: skip
    return []


def reconcile(*, trigger: str = "manual", client: SiasnClient | None = None) -> ReconciliationRun:
    last = (
        ReconciliationRun.objects.filter(finished_at__isnull=False, error="").order_by("-created_at").first()
    )
    run = ReconciliationRun.objects.create(trigger=trigger)
    sent = OutboxMessage.objects.filter(status=OutboxStatus.SENT)
    if last is not None:
        sent = sent.filter(sent_at__gte=last.created_at)
    employee_ids = set(sent.filter(kind=OutboxKind.POSITION).values_list("employee_id", flat=True))
    appraised = list(sent.filter(kind=OutboxKind.SKP22).select_related("employee").order_by("pk"))
    employees = Employee.objects.filter(pk__in=employee_ids).select_related(
        "position__unit", "position__agency"
    )
    own_client = client is None
    mismatches = []
    try:
        client = client or SiasnClient()
        for employee in employees.order_by("pk"):
            rows = client.history("rw-jabatan", employee.nip)
            for field, ours, theirs, action in employee_mismatches(employee, rows):
                mismatches.append(
                    Mismatch(
                        run=run,
                        employee=employee,
                        field=field,
                        ours=ours[:255],
                        theirs=theirs[:255],
                        action=action[:255],
                    )
                )
        for message in appraised:  # the SKP predicate (kuadran) of each appraisal sent since the last check
            rows = client.history("rw-skp22", message.employee.nip)
            for field, ours, theirs, action in skp_mismatches(message.payload, rows):
                mismatches.append(
                    Mismatch(
                        run=run,
                        employee=message.employee,
                        field=field,
                        ours=ours,
                        theirs=theirs,
                        action=action,
                    )
                )
    except SiasnError as exc:
        run.error = str(exc)
        run.finished_at = timezone.now()
        run.save(update_fields=["error", "finished_at", "updated_at"])
        return run
    finally:
        if own_client and client is not None:
            client.close()
    Mismatch.objects.bulk_create(mismatches)
    run.checked = len(employee_ids | {m.employee_id for m in appraised})
    run.mismatch_count = len(mismatches)
    run.finished_at = timezone.now()
    run.save(update_fields=["checked", "mismatch_count", "finished_at", "updated_at"])
    return run
