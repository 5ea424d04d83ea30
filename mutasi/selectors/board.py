"""The agency transfer board (agency dashboard, DESIGN.md 5): an agency's open requests, incoming,
outgoing and rotation, with how long each has waited at its current stage. The ORM query here is the
plain path; on PostgreSQL the statement of mutasi.selectors.board_sql (the fast path) answers the same.
Who may see a request: mutasi.permissions.visible_transfers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.types import Actor
from mutasi.choices import Decision, Status, TransferKind
from mutasi.models import ApprovalStep, TransferRequest
from mutasi.permissions import visible_transfers
from mutasi.selectors import board_sql

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


def agency_transfer_board(*, viewer: Actor, agency_id: int, today: dt.date | None = None) -> dict:
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


def _board_requests(viewer: Actor, agency_id: int) -> list[tuple[TransferRequest, str, int]]:
    """(request, group, group total) of the shown rows among the requests the viewer may see
    (mutasi.permissions.visible_transfers): on PostgreSQL by the statement of
    mutasi.selectors.board_sql (the fast path, same answer), elsewhere by the ORM query."""
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
    """The board's query with the ORM (the plain path; mutasi.selectors.board_sql must answer the same): the
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
