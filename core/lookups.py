"""`field__any_of=ids`: the rows `field__in=ids` selects, with the ids sent as one array parameter.

Django prepares an `__in` list value by value (each through the field's `get_prep_value`) and writes
one placeholder per value; the plan reads its 5,680 candidates' wishes, circumstances, objections and
talent boxes by such lists at 100,000 employees, 0.1-0.2 s of the process's CPU in the preparing
alone (docs/BENCHMARKS.md, "The plan through the database"). On PostgreSQL this lookup sends
`= ANY(%s)` with the ids as one array; elsewhere (SQLite) it writes the same `IN (...)` as `__in`.
For integer ids (primary and foreign keys); `tests/core/test_any_of.py` holds it to `__in`.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return sorted({int(value) for value in self.rhs})

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if not self.rhs:
            raise EmptyResultSet
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", [*params, *self.rhs]

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if not self.rhs:
            raise EmptyResultSet
        return f"{lhs} = ANY(%s::bigint[])", [*params, self.rhs]


Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # related fields keep lookups of their own
