"""The employee's consultation (issue 21 points 2 and 3): their answer at their own stage of a move they
did not ask for, the nightly record of silence past the deadline, and HR's override of a protecting
objection. Each change in one transaction with its audit row; answering moves the chain on."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.exceptions import DomainError, TransitionNotAllowed
from core.services import notify
from core.types import Actor
from mutasi import eligibility, files, permissions
from mutasi.choices import (
    SILENCE_TEXT,
    CircumstanceCategory,
    ConsultationAnswer,
    Decision,
    DocumentKind,
    Stage,
    Status,
)
from mutasi.models import ApprovalStep, Consultation, TransferRequest
from mutasi.services import approval
from mutasi.services.common import hr_users, lock, region_id_of, request_url
from mutasi.services.objection import blocking_message
from mutasi.services.transfer import _check_room, _store_attachment

ANSWERS = (ConsultationAnswer.AGREE, ConsultationAnswer.OBJECT)  # what the employee may answer
MAX_DOCUMENTS = 3


def _open_step(request: TransferRequest) -> tuple[ApprovalStep, Consultation]:
    """The employee's stage as the current step of the request, with its consultation (409 otherwise)."""
    if request.status != Status.IN_REVIEW:
        raise TransitionNotAllowed(
            _("Usulan berstatus %(status)s; tidak ada tanggapan yang ditunggu.")
            % {"status": request.get_status_display()}
        )
    step = permissions.current_step(request)
    consultation = getattr(step, "consultation", None) if step is not None else None
    if step is None or step.stage != Stage.EMPLOYEE or consultation is None:
        raise TransitionNotAllowed(_("Tanggapan pegawai atas usulan ini sudah tercatat."))
    return step, consultation


def _next_step(request: TransferRequest, steps: list[ApprovalStep], step: ApprovalStep) -> ApprovalStep:
    later = next((s for s in steps if s.round == request.round and s.order > step.order), None)
    if later is None:  # start_round never builds a chain of the employee's stage alone
        raise DomainError(_("Rantai persetujuan tidak punya tahap sesudah tanggapan pegawai."))
    return later


def _move_on(
    request: TransferRequest,
    steps: list[ApprovalStep],
    step: ApprovalStep,
    *,
    actor: Actor | None,
    note: str,
    action: str,
    data: dict,
    today: dt.date,
) -> None:
    """The employee's stage is done (answered, or silent past the deadline): close it, write the audit
    row, activate the next stage. Its decision is "approved" in the workflow's sense (the stage passed);
    pages show the answer itself, never that word."""
    step.decision = Decision.APPROVED
    step.actor = actor
    step.note = note
    step.decided_at = timezone.now()
    step.save(update_fields=["decision", "actor", "note", "decided_at"])
    later = _next_step(request, steps, step)
    request.current_stage = later.stage
    request.save(update_fields=["current_stage", "updated_at"])
    audit.record(actor=actor, action=action, target=request, note=note, data={"step": step.pk, **data})
    approval.activate(later, request=request, today=today, save_request=False)


def _checked_documents(documents, policy) -> list[tuple[bytes, str, str]]:
    """(bytes, content type, name) of each objection document: PDF, JPEG or PNG by content, at most
    Policy.max_upload_mb (core.uploads); refusals name the field `documents`."""
    checked = []
    for uploaded in documents:
        data, content_type = files.checked_content(uploaded, max_mb=policy.max_upload_mb, field="documents")
        checked.append((data, content_type, (getattr(uploaded, "name", "") or "dokumen")[-200:]))
    return checked


def consultation_answer_check(
    request: TransferRequest, actor: Actor, *, today: dt.date | None = None
) -> tuple[ApprovalStep, Consultation]:
    """403 for anyone but the employee, 409 when their stage is not the current one or its deadline has
    passed: asked by `consultation_answer` under its lock and by the API before it reads the input."""
    if not permissions.is_consulted_employee(request, actor):
        raise PermissionDenied(_("Hanya pegawai yang bersangkutan yang menjawab konsultasi ini."))
    step, consultation = _open_step(request)
    if step.due_date is not None and step.due_date < (today or timezone.localdate()):
        raise TransitionNotAllowed(
            _("Tenggat tanggapan sudah lewat; tanpa jawaban dianggap tidak keberatan.")
        )
    return step, consultation


def _validate_answer(answer: str, category: str, reasons: str, documents: list) -> None:
    """400 with field messages for a missing or unknown answer, category or reason, documents attached
    to an agreement, or too many documents."""
    errors: dict[str, list[str]] = {}
    if answer not in ANSWERS:
        errors["answer"] = [_("Pilih jawaban: setuju atau keberatan.")]
    elif answer == ConsultationAnswer.OBJECT:
        if category not in CircumstanceCategory.values:
            errors["category"] = [_("Pilih kategori keberatan.")]
        if not reasons:
            errors["reasons"] = [_("Tuliskan alasan keberatan Anda.")]
    elif documents:
        errors["documents"] = [_("Dokumen pendukung hanya dilampirkan pada keberatan.")]
    if len(documents) > MAX_DOCUMENTS:
        errors["documents"] = [_("Paling banyak %(n)s dokumen.") % {"n": MAX_DOCUMENTS}]
    if errors:
        raise DomainError(errors=errors)


def _store_objection_documents(request: TransferRequest, actor: Actor, policy, documents: list) -> list:
    """The objection's documents, checked by content and size and stored within the request's room."""
    stored = []
    for data, content_type, name in _checked_documents(documents, policy):
        _check_room(request, policy, kind=DocumentKind.OBJECTION, new_bytes=len(data), field="documents")
        stored.append(
            _store_attachment(
                request,
                actor=actor,
                kind=DocumentKind.OBJECTION,
                data=data,
                content_type=content_type,
                name=name,
            )
        )
    return stored


