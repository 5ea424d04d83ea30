"""Post-transfer evaluations (evaluasi pascamutasi): +3 and +6 months after TMT the new head rates how
the employee adapted and names training needs; the employee adds their own view (issue 5, point 7)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import DomainError, TransitionNotAllowed
from core.formatting import date_long
from core.services import notify
from core.types import Actor
from mutasi import permissions
from mutasi.choices import AdaptationRating, VoiceHeard
from mutasi.models import PostTransferEvaluation

# Training needs are written one per line, so HR can count them per agency
# (mutasi.selectors.training_needs_by_agency).
MAX_TRAINING_NEEDS = 10


def evaluation_url(evaluation: PostTransferEvaluation) -> str:
    return f"{reverse('mutasi:evaluations')}#evaluasi-{evaluation.pk}"


evaluators = permissions.evaluation_deciders


def _lock(evaluation_id: int) -> PostTransferEvaluation:
    return (
        PostTransferEvaluation.objects.select_for_update(of=("self",))
        .select_related("employee", "request__destination_position__agency")
        .get(pk=evaluation_id)
    )


def _require_due(evaluation: PostTransferEvaluation, today: dt.date) -> None:
    # An evaluation "+3 months after TMT" says something only once those months have passed.
    if today < evaluation.due_date:
        raise TransitionNotAllowed(
            _("Evaluasi ini baru dapat diisi mulai %(d)s.") % {"d": date_long(evaluation.due_date)}
        )


def clean_training_needs(text: str) -> list[str]:
    lines = [" ".join(line.split()) for line in (text or "").replace(";", "\n").splitlines()]
    needs = list(dict.fromkeys(line.strip(" -•*") for line in lines if line.strip(" -•*")))
    if len(needs) > MAX_TRAINING_NEEDS:
        raise DomainError(
            _("Paling banyak %(n)s kebutuhan pelatihan.") % {"n": MAX_TRAINING_NEEDS}, field="training_needs"
        )
    return needs


def evaluation_rate_check(
    evaluation: PostTransferEvaluation, actor: Actor, *, today: dt.date | None = None
) -> Actor | None:
    """Who may rate, and when: 403 unless the actor holds or acts for an evaluator post, 409 once
    rated or before the due date. Asked by `evaluation_rate` under its lock and by the API before it
    reads the input (core.api_permissions.ActsOn). Returns on whose behalf a Plt/Plh rates."""
    today = today or timezone.localdate()
    allowed, behalf = permissions.rating_right(actor, evaluation, on=today)
    if not allowed:
        raise PermissionDenied(_("Hanya atasan di jabatan baru yang menilai adaptasi."))
    if evaluation.rated_at is not None:
        raise TransitionNotAllowed(_("Evaluasi ini sudah dinilai."))
    _require_due(evaluation, today)
    return behalf


def evaluation_answer_check(
    evaluation: PostTransferEvaluation, actor: Actor, *, today: dt.date | None = None
) -> None:
    """Who may answer, and when: 403 unless the actor is the moved employee, 409 once answered or
    before the due date (asked by `evaluation_answer` and by the API before the input)."""
    if not permissions.is_evaluated_employee(evaluation, actor):
        raise PermissionDenied(_("Hanya pegawai yang dievaluasi yang mengisi pandangannya."))
    if evaluation.employee_answered_at is not None:
        raise TransitionNotAllowed(_("Pandangan Anda sudah tercatat."))
    _require_due(evaluation, today or timezone.localdate())


@transaction.atomic
def evaluation_rate(
    *,
    evaluation_id: int,
    actor: Actor,
    adaptation: str,
    training_needs: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> PostTransferEvaluation:
    """The new head (head of the destination agency or direct superior of the new post, or their
    Plt/Plh) rates adaptation and names training needs, once, from the due date on."""
    today = today or timezone.localdate()
    evaluation = _lock(evaluation_id)
    behalf = evaluation_rate_check(evaluation, actor, today=today)
    if adaptation not in AdaptationRating.values:
        raise DomainError(_("Pilih penilaian adaptasi."), field="adaptation")
    needs = clean_training_needs(training_needs)
    evaluation.adaptation = adaptation
    evaluation.training_needs = "\n".join(needs)
    evaluation.head_note = note.strip()
    evaluation.rated_by = actor
    evaluation.rated_at = timezone.now()
    evaluation.save()
    audit.record(
        actor=actor,
        on_behalf_of=behalf,
        action="evaluation.rate",
        target=evaluation.request,
        note=evaluation.head_note,
        data={
            "evaluation": evaluation.pk,
            "months_after": evaluation.months_after,
            "adaptation": adaptation,
            "training_needs": needs,
        },
    )
    if evaluation.employee.user_id and evaluation.employee_answered_at is None:
        notify(
            recipients=[evaluation.employee.user],
            title=_("Atasan telah mengisi evaluasi pascamutasi %(m)s bulan: tambahkan pandangan Anda")
            % {"m": evaluation.months_after},
            url=evaluation_url(evaluation),
        )
    return evaluation


@transaction.atomic
def evaluation_answer(
    *, evaluation_id: int, actor: Actor, view: str, voice_heard: str = "", today: dt.date | None = None
) -> PostTransferEvaluation:
    """The moved employee adds their own view, once, from the due date on, and says whether their
    objection or wish was heard (`voice_heard`, issue 21 point 5: does consultation work?)."""
    today = today or timezone.localdate()
    evaluation = _lock(evaluation_id)
    evaluation_answer_check(evaluation, actor, today=today)
    if not view or not view.strip():
        raise DomainError(_("Tuliskan pandangan Anda."), field="view")
    if voice_heard and voice_heard not in VoiceHeard.values:
        raise DomainError(_("Pilih salah satu jawaban."), field="voice_heard")
    evaluation.employee_view = view.strip()
    evaluation.voice_heard = voice_heard
    evaluation.employee_answered_at = timezone.now()
    evaluation.save()
    audit.record(
        actor=actor,
        action="evaluation.answer",
        target=evaluation.request,
        note=evaluation.employee_view,
        data={
            "evaluation": evaluation.pk,
            "months_after": evaluation.months_after,
            "voice_heard": evaluation.voice_heard,
        },
    )
    notify(
        recipients=[evaluation.rated_by] if evaluation.rated_by_id else evaluators(evaluation, on=today),
        title=_("Pegawai menanggapi evaluasi pascamutasi %(m)s bulan: %(name)s")
        % {"m": evaluation.months_after, "name": evaluation.employee.full_name},
        url=evaluation_url(evaluation),
    )
    return evaluation


def evaluation_reminders(*, today: dt.date | None = None) -> int:
    """Once an evaluation is due, remind whoever has not filled their part (the new head, the
    employee), once per evaluation; one transaction each. Returns how many were reminded."""
    today = today or timezone.localdate()
    due = PostTransferEvaluation.objects.filter(
        Q(rated_at__isnull=True) | Q(employee_answered_at__isnull=True),
        due_date__lte=today,
        reminded_on__isnull=True,
    )
    reminded = 0
    for pk in due.order_by("due_date", "pk").values_list("pk", flat=True):
        with transaction.atomic():
            evaluation = _lock(pk)
            if evaluation.reminded_on is not None or evaluation.is_complete:
                continue
            recipients = []
            if evaluation.rated_at is None:
                recipients += evaluators(evaluation, on=today)
            if evaluation.employee_answered_at is None and evaluation.employee.user_id:
                recipients.append(evaluation.employee.user)
            evaluation.reminded_on = today
            evaluation.save(update_fields=["reminded_on", "updated_at"])
            audit.record(
                actor=None,
                action="evaluation.remind",
                target=evaluation.request,
                note=_("Evaluasi %(m)s bulan jatuh tempo %(d)s.")
                % {"m": evaluation.months_after, "d": date_long(evaluation.due_date)},
                data={"evaluation": evaluation.pk, "recipients": [u.pk for u in recipients]},
            )
            notify(
                recipients=recipients,
                title=_("Evaluasi pascamutasi %(m)s bulan %(name)s sudah jatuh tempo")
                % {"m": evaluation.months_after, "name": evaluation.employee.full_name},
                body=_("Jatuh tempo %(d)s.") % {"d": date_long(evaluation.due_date)},
                url=evaluation_url(evaluation),
            )
            reminded += 1
    return reminded
