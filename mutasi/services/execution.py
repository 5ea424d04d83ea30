"""Execution on TMT and the post-transfer evaluations (issue 5, point 7)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.formatting import date_long
from core.services import notify
from core.types import Actor
from instansi.models import Employee, PlacementHistory
from mutasi.choices import Status
from mutasi.eligibility import _add_months as add_months
from mutasi.models import PostTransferEvaluation, TransferRequest
from mutasi.services.common import holders_of, request_url
from mutasi.signals import transfer_executed

EVALUATION_MONTHS = (3, 6)


def due_request_ids(*, today: dt.date) -> list[int]:
    return list(
        TransferRequest.objects.filter(status=Status.DECREED, decree__tmt__lte=today)
        .order_by("decree__tmt", "pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def transfer_execute(*, request_id: int, today: dt.date | None = None, actor: Actor | None = None) -> bool:
    """Move one employee whose decree TMT has come, in one transaction (DESIGN.md 4).

    Closes the open PlacementHistory (the day before TMT), opens the new one with the decree number,
    updates the current post and TMT jabatan, completes the request and schedules the evaluations at
    +3 and +6 months. Returns False when there is nothing to do, so running it twice changes nothing.
    """
    today = today or timezone.localdate()
    request = (
        TransferRequest.objects.select_for_update(of=("self",))
        .select_related("decree", "destination_position__agency")
        .filter(pk=request_id)
        .first()
    )
    if request is None or request.status != Status.DECREED or request.decree.tmt > today:
        return False
    decree = request.decree
    employee = Employee.objects.select_for_update().get(pk=request.employee_id)
    destination = request.destination_position
    _move(employee, request=request, destination=destination)
    request.complete()
    request.completed_at = timezone.now()
    request.save()
    if destination is not None:
        PostTransferEvaluation.objects.bulk_create(
            PostTransferEvaluation(
                request=request, employee=employee, months_after=m, due_date=add_months(decree.tmt, m)
            )
            for m in EVALUATION_MONTHS
        )
    audit.record(
        actor=actor,
        action="transfer.complete",
        target=request,
        from_state=Status.DECREED,
        to_state=Status.COMPLETED,
        note=decree.number,
        data={"employee": employee.pk, "position": destination.pk if destination else None},
    )
    transfer_executed.send(sender=TransferRequest, request=request, employee=employee)
    _announce(request, employee=employee, destination=destination)
    return True


def _move(employee: Employee, *, request: TransferRequest, destination) -> None:
    """Close the open placement the day before TMT and open the new one with the decree; an outgoing
    transfer (no destination here) leaves the instansi."""
    decree = request.decree
    PlacementHistory.objects.filter(employee=employee, end__isnull=True).update(
        end=max(decree.tmt - dt.timedelta(days=1), dt.date.min)
    )
    if destination is not None:
        PlacementHistory.objects.create(
            employee=employee,
            position=destination,
            position_title=destination.title,
            agency_name=destination.agency.name,
            start=decree.tmt,
            decree_number=decree.number,
            decree_date=decree.date,
            note=_("Mutasi %(n)s") % {"n": request.number},
        )
        employee.position = destination
        employee.position_since = decree.tmt
    else:
        employee.position = None
        employee.is_active = False
    employee.save()


def _announce(request: TransferRequest, *, employee: Employee, destination) -> None:
    """Tell the employee and the head of the new agency."""
    recipients = [employee.user] if employee.user_id else []
    if destination is not None and destination.agency.head_position_id:
        recipients += holders_of(destination.agency.head_position_id)
    notify(
        recipients=recipients,
        title=_("Mutasi %(n)s dilaksanakan (TMT %(tmt)s)")
        % {"n": request.number, "tmt": date_long(request.decree.tmt)},
        body=_("Evaluasi pascamutasi dijadwalkan 3 dan 6 bulan setelah TMT."),
        url=request_url(request),
    )


def execute_due_transfers(*, today: dt.date | None = None) -> int:
    """Run `transfer_execute` for every due request, one transaction each; returns how many moved."""
    today = today or timezone.localdate()
    return sum(1 for pk in due_request_ids(today=today) if transfer_execute(request_id=pk, today=today))
