"""Periods, organisational performance, team goals and set finalisation (HR side of REGULATION.md 3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core import access, audit
from core.exceptions import DomainError
from core.types import Actor
from instansi.models import Agency, Region, Unit
from kinerja import evaluation, permissions
from kinerja.choices import OrgRating
from kinerja.models import Appraisal, AppraisalPeriod, OrganisationPerformance, TeamGoal
from kinerja.services._common import clean_amount, clean_evidence_url, notify_users
from kinerja.services.rating import FINALISABLE, refuse_violations


def _require_hr(actor: Actor) -> None:
    if not permissions.may_manage_periods(actor):
        raise PermissionDenied(_("Hanya BKPSDM yang dapat melakukan tindakan ini."))


@transaction.atomic
def period_open(
    *, region: Region, year: int, actor: Actor, quarterly_checkins: bool = False
) -> AppraisalPeriod:
    """HR opens the appraisal year (Januari-Desember); one period per region and year."""
    _require_hr(actor)
    if AppraisalPeriod.objects.filter(region=region, year=year).exists():
        raise DomainError(_("Periode penilaian %(year)s sudah ada.") % {"year": year}, field="year")
    period = AppraisalPeriod.objects.create(
        region=region,
        year=year,
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        quarterly_checkins=quarterly_checkins,
        opened_by=actor,
    )
    audit.record(actor=actor, action="appraisal_period.open", target=period, to_state="open")
    return period


@transaction.atomic
def period_close(*, period: AppraisalPeriod, actor: Actor) -> AppraisalPeriod:
    """No new SKP after closing; running SKP still finish their workflow."""
    _require_hr(actor)
    period = AppraisalPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_open:
        from core.exceptions import TransitionNotAllowed

        raise TransitionNotAllowed(_("Periode sudah ditutup."))
    period.is_open = False
    period.save(update_fields=["is_open", "updated_at"])
    audit.record(
        actor=actor, action="appraisal_period.close", target=period, from_state="open", to_state="closed"
    )
    return period


@transaction.atomic
def organisation_performance_set(
    *,
    period: AppraisalPeriod,
    agency: Agency,
    actor: Actor,
    rating: str,
    unit: Unit | None = None,
    note: str = "",
) -> OrganisationPerformance:
    """HR records the organisational rating of an agency or a unit; it caps the spread of predicates.

    The rating may not be changed into one that the SKP already final under it would break."""
    _require_hr(actor)
    if rating not in OrgRating.values:
        raise DomainError(_("Predikat kinerja organisasi tidak dikenal."), field="rating")
    if unit is not None and unit.agency_id != agency.pk:
        raise DomainError(_("Unit kerja tidak berada di perangkat daerah ini."), field="unit")
    op = (
        OrganisationPerformance.objects.select_for_update()
        .filter(period=period, agency=agency, unit=unit)
        .first()
    )
    before = op.rating if op else ""
    if op is None:
        op = OrganisationPerformance(period=period, agency=agency, unit=unit)
    op.rating, op.note, op.set_by = rating, note, actor
    op.save()
    audit.record(
        actor=actor, action="org_performance.set", target=op, from_state=before, to_state=rating, note=note
    )
    return op


@transaction.atomic
def appraisal_set_finalise(
    *, period: AppraisalPeriod, agency: Agency, actor: Actor, unit: Unit | None = None
) -> list[Appraisal]:
    """HR finalises every rated SKP of an agency (or one unit) in one go, after checking the
    distribution rules of each organisational rating involved on the whole set (REGULATION.md 3).
    All or nothing: one breach refuses the whole set."""
    _require_hr(actor)
    qs = Appraisal.objects.filter(period=period, agency=agency)
    if unit is not None:
        qs = qs.filter(unit=unit)
    rows = list(
        qs.select_for_update(of=("self",))
        .filter(status__in=FINALISABLE)
        .select_related("employee__user")
        .order_by("id")
    )
    if not rows:
        raise DomainError(_("Tidak ada SKP yang siap difinalkan."))
    ops = OrganisationPerformance.objects.filter(period=period, agency=agency).filter(
        Q(unit__isnull=True) | Q(unit_id__in={a.unit_id for a in rows if a.unit_id})
    )
    violations = []
    for op in ops.select_related("unit", "agency"):
        violations += evaluation.distribution_violations(op)
    refuse_violations(violations)
    own = access.employee_of(actor)
    if own is not None and any(a.employee_id == own.pk for a in rows):
        raise PermissionDenied(_("SKP Anda sendiri tidak dapat Anda finalkan."))
    before = {a.pk: a.status for a in rows}
    for appraisal in rows:
        appraisal.finalise(by=actor)
    Appraisal.objects.bulk_update(rows, ["status", "finalised_at", "finalised_by"])
    for appraisal in rows:
        audit.record(
            actor=actor,
            action="appraisal.finalise",
            target=appraisal,
            from_state=before[appraisal.pk],
            to_state=appraisal.status,
            data={"set": unit.name if unit else agency.name},
        )
        notify_users([appraisal.employee.user], title=_("SKP Anda telah final"), appraisal=appraisal)
    return rows


@transaction.atomic
def team_goal_create(
    *,
    period: AppraisalPeriod,
    agency: Agency,
    actor: Actor,
    title: str,
    target: Decimal,
    unit_label: str,
    aspect: str = "quantity",
) -> TeamGoal:
    """A head of the agency (or HR) sets a shared team target; members link their RHK to it."""
    if not permissions.may_set_team_goals(actor, agency.pk):
        raise PermissionDenied(
            _("Hanya pimpinan di perangkat daerah ini atau BKPSDM yang dapat membuat target tim.")
        )
    target = clean_amount(target, field="target", minimum=Decimal("0.01"))
    goal = TeamGoal.objects.create(
        period=period,
        agency=agency,
        title=title,
        target=target,
        unit_label=unit_label,
        aspect=aspect,
        created_by=actor,
    )
    audit.record(actor=actor, action="team_goal.create", target=goal, note=title)
    return goal


def team_goal_realise_check(goal: TeamGoal, actor: Actor) -> None:
    """403 unless the actor may realise this goal (asked by the service and, before the input, the API)."""
    if not permissions.may_realise_team_goal(actor, goal):
        raise PermissionDenied(_("Anda tidak berwenang mengisi realisasi target tim ini."))


@transaction.atomic
def team_goal_realise(*, goal: TeamGoal, actor: Actor, realised: Decimal, evidence_url: str = "") -> TeamGoal:
    """The team's realisation; it counts as the achievement of every member's linked RHK."""
    team_goal_realise_check(goal, actor)
    # Checked here, not only in the API serializer: the page posts raw text, and the link is shown to
    # every member of the team (a `javascript:` link would be stored XSS).
    realised = clean_amount(realised, field="realised")
    evidence_url = clean_evidence_url(evidence_url)
    goal = TeamGoal.objects.select_for_update().get(pk=goal.pk)
    before = goal.realised
    goal.realised = realised
    if evidence_url:
        goal.evidence_url = evidence_url
    goal.save()
    audit.record(
        actor=actor,
        action="team_goal.realise",
        target=goal,
        from_state="" if before is None else str(before),
        to_state=str(realised),
    )
    return goal
