"""Decrees (SK mutasi): numbering, issuing, and the PDF (REGULATION.md 1.1 and "Decree")."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit, uploads, workflow
from core.exceptions import DomainError, TransitionNotAllowed
from core.services import notify
from core.types import Actor
from instansi.choices import SpecialRole
from instansi.models import Employee
from mutasi import eligibility, permissions
from mutasi.choices import Status
from mutasi.models import Decree, DecreeCounter, TransferRequest
from mutasi.services.common import applicant_users, head_users, request_url


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


@transaction.atomic
def decree_issue(
    *, actor: Actor, request_ids: list[int], date: dt.date, tmt: dt.date, signer: Employee, note: str = ""
) -> Decree:
    """HR issues one decree for one or more approved requests of one region.

    The signer is the regional head, or someone signing "a.n." on their behalf (REGULATION.md 1.1).
    The PDF is generated after commit by a Celery task.
    """
    access.require(permissions.may_issue_decrees(actor))
    if not request_ids:
        raise DomainError(_("Pilih minimal satu usulan yang sudah disetujui."), field="requests")
    if tmt < date:
        raise DomainError(_("TMT tidak boleh sebelum tanggal SK."), field="tmt")
    requests = _approved_requests(request_ids)
    region_id = _one_region(requests)
    _check_signer(signer, region_id=region_id, on=date)
    policy = eligibility.policy_for(region_id)
    seq = next_decree_seq(region_id=region_id, year=date.year)
    decree = Decree.objects.create(
        region_id=region_id,
        number=format_number(policy.decree_number_pattern, seq=seq, year=date.year),
        year=date.year,
        seq=seq,
        date=date,
        tmt=tmt,
        signer=signer,
        signer_name=signer.full_name,
        signer_title=signer.position.title,
        on_behalf=signer.position.special_role != SpecialRole.REGIONAL_HEAD,
        issued_by=actor,
    )
    for request in requests:
        _decree_one(request, decree, actor=actor)
    audit.record(
        actor=actor,
        action="decree.issue",
        target=decree,
        note=note,
        data={"requests": [r.pk for r in requests], "tmt": tmt.isoformat(), "signer": signer.pk},
    )
    from mutasi.tasks import decree_pdf_task

    transaction.on_commit(lambda: decree_pdf_task.delay(decree.pk))
    return decree


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
        body=_("TMT %(tmt)s.") % {"tmt": decree.tmt.isoformat()},
        url=request_url(request),
    )


def decree_requeue_missing_pdfs(*, older_than_minutes: int = 10) -> int:
    """Queue the PDF job again for decrees still without a PDF after a while.

    A broker can lose a message when a worker dies at the wrong instant (seen in the fault runs,
    docs/BENCHMARKS.md "Faults"); the job is idempotent, so a second render is harmless."""
    from mutasi.tasks import decree_pdf_task

    cutoff = timezone.now() - dt.timedelta(minutes=older_than_minutes)
    ids = list(Decree.objects.filter(pdf_sha256="", created_at__lt=cutoff).values_list("pk", flat=True))
    for pk in ids:
        decree_pdf_task.delay(pk)
    return len(ids)


def decree_generate_pdf(*, decree_id: int) -> Decree:
    """Render and store the decree PDF privately with its sha256 (idempotent: re-renders in place).

    The previous PDF is deleted only after the new row is committed, and the new file is deleted if
    the transaction does not commit: the row never points to a file that is gone."""
    with uploads.tracking_writes(), transaction.atomic():
        return _decree_generate_pdf(decree_id=decree_id)


def _decree_generate_pdf(*, decree_id: int) -> Decree:
    from mutasi.decrees import render_decree_pdf

    decree = Decree.objects.select_for_update().get(pk=decree_id)
    data = render_decree_pdf(decree)
    old = decree.pdf.name if decree.pdf else ""
    uploads.save_field_file(decree.pdf, f"{decree.pk}.pdf", data)
    decree.pdf_sha256 = hashlib.sha256(data).hexdigest()
    decree.save(update_fields=["pdf", "pdf_sha256", "updated_at"])
    if old and old != decree.pdf.name:
        storage = decree.pdf.storage
        transaction.on_commit(lambda: storage.delete(old))
    audit.record(actor=None, action="decree.pdf", target=decree, data={"sha256": decree.pdf_sha256})
    return decree
