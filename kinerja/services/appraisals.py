"""The SKP workflow up to rating, one atomic service per step (REGULATION.md 3, PermenPANRB 6/2022):
draft -> submitted -> agreed (or returned -> submitted again) -> rated -> acknowledged | objected
-> final. Each step writes its audit row and notifies the people concerned."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit, uploads
from core.exceptions import DomainError
from core.types import Actor
from instansi.models import Employee
from kinerja import evaluation
from kinerja.choices import PlanKind
from kinerja.models import (
    Appraisal,
    AppraisalPeriod,
    FeedbackNote,
    Indicator,
    ResultPlan,
    TeamGoal,
)
from kinerja.services._common import (
    appraiser_user,
    check,
    clean_amount,
    clean_evidence_url,
    employee_user,
    locked,
    notify_users,
    transition,
)


@transaction.atomic
def appraisal_create(*, period: AppraisalPeriod, employee: Employee, actor: Actor) -> Appraisal:
    """Draft the SKP of one employee (by the employee, or by HR). Snapshots the post, the unit and the
    appraiser (the holder of the post above, REGULATION.md 3). One SKP per employee and period."""
    me = access.employee_of(actor)
    if not (access.is_hr(actor) or (me is not None and me.pk == employee.pk)):
        raise PermissionDenied(_("Hanya pegawai yang bersangkutan atau BKPSDM yang dapat membuat SKP."))
    if not period.is_open:
        raise DomainError(
            _("Periode penilaian %(year)s sudah ditutup.") % {"year": period.year}, field="period"
        )
    if employee.position_id is None:
        raise DomainError(_("Pegawai belum memiliki jabatan; SKP tidak dapat dibuat."), field="employee")
    if Appraisal.objects.filter(period=period, employee=employee).exists():
        raise DomainError(
            _("SKP %(year)s untuk pegawai ini sudah ada.") % {"year": period.year}, field="employee"
        )
    employee = Employee.objects.select_related(
        "position__unit", "position__agency", "position__superior"
    ).get(pk=employee.pk)
    try:
        with transaction.atomic():
            appraisal = Appraisal.objects.create(
                period=period, employee=employee, **evaluation.snapshot(employee)
            )
    except IntegrityError:  # a concurrent create won the unique constraint
        raise DomainError(
            _("SKP %(year)s untuk pegawai ini sudah ada.") % {"year": period.year}, field="employee"
        )
    audit.record(actor=actor, action="appraisal.create", target=appraisal, to_state=appraisal.status)
    return appraisal


@transaction.atomic
def result_plan_add(
    *,
    appraisal: Appraisal,
    actor: Actor,
    description: str,
    kind: str = PlanKind.MAIN,
    parent: ResultPlan | None = None,
    team_goal: TeamGoal | None = None,
    indicators: list[dict] | None = None,
) -> ResultPlan:
    """Add an RHK with its indicators while drafting. A cascaded RHK must come from the appraiser's own
    SKP of the same period; a team goal must belong to the same period and agency."""
    appraisal = locked(appraisal)
    check(appraisal, "edit_plan", actor)
    indicators = indicators or []
    if parent is not None and (
        parent.appraisal.employee_id != appraisal.appraiser_id
        or parent.appraisal.period_id != appraisal.period_id
    ):
        raise DomainError(
            _("RHK atasan harus berasal dari SKP pejabat penilai pada periode yang sama."), field="parent"
        )
    if team_goal is not None and (
        team_goal.period_id != appraisal.period_id or team_goal.agency_id != appraisal.agency_id
    ):
        raise DomainError(
            _("Target tim harus dari periode dan perangkat daerah yang sama."), field="team_goal"
        )
    if not indicators and team_goal is None:
        raise DomainError(
            _("RHK memerlukan paling sedikit satu indikator atau target tim."), field="indicators"
        )
    order = appraisal.result_plans.count() + 1
    plan = ResultPlan.objects.create(
        appraisal=appraisal,
        kind=kind,
        description=description,
        parent=parent,
        team_goal=team_goal,
        order=order,
    )
    Indicator.objects.bulk_create(
        Indicator(
            result_plan=plan,
            aspect=item["aspect"],
            description=item["description"],
            target=item["target"],
            unit_label=item["unit_label"],
        )
        for item in indicators
    )
    audit.record(
        actor=actor,
        action="appraisal.plan_add",
        target=appraisal,
        note=description[:200],
        data={"result_plan": plan.pk, "indicators": len(indicators)},
    )
    return plan


@transaction.atomic
def result_plan_delete(*, plan: ResultPlan, actor: Actor) -> None:
    appraisal = locked(plan.appraisal)
    check(appraisal, "edit_plan", actor)
    audit.record(actor=actor, action="appraisal.plan_delete", target=appraisal, note=plan.description[:200])
    plan.delete()


@transaction.atomic
def appraisal_submit(*, appraisal: Appraisal, actor: Actor) -> Appraisal:
    """The employee submits the planned SKP to the appraiser; it needs at least one main RHK."""
    appraisal = locked(appraisal)
    check(appraisal, "submit", actor)
    if not appraisal.result_plans.filter(kind=PlanKind.MAIN).exists():
        raise DomainError(_("SKP memerlukan paling sedikit satu RHK utama sebelum diajukan."))
    if appraisal.appraiser_id is None:
        raise DomainError(_("Pejabat penilai belum ada (jabatan atasan kosong); hubungi BKPSDM."))
    transition(appraisal, "submit", actor=actor, action="appraisal.submit")
    notify_users(
        [appraiser_user(appraisal)],
        title=_("SKP %(name)s menunggu persetujuan Anda") % {"name": appraisal.employee.name},
        appraisal=appraisal,
    )
    return appraisal


@transaction.atomic
def appraisal_agree(*, appraisal: Appraisal, actor: Actor, note: str = "") -> Appraisal:
    appraisal = locked(appraisal)
    check(appraisal, "agree", actor)
    transition(appraisal, "agree", actor=actor, action="appraisal.agree", audit_note=note)
    notify_users(
        [employee_user(appraisal)], title=_("SKP Anda telah disepakati"), appraisal=appraisal, body=note
    )
    return appraisal


@transaction.atomic
def appraisal_return(*, appraisal: Appraisal, actor: Actor, note: str) -> Appraisal:
    """The appraiser returns the plan to the employee for changes; the note says what to change."""
    appraisal = transition_with_reason(
        appraisal,
        "return_to_employee",
        actor=actor,
        action="appraisal.return",
        field="note",
        text=note,
        missing=_("Catatan pengembalian wajib diisi."),
    )
    notify_users(
        [employee_user(appraisal)],
        title=_("SKP Anda dikembalikan untuk diperbaiki"),
        appraisal=appraisal,
        body=note,
    )
    return appraisal


def transition_with_reason(
    appraisal: Appraisal, name: str, *, actor: Actor, action: str, field: str, text: str, missing: str
) -> Appraisal:
    """A step that needs a written reason (a return note, an objection): refused with `missing` when
    it is blank; otherwise the locked, checked SKP takes transition `name` with the reason as its
    `field` argument, and the audit row keeps it."""
    if not (text or "").strip():
        raise DomainError(missing, field=field)
    appraisal = locked(appraisal)
    check(appraisal, name, actor)
    return transition(appraisal, name, actor=actor, action=action, audit_note=text, **{field: text.strip()})


def indicator_realise(
    *, indicator: Indicator, actor: Actor, realised: Decimal, evidence_url: str = "", evidence_file=None
) -> Indicator:
    """During the year the employee records the realisation of an indicator with its evidence.

    The evidence file is written inside the transaction and deleted again if it does not commit."""
    with uploads.tracking_writes(), transaction.atomic():
        return _indicator_realise(
            indicator=indicator,
            actor=actor,
            realised=realised,
            evidence_url=evidence_url,
            evidence_file=evidence_file,
        )


def _indicator_realise(
    *, indicator: Indicator, actor: Actor, realised, evidence_url: str, evidence_file
) -> Indicator:
    appraisal = locked(indicator.result_plan.appraisal)
    check(appraisal, "record_realisation", actor)
    if realised is None:
        raise DomainError(_("Realisasi harus berupa angka 0 atau lebih."), field="realised")
    realised = clean_amount(realised, field="realised")
    evidence_url = clean_evidence_url(evidence_url)
    evidence = None
    if evidence_file is not None:
        # Same rule as transfer documents (issue 5 point 3): PDF/JPEG/PNG by content, at most
        # Policy.max_upload_mb; the stored name is ours, never the uploader's.
        policy = evaluation.policy_for_region_id(appraisal.period.region_id)
        evidence = uploads.checked_content(evidence_file, max_mb=policy.max_upload_mb, field="evidence_file")
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = indicator.realised
    indicator.realised = realised
    if evidence_url:
        indicator.evidence_url = evidence_url
    if evidence is not None:
        data, content_type = evidence
        old_file = indicator.evidence_file.name if indicator.evidence_file else ""
        uploads.save_field_file(
            indicator.evidence_file, f"bukti{uploads.ALLOWED_CONTENT_TYPES[content_type]}", data
        )
        if old_file:
            # The replaced file goes only once the new row is committed.
            storage = indicator.evidence_file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    indicator.save()
    audit.record(
        actor=actor,
        action="appraisal.realise",
        target=appraisal,
        from_state="" if before is None else str(before),
        to_state=str(realised),
        note=indicator.description[:200],
        data={"indicator": indicator.pk},
    )
    return indicator


@transaction.atomic
def feedback_add(
    *, appraisal: Appraisal, actor: Actor, note: str, date: dt.date | None = None, quarter: int | None = None
) -> FeedbackNote:
    """A dated feedback note by the appraiser (PermenPANRB 6/2022: documented coaching)."""
    if not (note or "").strip():
        raise DomainError(_("Catatan umpan balik wajib diisi."), field="note")
    appraisal = locked(appraisal)
    check(appraisal, "give_feedback", actor)
    if quarter is not None and not appraisal.period.quarterly_checkins:
        raise DomainError(_("Periode ini tidak memakai evaluasi triwulanan."), field="quarter")
    item = FeedbackNote.objects.create(
        appraisal=appraisal,
        author=actor,
        date=date or timezone.localdate(),
        quarter=quarter,
        note=note.strip(),
    )
    audit.record(
        actor=actor, action="appraisal.feedback", target=appraisal, note=note, data={"feedback": item.pk}
    )
    notify_users(
        [employee_user(appraisal)], title=_("Umpan balik baru pada SKP Anda"), appraisal=appraisal, body=note
    )
    return item
