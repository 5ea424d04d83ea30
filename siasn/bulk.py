"""The import's bulk inserts, behind one seam: PostgreSQL COPY, or Django's `bulk_create` (the plain
path) on another database or with `settings.SIASN_BULK_COPY` off.

- `insert(model, objs)`: unsaved instances in one COPY (their pks are not set on them).
- `insert_with_history(model, objs, key=...)`: the same, then their `simple_history` rows in one
  `INSERT ... SELECT` from the rows just written (matched by the unique `key`), with what
  `simple_history.utils.bulk_create_with_history` would write: history type "+", the same date for the
  batch, no change reason, the default history user.

Where the time went (docs/BENCHMARKS.md "SIASN import"): Django's insert compiler prepares every value
of every row in Python (about a third of the apply, and of the preview's record rows), and the history
rows were a second set of model instances. `tests/siasn/test_bulk.py` checks that both paths write the
same rows."""

from __future__ import annotations

import io
import json

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model


def copy_enabled() -> bool:
    return connection.vendor == "postgresql" and getattr(settings, "SIASN_BULK_COPY", True)


def _columns(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _encoder(field: models.Field):
    """value -> the text COPY reads, as the field would store it (chosen once per column)."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def encode(value):
            return _escape(json.dumps(value, cls=encoder))
    elif isinstance(field, models.BooleanField):

        def encode(value):
            return "t" if value else "f"
    elif isinstance(field, models.DateField):  # and DateTimeField

        def encode(value):
            return value.isoformat()
    elif isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        encode = str
    else:

        def encode(value):
            return _escape(str(value))

    return lambda value: r"\N" if value is None else encode(value)


def _copy(model, objs: list) -> None:
    fields = _columns(model)
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    columns = [(f.attname, _encoder(f)) for f in fields]
    out = io.StringIO()
    for obj in objs:
        for f in stamped:  # as bulk_create does: the timestamps set on the instance
            f.pre_save(obj, add=True)
        values = obj.__dict__
        out.write("\t".join([encode(values[attname]) for attname, encode in columns]))
        out.write("\n")
    out.seek(0)
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN", out)


def insert(model, objs: list) -> None:
    if not objs:
        return
    if copy_enabled():
        _copy(model, objs)
    else:
        model._default_manager.bulk_create(objs, batch_size=1000)


def insert_with_history(model, objs: list, *, key: str) -> None:
    """`objs` and their change-history rows; `key` names a unique field that finds them again."""
    if not objs:
        return
    if not copy_enabled():
        bulk_create_with_history(objs, model, batch_size=1000)
        return
    _copy(model, objs)
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = get_history_manager_for_model(model).model
    user = history.get_default_history_user(None)
    quote = connection.ops.quote_name
    tracked = [(history._meta.get_field(f.name).column, f.column) for f in history.tracked_fields]
    target = ", ".join(quote(h) for h, _src in tracked)
    source = ", ".join(quote(src) for _h, src in tracked)
    key_column = model._meta.get_field(key).column
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({target}, history_date, history_change_reason, "  # noqa: S608 - names from _meta
        f"history_user_id, history_type) SELECT {source}, %s, NULL, %s, '+' "
        f"FROM {quote(model._meta.db_table)} WHERE {quote(key_column)} = ANY(%s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), user.pk if user else None, [getattr(o, key) for o in objs]])
