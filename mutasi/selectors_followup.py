"""Reads of the transfer follow-ups: post-transfer evaluations, training needs per agency, delegations
and an agency's transfers with their stage ages (DESIGN.md 5). Access rules from mutasi.permissions, as in
mutasi.selectors (which re-exports these)."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet, FullResultSet, PermissionDenied, ValidationError
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
from instansi.models import Agency, Employee, Position
from mutasi import permissions
from mutasi.choices import Decision, Status, TransferKind
from mutasi.filters import EVALUATION_OVERDUE_DAYS, EvaluationFilter
from mutasi.models import ApprovalStep, Decree, PostTransferEvaluation, TransferRequest
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
    from instansi.models import Position

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
# What the board shows and orders by, per model (table alias in _board_sql): the rows become model
# instances with only these fields loaded.
BOARD_COLUMNS = (
    (
        TransferRequest,
        "t",
        (
            "id",
            "number",
            "employee_id",
            "kind",
            "origin_agency_id",
            "origin_position_title",
            "origin_agency_name",
            "destination_position_id",
            "destination_agency_id",
            "external_instansi",
            "status",
            "current_stage",
            "round",
            "decided_at",
            "decree_id",
        ),
    ),
    (Employee, "e", ("id", "name", "front_title", "back_title")),
    (Position, "p", ("id", "title")),
    (Decree, "d", ("id", "date", "tmt")),
)


@dataclass
class BoardRow:
    request: TransferRequest
    stage: str
    since: dt.date | None
    days: int | None
    url: str = ""


@functools.cache
def _board_sql() -> tuple[str, str, tuple]:
    """The board query as text (before and after the viewer's access condition) and the loaded
    attribute names per model, built once per process. Built with the ORM (subqueries, CASE, window
    functions), the same query cost more to compile than to run, on every dashboard view. Written by
    hand, the stage start is computed once per request, not in three places, and the employee, post
    and decree are joined to the shown rows only."""
    qn = connection.ops.quote_name
    # The requests' table keeps its own name (no alias): the access condition compiled by the ORM
    # (_access_clause) refers to its columns by that name.
    tr = qn(TransferRequest._meta.db_table)
    inner, outer, loaded = [], [], []
    for model, alias, wanted in BOARD_COLUMNS:
        # Concrete field order: Model.from_db expects the loaded values in that order.
        fields = [f for f in model._meta.concrete_fields if f.attname in wanted]
        loaded.append((model, tuple(f.attname for f in fields)))
        if model is TransferRequest:
            inner += [f"{tr}.{qn(f.column)} AS c{i}" for i, f in enumerate(fields)]
            outer += [f"r.c{i}" for i in range(len(fields))]
        else:
            outer += [f"{alias}.{qn(f.column)}" for f in fields]
    step = qn(ApprovalStep._meta.db_table)
    # Only our own constants and table and column names are written into the text; the agency, the
    # row limit and the access condition's values are parameters.
    statuses = ", ".join(f"'{s.value}'" for s in BOARD_STATUSES)
    head = f"""
SELECT {", ".join(outer)}, r.board_group, r.waiting_since, r.board_total FROM (
  SELECT b.*,
    ROW_NUMBER() OVER (PARTITION BY b.board_group ORDER BY b.waiting_since ASC NULLS LAST, b.c0 ASC)
      AS board_rank,
    COUNT(*) OVER (PARTITION BY b.board_group) AS board_total
  FROM (
    SELECT {", ".join(inner)},
      CASE WHEN {tr}.kind = '{TransferKind.ROTATION.value}'
             OR {tr}.origin_agency_id = {tr}.destination_agency_id THEN 'rotation'
           WHEN {tr}.destination_agency_id = %s THEN 'incoming'
           ELSE 'outgoing' END AS board_group,
      CASE {tr}.status
        WHEN '{Status.IN_REVIEW.value}' THEN (
          SELECT s.activated_at FROM {step} s
          WHERE s.request_id = {tr}.id AND s.round = {tr}.round AND s.decision = '{Decision.PENDING.value}'
            AND s.activated_at IS NOT NULL
          ORDER BY s."order" ASC LIMIT 1)
        WHEN '{Status.RETURNED.value}' THEN (
          SELECT MAX(s.decided_at) FROM {step} s
          WHERE s.request_id = {tr}.id AND s.decision = '{Decision.RETURNED.value}')
        WHEN '{Status.APPROVED.value}' THEN {tr}.decided_at
        ELSE (SELECT d.date FROM {qn(Decree._meta.db_table)} d WHERE d.id = {tr}.decree_id)::timestamp with time zone
      END AS waiting_since
    FROM {tr}
    WHERE ({tr}.origin_agency_id = %s OR {tr}.destination_agency_id = %s) AND {tr}.status IN ({statuses})"""  # noqa: S608
    column = {name: f"r.c{i}" for i, name in enumerate(loaded[0][1])}
    tail = f"""
  ) b
) r
INNER JOIN {qn(Employee._meta.db_table)} e ON e.id = {column["employee_id"]}
LEFT OUTER JOIN {qn(Position._meta.db_table)} p ON p.id = {column["destination_position_id"]}
LEFT OUTER JOIN {qn(Decree._meta.db_table)} d ON d.id = {column["decree_id"]}
WHERE r.board_rank <= %s"""  # noqa: S608
    return head, tail, tuple(loaded)


def _access_clause(viewer) -> tuple[str, list] | None:
    """The condition limiting the board to the requests mutasi.selectors.visible_transfers lets the
    viewer see, compiled by the ORM from that rule (the board keeps no copy of it): " AND <where>"
    with its parameters; "" when the rule limits nothing (region readers); None when the viewer sees
    nothing."""
    from mutasi.selectors import visible_transfers

    visible = visible_transfers(viewer, TransferRequest.objects.order_by())
    query, table = visible.query, TransferRequest._meta.db_table
    if query.is_empty():
        return None
    try:
        if all(count == 0 for alias, count in query.alias_refcount.items() if alias != table):
            # Conditions on the requests' own columns (and subqueries), no join: they read the same
            # in the board's query, whose requests' table has the same name.
            sql, params = query.get_compiler(connection.alias).compile(query.where)
        else:
            # A rule that joins other tables: as "id IN (the visible ids)".
            sql, params = visible.values("pk").query.sql_with_params()
            sql = f"{connection.ops.quote_name(table)}.id IN ({sql})"
    except EmptyResultSet:
        return None
    except FullResultSet:
        return "", []
    return (f" AND {sql}", list(params)) if sql else ("", [])


_URL_ID = 918273645  # a placeholder id no route text contains


def agency_transfer_board(*, viewer, agency_id: int, today: dt.date | None = None) -> dict:
    """Open requests into and out of one agency: per group the BOARD_ROWS that have waited longest at
    their current stage (since the step started, the return, the final approval or the decree) and
    the group's total. One query whatever their number: the stage start comes from subqueries, the
    ranking and the totals from window functions over the viewer's visible requests."""
    today = today or timezone.localdate()
    rows: dict = {"incoming": [], "outgoing": [], "rotation": []}
    totals = dict.fromkeys(rows, 0)
    # The detail page's address reversed once, the id put in per row (30 reverse() calls were a
    # tenth of the board's rendering).
    url = reverse("mutasi:detail", args=[_URL_ID]).replace(str(_URL_ID), "{}")
    for request, group, total in _board_requests(viewer, agency_id):
        stage, since = _stage_and_since(request)
        days = (today - since).days if since else None
        rows[group].append(BoardRow(request, stage, since, days, url.format(request.pk)))
        totals[group] = total
    for items in rows.values():
        items.sort(key=lambda r: (r.days is None, -(r.days or 0), r.request.pk))
    return {**rows, "totals": totals}


def _board_requests(viewer, agency_id: int) -> list[tuple[TransferRequest, str, int]]:
    """(request, group, group total) of the shown rows: on PostgreSQL by the SQL of _board_sql; on
    SQLite (embedded mode: a raw cursor there returns dates as text, and the SQL uses PostgreSQL's
    casts) by the same query written with the ORM."""
    if connection.vendor != "postgresql":
        return [(r, r.board_group, r.board_total) for r in _board_queryset(viewer, agency_id)]
    access_clause = _access_clause(viewer)
    if access_clause is None:
        return []
    head, tail, loaded = _board_sql()
    with connection.cursor() as cursor:
        cursor.execute(
            head + access_clause[0] + tail, [agency_id, agency_id, agency_id, *access_clause[1], BOARD_ROWS]
        )
        records = cursor.fetchall()
    return [(_board_request(record, loaded, connection.alias), record[-3], record[-1]) for record in records]


def _board_queryset(viewer, agency_id: int) -> QuerySet[TransferRequest]:
    """The board's query with the ORM (the embedded SQLite mode): the same rows, groups and totals."""
    from mutasi.selectors import visible_transfers

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
    visible = visible_transfers(
        viewer,
        TransferRequest.objects.filter(
            Q(origin_agency_id=agency_id) | Q(destination_agency_id=agency_id), status__in=BOARD_STATUSES
        ),
    )
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


def _board_request(record: tuple, loaded: tuple, db: str) -> TransferRequest:
    """The request of one board row with its employee, destination post and decree attached (as
    select_related would) and `waiting_since`."""
    objects, start = [], 0
    for model, names in loaded:
        values = record[start : start + len(names)]
        start += len(names)
        objects.append(model.from_db(db, names, values) if values[0] is not None else None)
    request, employee, position, decree = objects
    for name, value in (("employee", employee), ("destination_position", position), ("decree", decree)):
        TransferRequest._meta.get_field(name).set_cached_value(request, value)
    request.waiting_since = record[start + 1]
    return request


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
