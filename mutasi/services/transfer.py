"""Writes of the applicant's side: draft, documents, submission, withdrawal (DESIGN.md 4)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm

from core import access, audit, workflow
from core.exceptions import DomainError, TransitionNotAllowed
from core.services import notify
from core.types import Actor
from instansi import limits
from instansi.models import Agency, Employee, Position
from mutasi import eligibility, files, permissions
from mutasi.choices import (
    CONSENT_DOCUMENTS,
    Decision,
    DocumentKind,
    Initiator,
    Milestone,
    Status,
    TransferKind,
)
from mutasi.models import Attachment, TransferRequest
from mutasi.services.approval import decidable_step, start_round
from mutasi.services.common import (
    applicant_users,
    documents_error,
    eligibility_override,
    head_users,
    lock,
    missing_documents,
    region_id_of,
    request_checklist,
    request_url,
)

ALLOWED_CONTENT_TYPES = files.ALLOWED_CONTENT_TYPES
MAX_PREFERENCES = 3


def _require(bound_method, actor: Actor) -> None:
    """403 when the actor may never take this transition, then 409 when the status does not allow it
    now (core.workflow)."""
    workflow.require_transition(
        bound_method, actor, not_now=_("Usulan berstatus %(status)s; tindakan ini tidak diizinkan.")
    )


DECISIONS = ("approve", "reject", "return_to_applicant")


def transfer_check(request: TransferRequest, actor: Actor, *, action: str) -> None:
    """403 when the actor may never take `action` on the request, 409 when its status does not allow
    it now: the rule each action's service below asks under its row lock, and the API asks before it
    reads the input (core.api_permissions.ActsOn). `action` is a transition (submit, withdraw,
    cancel), a decision on the current step (approve, reject, return_to_applicant) or `upload`."""
    if action == "upload":
        _may_upload(request, actor)
    elif action in DECISIONS:
        prefetch_related_objects([request], "steps")  # read once for the status and the decider
        decidable_step(request, getattr(request, action), actor=actor, step_id=None)
    else:
        _require(getattr(request, action), actor)


def _initiator_for(actor: Actor, employee: Employee) -> str:
    """Who is proposing: the employee themself, their agency head, or HR (DESIGN.md 1)."""
    me = access.employee_of(actor)
    if me is not None and me.pk == employee.pk:
        return Initiator.EMPLOYEE
    if access.is_hr(actor):
        return Initiator.AGENCY
    head_of = access.headed_agency_id(actor)
    if head_of is not None and employee.position_id and employee.position.agency_id == head_of:
        return Initiator.AGENCY
    raise PermissionDenied(
        _("Anda hanya dapat mengusulkan mutasi untuk diri sendiri atau pegawai unit Anda.")
    )


def _validate_destination(
    *, employee: Employee, kind: str, destination: Position | None, external_instansi: str
) -> None:
    origin = employee.position
    limit = TransferRequest._meta.get_field("external_instansi").max_length
    if len(external_instansi.strip()) > limit:
        # A longer name does not fit the column (PostgreSQL would refuse it with a server error).
        raise DomainError(
            _("Nama instansi paling panjang %(n)s karakter.") % {"n": limit}, field="external_instansi"
        )
    if kind == TransferKind.OUTGOING:
        if destination is not None:
            raise DomainError(
                _("Mutasi keluar tidak memilih jabatan di daerah ini."), field="destination_position"
            )
        if not external_instansi.strip():
            raise DomainError(_("Sebutkan instansi tujuan."), field="external_instansi")
        return
    if destination is None:
        raise DomainError(_("Pilih jabatan tujuan."), field="destination_position")
    if origin is not None and destination.pk == origin.pk:
        raise DomainError(_("Jabatan tujuan sama dengan jabatan saat ini."), field="destination_position")
    if kind == TransferKind.ROTATION and (origin is None or origin.agency_id != destination.agency_id):
        raise DomainError(
            _("Rotasi hanya di dalam perangkat daerah yang sama; pilih jenis 'antar perangkat daerah'."),
            field="kind",
        )
    if kind == TransferKind.BETWEEN_AGENCIES and (
        origin is None or origin.agency_id == destination.agency_id
    ):
        raise DomainError(
            _("Jabatan tujuan berada di perangkat daerah yang sama; pilih jenis 'rotasi'."), field="kind"
        )
    if (
        kind == TransferKind.INCOMING
        and origin is not None
        and origin.agency.region_id == destination.agency.region_id
    ):
        raise DomainError(_("Mutasi masuk hanya untuk pegawai dari instansi lain."), field="kind")


def _validate_preferences(preferences) -> list[int]:
    ids = list(dict.fromkeys(int(p) for p in preferences or []))
    if len(ids) > MAX_PREFERENCES:
        raise DomainError(_("Paling banyak tiga perangkat daerah pilihan."), field="preferences")
    found = set(Agency.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if missing := [i for i in ids if i not in found]:
        raise DomainError(
            _("Perangkat daerah tidak dikenal: %(ids)s.") % {"ids": ", ".join(map(str, missing))},
            field="preferences",
        )
    return ids


@transaction.atomic
def transfer_create(
    *,
    actor: Actor,
    employee: Employee,
    kind: str,
    reason: str,
    destination_position: Position | None = None,
    preferences: list[int] | None = None,
    external_instansi: str = "",
    initiated_by: str | None = None,
) -> TransferRequest:
    """Create a draft. The employee proposes for themself, an agency head for their staff, HR for
    anyone; `initiated_by=plan` is used by the plan optimiser (DESIGN.md 6)."""
    detected = _initiator_for(actor, employee)
    initiated_by = initiated_by or detected
    if initiated_by == Initiator.PLAN and not access.is_hr(actor):
        raise PermissionDenied(_("Hanya BKPSDM yang membuat usulan dari rencana mutasi."))
    if not reason or not reason.strip():
        raise DomainError(_("Alasan wajib diisi."), field="reason")
    region_id = employee.position.agency.region_id if employee.position_id else None
    limits.check_open_drafts(
        eligibility.policy_for(region_id),
        open_drafts=TransferRequest.objects.filter(employee=employee, status=Status.DRAFT).count(),
    )
    _validate_destination(
        employee=employee, kind=kind, destination=destination_position, external_instansi=external_instansi
    )
    origin = employee.position
    request = TransferRequest.objects.create(
        employee=employee,
        kind=kind,
        initiated_by=initiated_by,
        origin_position=origin,
        origin_agency=origin.agency if origin else None,
        origin_position_title=origin.title if origin else "",
        origin_agency_name=origin.agency.name if origin else "",
        destination_position=destination_position,
        destination_agency=destination_position.agency if destination_position else None,
        external_instansi=external_instansi.strip(),
        reason=reason.strip(),
        preferences=_validate_preferences(preferences),
        created_by=actor,
    )
    request.number = f"MUT-{timezone.localdate().year}-{request.pk:06d}"
    request.save(update_fields=["number"])
    audit.record(
        actor=actor, action="transfer.create", target=request, to_state=Status.DRAFT, note=request.reason
    )
    if initiated_by != Initiator.EMPLOYEE and employee.user_id:
        notify(
            recipients=[employee.user],
            title=_("Usulan mutasi untuk Anda dibuat: %(n)s") % {"n": request.number},
            body=request.reason,
            url=request_url(request),
        )
    return request


@transaction.atomic
def transfer_update(
    *,
    request_id: int,
    actor: Actor,
    kind: str | None = None,
    reason: str | None = None,
    destination_position: Position | None = None,
    preferences: list[int] | None = None,
    external_instansi: str | None = None,
) -> TransferRequest:
    """Edit a draft or a returned request (answering a return) before (re)submission."""
    request = lock(request_id)
    if request.status not in (Status.DRAFT, Status.RETURNED):
        raise TransitionNotAllowed(_("Usulan hanya dapat diubah saat draf atau dikembalikan."))
    if not has_transition_perm(request.submit, actor):
        raise PermissionDenied(_("Anda tidak berhak mengubah usulan ini."))
    changes = {}
    new_kind = kind or request.kind
    new_dest = destination_position if destination_position is not None else request.destination_position
    new_ext = external_instansi if external_instansi is not None else request.external_instansi
    if new_kind == TransferKind.OUTGOING:
        new_dest = None
    _validate_destination(
        employee=request.employee, kind=new_kind, destination=new_dest, external_instansi=new_ext
    )
    for name, value in (
        ("kind", new_kind),
        ("destination_position", new_dest),
        ("destination_agency", new_dest.agency if new_dest else None),
        ("external_instansi", new_ext.strip()),
    ):
        if getattr(request, name) != value:
            changes[name] = str(value)
            setattr(request, name, value)
    if reason is not None:
        if not reason.strip():
            raise DomainError(_("Alasan wajib diisi."), field="reason")
        if reason.strip() != request.reason:
            changes["reason"] = reason.strip()
            request.reason = reason.strip()
    if preferences is not None:
        request.preferences = _validate_preferences(preferences)
        changes["preferences"] = request.preferences
    request.save()
    audit.record(actor=actor, action="transfer.update", target=request, data={"changes": changes})
    return request


@transaction.atomic
def transfer_submit(
    *, request_id: int, actor: Actor, note: str = "", override_reason: str = "", today: dt.date | None = None
) -> TransferRequest:
    """Submit a draft (or resubmit a returned request).

    The eligibility checklist (REGULATION.md 1.2) is evaluated and stored as a snapshot; a failed rule
    blocks submission. Only HR may submit over a failed rule, with a written reason that is flagged
    in the audit trail (merit over intervention, DESIGN.md 4). Employee-initiated requests must carry
    the documents the Policy requires for the kind (consents excepted).
    """
    today = today or timezone.localdate()
    request = lock(request_id)
    _require(request.submit, actor)
    if request.initiated_by == Initiator.EMPLOYEE and (missing := missing_documents(request)):
        raise documents_error(missing)
    checklist = request_checklist(request, today=today)
    if not checklist.passed and (not override_reason.strip() or not access.is_hr(actor)):
        raise DomainError(
            errors={
                "eligibility": [f"{c.code}: {c.reason}" for c in checklist.failed],
                "detail": [_("Syarat mutasi belum terpenuhi.")],
            }
        )
    partner = _swap_partner_needed(request, checklist)
    from_status = request.status
    request.submit()
    request.submitted_at = timezone.now()
    audit.record(
        actor=actor,
        action="transfer.submit",
        target=request,
        from_state=from_status,
        to_state=request.status,
        note=note,
        data={"round": request.round, "eligibility_passed": checklist.passed},
    )
    request.eligibility_snapshot = eligibility_override(
        request, checklist, actor=actor, reason=override_reason, stage="submission"
    )
    request.save()
    if partner is not None:
        _link_swap(request, partner, actor=actor)
    start_round(request, actor=actor, today=today)
    return request


def _swap_partner_needed(request: TransferRequest, checklist) -> TransferRequest | None:
    """The opposite request that the destination-need rule passed on (a full post), if any."""
    need = checklist.get("destination_need")
    if need is None or not need.passed or not isinstance(need.value, int) or need.value > 0:
        return None
    return eligibility.swap_partner(
        employee_id=request.employee_id,
        origin_position_id=request.origin_position_id,
        destination_id=request.destination_position_id,
        request_id=request.pk,
    )


def _link_swap(request: TransferRequest, partner: TransferRequest, *, actor: Actor) -> None:
    """Link two requests in opposite directions as a swap (REGULATION.md 1.2 "or a swap"); an older
    link of either side is dropped first (one swap per request)."""
    partner = TransferRequest.objects.select_for_update(of=("self",)).get(pk=partner.pk)
    TransferRequest.objects.filter(swap_with=request).exclude(pk=partner.pk).update(swap_with=None)
    TransferRequest.objects.filter(swap_with=partner).exclude(pk=request.pk).update(swap_with=None)
    request.swap_with = partner
    request.save(update_fields=["swap_with", "updated_at"])
    if partner.swap_with_id != request.pk:
        partner.swap_with = request
        partner.save(update_fields=["swap_with", "updated_at"])
    for one, other in ((request, partner), (partner, request)):
        audit.record(
            actor=actor,
            action="transfer.swap",
            target=one,
            note=_("Bertukar jabatan dengan usulan %(n)s.") % {"n": other.number},
            data={"swap_with": other.pk},
        )
    notify(
        recipients=[*applicant_users(partner)],
        title=_("Usulan %(n)s dihubungkan sebagai pertukaran dengan %(m)s")
        % {"n": partner.number, "m": request.number},
        url=request_url(partner),
    )


def _close_pending_steps(request: TransferRequest) -> None:
    request.steps.filter(round=request.round, decision=Decision.PENDING).update(decision=Decision.CLOSED)


@transaction.atomic
def transfer_withdraw(*, request_id: int, actor: Actor, note: str = "") -> TransferRequest:
    """The applicant (or HR) withdraws before the final decision (issue 5, point 3)."""
    request = lock(request_id)
    _require(request.withdraw, actor)
    from_status = request.status
    request.withdraw()
    request.save()
    _close_pending_steps(request)
    audit.record(
        actor=actor,
        action="transfer.withdraw",
        target=request,
        from_state=from_status,
        to_state=request.status,
        note=note,
    )
    notify(
        recipients=[*applicant_users(request), *head_users(request)],
        title=_("Usulan mutasi %(n)s ditarik") % {"n": request.number},
        body=note,
        url=request_url(request),
    )
    return request


@transaction.atomic
def transfer_cancel(*, request_id: int, actor: Actor, note: str) -> TransferRequest:
    """HR cancels an approved request, or a decreed one whose TMT has not been executed, with a
    written reason (e.g. the post was abolished, the employee died). Other statuses answer 409: before
    the final decision the applicant withdraws or an approver rejects; a completed move is history.
    Anyone but HR gets 403 whatever the status."""
    request = lock(request_id)
    _require(request.cancel, actor)
    if not note or not note.strip():
        raise DomainError(_("Alasan pembatalan wajib diisi."), field="note")
    from_status = request.status
    request.cancel()
    request.save()
    _close_pending_steps(request)
    audit.record(
        actor=actor,
        action="transfer.cancel",
        target=request,
        from_state=from_status,
        to_state=request.status,
        note=note.strip(),
        # A decreed request stays listed in its decree's annex; the audit row says it will not be executed.
        data={"decree": request.decree.number if request.decree_id else None},
    )
    notify(
        recipients=[*applicant_users(request), *head_users(request)],
        title=_("Usulan mutasi %(n)s dibatalkan") % {"n": request.number},
        body=note,
        url=request_url(request),
    )
    return request


def _may_upload(request: TransferRequest, actor: Actor) -> None:
    """Whoever may submit the request (the applicant, its creator, HR) uploads while it is a draft or
    returned; HR also while it is in review. Anyone else gets 403
    whatever the status; 409 only for someone who may upload, but not now."""
    if not workflow.may_ever(request.submit, actor):
        raise PermissionDenied(_("Anda tidak berhak mengunggah dokumen untuk usulan ini."))
    if not permissions.may_upload_now(request, actor):
        raise TransitionNotAllowed(_("Dokumen hanya dapat diunggah saat draf atau dikembalikan."))


def _store_attachment(
    request: TransferRequest, *, actor: Actor, kind: str, data: bytes, content_type: str, name: str
) -> Attachment:
    """Write the file and its row; the file is removed again if the transaction does not commit
    (`files.tracking_writes` around the service, `files.sweep_orphans` every night)."""
    attachment = Attachment(
        request=request,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=Attachment.digest(data),
        uploaded_by=actor,
    )
    files.save_field_file(attachment.file, f"upload{ALLOWED_CONTENT_TYPES[content_type]}", data)
    attachment.save()
    audit.record(
        actor=actor,
        action="attachment.upload",
        target=request,
        note=f"{attachment.get_kind_display()}: {name}",
        data={"attachment": attachment.pk, "sha256": attachment.sha256, "size": attachment.size},
    )
    return attachment


def _check_room(request: TransferRequest, policy, *, kind: str, new_bytes: int, field: str) -> None:
    """Policy limits on a request's files (instansi.limits): per kind, per request, total size."""
    stored = request.attachments.aggregate(
        files=Count("pk"), same_kind=Count("pk", filter=Q(kind=kind)), size=Sum("size")
    )
    limits.check_attachment_room(
        policy,
        kind_label=str(DocumentKind(kind).label),
        same_kind=stored["same_kind"],
        files=stored["files"],
        stored_bytes=stored["size"] or 0,
        new_bytes=new_bytes,
        field=field,
    )


