"""Plt/Plh delegations and the deadline reminders (DESIGN.md 1 and 4)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.exceptions import DomainError, TransitionNotAllowed
from core.formatting import date_long
from core.services import notify
from core.types import Actor
from instansi.models import Position
from mutasi import permissions
from mutasi.choices import Decision, DelegationKind, Stage
from mutasi.models import ApprovalStep, Delegation
from mutasi.services.common import holders_of, hr_users, request_url

User = get_user_model()


@transaction.atomic
def delegation_create(
    *,
    actor: Actor,
    position: Position,
    delegate,
    start: dt.date,
    end: dt.date,
    kind: str = DelegationKind.PLH,
    reason: str = "",
    letter_number: str = "",
) -> Delegation:
    """HR, or the holder of the post, names a Plt/Plh who may act for the post between two dates.

    One acting official per post at a time: periods of the same post may not overlap."""
    if not permissions.may_delegate(actor, position):
        access.require(False, _("Hanya BKPSDM atau pemegang jabatan yang dapat menunjuk Plt/Plh."))
    _check_input(
        actor=actor,
        position=position,
        delegate=delegate,
        start=start,
        end=end,
        kind=kind,
        reason=reason,
        letter_number=letter_number,
    )
    # Lock the post so two people naming an acting official at once cannot both succeed.
    Position.objects.select_for_update().filter(pk=position.pk).first()
    _refuse_overlap(position, start=start, end=end)
    delegation = Delegation.objects.create(
        position=position,
        delegate=delegate,
        start=start,
        end=end,
        kind=kind,
        reason=reason.strip(),
        letter_number=letter_number.strip(),
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="delegation.create",
        target=delegation,
        note=reason,
        data={
            "position": position.pk,
            "delegate": delegate.pk,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "letter_number": delegation.letter_number,
        },
    )
    notify(
        recipients=[delegate, *holders_of(position.pk)],
        title=_("%(kind)s %(post)s: %(start)s s.d. %(end)s")
        % {"kind": delegation.get_kind_display(), "post": position.title, "start": start, "end": end},
        body=reason,
        url=reverse("mutasi:delegations"),
    )
    return delegation


def _check_input(
    *, actor: Actor, position: Position, delegate, start, end, kind: str, reason: str, letter_number: str
) -> None:
    """Dates in order, a known kind, texts that fit, and a delegate who is someone else and active."""
    if end < start:
        raise DomainError(_("Tanggal akhir sebelum tanggal mulai."), field="end")
    if kind not in DelegationKind.values:
        raise DomainError(_("Jenis tidak dikenal."), field="kind")
    # Longer text does not fit the columns (PostgreSQL would refuse it with a server error).
    too_long = {
        name: [_("Paling panjang %(n)s karakter.") % {"n": limit}]
        for name, value in (("reason", reason), ("letter_number", letter_number))
        if len((value or "").strip()) > (limit := Delegation._meta.get_field(name).max_length)
    }
    if too_long:
        raise DomainError(errors=too_long)
    if delegate.pk == actor.pk and not access.is_hr(actor):
        raise DomainError(_("Tidak dapat menunjuk diri sendiri."), field="delegate")
    if not delegate.is_active:
        raise DomainError(_("Akun pelaksana tidak aktif."), field="delegate")
    if any(u.pk == delegate.pk for u in holders_of(position.pk)):
        raise DomainError(_("Pelaksana adalah pemegang jabatan itu sendiri."), field="delegate")


def _refuse_overlap(position: Position, *, start: dt.date, end: dt.date) -> None:
    """One acting official per post at a time (the caller holds the post's row lock)."""
    overlap = (
        Delegation.objects.overlapping(start, end)
        .filter(position=position)
        .select_related("delegate")
        .first()
    )
    if overlap is not None:
        raise DomainError(
            _("Sudah ada %(kind)s untuk jabatan ini: %(who)s, %(start)s s.d. %(end)s.")
            % {
                "kind": overlap.get_kind_display(),
                "who": overlap.delegate.display_name,
                "start": date_long(overlap.start),
                "end": date_long(overlap.end),
            },
            field="start",
        )


@transaction.atomic
def delegation_revoke(*, delegation_id: int, actor: Actor, today: dt.date | None = None) -> Delegation:
    """End a delegation early (the holder is back): from now on the delegate no longer acts. The
    end date becomes today (or the start, if it had not started), so the list reads truthfully."""
    today = today or timezone.localdate()
    delegation = Delegation.objects.select_for_update().select_related("position").get(pk=delegation_id)
    if not permissions.may_delegate(actor, delegation.position):
        access.require(False, _("Hanya BKPSDM atau pemegang jabatan yang dapat mengakhiri Plt/Plh."))
    if not permissions.delegation_is_open(delegation, today):
        raise TransitionNotAllowed(_("Penunjukan ini sudah berakhir."))
    before = delegation.end
    delegation.revoked_at = timezone.now()
    delegation.end = max(delegation.start, min(delegation.end, today))
    delegation.save(update_fields=["revoked_at", "end", "updated_at"])
    audit.record(
        actor=actor,
        action="delegation.revoke",
        target=delegation,
        from_state=before.isoformat(),
        to_state=delegation.end.isoformat(),
    )
    notify(
        recipients=[delegation.delegate, *holders_of(delegation.position_id)],
        title=_("%(kind)s %(post)s diakhiri")
        % {"kind": delegation.get_kind_display(), "post": delegation.position.title},
        url=reverse("mutasi:delegations"),
    )
    return delegation


def deadline_reminders(*, today: dt.date | None = None) -> tuple[int, int]:
    """Remind approvers of steps due tomorrow; escalate overdue steps to HR (once each).

    Deadlines come from Policy.stage_deadlines in working days (DESIGN.md 4). Returns
    (reminded, escalated).
    """
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    pending = ApprovalStep.objects.filter(
        decision=Decision.PENDING, activated_at__isnull=False
    ).select_related("request")
    reminded = escalated = 0
    for step_id in pending.filter(due_date=tomorrow, reminded_on__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            step = ApprovalStep.objects.select_for_update().select_related("request").get(pk=step_id)
            if step.reminded_on is not None or step.decision != Decision.PENDING:
                continue
            step.reminded_on = today
            step.save(update_fields=["reminded_on"])
            notify(
                recipients=permissions.step_deciders(step, on=today),
                title=_("Pengingat: usulan %(n)s jatuh tempo besok") % {"n": step.request.number},
                body=_("Tahap %(s)s, tenggat %(d)s.") % {"s": step.get_stage_display(), "d": step.due_date},
                url=request_url(step.request),
            )
            reminded += 1
    # The employee's own stage (issue 21) is never escalated: silence past its deadline is recorded as
    # "no objection" by the nightly job (mutasi.services.consultation.consultations_record_silence).
    overdue = pending.filter(due_date__lt=today, escalated_on__isnull=True).exclude(stage=Stage.EMPLOYEE)
    for step_id in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            step = ApprovalStep.objects.select_for_update().select_related("request").get(pk=step_id)
            if step.escalated_on is not None or step.decision != Decision.PENDING:
                continue
            step.escalated_on = today
            step.save(update_fields=["escalated_on"])
            audit.record(
                actor=None,
                action="transfer.overdue",
                target=step.request,
                note=_("Tahap %(s)s melewati tenggat %(d)s.")
                % {"s": step.get_stage_display(), "d": step.due_date},
                data={"step": step.pk, "stage": step.stage},
            )
            notify(
                recipients=[*hr_users(), *permissions.step_deciders(step, on=today)],
                title=_("Terlambat: usulan %(n)s melewati tenggat tahap %(s)s")
                % {"n": step.request.number, "s": step.get_stage_display()},
                url=request_url(step.request),
            )
            escalated += 1
    return reminded, escalated
