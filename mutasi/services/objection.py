"""The employee's consultation as the approval chain sees it (issue 21 points 2 and 3): opening the
employee's own stage, the objection that stands in a round, and what an approver owes it.

Used by mutasi.services.approval (activation and approval); the employee's answer, the nightly record
of silence and HR's override live in mutasi.services.consultation, which uses approval in turn.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from core import audit, formatting
from core.exceptions import DomainError, TransitionNotAllowed
from core.services import Message, notify_many
from core.types import Actor
from mutasi import permissions
from mutasi.choices import CircumstanceCategory, Stage
from mutasi.models import ApprovalStep, Consultation, TransferRequest
from mutasi.services.common import request_url


def consultation_open(step: ApprovalStep, *, request: TransferRequest) -> Consultation:
    """The employee's stage became the current one: its Consultation row (one per step) and the
    employee's notification with the deadline; the creator of the request is told it waits for them."""
    consultation, _created = Consultation.objects.get_or_create(step=step, defaults={"request": request})
    url = request_url(request)
    employee_users = permissions.step_deciders(step)
    due = formatting.date_long(step.due_date)
    notify_many(
        [
            Message(
                recipients=employee_users,
                title=_("Usulan mutasi untuk Anda: %(n)s — mohon tanggapan Anda") % {"n": request.number},
                body=_(
                    "Baca jabatan yang diusulkan dan alasannya, lalu jawab setuju atau keberatan sampai "
                    "%(due)s. Tanpa jawaban sampai tenggat dianggap tidak keberatan."
                )
                % {"due": due},
                url=url,
            ),
            Message(
                recipients=[u for u in [request.created_by] if u is not None and u not in employee_users],
                title=_("Usulan %(n)s menunggu tanggapan pegawai sampai %(due)s")
                % {"n": request.number, "due": due},
                url=url,
            ),
        ]
    )
    return consultation


def standing_objection(request: TransferRequest, steps: list[ApprovalStep]) -> Consultation | None:
    """The employee's objection in the request's current round, if they objected (`steps` read with
    their consultations, `approval._locked_steps`)."""
    for step in steps:
        if step.round == request.round and step.stage == Stage.EMPLOYEE:
            consultation = getattr(step, "consultation", None)
            if consultation is not None and consultation.is_objection:
                return consultation
    return None


def blocking_message(objection: Consultation) -> str:
    return _(
        "Pegawai menyatakan keberatan dalam kategori %(cat)s yang dilindungi kebijakan daerah: usulan "
        "ditahan sampai BKPSDM memutuskan melanjutkan dengan alasan tertulis."
    ) % {"cat": str(CircumstanceCategory(objection.category).label).lower()}


def require_against_reason(objection: Consultation | None, reason: str) -> str:
    """409 while a protecting objection is not overridden; otherwise, against an objection, the
    approver's written reason (400 without it). Returns the reason ("" when there is no objection)."""
    if objection is None:
        return ""
    if objection.is_blocking:
        raise TransitionNotAllowed(blocking_message(objection))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Pegawai menyatakan keberatan atas usulan ini: tuliskan alasan Anda tetap menyetujui."),
            field="against_objection_reason",
        )
    return reason


def record_against(
    request: TransferRequest,
    *,
    step: ApprovalStep,
    objection: Consultation,
    actor: Actor,
    behalf: Actor | None,
) -> None:
    """The flagged audit row of an approval against the employee's objection (exceptions report, the
    audit trail's "only exceptions"). Its note is the approver's reason; the objection's own reasons stay
    on the Consultation, readable by the employee, HR and the deciders only."""
    audit.record(
        actor=actor,
        on_behalf_of=behalf,
        action="consultation.against",
        target=request,
        note=step.against_objection_reason,
        flagged=True,
        data={"stage": step.stage, "step": step.pk, "consultation": objection.pk},
    )
