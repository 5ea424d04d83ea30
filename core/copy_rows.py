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


def available() -> bool:
    """Whether COPY can be used: PostgreSQL only. Each caller keeps its plain path for the rest."""
    return connection.vendor == "postgresql"


def columns(model) -> list[tuple[models.Field, object, str]]:
    """(field, encoder, encoded default) of each column a COPY writes (all but the primary key); a
    field a row leaves out gets its default, an auto_now field now."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    out = []
    for f in fields:
        encode = _encoder(f)
        stamped = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        out.append((f, encode, encode(now if stamped else f.get_default())))
    return out


def encoded(columns_: list, rows: list[dict]) -> list[list[str]]:
    """Each row's encoded values (rows: dicts of field attnames), in the order of `columns_`."""
    names = {f.attname for f, _encode, _default in columns_}
    unknown = set(rows[0]) - names
    if unknown:
        raise TypeError(f"{columns_[0][0].model.__name__} has no column {sorted(unknown)}")
    plan = [(f.attname, encode, default) for f, encode, default in columns_]
    return [[encode(row[name]) if name in row else default for name, encode, default in plan] for row in rows]


def copy_text(table: str, column_names: list[str], lines: list[str]) -> None:
    """COPY lines already encoded and joined (values separated by tabs) into `table`."""
    text = "\n".join(lines) + "\n"
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in column_names)
    with connection.cursor() as cursor:
        # read in one piece, not psycopg2's 8 KB: each read takes the GIL back, and a COPY on a second
        # thread (siasn.bulk.inserts_alongside) waited up to 5 ms for it at each of 80 reads a chunk
        cursor.copy_expert(f"COPY {quote(table)} ({names}) FROM STDIN", io.StringIO(text), len(text))


def copy_rows(model, rows: list[dict]) -> None:
    """`rows` (dicts of field attnames; a field left out gets its default, an auto_now field now) into
    `model`'s table in one COPY. PostgreSQL only: callers keep their plain path for other databases."""
    cols = columns(model)
    copy_text(
        model._meta.db_table,
        [f.column for f, _e, _d in cols],
        ["\t".join(values) for values in encoded(cols, rows)],
    )
