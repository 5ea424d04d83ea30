"""The import's bulk inserts, behind one seam: PostgreSQL COPY, or Django's `bulk_create` (the plain
path) on another database or with `settings.SIASN_BULK_COPY` off. Rows are dicts of field attnames
(`position_id`, not `position`); a field a row leaves out gets its default, as `Model(**row)` would.

- `insert(model, rows)`: the rows in one COPY.
- `insert_with_history(model, rows)`: the same with primary keys taken from the table's sequence,
  then their `simple_history` rows by a second COPY of the same values, with what
  `simple_history.utils.bulk_create_with_history` writes: history type "+", no change reason, the
  default history user, the row's own values (one history date for the batch); answers the keys.
- `insert_select_with_history(model, select, source, params)`: rows made by the database itself
  (`INSERT ... SELECT ... FROM source`) and their change-history rows, in one statement.
- `inserts_alongside(model)`: a function inserting rows as `insert` does, on a second connection in a
  thread while the caller goes on (outside a transaction), each call waiting only for the one before.
- `key_in(model, field, values)`: a filter on a text key the planner answers by index even on a table
  the import is filling and has not analysed yet.

The COPY itself is `core.copy_rows` (the plan's items use it too). Where the time went (docs/BENCHMARKS.md "SIASN import", profiled with cProfile at 10,000 employees):
Django's insert compiler prepares every value of every row in Python (a third of the apply and of the
preview's record rows), the history rows were a second set of model instances, and building the model
instances themselves (`Model.__init__`) was the next cost. `tests/siasn/test_bulk.py` checks that both
paths write the same rows."""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import connection, models, utils
from django.db.models.expressions import RawSQL
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from core import copy_rows as copying
from core.copy_rows import NULL


def copy_enabled() -> bool:
    return copying.available() and getattr(settings, "SIASN_BULK_COPY", True)


@contextlib.contextmanager
def relaxed_commits() -> Iterator[None]:
    """The import's transactions commit without waiting for their WAL to reach the disk
    (`synchronous_commit = off` for this session, reset after). A commit waited for one flush: 200
    batches at 100,000 employees, about 6 ms each on this machine (1.2 s of 4.4 s for the history
    inserts of 200 batches, measured alone). Atomicity is unchanged: a PostgreSQL crash (not a worker's)
    may lose the last batches committed in the last fraction of a second, each whole with the run's
    mark, and the import resumes before them; a later ordinary commit waits for them too."""
    if not copy_enabled():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        # a connection gone (any of Django's database errors): nothing to reset, the first error stands
        with contextlib.suppress(utils.Error), connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


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
        copying.copy_rows(model, rows)
    else:
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=1000)


@contextlib.contextmanager
def inserts_alongside(model) -> Iterator[Callable[[list[dict]], None]]:
    """A function that inserts rows into `model` (`insert`). On PostgreSQL outside a transaction (the
    preview's Celery task) each call hands its rows to a thread whose own connection writes them (one
    autocommit COPY each, with relaxed commits) while the caller goes on reading and classifying the
    next ones; a call waits only while two are still queued, so memory stays bounded. Leaving the block
    waits for the last rows; an insert that failed raises its error at the next call or on leaving, and
    the rows handed after it are not written. In a transaction (the tests' `db`) or elsewhere, or with
    `SIASN_INSERTS_ALONGSIDE` off, each call inserts at once on this connection: the plain path.

    Why: the database's half of the preview (the records' COPY, 1.8-2.1 s at 100,000 employees,
    docs/BENCHMARKS.md "SIASN import") ran while Python waited, and Python's half while the database
    waited; on two cores they now overlap. `tests/siasn/test_bulk.py` checks both paths store the same
    records and that a failure is raised, not lost."""
    if (
        not copy_enabled()
        or connection.in_atomic_block
        or not getattr(settings, "SIASN_INSERTS_ALONGSIDE", True)
    ):
        yield lambda rows: insert(model, rows)
        return
    handed: queue.Queue[list[dict] | None] = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def write() -> None:  # the thread: its own connection (Django's are per thread), closed at the end
        try:
            with relaxed_commits():
                while (rows := handed.get()) is not None:
                    if not failed:
                        insert(model, rows)
        except BaseException as exc:  # kept for the caller; the rest handed is read and dropped
            failed.append(exc)
            while handed.get() is not None:
                pass
        finally:
            connection.close()

    worker = threading.Thread(target=write, name=f"inserts-{model._meta.db_table}", daemon=True)
    worker.start()

    def hand(rows: list[dict]) -> None:
        if failed:
            raise failed[0]
        handed.put(rows)

    try:
        yield hand
    finally:
        handed.put(None)
        worker.join()
    if failed:
        raise failed[0]


