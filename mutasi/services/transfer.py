"""Writes of the applicant's side: draft, documents, submission, withdrawal (DESIGN.md 4)."""

from __future__ import annotations

import datetime as dt

import filetype
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from core import access, audit
from core.exceptions import DomainError, TransitionNotAllowed
from core.services import notify
from instansi.models import Agency, Employee, Position
from mutasi import eligibility
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
from mutasi.services.common import applicant_users, head_users, region_id_of, request_url

ALLOWED_CONTENT_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
MAX_PREFERENCES = 3


def lock(request_id: int) -> TransferRequest:
    """The request row locked for the rest of the transaction (every status change goes through it)."""
    return (
        TransferRequest.objects.select_for_update(of=("self",))
        .select_related("employee", "origin_agency", "destination_agency", "destination_position__agency")
        .get(pk=request_id)
    )


def _require_transition(bound_method, actor) -> None:
    """403 when the actor may never do this, 409 when the status does not allow it now."""
    if not can_proceed(bound_method):
        raise TransitionNotAllowed(
            _("Usulan berstatus %(status)s; tindakan ini tidak diizinkan.")
            % {"status": bound_method.__self__.get_status_display()}
        )
    if not has_transition_perm(bound_method, actor):
        raise PermissionDenied(_("Anda tidak berhak melakukan tindakan ini."))


def _initiator_for(actor, employee: Employee) -> str:
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
    actor,
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
    actor,
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


def missing_documents(request: TransferRequest, *, include_consents: bool = False) -> list[str]:
    """Document codes the Policy requires for this kind and that are not uploaded yet.

    Consents to release/accept are given by the heads approving their stage, so by default they are
    not asked from the applicant (our reading of REGULATION.md 1.2 "Required documents").
    """
    policy = eligibility.policy_for(region_id_of(request))
    required = [
        c for c in (policy.required_documents or {}).get(request.kind, []) if c in DocumentKind.values
    ]
    if not include_consents:
        required = [c for c in required if c not in CONSENT_DOCUMENTS]
    have = set(request.attachments.values_list("kind", flat=True))
    return [c for c in required if c not in have]


def documents_error(missing: list[str]) -> DomainError:
    labels = ", ".join(str(DocumentKind(c).label) for c in missing)
    return DomainError(_("Dokumen wajib belum diunggah: %(docs)s.") % {"docs": labels}, field="attachments")


@transaction.atomic
def transfer_submit(
    *, request_id: int, actor, note: str = "", override_reason: str = "", today: dt.date | None = None
) -> TransferRequest:
    """Submit a draft (or resubmit a returned request).

    The eligibility checklist (REGULATION.md 1.2) is evaluated and stored as a snapshot; a failed rule
    blocks submission. Only HR may submit over a failed rule, with a written reason that is flagged
    in the audit trail (merit over intervention, DESIGN.md 4). Employee-initiated requests must carry
    the documents the Policy requires for the kind (consents excepted).
    """
    from mutasi.services.approval import start_round

    today = today or timezone.localdate()
    request = lock(request_id)
    _require_transition(request.submit, actor)
    if request.initiated_by == Initiator.EMPLOYEE and (missing := missing_documents(request)):
        raise documents_error(missing)
    checklist = eligibility.check(
        employee=request.employee,
        destination=request.destination_position,
        kind=request.kind,
        initiated_by=request.initiated_by,
        request_id=request.pk,
        today=today,
    )
    flagged = False
    if not checklist.passed:
        if not override_reason.strip() or not access.is_hr(actor):
            raise DomainError(
                errors={
                    "eligibility": [f"{c.code}: {c.reason}" for c in checklist.failed],
                    "detail": [_("Syarat mutasi belum terpenuhi.")],
                }
            )
        flagged = True
        request.override_reason = override_reason.strip()
        request.overridden_by = actor
    from_status = request.status
    request.submit()
    request.eligibility_snapshot = {
        **checklist.snapshot(),
        "overridden": [c.code for c in checklist.failed] if flagged else [],
    }
    request.submitted_at = timezone.now()
    request.save()
    audit.record(
        actor=actor,
        action="transfer.submit",
        target=request,
        from_state=from_status,
        to_state=request.status,
        note=note,
        data={"round": request.round, "eligibility_passed": checklist.passed},
    )
    if flagged:
        audit.record(
            actor=actor,
            action="transfer.override",
            target=request,
            note=request.override_reason,
            flagged=True,
            data={"stage": "submission", "failed": [c.code for c in checklist.failed]},
        )
    start_round(request, actor=actor, today=today)
    return request


