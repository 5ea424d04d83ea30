"""Signing decrees: electronically through BSrE (one passphrase for a batch), or on paper where the
region's policy keeps wet signing (HR uploads the signed scan). Issue 17 point 4.

The passphrase is an argument, sent once to BSrE, and nowhere else: not in the database, the audit
trail, a log line, an exception message or a response (tests search all of them).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit, bsre, uploads
from core.exceptions import DomainError, TransitionNotAllowed
from core.types import Actor
from mutasi import permissions
from mutasi.choices import DecreeStatus, SigningMethod
from mutasi.documents import template_for
from mutasi.documents.stamp import signature_image
from mutasi.models import Decree, DecreeExtract, SigningIdentity

logger = logging.getLogger(__name__)


@dataclass
class BatchResult:
    signed: list[str] = field(default_factory=list)  # decree numbers
    failed: list[tuple[str, str]] = field(default_factory=list)  # (number, reason)


def decree_sign_batch(*, actor: Actor, decree_ids: list[int], passphrase: str) -> BatchResult:  # noqa: C901
    """Sign the chosen decrees one after the other with one passphrase entry. Each decree is its own
    transaction (its row locked while BSrE answers: two signers at once, one wins). A refused
    passphrase, a locked certificate or BSrE down stops the batch: what was not signed stays
    unsigned with the reason shown, its number kept; the signer retries later."""
    if not passphrase:
        raise DomainError(_("Passphrase wajib diisi."), field="passphrase")
    if not decree_ids:
        raise DomainError(_("Pilih minimal satu SK."), field="decrees")
    ids = sorted(set(decree_ids))
    # The whole batch is refused before anything goes to BSrE when one decree is unknown to the caller
    # (404) or not theirs to sign (403): no half-signed batch behind an error answer.
    chosen = list(permissions.visible_decrees(actor, Decree.objects.filter(pk__in=ids)))
    if len(chosen) != len(ids):
        raise Http404
    for decree in chosen:
        access.require(permissions.may_sign_decree(actor, decree))
    result = BatchResult()
    for pk in ids:
        try:
            number = _sign_one(actor=actor, decree_id=pk, passphrase=passphrase)
        except bsre.BsreError as exc:
            number = _record_failure(pk, exc.reason, actor=actor)
            result.failed.append((number, exc.reason))
            break  # the same passphrase or the same outage would fail the rest (and could lock it)
        except (TransitionNotAllowed, DomainError) as exc:
            number = Decree.objects.filter(pk=pk).values_list("number", flat=True).first() or str(pk)
            result.failed.append((number, str(exc.message)))
            continue
        result.signed.append(number)
    return result


def _sign_one(*, actor: Actor, decree_id: int, passphrase: str) -> str:
    with uploads.tracking_writes(), transaction.atomic():
        decree = (
            Decree.objects.select_for_update(of=("self",))
            .select_related("region")
            .filter(pk=decree_id)
            .first()
        )
        if (
            decree is None
            or not permissions.visible_decrees(actor, Decree.objects.filter(pk=decree_id)).exists()
        ):
            raise Http404
        access.require(permissions.may_sign_decree(actor, decree))
        if decree.status != DecreeStatus.ISSUED:
            raise TransitionNotAllowed(
                _("SK %(n)s sudah ditandatangani atau dibatalkan.") % {"n": decree.number}
            )
        template = template_for(decree.region_id)
        if template is not None and template.signing_method == SigningMethod.WET:
            raise TransitionNotAllowed(
                _("Daerah ini memakai tanda tangan basah: unggah pindaian SK yang ditandatangani.")
            )
        identity = SigningIdentity.objects.filter(employee_id=decree.signer_id).first()
        if identity is None:
            raise DomainError(
                _("NIK penandatangan di BSrE belum didaftarkan oleh BKPSDM."), field="passphrase"
            )
        extracts = list(DecreeExtract.objects.filter(decree=decree).order_by("request_id"))
        files = [_read(decree.pdf)] + [_read(e.pdf) for e in extracts]
        spots = [bsre.VisibleSignature(**s) for s in decree.signature_spots]
        signed = bsre.sign(
            nik=identity.nik,
            passphrase=passphrase,
            files=files,
            image=signature_image(decree.signer_name),
            spots=spots,
            reason=f"SK {decree.number}",
        )
        if template is not None and template.organisation_seal:
            signed = bsre.seal(signed)  # the instansi's seal after the signature (policy)
        _mark_signed(decree, signed[0], actor=actor)
        for extract, data in zip(extracts, signed[1:], strict=True):
            uploads.save_field_file(extract.signed_pdf, "petikan-signed.pdf", data)
            extract.signed_sha256 = hashlib.sha256(data).hexdigest()
        DecreeExtract.objects.bulk_update(extracts, ["signed_pdf", "signed_sha256"])
        _record_signed(decree, actor=actor, method="tte", files=len(signed))
        return decree.number


def _read(field_file) -> bytes:
    with field_file.open("rb") as fh:
        return fh.read()


@transaction.atomic
def _record_failure(decree_id: int, reason: str, *, actor: Actor) -> str:
    decree = Decree.objects.select_for_update().filter(pk=decree_id).first()
    if decree is None:
        return str(decree_id)
    if decree.status == DecreeStatus.ISSUED:
        decree.sign_error = reason[:255]
        decree.save(update_fields=["sign_error", "updated_at"])
        audit.record(actor=actor, action="decree.sign_failed", target=decree, note=reason[:255])
    return decree.number


def decree_upload_wet_signed(*, actor: Actor, decree_id: int, uploaded_file) -> Decree:
    """HR uploads the scan of a decree signed on paper (regions without TTE, SigningMethod.WET)."""
    access.require(permissions.may_upload_wet_signed(actor))
    decree = Decree.objects.filter(pk=decree_id).first()
    if decree is None:
        raise Http404
    template = template_for(decree.region_id)
    if template is None or template.signing_method != SigningMethod.WET:
        raise TransitionNotAllowed(_("Daerah ini memakai tanda tangan elektronik (BSrE), bukan pindaian."))
    if uploaded_file is None:
        raise DomainError(_("Pilih berkas PDF pindaian SK."), field="file")
    data, content_type = uploads.checked_content(uploaded_file, max_mb=20)
    if content_type != "application/pdf":
        raise DomainError(_("Pindaian SK harus berupa PDF."), field="file")
    with uploads.tracking_writes(), transaction.atomic():
        decree = Decree.objects.select_for_update().get(pk=decree_id)
        if decree.status != DecreeStatus.ISSUED:
            raise TransitionNotAllowed(
                _("SK %(n)s sudah ditandatangani atau dibatalkan.") % {"n": decree.number}
            )
        _mark_signed(decree, data, actor=actor)
        _record_signed(decree, actor=actor, method="wet", files=1)
        return decree


def _mark_signed(decree: Decree, data: bytes, *, actor: Actor) -> None:
    """Store the signed file with its sha256; the decree is signed, by whom and when."""
    uploads.save_field_file(decree.signed_pdf, "signed.pdf", data)
    decree.signed_sha256 = hashlib.sha256(data).hexdigest()
    decree.status = DecreeStatus.SIGNED
    decree.signed_at = timezone.now()
    decree.signed_by = actor
    decree.sign_error = ""
    decree.save(
        update_fields=[
            "signed_pdf",
            "signed_sha256",
            "status",
            "signed_at",
            "signed_by",
            "sign_error",
            "updated_at",
        ]
    )


def _record_signed(decree: Decree, *, actor: Actor, method: str, files: int) -> None:
    audit.record(
        actor=actor,
        action="decree.sign",
        target=decree,
        from_state=DecreeStatus.ISSUED,
        to_state=DecreeStatus.SIGNED,
        data={"sha256": decree.signed_sha256, "files": files, "method": method},
    )
