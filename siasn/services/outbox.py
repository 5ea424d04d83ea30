"""The outbox: every change SIASN must learn is one row written in the change's own transaction, then
sent by Celery after commit (siasn.tasks.outbox_send_task), with backoff while SIASN is down.

Exactly once, even when a worker dies mid-send: a row is marked `sending` (committed) before the call
and `sent` (committed) after it. A row found in `sending` (a worker died, or the answer was lost) is
not sent blindly again: SIASN is asked first (the position change in `rw-jabatan` by decree number and
unor, an SKP in `rw-skp22` by year) and the row is marked sent when the change is already there. The
decree upload has nothing to ask; sending it again replaces the same document of the same history row.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.types import Actor
from instansi.choices import MANAGERIAL_KINDS, PositionKind
from instansi.models import Employee, Position
from siasn import permissions
from siasn.client import SiasnClient, SiasnError, SiasnUnavailable
from siasn.codes import SKP_PREDICATE
from siasn.models import OutboxKind, OutboxMessage, OutboxStatus

logger = logging.getLogger("siasn.outbox")


def siasn_date(day: dt.date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def jenis_jabatan(position: Position) -> str:
    """SIASN's jenisJabatan: 1 struktural, 2 fungsional tertentu, 4 pelaksana (fungsional umum)."""
    if position.kind in MANAGERIAL_KINDS:
        return "1"
    return "4" if position.kind == PositionKind.PELAKSANA else "2"


def position_change_fields(
    *,
    employee: Employee,
    position: Position,
    moved_unit: bool,
    penugasan: str,
    number: str,
    date: dt.date,
    tmt: dt.date,
) -> dict:
    unit_id = (position.unit.siasn_id if position.unit_id else None) or position.agency.siasn_id
    return {
        "pnsId": employee.siasn_id or "",
        "unorId": unit_id or "",
        "instansiId": settings.SIASN_INSTANSI_ID,
        "satuanKerjaId": position.agency.siasn_id or "",
        "jenisJabatan": jenis_jabatan(position),
        "jabatanFungsionalId": "",
        "jabatanFungsionalUmumId": "",
        "subJabatanId": "",
        "eselonId": "",
        "jenisMutasiId": "MU" if moved_unit else "MJ",
        "jenisPenugasanId": penugasan,
        "nomorSk": number,
        "tanggalSk": siasn_date(date),
        "tmtJabatan": siasn_date(tmt),
        "tmtMutasi": siasn_date(tmt),
        "tmtPelantikan": siasn_date(tmt),
    }


def _missing_ids(employee: Employee, fields: dict) -> str:
    missing = []
    if not fields["pnsId"]:
        missing.append(_("ID SIASN pegawai %(nip)s") % {"nip": employee.nip})
    if not fields["unorId"]:
        missing.append(_("ID unor SIASN jabatan tujuan"))
    if not missing:
        return ""
    return _(
        "Belum dapat dikirim: %(what)s belum ada (impor data dari SIASN lebih dulu), lalu kirim ulang."
    ) % {"what": ", ".join(missing)}


def _queue(message: OutboxMessage) -> None:
    from siasn.tasks import outbox_send_task

    transaction.on_commit(lambda: outbox_send_task.delay(message.pk))


def _record(*, kind: str, key: str, employee, payload: dict, problem: str, **extra) -> OutboxMessage:
    """One outbox row, queued after commit unless it cannot be sent as it is (`problem`: shown to HR
    as the failure, sent again from the outbox page once fixed)."""
    message = OutboxMessage.objects.create(
        kind=kind,
        key=key,
        employee=employee,
        payload=payload,
        status=OutboxStatus.FAILED if problem else OutboxStatus.PENDING,
        error=problem,
        **extra,
    )
    if not problem:
        _queue(message)
    return message


def enabled() -> bool:
    """A region that has not configured SIASN sends nothing (and keeps no outbox)."""
    return bool(settings.SIASN_BASE_URL)


def on_transfer_executed(sender, *, request, employee: Employee, **kwargs) -> None:
    """mutasi.signals.transfer_executed: one position change, then the decree file, in the move's transaction."""
    destination = request.destination_position
    if destination is None or not enabled():  # outgoing to another instansi: processed inside SIASN itself
        return
    destination = Position.objects.select_related("agency", "unit").get(pk=destination.pk)
    decree = request.decree
    origin = Position.objects.filter(pk=request.origin_position_id).first()
    moved_unit = (
        origin is None or origin.unit_id != destination.unit_id or origin.agency_id != destination.agency_id
    )
    fields = position_change_fields(
        employee=employee, position=destination, moved_unit=moved_unit, penugasan="D",
        number=decree.number, date=decree.date, tmt=decree.tmt,
    )  # fmt: skip
    problem = _missing_ids(employee, fields)
    # The decree file follows the position change (`after`); it is queued when that one is sent (the
    # position row is queued after commit, when both rows exist).
    position = _record(
        kind=OutboxKind.POSITION,
        key=f"transfer:{request.pk}:position",
        employee=employee,
        payload=fields,
        problem=problem,
        transfer=request,
    )
    OutboxMessage.objects.create(
        kind=OutboxKind.DOCUMENT,
        key=f"transfer:{request.pk}:decree",
        employee=employee,
        transfer=request,
        after=position,
        payload={"decree": decree.pk, "id_ref_dokumen": settings.SIASN_DECREE_DOCUMENT_REF},
    )