def attachment_upload(*, request_id: int, actor: Actor, kind: str, uploaded_file) -> Attachment:
    """Store one document privately with its sha256.

    PDF, JPEG or PNG only, recognised by content (not by name), at most Policy.max_upload_mb MB.
    """
    with files.tracking_writes(), transaction.atomic():
        request = lock(request_id)
        _may_upload(request, actor)
        if kind not in DocumentKind.values:
            raise DomainError(_("Jenis dokumen tidak dikenal."), field="kind")
        policy = eligibility.policy_for(region_id_of(request))
        data, content_type = files.checked_content(uploaded_file, max_mb=policy.max_upload_mb)
        _check_room(request, policy, kind=kind, new_bytes=len(data), field="file")
        name = (getattr(uploaded_file, "name", "") or "dokumen")[-200:]
        return _store_attachment(
            request, actor=actor, kind=kind, data=data, content_type=content_type, name=name
        )


def required_documents(*, employee: Employee, kind: str) -> list[str]:
    """Codes of the documents the Policy asks the applicant for with this kind (consents excepted),
    for the request form before any draft exists."""
    region_id = employee.position.agency.region_id if employee.position_id else None
    policy = eligibility.policy_for(region_id)
    return [
        c
        for c in (policy.required_documents or {}).get(kind, [])
        if c in DocumentKind.values and c not in CONSENT_DOCUMENTS
    ]


