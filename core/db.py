"""PostgreSQL settings for the current transaction only (`SET LOCAL`), the one place they are written;
and refreshing the planner's statistics after a bulk load (`analyse`).

Each caller says in a comment why its statement wants them, with the figure that justified it
(docs/BENCHMARKS.md): the workload steps, the talent grid and the plan's reading turn JIT off (their
statements run in 0.1-0.5 s and compiling them cost as much again); derived rows that can be computed
again commit without waiting for the WAL flush; the workload steps steer two plans the planner gets
wrong at 100,000 employees. On SQLite (the embedded default) there is nothing to set.
"""

from __future__ import annotations

import re

from django.db import connection

# The settings a caller may change, so that a typo fails loudly instead of setting nothing.
KNOWN = frozenset(
    {"jit", "synchronous_commit", "work_mem", "enable_hashagg", "enable_hashjoin", "enable_nestloop"}
)
_MEMORY = re.compile(r"^\d+(kB|MB|GB)$")


def _value(name: str, value: bool | str) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if name == "work_mem" and _MEMORY.match(value):
        return f"'{value}'"
    raise ValueError(f"{name}={value!r}")


def set_local(cursor=None, /, **settings: bool | str) -> None:
    """`SET LOCAL name = value` for each setting, in one round trip, inside the current transaction
    (outside one PostgreSQL would ignore it, so that is an error here). `True`/`False` are on/off;
    `work_mem` takes a size such as "256MB". `cursor` is the caller's cursor, else a new one."""
    unknown = set(settings) - KNOWN
    if unknown:
        raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    statement = "; ".join(f"SET LOCAL {name} = {_value(name, value)}" for name, value in settings.items())
    if not connection.in_atomic_block:
        raise RuntimeError("SET LOCAL outside a transaction has no effect")
    if connection.vendor != "postgresql" or not settings:
        return
    if cursor is not None:
        cursor.execute(statement)
        return
    with connection.cursor() as own:
        own.execute(statement)


def analyse(models=None) -> None:
    """Refresh the planner's statistics after a bulk load (`ANALYZE` of these models' tables, or of
    every table when None): autovacuum may be off or late, and a never-analysed table plans like an
    empty one (issue 16: a large agency's list 13x slower; issue 20: the plan's count of holders per
    post sorted 100,000 rows on disk at 100,000 employees). What the SIASN import does after its last
    batch and `seed_demo` after seeding. On SQLite there is nothing to refresh."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if models is None:
            cursor.execute("ANALYZE")
            return
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608 - table names from _meta
