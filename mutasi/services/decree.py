"""Decrees (SK mutasi): numbering, issuing, and the PDF (REGULATION.md 1.1 and "Decree")."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit, uploads, workflow
from core.exceptions import DomainError, TransitionNotAllowed
from core.formatting import date_long
from core.services import Message, notify, notify_many
from core.types import Actor
from instansi.choices import SpecialRole
from instansi.models import Employee
from mutasi import eligibility, permissions
from mutasi.choices import DecreeStatus, SignerMode, Status
from mutasi.documents.data import rank_of
from mutasi.models import Decree, DecreeCounter, DecreeExtract, Delegation, TransferRequest
from mutasi.services.common import applicant_users, head_users, request_url

logger = logging.getLogger(__name__)


class DocumentNotBuilt(DomainError):
    """The decree's document could not be built: nothing is issued (no number, no status change)."""


def next_decree_seq(*, region_id: int, year: int) -> int:
    """Take the next number of the region's yearly sequence.

    The counter row is locked (SELECT ... FOR UPDATE) until the caller's transaction ends, so two HR
    staff issuing at once get different numbers; the first decree of a year creates the row, and a
    concurrent creator falls back to locking the row the other one made.
    """
    counter = DecreeCounter.objects.select_for_update().filter(region_id=region_id, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                DecreeCounter.objects.create(region_id=region_id, year=year, last_seq=0)
        except IntegrityError:
            pass  # created meanwhile by a concurrent transaction
        counter = DecreeCounter.objects.select_for_update().get(region_id=region_id, year=year)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    return counter.last_seq


def format_number(pattern: str, *, seq: int, year: int) -> str:
    # Policy.decree_number_pattern, e.g. "800.1.3.3/{seq}/BKPSDM/{year}" (REGULATION.md 1 "Decree").
    return pattern.replace("{seq}", str(seq)).replace("{year}", str(year))


def decree_issue(
    *, actor: Actor, request_ids: list[int], date: dt.date, tmt: dt.date, signer: Employee, note: str = ""
) -> Decree:
    """HR issues one decree for one or more approved requests of one region, in one step.

    The signer is the regional head, or someone signing "a.n." (the Sekda) or as Plt./Plh. of the
    regional head (REGULATION.md 1.1). Number, requests and documents (the decree with its lampiran
    and one petikan per employee) are ONE transaction (issue 17 point 1): when a document cannot be
    built nothing is issued, the number is not taken and the files written are removed."""
    with uploads.tracking_writes():
        return _decree_issue(
            actor=actor, request_ids=request_ids, date=date, tmt=tmt, signer=signer, note=note
        )


@transaction.atomic
def _decree_issue(
    *, actor: Actor, request_ids: list[int], date: dt.date, tmt: dt.date, signer: Employee, note: str
) -> Decree:
    requests, region_id = _checked_input(
        actor=actor, request_ids=request_ids, date=date, tmt=tmt, signer=signer
    )
    decree = Decree(region_id=region_id, date=date, tmt=tmt, year=date.year, issued_by=actor)
    return _number_and_issue(decree, requests, signer=signer, actor=actor, note=note)


@transaction.atomic
def decree_draft_create(
    *, actor: Actor, request_ids: list[int], date: dt.date, tmt: dt.date, signer: Employee, note: str = ""
) -> Decree:
    """HR prepares a draft decree (konsep SK): the approved requests it will cover, the planned date,
    TMT and signer, and a preview PDF rendered on demand. A draft takes NO number (issue 17 point 6:
    numbers without gaps, a cancelled number never reused): the number is taken when the draft is
    issued (`decree_draft_issue`), and a discarded draft (`decree_draft_discard`) leaves nothing in the
    number sequence. The requests stay approved; each may be in one draft at a time."""
    requests, region_id = _checked_input(
        actor=actor, request_ids=request_ids, date=date, tmt=tmt, signer=signer
    )
    decree = Decree(
        region_id=region_id,
        date=date,
        tmt=tmt,
        year=date.year,
        issued_by=actor,
        status=DecreeStatus.DRAFT,
    )
    _snapshot_signer(decree, signer, on=date)
    decree.save()
    decree.draft_requests.set(requests)
    audit.record(
        actor=actor,
        action="decree.draft",
        target=decree,
        to_state=DecreeStatus.DRAFT,
        note=note,
        data={"requests": [r.pk for r in requests], "tmt": tmt.isoformat(), "signer": signer.pk},
    )
    return decree


def decree_draft_issue(
    *,
    actor: Actor,
    decree_id: int,
    date: dt.date | None = None,
    tmt: dt.date | None = None,
    note: str = "",
) -> Decree:
    """HR issues a draft: it takes the next number of its year and becomes an issued decree, in the
    same one transaction as `decree_issue` (number, requests, documents). The date and TMT are the
    draft's unless given. Every check of issuing is made again now: a request withdrawn or decreed
    since, or a signer who lost the post, refuses the issue (409/400) and the draft stays a draft."""
    with uploads.tracking_writes():
        return _decree_draft_issue(actor=actor, decree_id=decree_id, date=date, tmt=tmt, note=note)


@transaction.atomic
def _decree_draft_issue(
    *, actor: Actor, decree_id: int, date: dt.date | None, tmt: dt.date | None, note: str
) -> Decree:
    access.require(permissions.may_issue_decrees(actor))
    decree = _locked_draft(decree_id)
    date, tmt = date or decree.date, tmt or decree.tmt
    signer = Employee.objects.select_related("position__agency").get(pk=decree.signer_id)
    request_ids = list(decree.draft_requests.values_list("pk", flat=True))
    requests, _region = _checked_input(
        actor=actor, request_ids=request_ids, date=date, tmt=tmt, signer=signer, draft=decree
    )
    decree.date, decree.tmt, decree.year, decree.issued_by = date, tmt, date.year, actor
    decree.draft_requests.clear()
    return _number_and_issue(decree, requests, signer=signer, actor=actor, note=note)


@transaction.atomic
def decree_draft_discard(*, actor: Actor, decree_id: int, reason: str = "") -> None:
    """HR discards a draft. It had no number, so the register keeps no gap and no cancelled number;
    the audit trail keeps who discarded which requests' draft and why. Its requests stay approved."""
    access.require(permissions.may_issue_decrees(actor))
    decree = _locked_draft(decree_id)
    request_ids = list(decree.draft_requests.values_list("pk", flat=True))
    audit.record(
        actor=actor,
        action="decree.draft_discard",
        target=decree,
        from_state=DecreeStatus.DRAFT,
        note=(reason or "").strip(),
        data={"requests": request_ids},
    )
    decree.delete()


def _locked_draft(decree_id: int) -> Decree:
    decree = Decree.objects.select_for_update().filter(pk=decree_id).first()
    if decree is None:
        raise Http404
    if decree.status != DecreeStatus.DRAFT:
        raise TransitionNotAllowed(_("SK %(n)s sudah diterbitkan: bukan konsep lagi.") % {"n": decree.number})
    return decree


def _checked_input(
    *,
    actor: Actor,
    request_ids: list[int],
    date: dt.date,
    tmt: dt.date,
    signer: Employee,
    draft: Decree | None = None,
) -> tuple[list[TransferRequest], int]:
    """The checks of issuing and drafting alike: HR only, approved requests of one region, locked,
    in no other draft, and a signer who may sign for that region on the date."""
    access.require(permissions.may_issue_decrees(actor))
    if not request_ids:
        raise DomainError(_("Pilih minimal satu usulan yang sudah disetujui."), field="requests")
    if tmt < date:
        raise DomainError(_("TMT tidak boleh sebelum tanggal SK."), field="tmt")
    requests = _approved_requests(request_ids)
    in_drafts = Decree.draft_requests.through.objects.filter(transferrequest_id__in=[r.pk for r in requests])
    if draft is not None:
        in_drafts = in_drafts.exclude(decree_id=draft.pk)
    taken = set(in_drafts.values_list("transferrequest_id", flat=True))
    if taken:
        raise TransitionNotAllowed(
            _("Usulan sudah dimuat dalam konsep SK lain: %(n)s. Terbitkan atau buang konsep itu dulu.")
            % {"n": ", ".join(r.number for r in requests if r.pk in taken)}
        )
    region_id = _one_region(requests)
    _check_signer(signer, region_id=region_id, on=date)
    return requests, region_id


def _snapshot_signer(decree: Decree, signer: Employee, *, on: dt.date) -> None:
    """The signer as the decree shows them (REGULATION.md 6), as of the decree date."""
    mode = signer_mode_of(signer, region_id=decree.region_id, on=on)
    decree.signer = signer
    decree.signer_name = signer.full_name
    decree.signer_title = signer.position.title
    decree.signer_mode = mode
    decree.signer_nip = signer.nip_display
    decree.signer_rank = rank_of(signer.golongan)
    decree.on_behalf = mode != SignerMode.HEAD


def _number_and_issue(
    decree: Decree, requests: list[TransferRequest], *, signer: Employee, actor: Actor, note: str
) -> Decree:
    """Number the decree, decree its requests, build and store its documents, tell those concerned.
    The caller's transaction holds the counter's row lock until it commits."""
    from_state = decree.status if decree.pk else ""
    policy = eligibility.policy_for(decree.region_id)
    seq = next_decree_seq(region_id=decree.region_id, year=decree.date.year)
    decree.year, decree.seq = decree.date.year, seq
    decree.number = format_number(policy.decree_number_pattern, seq=seq, year=decree.date.year)
    _snapshot_signer(decree, signer, on=decree.date)
    decree.status = DecreeStatus.ISSUED
    decree.verify_token = secrets.token_urlsafe(32)
    decree.save()
    for request in requests:
        _decree_one(request, decree, actor=actor)
    extracts = _store_documents(decree)
    notify_many(
        Message(
            recipients=[extract.request.employee.user] if extract.request.employee.user_id else [],
            title=_("Petikan SK %(d)s untuk Anda") % {"d": decree.number},
            body=_("Petikan keputusan mutasi Anda (usulan %(n)s) dapat diunduh.")
            % {"n": extract.request.number},
            url=petikan_url(extract),
        )
        for extract in extracts
    )
    if signer.user_id:
        notify(
            recipients=[signer.user],
            title=_("SK %(d)s menunggu tanda tangan Anda") % {"d": decree.number},
            body=_("%(c)s pegawai.") % {"c": len(requests)},
            url=reverse("mutasi:decree-sign-queue"),
        )
    audit.record(
        actor=actor,
        action="decree.issue",
        target=decree,
        from_state=from_state,
        to_state=DecreeStatus.ISSUED,
        note=note,
        data={
            "requests": [r.pk for r in requests],
            "tmt": decree.tmt.isoformat(),
            "signer": signer.pk,
        },
    )
    return decree


def signer_mode_of(signer: Employee, *, region_id: int, on: dt.date) -> str:
    """How the signer appears under the decree (REGULATION.md 6): the regional head himself, the Sekda
    "a.n.", or the Plt./Plh. of the regional head's post on the decree date."""
    role = signer.position.special_role
    if role == SpecialRole.REGIONAL_HEAD:
        return SignerMode.HEAD
    delegation = (
        Delegation.objects.active_on(on)
        .filter(
            delegate_id=signer.user_id,
            position__special_role=SpecialRole.REGIONAL_HEAD,
            position__agency__region_id=region_id,
        )
        .first()
        if signer.user_id
        else None
    )
    if delegation is not None:
        return SignerMode.PLT if delegation.kind == "plt" else SignerMode.PLH
    return SignerMode.ON_BEHALF


def petikan_url(extract: DecreeExtract) -> str:
    return reverse("mutasi:decree-petikan", args=[extract.decree_id, extract.request_id])


def _approved_requests(request_ids: list[int]) -> list[TransferRequest]:
    """The requests a decree covers, locked; every one must exist and be approved (409 otherwise)."""
    requests = list(
        TransferRequest.objects.select_for_update(of=("self",))
        .select_related("employee", "origin_agency", "destination_agency")
        .filter(pk__in=request_ids)
        .order_by("pk")
    )
    if len(requests) != len(set(request_ids)):
        raise DomainError(_("Sebagian usulan tidak ditemukan."), field="requests")
    not_ready = [r.number for r in requests if r.status != Status.APPROVED]
    if not_ready:
        raise TransitionNotAllowed(
            _("Usulan belum berstatus disetujui atau sudah ber-SK: %(n)s.") % {"n": ", ".join(not_ready)}
        )
    return requests


def _one_region(requests: list[TransferRequest]) -> int:
    regions = {(r.destination_agency or r.origin_agency).region_id for r in requests}
    if len(regions) != 1:
        raise DomainError(_("Satu SK hanya untuk satu pemerintah daerah."), field="requests")
    return regions.pop()


def _check_signer(signer: Employee, *, region_id: int, on: dt.date) -> None:
    if signer.position_id is None:
        raise DomainError(_("Penandatangan harus memegang jabatan."), field="signer")
    if not permissions.may_sign(signer, region_id=region_id, on=on):
        # REGULATION.md 1.1: the PPK (regional head) signs, or someone "a.n." on their behalf: the Sekda
        # or the Plt/Plh of the regional head's post. Nobody else's name goes on a decree.
        raise DomainError(
            _("Penandatangan SK harus kepala daerah, Sekretaris Daerah, atau Plt/Plh kepala daerah."),
            field="signer",
        )


def _decree_one(request: TransferRequest, decree: Decree, *, actor: Actor) -> None:
    """One request into the decree: the transition, its audit row, the applicant and heads told."""
    workflow.require_transition(request.mark_decreed, actor)
    request.mark_decreed(decree)
    request.save()
    audit.record(
        actor=actor,
        action="transfer.decree",
        target=request,
        from_state=Status.APPROVED,
        to_state=Status.DECREED,
        note=decree.number,
        data={"decree": decree.pk, "tmt": decree.tmt.isoformat()},
    )
    notify(
        recipients=[*applicant_users(request), *head_users(request)],
        title=_("SK mutasi %(d)s terbit untuk usulan %(n)s") % {"d": decree.number, "n": request.number},
        body=_("TMT %(tmt)s.") % {"tmt": date_long(decree.tmt)},
        url=request_url(request),
    )


def decree_requeue_missing_pdfs(*, older_than_minutes: int = 10) -> int:
    """Queue the PDF job again for decrees still without a PDF after a while.

    A broker can lose a message when a worker dies at the wrong instant (seen in the fault runs,
    docs/BENCHMARKS.md "Faults"); the job is idempotent, so a second render is harmless."""
    from mutasi.tasks import decree_pdf_task

    cutoff = timezone.now() - dt.timedelta(minutes=older_than_minutes)
    ids = list(
        Decree.objects.filter(status=DecreeStatus.ISSUED, pdf_sha256="", created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        decree_pdf_task.delay(pk)
    return len(ids)


def decree_generate_pdf(*, decree_id: int) -> Decree:
    """Render and store the decree PDF (with its lampiran) and every petikan again, with their sha256
    (idempotent: re-renders in place). Only while the decree waits for its signature: a signed or
    cancelled decree's documents never change.

    The previous files are deleted only after the new rows are committed, and the new files are
    deleted if the transaction does not commit: a row never points to a file that is gone."""
    with uploads.tracking_writes(), transaction.atomic():
        decree = Decree.objects.select_for_update().get(pk=decree_id)
        if decree.status != DecreeStatus.ISSUED:
            raise TransitionNotAllowed(
                _("Dokumen SK yang sudah ditandatangani atau dibatalkan tidak dibuat ulang.")
            )
        _store_documents(decree)
        return decree


def _store_documents(decree: Decree) -> list[DecreeExtract]:
    """Build the decree (body + lampiran) and one petikan per employee and store them privately.
    Any failure raises DocumentNotBuilt, which rolls the caller's transaction back."""
    from mutasi import documents

    requests = documents.decree_requests(decree)
    try:
        document = documents.decree_document(decree, requests)
        body = documents.render_decree(document)
        petikan = [
            (request, documents.render_petikan(document.only(entry), entry))
            for request, entry in zip(requests, document.entries, strict=True)
        ]
    except DomainError:
        raise
    except Exception as exc:  # reportlab, the emblem image, storage: the decree is not issued
        logger.exception("decree %s: document not built", decree.number)
        raise DocumentNotBuilt(
            _("Dokumen SK tidak dapat dibuat (%(e)s). SK tidak diterbitkan; tidak ada yang berubah.")
            % {"e": type(exc).__name__},
            field="document",
        ) from exc
    old = [decree.pdf.name] if decree.pdf else []
    uploads.save_field_file(decree.pdf, f"{decree.pk}.pdf", body.data)
    decree.pdf_sha256 = hashlib.sha256(body.data).hexdigest()
    decree.signature_spots = [asdict(spot) for spot in body.spots]
    decree.save(update_fields=["pdf", "pdf_sha256", "signature_spots", "updated_at"])
    existing = {e.request_id: e for e in DecreeExtract.objects.filter(decree=decree)}
    extracts = []
    for request, rendered in petikan:
        extract = existing.get(request.pk) or DecreeExtract(decree=decree, request=request)
        if extract.pdf:
            old.append(extract.pdf.name)
        uploads.save_field_file(extract.pdf, "petikan.pdf", rendered.data)
        extract.pdf_sha256 = hashlib.sha256(rendered.data).hexdigest()
        extract.signature_spots = [asdict(spot) for spot in rendered.spots]
        extract.request = request
        extracts.append(extract)
    DecreeExtract.objects.bulk_create([e for e in extracts if e.pk is None])
    DecreeExtract.objects.bulk_update(
        [e for e in extracts if e.pk and e.request_id in existing],
        ["pdf", "pdf_sha256", "signature_spots", "updated_at"],
    )
    storage = decree.pdf.storage
    stale = [name for name in old if name]
    if stale:
        transaction.on_commit(lambda: [storage.delete(name) for name in stale])
    audit.record(
        actor=None,
        action="decree.pdf",
        target=decree,
        data={"sha256": decree.pdf_sha256, "petikan": len(extracts), "pages": body.pages},
    )
    return extracts


@transaction.atomic
def decree_cancel(*, actor: Actor, decree_id: int, reason: str) -> Decree:
    """HR cancels a decree with a written reason (issue 17 point 6). Its number stays in the register
    and is never given again (the yearly counter only goes up). The transfers it decreed and that were
    not yet executed are cancelled with the same reason; once one of them has been executed (the
    employee moved), the decree is history and cannot be cancelled (409)."""
    from mutasi.services.transfer import transfer_cancel

    access.require(permissions.may_cancel_decree(actor))
    decree = Decree.objects.select_for_update().filter(pk=decree_id).first()
    if decree is None:
        raise Http404
    if decree.status == DecreeStatus.DRAFT:
        raise TransitionNotAllowed(_("Konsep SK belum bernomor: buang konsepnya, bukan dibatalkan."))
    if decree.status == DecreeStatus.CANCELLED:
        raise TransitionNotAllowed(_("SK %(n)s sudah dibatalkan.") % {"n": decree.number})
    if decree.requests.filter(status=Status.COMPLETED).exists():
        raise TransitionNotAllowed(
            _("Sebagian mutasi dalam SK ini sudah dilaksanakan; SK tidak dapat dibatalkan.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Alasan pembatalan wajib diisi."), field="reason")
    for pk in decree.requests.filter(status=Status.DECREED).values_list("pk", flat=True):
        transfer_cancel(
            request_id=pk,
            actor=actor,
            note=_("SK %(n)s dibatalkan: %(r)s") % {"n": decree.number, "r": reason},
        )
    from_status = decree.status
    decree.status = DecreeStatus.CANCELLED
    decree.cancel_reason = reason
    decree.cancelled_at = timezone.now()
    decree.save(update_fields=["status", "cancel_reason", "cancelled_at", "updated_at"])
    audit.record(
        actor=actor,
        action="decree.cancel",
        target=decree,
        from_state=from_status,
        to_state=decree.status,
        note=reason,
    )
    return decree