def on_delegation_saved(sender, *, instance, created: bool, **kwargs) -> None:
    """post_save of mutasi.Delegation: a new Plt/Plh is sent as a position change with its jenisPenugasan."""
    if not created or not enabled():
        return
    employee = Employee.objects.filter(user_id=instance.delegate_id).first()
    if employee is None:  # an account without an employee record: nothing SIASN could record
        return
    position = Position.objects.select_related("agency", "unit").get(pk=instance.position_id)
    fields = position_change_fields(
        employee=employee, position=position, moved_unit=False, penugasan=str(instance.kind).upper(),
        number=instance.letter_number or f"PLT-{instance.pk}", date=instance.start, tmt=instance.start,
    )  # fmt: skip
    problem = _missing_ids(employee, fields)
    _record(
        kind=OutboxKind.POSITION,
        key=f"delegation:{instance.pk}:position",
        employee=employee,
        payload=fields,
        problem=problem,
    )


# kinerja's ratings and predicates in SIASN's codes (../shared/INTEGRATIONS.md: kuadran 1 Sangat Baik
# ... 5 Sangat Kurang; ratings 1 above, 2 as expected, 3 below expectations).
RATING_CODES = {"di_atas": 1, "sesuai": 2, "di_bawah": 3}
PREDICATE_CODES = {value: int(code) for code, (_name, value) in SKP_PREDICATE.items()}


def on_appraisal_finalised(sender, *, appraisal, **kwargs) -> None:
    """kinerja.signals.appraisal_finalised: the annual SKP as one `skp22/save` row."""
    if not enabled():
        return
    employee = Employee.objects.get(pk=appraisal.employee_id)
    appraiser = (
        Employee.objects.select_related("position__agency", "position__unit")
        .filter(pk=appraisal.appraiser_id)
        .first()
    )
    position = appraiser.position if appraiser else None
    fields = {
        "pnsDinilaiId": employee.siasn_id or "",
        "pnsDinilaiOrang": employee.full_name,
        "tahun": appraisal.period.year,
        "hasilKinerjaNilai": RATING_CODES.get(appraisal.results_rating, ""),
        "perilakuKerjaNilai": RATING_CODES.get(appraisal.behaviour_rating, ""),
        "kuadranKinerjaNilai": PREDICATE_CODES.get(appraisal.predicate, ""),
        "statusPenilai": "ASN",
        "penilaiNipNrp": appraiser.nip if appraiser else "",
        "penilaiNama": appraiser.full_name if appraiser else "",
        "penilaiJabatan": position.title if position else "",
        "penilaiGolongan": appraiser.golongan if appraiser else "",
        "penilaiUnorNama": (position.unit.name if position.unit_id else position.agency.name)
        if position
        else "",
    }
    problem = ""
    if not fields["pnsDinilaiId"]:
        problem = _(
            "Belum dapat dikirim: ID SIASN pegawai %(nip)s belum ada (impor data dari SIASN lebih dulu), lalu kirim ulang."
        ) % {"nip": employee.nip}
    _record(
        kind=OutboxKind.SKP22,
        key=f"appraisal:{appraisal.pk}:skp22",
        employee=employee,
        payload=fields,
        problem=problem,
    )


