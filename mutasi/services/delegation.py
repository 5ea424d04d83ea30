"""Plt/Plh delegations and the deadline reminders (DESIGN.md 1 and 4)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.exceptions import DomainError
from core.services import notify
from instansi.models import Position
from mutasi.choices import Decision, DelegationKind
from mutasi.models import ApprovalStep, Delegation
from mutasi.services.common import holders_of, hr_users, request_url, step_approvers

User = get_user_model()


@transaction.atomic
def delegation_create(
    *,
    actor,
    position: Position,
    delegate,
    start: dt.date,
    end: dt.date,
    kind: str = DelegationKind.PLH,
    reason: str = "",
) -> Delegation:
    """HR, or the holder of the post, names a Plt/Plh who may act for the post between two dates."""
    me = access.employee_of(actor)
    if not access.is_hr(actor) and (me is None or me.position_id != position.pk):
        access.require(False, _("Hanya BKPSDM atau pemegang jabatan yang dapat menunjuk Plt/Plh."))
    if end < start:
        raise DomainError(_("Tanggal akhir sebelum tanggal mulai."), field="end")
    if kind not in DelegationKind.values:
        raise DomainError(_("Jenis tidak dikenal."), field="kind")
    if delegate.pk == actor.pk and not access.is_hr(actor):
        raise DomainError(_("Tidak dapat menunjuk diri sendiri."), field="delegate")
    delegation = Delegation.objects.create(
        position=position, delegate=delegate, start=start, end=end, kind=kind, reason=reason, created_by=actor
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
        },
    )
    notify(
        recipients=[delegate, *holders_of(position.pk)],
        title=_("%(kind)s %(post)s: %(start)s s.d. %(end)s")
        % {"kind": delegation.get_kind_display(), "post": position.title, "start": start, "end": end},
        body=reason,
    )
    return delegation


@transaction.atomic
def delegation_revoke(*, delegation_id: int, actor) -> Delegation:
    delegation = Delegation.objects.select_for_update().get(pk=delegation_id)
    me = access.employee_of(actor)
    if not access.is_hr(actor) and (me is None or me.position_id != delegation.position_id):
        access.require(False)
    delegation.revoked_at = timezone.now()
    delegation.save(update_fields=["revoked_at", "updated_at"])
    audit.record(actor=actor, action="delegation.revoke", target=delegation)
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
                recipients=step_approvers(step, on=today),
                title=_("Pengingat: usulan %(n)s jatuh tempo besok") % {"n": step.request.number},
                body=_("Tahap %(s)s, tenggat %(d)s.") % {"s": step.get_stage_display(), "d": step.due_date},
                url=request_url(step.request),
            )
            reminded += 1
    for step_id in pending.filter(due_date__lt=today, escalated_on__isnull=True).values_list("pk", flat=True):
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
                recipients=[*hr_users(), *step_approvers(step, on=today)],
                title=_("Terlambat: usulan %(n)s melewati tenggat tahap %(s)s")
                % {"n": step.request.number, "s": step.get_stage_display()},
                url=request_url(step.request),
            )
            escalated += 1
    return reminded, escalated
