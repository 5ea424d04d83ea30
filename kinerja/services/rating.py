"""Rating, the employee's answer and finalisation of an SKP (REGULATION.md 3): the predicate follows
from the matrix; finalising checks the distribution rules of the organisational rating."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core import access, audit
from core.exceptions import DomainError
from core.types import Actor
from kinerja import evaluation, rules
from kinerja.choices import AppraisalStatus, CoreValue, Rating
from kinerja.models import Appraisal, BehaviourRating
from kinerja.services._common import (
    MAX_AVERAGE_ACHIEVEMENT,
    appraiser_user,
    check,
    employee_user,
    locked,
    notify_users,
    transition,
)
from kinerja.services.appraisals import transition_with_reason


@transaction.atomic
def appraisal_rate(
    *,
    appraisal: Appraisal,
    actor: Actor,
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
    summary = evaluation.appraisal_achievement(
        appraisal, policy=evaluation.policy_for_region_id(appraisal.period.region_id)
    )
    results_rating, suggested = _results_rating(appraisal, summary, results_rating, justification)
    behaviours = _checked_behaviours(behaviours or {})
    predicate = rules.predicate_for(results=results_rating, behaviour=behaviour_rating)

    _replace_behaviour_ratings(appraisal, behaviours, default=behaviour_rating)
    before = appraisal.status
    appraisal.rate()
    # The column keeps 8 digits (999,999.99 %); a typo such as 1,000,000 realised against a target of
    # 100 goes beyond it. The stored figure is capped; the audit row below keeps the real one.
    appraisal.average_achievement = (
        None if summary.average is None else min(summary.average, MAX_AVERAGE_ACHIEVEMENT)
    )
    appraisal.results_suggested = suggested
    appraisal.results_rating = results_rating
    appraisal.results_justification = justification
    appraisal.behaviour_rating = behaviour_rating
    appraisal.predicate = predicate
    appraisal.save()
    _record_rating(appraisal, actor=actor, before=before, summary=summary)
    notify_users(
        [employee_user(appraisal)],
        title=_("SKP Anda telah dinilai: %(p)s") % {"p": appraisal.get_predicate_display()},
        appraisal=appraisal,
    )
    return appraisal


def _record_rating(
    appraisal: Appraisal, *, actor: Actor, before: str, summary: evaluation.Achievement
) -> None:
    """The audit row of a rating: flagged when the results rating differs from the suggestion, with
    the real average achievement (the stored one is capped)."""
    justification = appraisal.results_justification
    suggested, results_rating = appraisal.results_suggested, appraisal.results_rating
    behaviour_rating, predicate = appraisal.behaviour_rating, appraisal.predicate
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


def _results_rating(
    appraisal: Appraisal, summary: evaluation.Achievement, chosen: str, justification: str
) -> tuple[str, str]:
    """The results rating as decided and the system's suggestion (REGULATION.md 3).

    A unit head's results rating is the organisational rating of the unit they lead, whatever was
    chosen; anyone else's may differ from the suggestion only with a written justification."""
    suggested = summary.suggested
    head_op = evaluation.headed_org_performance(appraisal)
    if head_op is not None:
        suggested = rules.UNIT_HEAD_RESULTS[head_op.rating]
        if chosen and chosen != suggested:
            raise DomainError(
                _(
                    "Bagi kepala unit, rating hasil kerja mengikuti predikat kinerja organisasi '%(org)s': %(r)s."
                )
                % {"org": head_op.get_rating_display(), "r": Rating(suggested).label},
                field="results_rating",
            )
        chosen = suggested
    if not chosen:
        raise DomainError(_("Rating hasil kerja wajib dipilih."), field="results_rating")
    if suggested and chosen != suggested and not justification:
        raise DomainError(
            _(
                "Rating hasil kerja berbeda dari saran sistem (%(s)s, rata-rata capaian %(avg)s%%): "
                "tuliskan justifikasinya."
            )
            % {"s": Rating(suggested).label, "avg": summary.average},
            field="results_justification",
        )
    return chosen, suggested


def _checked_behaviours(behaviours: dict[str, dict]) -> dict[str, dict]:
    """Per-value ratings may name only the BerAKHLAK core values and the known ratings."""
    unknown = set(behaviours) - set(CoreValue.values)
    if unknown:
        raise DomainError(
            _("Nilai BerAKHLAK tidak dikenal: %(v)s") % {"v": ", ".join(sorted(unknown))}, field="behaviours"
        )
    if any((item or {}).get("rating") not in (None, "", *Rating.values) for item in behaviours.values()):
        raise DomainError(_("Rating nilai BerAKHLAK tidak dikenal."), field="behaviours")
    return behaviours


def _replace_behaviour_ratings(appraisal: Appraisal, behaviours: dict[str, dict], *, default: str) -> None:
    """One row per core value; a value rated on its own keeps its rating, the others take `default`."""
    appraisal.behaviour_ratings.all().delete()
    BehaviourRating.objects.bulk_create(
        BehaviourRating(
            appraisal=appraisal,
            value=value,
            rating=behaviours.get(value, {}).get("rating") or default,
            note=behaviours.get(value, {}).get("note", ""),
        )
        for value in CoreValue.values
    )


@transaction.atomic
def appraisal_acknowledge(*, appraisal: Appraisal, actor: Actor) -> Appraisal:
    appraisal = locked(appraisal)
    check(appraisal, "acknowledge", actor)
    transition(appraisal, "acknowledge", actor=actor, action="appraisal.acknowledge")
    notify_users([appraiser_user(appraisal)], title=_("Penilaian SKP diterima pegawai"), appraisal=appraisal)
    return appraisal


@transaction.atomic
def appraisal_object(*, appraisal: Appraisal, actor: Actor, reason: str) -> Appraisal:
    """The employee objects to the rating with a reason; the appraiser may rate again, HR decides."""
    appraisal = transition_with_reason(
        appraisal,
        "object_to",
        actor=actor,
        action="appraisal.object",
        field="reason",
        text=reason,
        missing=_("Alasan keberatan wajib diisi."),
    )
    notify_users(
        [appraiser_user(appraisal), *access.hr_users()],
        title=_("Keberatan atas penilaian SKP %(name)s") % {"name": appraisal.employee.name},
        appraisal=appraisal,
        body=reason,
    )
    return appraisal


@transaction.atomic
def appraisal_finalise(*, appraisal: Appraisal, actor: Actor) -> Appraisal:
    """HR finalises one SKP. The distribution rules of the organisational rating covering it are
    checked on the whole set as it would be (REGULATION.md 3); a breach is refused with the rule and
    the counts."""
    appraisal = locked(appraisal)
    check(appraisal, "finalise", actor)
    op = evaluation.org_performance_for(appraisal)
    if op is not None:
        refuse_violations(
            evaluation.distribution_violations(op, overrides={appraisal.pk: appraisal.predicate})
        )
    transition(appraisal, "finalise", actor=actor, action="appraisal.finalise", by=actor)
    notify_users([employee_user(appraisal)], title=_("SKP Anda telah final"), appraisal=appraisal)
    return appraisal


def refuse_violations(violations) -> None:
    if violations:
        messages = [v.message for v in violations]
        raise DomainError(" ".join(messages), errors={"detail": messages})


FINALISABLE = (AppraisalStatus.RATED, AppraisalStatus.ACKNOWLEDGED, AppraisalStatus.OBJECTED)
