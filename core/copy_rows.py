"""Rows into a table by one PostgreSQL COPY, from plain dicts, instead of Django's `bulk_create`: a
speed seam shared by the SIASN import (`siasn.bulk`, behind `SIASN_BULK_COPY`) and the plan's items
(`planning.services._insert_items`). Each caller keeps `bulk_create` as its plain path (another
database) and has a test that both write the same rows (`tests/siasn/test_bulk.py`,
`tests/planning/test_plan_services.py`).

Why: Django's insert compiler prepares every value of every row in Python and builds a model
instance per row: at 10,000 employees 7.4 of the SIASN apply's 10.6 s (docs/BENCHMARKS.md "SIASN
import"); for a plan at 100,000 employees its 1,502 items (docs/BENCHMARKS.md "The plan through the
database") 0.061 s instead of 0.182 s, see `planning.services._insert_items`.
"""

from __future__ import annotations

import io
import json

from django.db import connection, models
from django.utils import timezone


def _escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:  # rarely: the test is cheaper
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


NULL = r"\N"


def _encoder(field: models.Field):
    """value -> the text COPY reads, as the field would store it (chosen once per column; one call a
    value, None included: at 100,000 employees the calls were a third of the rows' encoding)."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def encode(value):
            return NULL if value is None else _escape(json.dumps(value, cls=encoder))
    elif isinstance(field, models.BooleanField):

        def encode(value):
            return NULL if value is None else "t" if value else "f"
    elif isinstance(field, models.DateField):  # and DateTimeField

        def encode(value):
            return NULL if value is None else value.isoformat()
    elif isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):

        def encode(value):
            return NULL if value is None else str(value)
    else:

        def encode(value):
            return NULL if value is None else _escape(value if value.__class__ is str else str(value))

    return encode


def copy_rows(model, rows: list[dict]) -> None:
    """`rows` (dicts of field attnames; a field left out gets its default, an auto_now field now) into
    `model`'s table in one COPY. PostgreSQL only: callers keep their plain path for other databases."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    unknown = set(rows[0]) - {f.attname for f in fields}
    if unknown:
        raise TypeError(f"{model.__name__} has no column {sorted(unknown)}")
    now = timezone.now()
    columns = []
    for f in fields:
        encode = _encoder(f)
        stamped = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        columns.append((f.attname, encode, encode(now if stamped else f.get_default())))
    out = io.StringIO()
    for row in rows:
        out.write(
            "\t".join([encode(row[name]) if name in row else default for name, encode, default in columns])
        )
        out.write("\n")
    out.seek(0)
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN", out)