def consultation_answer(
    *,
    request_id: int,
    actor: Actor,
    answer: str,
    category: str = "",
    reasons: str = "",
    documents: list | tuple = (),
    today: dt.date | None = None,
) -> Consultation:
    """The employee answers "agree" or "object" (with a category, reasons and optional documents).

    403 for anyone but the employee; 409 when their stage is not the current one (answered already)
    or its deadline has passed; 400 for a missing or unknown answer, category or reason. A protecting
    objection (Policy.protecting_categories, with a document when Policy.protecting_needs_document)
    holds the request until HR overrides it; any objection is shown to every later approver.
    """
    today = today or timezone.localdate()
    with files.tracking_writes(), transaction.atomic():
        request = lock(request_id, related=approval.APPROVE_RELATED)
        steps = approval._locked_steps(request)
        step, consultation = consultation_answer_check(request, actor, today=today)
        reasons = (reasons or "").strip()
        documents = [d for d in documents or () if d is not None]
        _validate_answer(answer, category, reasons, documents)
        policy = eligibility.policy_for(region_id_of(request))
        stored = _store_objection_documents(request, actor, policy, documents)
        objecting = answer == ConsultationAnswer.OBJECT
        consultation.answer = answer
        consultation.category = category if objecting else ""
        consultation.reasons = reasons
        consultation.answered_at = timezone.now()
        consultation.answered_by = actor
        consultation.protecting = objecting and policy.protects(category, has_document=bool(stored))
        consultation.save()
        # The note names the answer only: the category and reasons are private (may_read_objection).
        _move_on(
            request,
            steps,
            step,
            actor=actor,
            note=str(consultation.get_answer_display()),
            action="consultation.answer",
            data={
                "answer": answer,
                "category": consultation.category,
                "protecting": consultation.protecting,
                "documents": [a.pk for a in stored],
            },
            today=today,
        )
        if consultation.protecting:
            notify(
                recipients=hr_users(),
                title=_("Keberatan pegawai menahan usulan %(n)s") % {"n": request.number},
                body=blocking_message(consultation),
                url=request_url(request),
            )
        return consultation


def consultations_record_silence(*, today: dt.date | None = None) -> int:
    """The nightly job: every employee stage still waiting after its deadline is recorded as "silent"
    ("Tidak menjawab sampai tenggat — dianggap tidak keberatan") and the chain moves on. Each request
    in its own transaction under its lock (an answer given at the same moment wins). Returns how many."""
    today = today or timezone.localdate()
    due = ApprovalStep.objects.filter(
        stage=Stage.EMPLOYEE,
        decision=Decision.PENDING,
        activated_at__isnull=False,
        due_date__lt=today,
        request__status=Status.IN_REVIEW,
    ).values_list("request_id", flat=True)
    recorded = 0
    for request_id in list(due):
        with transaction.atomic():
            request = lock(request_id, related=approval.APPROVE_RELATED)
            steps = approval._locked_steps(request)
            try:
                step, consultation = _open_step(request)
            except TransitionNotAllowed:
                continue  # answered or moved on meanwhile
            if step.due_date is None or step.due_date >= today:
                continue
            consultation.answer = ConsultationAnswer.SILENT
            consultation.answered_at = timezone.now()
            consultation.save(update_fields=["answer", "answered_at", "updated_at"])
            _move_on(
                request,
                steps,
                step,
                actor=None,
                note=str(SILENCE_TEXT),
                action="consultation.silent",
                data={"due_date": step.due_date.isoformat()},
                today=today,
            )
            recorded += 1
    return recorded


@transaction.atomic
def consultation_override_check(request: TransferRequest, actor: Actor) -> Consultation:
    """403 for anyone but HR, 409 when no protecting objection holds the request now: asked by
    `consultation_override` under its lock and by the API before it reads the input."""
    access.require(
        permissions.may_override_objection(actor),
        _("Hanya BKPSDM yang dapat melanjutkan usulan yang ditahan keberatan pegawai."),
    )
    consultation = next(
        (
            getattr(s, "consultation", None)
            for s in request.steps.all()
            if s.round == request.round and s.stage == Stage.EMPLOYEE
        ),
        None,
    )
    if request.status != Status.IN_REVIEW or consultation is None or not consultation.is_blocking:
        raise TransitionNotAllowed(_("Tidak ada keberatan pegawai yang menahan usulan ini."))
    return consultation


def consultation_override(*, request_id: int, actor: Actor, reason: str) -> Consultation:
    """HR lets a request held by a protecting objection go ahead, with a written reason (a flagged
    audit row: the exceptions report). 403 for anyone but HR; 409 when no protecting objection holds
    the request now; 400 without a reason. Approvers still write why they go ahead against it."""
    request = lock(request_id)
    approval._locked_steps(request)
    consultation = consultation_override_check(request, actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Tuliskan alasan BKPSDM melanjutkan usulan ini."), field="reason")
    consultation.override_reason = reason
    consultation.overridden_by = actor
    consultation.overridden_at = timezone.now()
    consultation.save(update_fields=["override_reason", "overridden_by", "overridden_at", "updated_at"])
    audit.record(
        actor=actor,
        action="consultation.override",
        target=request,
        note=reason,
        flagged=True,
        data={"consultation": consultation.pk, "category": consultation.category},
    )
    current = permissions.current_step(request)
    recipients = [*permissions.step_deciders(current)] if current is not None else []
    if request.employee.user_id:
        recipients.append(request.employee.user)
    notify(
        recipients=recipients,
        title=_("BKPSDM melanjutkan usulan %(n)s meski ada keberatan pegawai") % {"n": request.number},
        body=reason,
        url=request_url(request),
    )
    return consultation