def _close_pending_steps(request: TransferRequest) -> None:
    request.steps.filter(round=request.round, decision=Decision.PENDING).update(decision=Decision.CLOSED)


@transaction.atomic
def transfer_withdraw(*, request_id: int, actor, note: str = "") -> TransferRequest:
    """The applicant (or HR) withdraws before the final decision (issue 5, point 3)."""
    request = lock(request_id)
    _require_transition(request.withdraw, actor)
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
def transfer_cancel(*, request_id: int, actor, note: str) -> TransferRequest:
    """HR cancels a request that can no longer go ahead (e.g. the post was abolished)."""
    if not note or not note.strip():
        raise DomainError(_("Alasan pembatalan wajib diisi."), field="note")
    request = lock(request_id)
    _require_transition(request.cancel, actor)
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
        note=note,
    )
    notify(
        recipients=[*applicant_users(request), *head_users(request)],
        title=_("Usulan mutasi %(n)s dibatalkan") % {"n": request.number},
        body=note,
        url=request_url(request),
    )
    return request


@transaction.atomic
def attachment_upload(*, request_id: int, actor, kind: str, uploaded_file) -> Attachment:
    """Store one document privately with its sha256.

    PDF, JPEG or PNG only, recognised by content (not by name), at most Policy.max_upload_mb MB.
    """
    request = lock(request_id)
    if not has_transition_perm(request.submit, actor) and not (
        access.is_hr(actor) and request.status == Status.IN_REVIEW
    ):
        if request.status not in (Status.DRAFT, Status.RETURNED):
            raise TransitionNotAllowed(_("Dokumen hanya dapat diunggah saat draf atau dikembalikan."))
        raise PermissionDenied(_("Anda tidak berhak mengunggah dokumen untuk usulan ini."))
    if kind not in DocumentKind.values:
        raise DomainError(_("Jenis dokumen tidak dikenal."), field="kind")
    policy = eligibility.policy_for(region_id_of(request))
    limit = policy.max_upload_mb * 1024 * 1024
    if uploaded_file.size > limit:
        raise DomainError(
            _("Ukuran berkas %(size).1f MB melebihi batas %(max)s MB.")
            % {"size": uploaded_file.size / 1024 / 1024, "max": policy.max_upload_mb},
            field="file",
        )
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise DomainError(
            _("Ukuran berkas melebihi batas %(max)s MB.") % {"max": policy.max_upload_mb}, field="file"
        )
    guess = filetype.guess(data)
    content_type = guess.mime if guess is not None else ""
    if content_type not in ALLOWED_CONTENT_TYPES:
        raise DomainError(
            _("Berkas bukan PDF, JPEG atau PNG yang sah (isi berkas diperiksa, bukan namanya)."), field="file"
        )
    name = (getattr(uploaded_file, "name", "") or "dokumen")[-200:]
    attachment = Attachment(
        request=request,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=len(data),
        sha256=Attachment.digest(data),
        uploaded_by=actor,
    )
    attachment.file.save(f"upload{ALLOWED_CONTENT_TYPES[content_type]}", ContentFile(data), save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)  # no orphan file when the row cannot be written
        raise
    audit.record(
        actor=actor,
        action="attachment.upload",
        target=request,
        note=f"{attachment.get_kind_display()}: {name}",
        data={"attachment": attachment.pk, "sha256": attachment.sha256, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def transfer_record_milestone(
    *, request_id: int, actor, code: str, number: str, date: dt.date, note: str = ""
) -> TransferRequest:
    """HR records an external milestone of an outgoing/incoming transfer (BKN review, other PPK's letter)."""
    access.require_role(actor, access.HR)
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
