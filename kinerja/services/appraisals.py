"""The SKP workflow, one atomic service per step (REGULATION.md 3, PermenPANRB 6/2022):
draft -> submitted -> agreed (or returned -> submitted again) -> rated -> acknowledged | objected
-> final. Each step writes its audit row and notifies the people concerned."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit
from core.exceptions import DomainError
from instansi.models import Employee
from kinerja import evaluation, rules
from kinerja.choices import AppraisalStatus, CoreValue, PlanKind, Rating
from kinerja.models import (
    Appraisal,
    AppraisalPeriod,
    BehaviourRating,
    FeedbackNote,
    Indicator,
    ResultPlan,
    TeamGoal,
)
from kinerja.services._common import appraiser_user, check, employee_user, locked, notify_users


@transaction.atomic
def appraisal_create(*, period: AppraisalPeriod, employee: Employee, actor) -> Appraisal:
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
    actor,
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
def result_plan_delete(*, plan: ResultPlan, actor) -> None:
    appraisal = locked(plan.appraisal)
    check(appraisal, "edit_plan", actor)
    audit.record(actor=actor, action="appraisal.plan_delete", target=appraisal, note=plan.description[:200])
    plan.delete()


@transaction.atomic
def appraisal_submit(*, appraisal: Appraisal, actor) -> Appraisal:
    """The employee submits the planned SKP to the appraiser; it needs at least one main RHK."""
    appraisal = locked(appraisal)
    check(appraisal, "submit", actor)
    if not appraisal.result_plans.filter(kind=PlanKind.MAIN).exists():
        raise DomainError(_("SKP memerlukan paling sedikit satu RHK utama sebelum diajukan."))
    if appraisal.appraiser_id is None:
        raise DomainError(_("Pejabat penilai belum ada (jabatan atasan kosong); hubungi BKPSDM."))
    before = appraisal.status
    appraisal.submit()
    appraisal.save()
    audit.record(
        actor=actor, action="appraisal.submit", target=appraisal, from_state=before, to_state=appraisal.status
    )
    notify_users(
        [appraiser_user(appraisal)],
        title=_("SKP %(name)s menunggu persetujuan Anda") % {"name": appraisal.employee.name},
        appraisal=appraisal,
    )
    return appraisal


@transaction.atomic
def appraisal_agree(*, appraisal: Appraisal, actor, note: str = "") -> Appraisal:
    appraisal = locked(appraisal)
    check(appraisal, "agree", actor)
    before = appraisal.status
    appraisal.agree()
    appraisal.save()
    audit.record(
        actor=actor,
        action="appraisal.agree",
        target=appraisal,
        from_state=before,
        to_state=appraisal.status,
        note=note,
    )
    notify_users(
        [employee_user(appraisal)], title=_("SKP Anda telah disepakati"), appraisal=appraisal, body=note
    )
    return appraisal


@transaction.atomic
def appraisal_return(*, appraisal: Appraisal, actor, note: str) -> Appraisal:
    """The appraiser returns the plan to the employee for changes; the note says what to change."""
    if not (note or "").strip():
        raise DomainError(_("Catatan pengembalian wajib diisi."), field="note")
    appraisal = locked(appraisal)
    check(appraisal, "return_to_employee", actor)
    before = appraisal.status
    appraisal.return_to_employee(note=note.strip())
    appraisal.save()
    audit.record(
        actor=actor,
        action="appraisal.return",
        target=appraisal,
        from_state=before,
        to_state=appraisal.status,
        note=note,
    )
    notify_users(
        [employee_user(appraisal)],
        title=_("SKP Anda dikembalikan untuk diperbaiki"),
        appraisal=appraisal,
        body=note,
    )
    return appraisal


@transaction.atomic
def indicator_realise(
    *, indicator: Indicator, actor, realised: Decimal, evidence_url: str = "", evidence_file=None
) -> Indicator:
    """During the year the employee records the realisation of an indicator with its evidence."""
    appraisal = locked(indicator.result_plan.appraisal)
    check(appraisal, "record_realisation", actor)
    if realised is None or realised < 0:
        raise DomainError(_("Realisasi harus berupa angka 0 atau lebih."), field="realised")
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = indicator.realised
    indicator.realised = realised
    if evidence_url:
        indicator.evidence_url = evidence_url
    if evidence_file is not None:
        indicator.evidence_file = evidence_file
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
    *, appraisal: Appraisal, actor, note: str, date: dt.date | None = None, quarter: int | None = None
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


@transaction.atomic
def appraisal_rate(
    *,
    appraisal: Appraisal,
    actor,
    behaviour_rating: str,
    results_rating: str = "",
    results_justification: str = "",
    behaviours: dict[str, dict] | None = None,
) -> Appraisal:
    """The appraiser rates results and behaviour; the predicate follows from the matrix.

    Objectivity (REGULATION.md 3): the system suggests the results rating from the average indicator
    achievement and the Policy thresholds; a different rating needs a written justification, which is
    kept and shown to the employee. For a unit head the unit's organisational rating is the results
    rating.
    """
    appraisal = locked(appraisal)
    check(appraisal, "rate", actor)
    if behaviour_rating not in Rating.values:
        raise DomainError(_("Rating perilaku kerja wajib dipilih."), field="behaviour_rating")
    if results_rating and results_rating not in Rating.values:
        raise DomainError(_("Rating hasil kerja tidak dikenal."), field="results_rating")
    justification = (results_justification or "").strip()
    policy = evaluation.policy_for_region_id(appraisal.period.region_id)
    summary = evaluation.appraisal_achievement(appraisal, policy=policy)
    suggested = summary.suggested
    head_op = evaluation.headed_org_performance(appraisal)
    if head_op is not None:
        suggested = rules.UNIT_HEAD_RESULTS[head_op.rating]
        if results_rating and results_rating != suggested:
            raise DomainError(
                _(
                    "Bagi kepala unit, rating hasil kerja mengikuti predikat kinerja organisasi '%(org)s': %(r)s."
                )
                % {"org": head_op.get_rating_display(), "r": Rating(suggested).label},
                field="results_rating",
            )
        results_rating = suggested
    if not results_rating:
        raise DomainError(_("Rating hasil kerja wajib dipilih."), field="results_rating")
    if suggested and results_rating != suggested and not justification:
        raise DomainError(
            _(
                "Rating hasil kerja berbeda dari saran sistem (%(s)s, rata-rata capaian %(avg)s%%): "
                "tuliskan justifikasinya."
            )
            % {"s": Rating(suggested).label, "avg": summary.average},
            field="results_justification",
        )
    behaviours = behaviours or {}
    unknown = set(behaviours) - set(CoreValue.values)
    if unknown:
        raise DomainError(
            _("Nilai BerAKHLAK tidak dikenal: %(v)s") % {"v": ", ".join(sorted(unknown))}, field="behaviours"
        )
    if any((item or {}).get("rating") not in (None, "", *Rating.values) for item in behaviours.values()):
        raise DomainError(_("Rating nilai BerAKHLAK tidak dikenal."), field="behaviours")
    predicate = rules.predicate_for(results=results_rating, behaviour=behaviour_rating)

    appraisal.behaviour_ratings.all().delete()
    BehaviourRating.objects.bulk_create(
        BehaviourRating(
            appraisal=appraisal,
            value=value,
            rating=behaviours.get(value, {}).get("rating") or behaviour_rating,
            note=behaviours.get(value, {}).get("note", ""),
        )
        for value in CoreValue.values
    )
    before = appraisal.status
    appraisal.rate()
    appraisal.average_achievement = summary.average
    appraisal.results_suggested = suggested
    appraisal.results_rating = results_rating
    appraisal.results_justification = justification
    appraisal.behaviour_rating = behaviour_rating
    appraisal.predicate = predicate
    appraisal.save()
    audit.record(
        actor=actor,
        action="appraisal.rate",
        target=appraisal,
        from_state=before,
        to_state=appraisal.status,
        note=justification,
        flagged=bool(suggested and results_rating != suggested),
        data={
            "results_rating": results_rating,
            "results_suggested": suggested,
            "average_achievement": None if summary.average is None else str(summary.average),
            "behaviour_rating": behaviour_rating,
            "predicate": predicate,
        },
    )
    notify_users(
        [employee_user(appraisal)],
        title=_("SKP Anda telah dinilai: %(p)s") % {"p": appraisal.get_predicate_display()},
        appraisal=appraisal,
    )
    return appraisal


@transaction.atomic
def appraisal_acknowledge(*, appraisal: Appraisal, actor) -> Appraisal:
    appraisal = locked(appraisal)
    check(appraisal, "acknowledge", actor)
    before = appraisal.status
    appraisal.acknowledge()
    appraisal.save()
    audit.record(
        actor=actor,
        action="appraisal.acknowledge",
        target=appraisal,
        from_state=before,
        to_state=appraisal.status,
    )
    notify_users([appraiser_user(appraisal)], title=_("Penilaian SKP diterima pegawai"), appraisal=appraisal)
    return appraisal


@transaction.atomic
def appraisal_object(*, appraisal: Appraisal, actor, reason: str) -> Appraisal:
    """The employee objects to the rating with a reason; the appraiser may rate again, HR decides."""
    if not (reason or "").strip():
        raise DomainError(_("Alasan keberatan wajib diisi."), field="reason")
    appraisal = locked(appraisal)
    check(appraisal, "object_to", actor)
    before = appraisal.status
    appraisal.object_to(reason=reason.strip())
    appraisal.save()
    audit.record(
        actor=actor,
        action="appraisal.object",
        target=appraisal,
        from_state=before,
        to_state=appraisal.status,
        note=reason,
    )
    from core.models import User

    hr_users = list(User.objects.filter(groups__name=access.HR, is_active=True)[:20])
    notify_users(
        [appraiser_user(appraisal), *hr_users],
        title=_("Keberatan atas penilaian SKP %(name)s") % {"name": appraisal.employee.name},
        appraisal=appraisal,
        body=reason,
    )
    return appraisal


@transaction.atomic
def appraisal_finalise(*, appraisal: Appraisal, actor) -> Appraisal:
    """HR finalises one SKP. The distribution rules of the organisational rating covering it are
    checked on the whole set as it would be (REGULATION.md 3); a breach is refused with the rule and
    the counts."""
    appraisal = locked(appraisal)
    check(appraisal, "finalise", actor)
    op = evaluation.org_performance_for(appraisal)
    if op is not None:
        _refuse_violations(
            evaluation.distribution_violations(op, overrides={appraisal.pk: appraisal.predicate})
        )
    before = appraisal.status
    appraisal.finalise(by=actor)
    appraisal.save()
    audit.record(
        actor=actor,
        action="appraisal.finalise",
        target=appraisal,
        from_state=before,
        to_state=appraisal.status,
    )
    notify_users([employee_user(appraisal)], title=_("SKP Anda telah final"), appraisal=appraisal)
    return appraisal


def _refuse_violations(violations) -> None:
    if violations:
        messages = [v.message for v in violations]
        raise DomainError(" ".join(messages), errors={"detail": messages})


FINALISABLE = (AppraisalStatus.RATED, AppraisalStatus.ACKNOWLEDGED, AppraisalStatus.OBJECTED)