def _reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys from the table's own sequence, as the inserts would have taken them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def insert_with_history(model, rows: list[dict]) -> list[int]:
    """`rows` and their change-history rows; the primary keys given to the rows, in their order.

    On PostgreSQL the keys are taken from the table's sequence first, so that the history rows go
    by a second COPY from the same encoded values (until 2026-12-06 an `INSERT ... SELECT` found the
    rows again by a unique key: 2.9 s of the 21.9 s apply at 100,000 employees, profiled, against
    1.5 s for the same rows by COPY in batches of 500). The tracked columns go first, so that a
    history row is the row's first values joined once, then its own four (building the lines of
    100,000 employees and their history rows: 0.9 -> 0.7 s CPU, against taking the tracked values
    out of each row). A column a trigger writes must not be tracked by the history (Employee's
    `position_agency` is not): the history row is what was sent."""
    if not rows:
        return []
    if not copy_enabled():
        objs = bulk_create_with_history([model(**row) for row in rows], model, batch_size=1000)
        return [obj.pk for obj in objs]
    ids = _reserve_ids(model, len(rows))
    columns = copying.columns(model)
    history = get_history_manager_for_model(model).model
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        history = None
    # the tracked columns first: a history row is then the key, the row's first values and its own
    tracked = {f.name for f in history.tracked_fields} if history else set()
    columns.sort(key=lambda column: column[0].name not in tracked)
    k = sum(f.name in tracked for f, _e, _d in columns)
    heads, lines = [], []
    for key, values in zip(ids, copying.encoded(columns, rows), strict=True):
        head = f"{key}\t" + "\t".join(values[:k]) if k else str(key)
        heads.append(head)
        lines.append(head + "\t" + "\t".join(values[k:]) if k < len(values) else head)
    pk = model._meta.pk.column
    copying.copy_text(model._meta.db_table, [pk, *(f.column for f, _e, _d in columns)], lines)
    if history is None:
        return ids
    user = history.get_default_history_user(None)
    # what simple_history writes: history type "+", no change reason, the default user, one date
    extra = "\t".join([timezone.now().isoformat(), NULL, NULL if user is None else str(user.pk), "+"])
    names = [history._meta.get_field(model._meta.pk.name).column]
    names += [history._meta.get_field(f.name).column for f, _e, _d in columns[:k]]
    names += ["history_date", "history_change_reason", "history_user_id", "history_type"]
    copying.copy_text(history._meta.db_table, names, [head + "\t" + extra for head in heads])
    return ids


def insert_select_with_history(model, select: dict[str, str], source: str, params: list) -> int:
    """Rows of `model` made by the database from `source` (`INSERT ... SELECT ... FROM source`), and their
    change-history rows with what `insert_with_history` writes, in one statement; the number of rows.

    `select`: attname -> an SQL expression over `source`, where `{default}` stands for the field's
    default; a column `select` leaves out gets its default (an auto_now field now), as `Model(**row)`
    would. The expressions hold no parameters: `params` are `source`'s. PostgreSQL only (a data-modifying
    WITH); callers keep `insert_with_history` as their plain path. Why: the SIASN apply's new employees,
    whose values are already in the records' JSON, no longer go through Python (decoded, built, encoded
    and copied back: docs/BENCHMARKS.md "SIASN import")."""
    quote = connection.ops.quote_name
    now = timezone.now()
    names, exprs, values = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        stamped = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        default = f"%s::{f.db_type(connection)}"
        expr = select.get(f.attname, "{default}")
        if "{default}" in expr:
            expr = expr.replace("{default}", default)
            values.append(f.get_db_prep_save(now if stamped else f.get_default(), connection))
        names.append(quote(f.column))
        exprs.append(expr)
    pk = quote(model._meta.pk.column)
    table = quote(model._meta.db_table)
    # names from _meta, expressions and `source` from the caller's code, every value a parameter
    sql = f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(exprs)} FROM {source}"  # noqa: S608
    history = get_history_manager_for_model(model).model
    with connection.cursor() as cursor:
        if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            cursor.execute(sql, [*values, *params])
            return cursor.rowcount
        fields = [f for f in history.tracked_fields if not f.primary_key]
        tracked = ", ".join(quote(f.column) for f in fields)
        columns = ", ".join(quote(history._meta.get_field(f.name).column) for f in fields)
        key = quote(history._meta.get_field(model._meta.pk.name).column)
        # what simple_history writes: history type "+", no change reason, the default user, one date
        user = history.get_default_history_user(None)
        cursor.execute(
            f"WITH new AS ({sql} RETURNING {pk}, {tracked}) "  # noqa: S608 - as above
            f"INSERT INTO {quote(history._meta.db_table)} ({key}, {columns}, history_date, "
            f"history_change_reason, history_user_id, history_type) "
            f"SELECT {pk}, {tracked}, %s, NULL, %s, '+' FROM new",
            [*values, *params, now, None if user is None else user.pk],
        )
        return cursor.rowcount