def document_field(kind: str) -> str:
    """Name of the file field of one document on the request form (`doc_request_letter`...)."""
    return f"doc_{kind}"


def transfer_create_with_documents(*, documents: dict[str, object] | None = None, **create_kwargs):
    """The request form: the draft and the documents uploaded with it, in one transaction.

    Every file is checked first (content type by content, size, REGULATION.md 1.2 documents); if any is
    refused nothing is saved and the error names that file's field (`doc_<kind>`), so the form shows it
    next to the file. Files written before a later failure are deleted (`files.tracking_writes`).
    """
    documents = {k: f for k, f in (documents or {}).items() if f is not None}
    employee = create_kwargs["employee"]
    region_id = employee.position.agency.region_id if employee.position_id else None
    policy = eligibility.policy_for(region_id)
    checked, errors = {}, {}
    for kind, uploaded in documents.items():
        field = document_field(kind)
        if kind not in DocumentKind.values:
            errors[field] = [str(_("Jenis dokumen tidak dikenal."))]
            continue
        try:
            checked[kind] = files.checked_content(uploaded, max_mb=policy.max_upload_mb, field=field)
        except DomainError as exc:
            errors.update(exc.as_dict())
    if errors:
        raise DomainError(errors=errors)
    with files.tracking_writes(), transaction.atomic():
        request = transfer_create(**create_kwargs)
        actor = create_kwargs["actor"]
        for kind, (data, content_type) in checked.items():
            _check_room(request, policy, kind=kind, new_bytes=len(data), field=document_field(kind))
            name = (getattr(documents[kind], "name", "") or "dokumen")[-200:]
            _store_attachment(
                request, actor=actor, kind=kind, data=data, content_type=content_type, name=name
            )
        return request


