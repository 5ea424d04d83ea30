"""The agency transfer board as one hand-written PostgreSQL statement: the fast path of
`mutasi.selectors.board.agency_transfer_board`, whose ORM query (`_board_queryset`) is the plain
path and the answer this one must give (the embedded SQLite mode uses the ORM query).

Why it exists: compiling the ORM query (CASE, two subqueries, two window functions and the filter on
the rank, which Django compiles twice) costs more than running it, on every dashboard view, and the
dashboard's other parts are cached. PostgreSQL, 100,000 employees (`seed_demo --employees 100000`),
the dashboard of kadinkes (Dinas Kesehatan), median of 60 interleaved calls on a quiet machine: the
board alone 4.9 ms here against 15.0 ms by the ORM; the cached dashboard 12.4 ms against 22.2 ms (the
ORM would add 80%); the cold dashboard 79 against 89 ms. tests/mutasi/test_agency_board.py
checks that both paths give the same rows, groups, totals and stage starts for every demo viewer.

The statement is built once per process from the models' `_meta`; the viewer's access rule is not
copied: the visible requests come in as a queryset (mutasi.permissions.visible_transfers, compiled by
the ORM) and limit the board as `id IN (...)`.
"""

from __future__ import annotations

import functools

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from instansi.models import Employee, Position
from mutasi.choices import Decision, Status, TransferKind
from mutasi.models import ApprovalStep, Decree, TransferRequest

# What the board shows and orders by, per model (table alias in the statement): the rows become model
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


@functools.cache
def _statement() -> tuple[str, str, tuple]:
    """The board query before and after the visible requests' subquery (its `%s`: the agency, then
    the row limit) and the loaded attribute names per model."""
    qn = connection.ops.quote_name
    tr = qn(TransferRequest._meta.db_table)
    inner, outer, loaded = [], [], []
    for model, alias, wanted in BOARD_COLUMNS:
        # Concrete field order: Model.from_db expects the loaded values in that order.
        fields = [f for f in model._meta.concrete_fields if f.attname in wanted]
        loaded.append((model, tuple(f.attname for f in fields)))
        if model is TransferRequest:
            inner += [f"t.{qn(f.column)} AS c{i}" for i, f in enumerate(fields)]
            outer += [f"r.c{i}" for i in range(len(fields))]
        else:
            outer += [f"{alias}.{qn(f.column)}" for f in fields]
    column = {name: f"r.c{i}" for i, name in enumerate(loaded[0][1])}
    step = qn(ApprovalStep._meta.db_table)
    # Only our own constants and table and column names are written into the text; the agency, the
    # visible requests and the row limit are parameters (or the ORM's compiled subquery).
    sql = f"""
SELECT {", ".join(outer)}, r.board_group, r.waiting_since, r.board_total FROM (
  SELECT b.*,
    ROW_NUMBER() OVER (PARTITION BY b.board_group ORDER BY b.waiting_since ASC NULLS LAST, b.c0 ASC)
      AS board_rank,
    COUNT(*) OVER (PARTITION BY b.board_group) AS board_total
  FROM (
    SELECT {", ".join(inner)},
      CASE WHEN t.kind = '{TransferKind.ROTATION.value}'
             OR t.origin_agency_id = t.destination_agency_id THEN 'rotation'
           WHEN t.destination_agency_id = %s THEN 'incoming'
           ELSE 'outgoing' END AS board_group,
      CASE t.status
        WHEN '{Status.IN_REVIEW.value}' THEN (
          SELECT s.activated_at FROM {step} s
          WHERE s.request_id = t.id AND s.round = t.round AND s.decision = '{Decision.PENDING.value}'
            AND s.activated_at IS NOT NULL
          ORDER BY s."order" ASC LIMIT 1)
        WHEN '{Status.RETURNED.value}' THEN (
          SELECT MAX(s.decided_at) FROM {step} s
          WHERE s.request_id = t.id AND s.decision = '{Decision.RETURNED.value}')
        WHEN '{Status.APPROVED.value}' THEN t.decided_at
        ELSE (SELECT d.date FROM {qn(Decree._meta.db_table)} d WHERE d.id = t.decree_id)::timestamp with time zone
      END AS waiting_since
    FROM {tr} t
    WHERE t.id IN (
VISIBLE
    )
  ) b
) r
INNER JOIN {qn(Employee._meta.db_table)} e ON e.id = {column["employee_id"]}
LEFT OUTER JOIN {qn(Position._meta.db_table)} p ON p.id = {column["destination_position_id"]}
LEFT OUTER JOIN {qn(Decree._meta.db_table)} d ON d.id = {column["decree_id"]}
WHERE r.board_rank <= %s"""  # noqa: S608
    head, tail = sql.split("\nVISIBLE\n")
    return head, tail, tuple(loaded)


def board_requests(visible: QuerySet[TransferRequest], *, agency_id: int, limit: int) -> list[tuple]:
    """(request, group, group total) of the board's rows among the `visible` requests: per group
    (incoming, outgoing, rotation) the `limit` that have waited longest at their stage, each request
    with its employee, destination post and decree attached and `waiting_since` set."""
    try:
        visible_sql, visible_params = visible.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # the viewer sees nothing
        return []
    head, tail, loaded = _statement()
    with connection.cursor() as cursor:
        cursor.execute(f"{head}{visible_sql}{tail}", [agency_id, *visible_params, limit])
        records = cursor.fetchall()
    return [(_request(record, loaded), record[-3], record[-1]) for record in records]


def _request(record: tuple, loaded: tuple) -> TransferRequest:
    objects, start = [], 0
    for model, names in loaded:
        values = record[start : start + len(names)]
        start += len(names)
        objects.append(model.from_db(connection.alias, names, values) if values[0] is not None else None)
    request, employee, position, decree = objects
    # As select_related would: the related objects come with the request (the ids are the same).
    request.employee, request.destination_position, request.decree = employee, position, decree
    request.waiting_since = record[start + 1]
    return request
