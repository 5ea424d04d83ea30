"""Reads of the post-transfer evaluations (evaluasi pascamutasi) and the training needs the new heads
name in them, per destination agency. Who may see or do what: mutasi.permissions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from core.filter_sets import filtered
from core.types import Actor
from instansi.models import Agency
from mutasi import permissions
from mutasi.filters import EVALUATION_OVERDUE_DAYS, EvaluationFilter
from mutasi.models import PostTransferEvaluation
from mutasi.permissions import visible_evaluations


def _evaluation_qs() -> QuerySet[PostTransferEvaluation]:
    return PostTransferEvaluation.objects.select_related(
        "employee",
        "request__destination_position__agency",
        "request__destination_agency",
        "request__decree",
        "rated_by",
    ).order_by("due_date", "pk")


def evaluation_list(
    *, viewer: Actor, filters: dict | None = None, strict: bool = False
) -> QuerySet[PostTransferEvaluation]:
    """`strict` (the API): a malformed filter is a 400 with its field message; pages ignore it."""
    return filtered(EvaluationFilter, filters, visible_evaluations(viewer, _evaluation_qs()), strict=strict)


def evaluation_get(*, viewer: Actor, pk: int) -> PostTransferEvaluation:
    try:
        return visible_evaluations(viewer, _evaluation_qs()).get(pk=pk)
    except PostTransferEvaluation.DoesNotExist:
        raise Http404


@dataclass
class EvaluationRow:
    evaluation: PostTransferEvaluation
    is_due: bool
    overdue: bool
    can_rate: bool
    can_answer: bool


def evaluation_rows(
    *, viewer: Actor, evaluations: list[PostTransferEvaluation], today: dt.date | None = None
):
    """What the viewer may do on each listed evaluation, without a query per row (the evaluator posts
    come from the select_related destination post)."""
    today = today or timezone.localdate()
    posts = permissions.acting_post_ids(viewer, today)
    return [
        EvaluationRow(
            evaluation=ev,
            is_due=ev.due_date <= today,
            overdue=not ev.is_complete and ev.due_date < today - dt.timedelta(days=EVALUATION_OVERDUE_DAYS),
            can_rate=permissions.can_rate(ev, acting_posts=posts, today=today),
            can_answer=permissions.can_answer(ev, viewer, today=today),
        )
        for ev in evaluations
    ]


@dataclass
class TrainingNeed:
    text: str
    count: int
    employees: list[str]


@dataclass
class AgencyTrainingNeeds:
    agency: Agency
    needs: list[TrainingNeed] = field(default_factory=list)
    evaluations: list[PostTransferEvaluation] = field(default_factory=list)


def training_needs_by_agency(*, viewer: Actor, agency_id: int | None = None) -> list[AgencyTrainingNeeds]:
    """Training needs named by the new heads in post-transfer evaluations, per destination agency, the
    most frequent first (one need per line; the same need written twice counts twice). Region readers
    see every agency, an agency head their own; one query whatever the size."""
    may_read, allowed = permissions.training_needs_agency(viewer, agency_id)
    if not may_read:
        raise PermissionDenied
    qs = (
        PostTransferEvaluation.objects.exclude(training_needs="")
        .filter(request__destination_agency__isnull=False)
        .select_related("employee", "request__destination_agency")
        .order_by("request__destination_agency__name", "due_date", "pk")
    )
    if allowed is not None:
        qs = qs.filter(request__destination_agency_id=allowed)
    by_agency: dict[int, AgencyTrainingNeeds] = {}
    counted: dict[int, dict[str, TrainingNeed]] = defaultdict(dict)
    for ev in qs:
        agency = ev.request.destination_agency
        group = by_agency.setdefault(agency.pk, AgencyTrainingNeeds(agency=agency))
        group.evaluations.append(ev)
        for line in ev.training_needs.splitlines():
            text = line.strip()
            if not text:
                continue
            need = counted[agency.pk].setdefault(text.casefold(), TrainingNeed(text, 0, []))
            need.count += 1
            if ev.employee.full_name not in need.employees:
                need.employees.append(ev.employee.full_name)
    for pk, group in by_agency.items():
        group.needs = sorted(counted[pk].values(), key=lambda n: (-n.count, n.text.casefold()))
    return list(by_agency.values())