# --- sending -------------------------------------------------------------------------------------
def _claim(pk: int, *, stale_after: dt.timedelta) -> tuple[OutboxMessage | None, bool]:
    """Mark the row `sending` (committed). Returns (row, maybe_sent_before) or (None, _) when there is
    nothing to do now: already sent, waiting for the row it follows, or another worker is sending it."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=pk).first()
        if message is None or message.status == OutboxStatus.SENT:
            return None, False
        if (
            message.after_id
            and OutboxMessage.objects.filter(pk=message.after_id).exclude(status=OutboxStatus.SENT).exists()
        ):
            return None, False
        now = timezone.now()
        if (
            message.status == OutboxStatus.SENDING
            and message.sending_since
            and now - message.sending_since < stale_after
        ):
            return None, False
        maybe_sent = message.status == OutboxStatus.SENDING or bool(message.answer.get("unknown"))
        message.status = OutboxStatus.SENDING
        message.sending_since = now
        message.attempts += 1
        message.save(update_fields=["status", "sending_since", "attempts", "updated_at"])
    return message, maybe_sent


def _finish(
    message: OutboxMessage, *, status: str, answer: dict, error: str = "", riwayat_id: str = ""
) -> None:
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk, status=OutboxStatus.SENDING).update(
            status=status,
            answer=answer,
            error=error,
            riwayat_id=riwayat_id or message.riwayat_id,
            sent_at=timezone.now() if status == OutboxStatus.SENT else None,
            updated_at=timezone.now(),
        )
        if status == OutboxStatus.SENT:
            for follower in OutboxMessage.objects.filter(after=message, status=OutboxStatus.PENDING):
                _queue(follower)


def _already_there(client: SiasnClient, message: OutboxMessage) -> str | None:
    """The SIASN history row id when a previous attempt reached SIASN, else None."""
    nip = message.employee.nip
    p = message.payload
    if message.kind == OutboxKind.POSITION:
        for row in client.history("rw-jabatan", nip):
            if row.get("nomorSk") == p["nomorSk"] and row.get("unorId") == p["unorId"]:
                return str(row.get("id") or "-")
    if message.kind == OutboxKind.SKP22:
        for row in client.history("rw-skp22", nip):
            if str(row.get("tahun")) == str(p.get("tahun")):
                return str(row.get("id") or "-")
    return None


def _deliver(client: SiasnClient, message: OutboxMessage) -> dict:
    if message.kind == OutboxKind.POSITION:
        return client.save_position(message.payload)
    if message.kind == OutboxKind.SKP22:
        return client.save_skp22(message.payload)
    # the decree file, to the history row the position change created
    from mutasi.models import Decree

    decree = Decree.objects.get(pk=message.payload["decree"])
    if not decree.pdf:
        raise SiasnUnavailable(_("PDF SK belum terbentuk; dikirim setelah PDF siap."))
    if not message.payload.get("id_ref_dokumen"):
        raise SiasnError(_("SIASN_DECREE_DOCUMENT_REF belum diatur (id_ref_dokumen untuk SK jabatan)."))
    with decree.pdf.open("rb") as fh:
        content = fh.read()
    return client.upload_document(
        riwayat_id=message.after.riwayat_id,
        ref_dokumen=message.payload["id_ref_dokumen"],
        filename=f"SK-{decree.pk}.pdf",
        content=content,
    )


def outbox_send(*, message_id: int, client: SiasnClient | None = None) -> str:
    """Send one row. Returns its status afterwards; raises SiasnUnavailable when it should be retried."""
    stale = dt.timedelta(seconds=settings.SIASN_OUTBOX_STALE_SECONDS)
    message, maybe_sent = _claim(message_id, stale_after=stale)
    if message is None:
        return OutboxMessage.objects.filter(pk=message_id).values_list("status", flat=True).first() or ""
    own_client = client is None
    try:
        client = client or SiasnClient()
        if maybe_sent:
            found = _already_there(client, message)
            if found:
                _finish(message, status=OutboxStatus.SENT, answer={"found_in_siasn": True}, riwayat_id=found)
                return OutboxStatus.SENT
        answer = _deliver(client, message)
    except SiasnUnavailable as exc:  # retried with backoff; the row goes back to pending
        _finish(message, status=OutboxStatus.PENDING, answer={}, error=str(exc))
        raise
    except SiasnError as exc:
        _finish(message, status=OutboxStatus.FAILED, answer=exc.answer, error=str(exc))
        return OutboxStatus.FAILED
    finally:
        if own_client and client is not None:
            client.close()
    if answer.get("code") == 1:
        data = answer.get("data") if isinstance(answer.get("data"), dict) else {}
        _finish(message, status=OutboxStatus.SENT, answer=answer, riwayat_id=str(data.get("id") or ""))
        return OutboxStatus.SENT
    _finish(message, status=OutboxStatus.FAILED, answer=answer, error=str(answer.get("message") or ""))
    return OutboxStatus.FAILED


@transaction.atomic
def outbox_resend(*, message_id: int, actor: Actor) -> OutboxMessage:
    """HR sends a failed row again (the decree file follows a resent position change by itself)."""
    access.require(permissions.may_manage(actor), _("Hanya BKPSDM yang dapat mengirim ulang ke SIASN."))
    message = OutboxMessage.objects.select_for_update().get(pk=message_id)
    if message.status != OutboxStatus.FAILED:
        return message
    if message.kind == OutboxKind.POSITION:  # ids may have arrived with an import since
        employee = Employee.objects.get(pk=message.employee_id)
        message.payload["pnsId"] = employee.siasn_id or ""
    message.status = OutboxStatus.PENDING
    message.error = ""
    message.save(update_fields=["status", "error", "payload", "updated_at"])
    audit.record(actor=actor, action="siasn.outbox.resend", target=message, note=message.key)
    _queue(message)
    return message


def outbox_flush(*, older_than_minutes: int = 5) -> int:
    """The periodic sweep: queue pending rows whose task was lost and `sending` rows whose worker died."""
    from siasn.tasks import outbox_send_task

    cutoff = timezone.now() - dt.timedelta(minutes=older_than_minutes)
    ids = list(
        OutboxMessage.objects.filter(
            status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING], updated_at__lt=cutoff
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        outbox_send_task.delay(pk)
    return len(ids)
