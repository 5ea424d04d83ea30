"""The import's bulk inserts, behind one seam: PostgreSQL COPY, or Django's `bulk_create` (the plain
path) on another database or with `settings.SIASN_BULK_COPY` off. Rows are dicts of field attnames
(`position_id`, not `position`); a field a row leaves out gets its default, as `Model(**row)` would.

- `insert(model, rows)`: the rows in one COPY.
- `insert_with_history(model, rows, key=...)`: the same, then their `simple_history` rows in one
  `INSERT ... SELECT` from the rows just written (matched by the unique `key`), with what
  `simple_history.utils.bulk_create_with_history` writes: history type "+", no change reason, the
  default history user, the row's own values (one history date for the batch).
- `key_in(model, field, values)`: a filter on a text key the planner answers by index even on a table
  the import is filling and has not analysed yet.

The COPY itself is `core.copy_rows` (the plan's items use it too). Where the time went (docs/BENCHMARKS.md "SIASN import", profiled with cProfile at 10,000 employees):
Django's insert compiler prepares every value of every row in Python (a third of the apply and of the
preview's record rows), the history rows were a second set of model instances, and building the model
instances themselves (`Model.__init__`) was the next cost. `tests/siasn/test_bulk.py` checks that both
paths write the same rows."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from core.copy_rows import copy_rows as _copy


def copy_enabled() -> bool:
    return connection.vendor == "postgresql" and getattr(settings, "SIASN_BULK_COPY", True)


def key_in(model, field: str, values) -> models.Q:
    """A filter condition: the row's text `field` is one of `values`; on PostgreSQL as
    `IN (SELECT unnest(array))`. While an import fills a table that has no statistics yet, the planner
    reads `IN (500 values)` as most of the table and scans it whole, each batch a longer scan (at
    100,000 employees 30 ms a batch, 2-3 s of the apply); the `unnest` form it plans as 500 index
    lookups (2 ms). Same rows either way."""
    values = list(values)
    if connection.vendor != "postgresql":
        return models.Q(**{f"{field}__in": values})
    return models.Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::text[])", (values,))})  # noqa: S611 - no names


def insert(model, rows: list[dict]) -> None:
    if not rows:
        return
    if copy_enabled():
        _copy(model, rows)
    else:
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=1000)


def insert_with_history(model, rows: list[dict], *, key: str) -> None:
    """`rows` and their change-history rows; `key` names a unique field that finds them again."""
    if not rows:
        return
    if not copy_enabled():
        bulk_create_with_history([model(**row) for row in rows], model, batch_size=1000)
        return
    _copy(model, rows)
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = get_history_manager_for_model(model).model
    user = history.get_default_history_user(None)
    quote = connection.ops.quote_name
    tracked = [(history._meta.get_field(f.name).column, f.column) for f in history.tracked_fields]
    target = ", ".join(quote(h) for h, _src in tracked)
    source = ", ".join(quote(src) for _h, src in tracked)
    key_column = model._meta.get_field(key).column
    # the rows by key as in `key_in`: `= ANY(array)` was a scan of the whole table for each batch
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({target}, history_date, history_change_reason, "  # noqa: S608 - names from _meta
        f"history_user_id, history_type) SELECT {source}, %s, NULL, %s, '+' "
        f"FROM {quote(model._meta.db_table)} WHERE {quote(key_column)} IN (SELECT unnest(%s::text[]))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), user.pk if user else None, [row[key] for row in rows]])
