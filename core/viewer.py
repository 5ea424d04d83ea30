"""Loading the viewer: the signed-in user with the facts core.access derives roles from, in one
statement per request.

The plain path is four queries on every API request: the token with its user (DRF), the user's
groups, the employee record with its post, and mutasi's "acts for a post today" (delegations). Here
one hand-written statement answers all of it: token + groups + employee + delegations, 4 queries -> 1.
Why SQL and not the ORM: the equivalent queryset (five subqueries) cost more to compile than the four
small queries it replaced. On PostgreSQL the statement is prepared once per database session
(PREPARE, then EXECUTE): planning it cost the database 0.9 ms against 0.2 ms running it, on every
request. tests/core/test_viewer.py checks that its answer (user, employee, post, group roles, whether
the post has subordinates, every registered flag) is what the plain ORM path answers for every demo
role, by token and by id.

Used by core.authentication (token), core.backends (session) and core.access (any other user object:
a test's forced user, the shell, a Celery task). What is kept on a user object holds for one request:
`new_request` (connected to Django's request_started in core.apps) makes it stale.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import hashlib
import itertools
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.types import Actor

# The groups that are roles of their own (core.access names them HR, PERFORMANCE_TEAM, AUDITOR): the
# viewer's membership of each is loaded with the user.
ROLE_GROUPS = ("hr", "performance_team", "auditor")

# Facts about a viewer that other apps add to the statement: name -> (SQL boolean over the user row
# `u`, function returning its parameters), e.g. mutasi's "acts for a post today". core sits left of
# the other apps, so they register here (AppConfig.ready).
VIEWER_FLAGS: dict[str, tuple[str, Callable[[], list]]] = {}


@dataclass
class Viewer:
    """What is kept on a user object for one request (`user._simutasi_viewer`)."""

    employee: object | None  # instansi.Employee with its post, or None
    groups: frozenset[str]  # the ROLE_GROUPS the user belongs to
    post_has_subordinates: bool
    flags: dict[str, bool]
    request: int
    roles: frozenset[str] | None = None  # core.access.roles_of fills it on first use


def register_viewer_flag(name: str, sql: str, params: Callable[[], list]) -> None:
    VIEWER_FLAGS[name] = (sql, params)
    _statement.cache_clear()


def _models():
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    employee_model = user_model._meta.get_field("employee").related_model  # instansi.Employee
    position_model = employee_model._meta.get_field("position").related_model
    return user_model, employee_model, position_model


def token_valid_since() -> dt.datetime:
    """API tokens created before this moment have expired (settings.API_TOKEN_LIFETIME_HOURS)."""
    return timezone.now() - dt.timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)


@functools.cache
def _statement(by: str) -> tuple[str, list]:
    """The SQL loading a user (`by` = "pk" or "token") with the employee record, its post, one EXISTS
    per role group, whether the post has subordinates and the registered flags, and the ORM's column
    converters; built once per process from the models' `_meta`. Portable SQL (PostgreSQL and the
    embedded SQLite)."""
    qn = connection.ops.quote_name
    user_model, employee_model, position_model = _models()
    tables = [(user_model, "u"), (employee_model, "e"), (position_model, "p")]
    columns = [f"{alias}.{qn(f.column)}" for model, alias in tables for f in model._meta.concrete_fields]
    membership = user_model.groups.through._meta
    group_table = membership.get_field("group").related_model._meta.db_table
    # Table and column names from the models, group names from ROLE_GROUPS: no outside input.
    groups = [
        f"EXISTS (SELECT 1 FROM {qn(membership.db_table)} ug JOIN {qn(group_table)} g ON g.id = ug.group_id "  # noqa: S608
        f"WHERE ug.user_id = u.id AND g.name = '{group}')"
        for group in ROLE_GROUPS
    ]
    superior = qn(position_model._meta.get_field("superior").column)
    # A scalar subquery, not EXISTS: PostgreSQL may run an EXISTS as a hash of every post's superior
    # (16,000 rows at 100,000 employees) instead of one index probe for the one row found.
    subordinates = (
        f"(SELECT s.id FROM {qn(position_model._meta.db_table)} s WHERE s.{superior} = e.position_id LIMIT 1) "  # noqa: S608
        "IS NOT NULL"
    )
    flags = [sql for sql, _params in VIEWER_FLAGS.values()]
    joins = (
        f"FROM {qn(user_model._meta.db_table)} u "
        f"LEFT JOIN {qn(employee_model._meta.db_table)} e ON e.user_id = u.id "
        f"LEFT JOIN {qn(position_model._meta.db_table)} p ON p.id = e.position_id"
    )
    if by == "token":
        from rest_framework.authtoken.models import Token

        # A token older than settings.API_TOKEN_LIFETIME_HOURS finds no one (issue 19, finding 9).
        joins += (
            f" JOIN {qn(Token._meta.db_table)} t ON t.user_id = u.id"
            f" WHERE t.{qn('key')} = %s AND t.{qn('created')} > %s"
        )
    else:
        joins += " WHERE u.id = %s"
    select = ", ".join([*columns, *groups, subordinates, *flags])
    fields = [f for model, _ in tables for f in model._meta.concrete_fields]
    # What the ORM would apply to each column (the SQLite backend's dates and booleans, JSON fields).
    converters = []
    for field in fields:
        col = field.get_col(field.model._meta.db_table)
        converters.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
    return f"SELECT {select} {joins}", converters


# Raw PostgreSQL connection -> names of the statements prepared on it (a new connection, after
# CONN_MAX_AGE or an error, starts empty; the weak keys let closed connections go).
_PREPARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _prepared(sql: str) -> str:
    """`EXECUTE` of `sql` prepared once per database session (PostgreSQL): planning the viewer
    statement costs the database 4x running it (0.9 ms against 0.2 ms), on every request.

    The PREPARE goes through the raw connection: it is part of setting the session up, not a query of
    the request (pinned query counts stay the same whichever request happens to come first). Prepared
    statements live until the session ends, whatever happens to transactions, so behind a pooler that
    hands sessions to other clients (pgbouncer in transaction mode) the statement is sent whole every
    time instead (settings.DATABASE_TRANSACTION_POOLING)."""
    raw = connection.connection
    name = "simutasi_viewer_" + hashlib.sha1(sql.encode(), usedforsecurity=False).hexdigest()[:12]
    done = _PREPARED.setdefault(raw, set())
    pieces = sql.split("%s")
    if name not in done:
        positional = "".join(f"{piece}${i}" for i, piece in enumerate(pieces[:-1], start=1)) + pieces[-1]
        # Django's error wrapper all the same: a dead connection must raise Django's OperationalError
        # and be marked as failed, so that it is closed at the end of the request, not reused.
        with connection.wrap_database_errors, raw.cursor() as cursor:
            cursor.execute(f"PREPARE {name} AS {positional}")
        done.add(name)
    return f"EXECUTE {name} ({', '.join(['%s'] * (len(pieces) - 1))})"


def load_viewer(by: str, value):
    """The user with `by` ("pk" or "token") = value, with employee record, post and the facts roles
    come from kept on it for the request, or None."""
    sql, converters = _statement(by)
    params = [p for _sql, make in VIEWER_FLAGS.values() for p in make()] + [value]
    if by == "token":
        params.append(token_valid_since())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not settings.DATABASE_TRANSACTION_POOLING:
            cursor.execute(_prepared(sql), params)
        else:
            cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row[: len(converters)])
    for i, (col, column_converters) in enumerate(converters):
        for convert in column_converters:
            values[i] = convert(values[i], col, connection)
    objects = []
    for model in _models():
        count = len(model._meta.concrete_fields)
        chunk, values = values[:count], values[count:]
        names = [f.attname for f in model._meta.concrete_fields]
        objects.append(None if chunk[0] is None else model.from_db(connection.alias, names, chunk))
    user, employee, position = objects
    if employee is not None:
        employee._state.fields_cache["position"] = position
        employee._state.fields_cache["user"] = user
    facts = row[len(converters) :]
    user._simutasi_viewer = Viewer(
        employee=employee,
        groups=frozenset(g for g, member in zip(ROLE_GROUPS, facts, strict=False) if member),
        post_has_subordinates=employee is not None and bool(facts[len(ROLE_GROUPS)]),
        flags={
            name: bool(flag) for name, flag in zip(VIEWER_FLAGS, facts[len(ROLE_GROUPS) + 1 :], strict=True)
        },
        request=_request.get(),
    )
    return user


_requests = itertools.count(1)
_request = contextvars.ContextVar("simutasi_request", default=0)


def new_request(**_kwargs) -> None:
    """Start of a request (Django's request_started): what was kept on user objects is stale now (a
    test client may send the same user object with every request)."""
    _request.set(next(_requests))


def viewer_of(user: Actor) -> Viewer:
    """What was loaded for a signed-in user in this request. Users signed in by token
    (core.authentication) or session (core.backends) arrive with it; any other user object is loaded
    here and gets a copy."""
    kept = getattr(user, "_simutasi_viewer", None)
    if kept is not None and kept.request == _request.get():
        return kept
    loaded = load_viewer("pk", user.pk)
    if loaded is None:  # deleted meanwhile
        kept = Viewer(None, frozenset(), False, dict.fromkeys(VIEWER_FLAGS, False), _request.get())
    else:
        kept = loaded._simutasi_viewer
        if kept.employee is not None:
            kept.employee._state.fields_cache["user"] = user
    user._simutasi_viewer = kept
    return kept


def viewer_flag(user: Actor, name: str) -> bool | None:
    """A registered viewer flag (see VIEWER_FLAGS); None for an anonymous user."""
    if user is None or not user.is_authenticated:
        return None
    return viewer_of(user).flags[name]