@transaction.atomic
def transfer_record_milestone(
    *, request_id: int, actor: Actor, code: str, number: str, date: dt.date, note: str = ""
) -> TransferRequest:
    """HR records an external milestone of an outgoing/incoming transfer (BKN review, other PPK's letter)."""
    access.require(permissions.may_record_milestones(actor))
    request = lock(request_id)
    if request.kind not in (TransferKind.OUTGOING, TransferKind.INCOMING):
        raise DomainError(_("Tahapan eksternal hanya untuk mutasi keluar/masuk."), field="code")
    if request.status != Status.IN_REVIEW:
        raise TransitionNotAllowed()
    if code not in Milestone.values:
        raise DomainError(_("Tahapan eksternal tidak dikenal."), field="code")
    if not number.strip():
        raise DomainError(_("Nomor surat wajib diisi."), field="number")
    request.milestones = {
        **request.milestones,
        code: {"number": number.strip(), "date": date.isoformat(), "note": note},
    }
    request.save(update_fields=["milestones", "updated_at"])
    audit.record(
        actor=actor, action="transfer.milestone", target=request, note=f"{Milestone(code).label}: {number}"
    )
    notify(
        recipients=applicant_users(request),
        title=_("%(m)s tercatat untuk usulan %(n)s") % {"m": Milestone(code).label, "n": request.number},
        url=request_url(request),
    )
    return request
