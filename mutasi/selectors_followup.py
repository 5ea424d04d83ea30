"""Reads of the transfer follow-ups: post-transfer evaluations, training needs per agency, delegations
and an agency's transfers with their stage ages (DESIGN.md 5). Access rules from mutasi.permissions, as in
mutasi.selectors (which re-exports these)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateTimeField,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, RowNumber
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access
from core.types import Actor
from instansi.models import Agency, Position
from mutasi import board_sql, permissions
from mutasi.choices import Decision, Status, TransferKind
from mutasi.filters import EVALUATION_OVERDUE_DAYS, EvaluationFilter
from mutasi.models import ApprovalStep, PostTransferEvaluation, TransferRequest
from mutasi.permissions import visible_evaluations

# --- post-transfer evaluations ---------------------------------------------------------------------


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
    filterset = EvaluationFilter(filters or {}, queryset=visible_evaluations(viewer, _evaluation_qs()))
    if strict and not filterset.is_valid():
        raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
    return filterset.qs


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


# --- delegations -----------------------------------------------------------------------------------


def delegable_positions(*, viewer: Actor):
    """Posts the viewer may name a Plt/Plh for: any head or approver post for HR, else their own post
    when it decides a stage (mutasi.permissions.may_delegate)."""

    if access.is_hr(viewer):
        return (
            Position.objects.filter(
                Q(is_head=True)
                | Q(special_role__in=["secretary", "regional_head"])
                | Q(pk__in=Position.objects.filter(superior__isnull=False).values("superior_id"))
            )
            .select_related("agency")
            .order_by("agency__name", "title")
        )
    me = access.employee_of(viewer)
    if me is None or me.position is None or not permissions.may_delegate(viewer, me.position):
        return Position.objects.none()
    return Position.objects.filter(pk=me.position_id).select_related("agency")


# --- an agency's transfers with their stage ages (agency dashboard, DESIGN.md 5) --------------------
BOARD_STATUSES = (Status.IN_REVIEW, Status.RETURNED, Status.APPROVED, Status.DECREED)
# Rows shown per group (incoming, outgoing, rotation): the longest waiting. The group's badge shows
# every open request of the agency the viewer may see; the rest are in the viewer's request lists.
BOARD_ROWS = 10


@dataclass
class BoardRow:
    request: TransferRequest
    stage: str
    since: dt.date | None
    days: int | None
    url: str = ""


def agency_transfer_board(*, viewer, agency_id: int, today: dt.date | None = None) -> dict:
    """Open requests into and out of one agency: per group the BOARD_ROWS that have waited longest at
    their current stage (since the step started, the return, the final approval or the decree) and
    the group's total. One query whatever their number: the stage start comes from subqueries, the
    ranking and the totals from window functions over the viewer's visible requests."""
    today = today or timezone.localdate()
    rows: dict = {"incoming": [], "outgoing": [], "rotation": []}
    totals = dict.fromkeys(rows, 0)
    for request, group, total in _board_requests(viewer, agency_id):
        stage, since = _stage_and_since(request)
        days = (today - since).days if since else None
        url = reverse("mutasi:detail", args=[request.pk])
        rows[group].append(BoardRow(request, stage, since, days, url))
        totals[group] = total
    for items in rows.values():
        items.sort(key=lambda r: (r.days is None, -(r.days or 0), r.request.pk))
    return {**rows, "totals": totals}


def _board_requests(viewer, agency_id: int) -> list[tuple[TransferRequest, str, int]]:
    """(request, group, group total) of the shown rows among the requests the viewer may see
    (mutasi.selectors.visible_transfers): on PostgreSQL by the statement of mutasi.board_sql (the
    fast path, same answer), elsewhere by the ORM query."""
    from mutasi.selectors import visible_transfers

    visible = visible_transfers(
        viewer,
        TransferRequest.objects.filter(
            Q(origin_agency_id=agency_id) | Q(destination_agency_id=agency_id), status__in=BOARD_STATUSES
        ),
    )
    if connection.vendor == "postgresql":
        return board_sql.board_requests(visible, agency_id=agency_id, limit=BOARD_ROWS)
    return [(r, r.board_group, r.board_total) for r in _board_queryset(visible, agency_id)]


def _board_queryset(visible: QuerySet[TransferRequest], agency_id: int) -> QuerySet[TransferRequest]:
    """The board's query with the ORM (the plain path; mutasi.board_sql must answer the same): the
    shown rows among the `visible` requests with `board_group`, `waiting_since` and `board_total`."""
    pending = ApprovalStep.objects.filter(
        request=OuterRef("pk"), round=OuterRef("round"), decision=Decision.PENDING, activated_at__isnull=False
    ).order_by("order")
    returned = (
        ApprovalStep.objects.filter(request=OuterRef("pk"), decision=Decision.RETURNED)
        .values("request")
        .annotate(at=Max("decided_at"))
        .values("at")
    )
    rotation = Q(kind=TransferKind.ROTATION) | Q(origin_agency_id=F("destination_agency_id"))
    return (
        visible.select_related("employee", "destination_position", "decree")
        .annotate(
            board_group=Case(
                When(rotation, then=Value("rotation")),
                When(destination_agency_id=agency_id, then=Value("incoming")),
                default=Value("outgoing"),
                output_field=CharField(),
            ),
            waiting_since=Case(
                When(status=Status.IN_REVIEW, then=Subquery(pending.values("activated_at")[:1])),
                When(status=Status.RETURNED, then=Subquery(returned)),
                When(status=Status.APPROVED, then=F("decided_at")),
                default=Cast("decree__date", DateTimeField()),
                output_field=DateTimeField(),
            ),
        )
        .annotate(
            board_rank=Window(
                RowNumber(),
                partition_by=[F("board_group")],
                order_by=[F("waiting_since").asc(nulls_last=True), F("pk").asc()],
            ),
            board_total=Window(Count("pk"), partition_by=[F("board_group")]),
        )
        .filter(board_rank__lte=BOARD_ROWS)
        .order_by()
    )


def _stage_and_since(request: TransferRequest) -> tuple[str, dt.date | None]:
    def day(value):
        return timezone.localdate(value) if value else None

    if request.status == Status.IN_REVIEW:
        return request.get_current_stage_display() or _("Dalam proses"), day(request.waiting_since)
    if request.status == Status.RETURNED:
        return _("Dikembalikan ke pengusul"), day(request.waiting_since)
    if request.status == Status.APPROVED:
        return _("Menunggu SK"), day(request.decided_at)
    tmt = request.decree.tmt.strftime("%d-%m-%Y") if request.decree_id else ""
    return _("SK terbit, menunggu TMT %(tmt)s") % {
        "tmt": tmt
    }, request.decree.date if request.decree_id else None
