"""Roles and access helpers: the one module every selector asks "who may see / do this?".

Roles (DESIGN.md section 1) come from two sources:
- groups: `hr`, `performance_team`, `auditor`;
- the post the user's employee record holds: a head post -> agency head; the post with special role
  `secretary` -> Sekda; `regional_head` -> PPK; a post with subordinates -> supervisor.
core sits left of instansi, so it refers to instansi models by attribute/string only.
"""

from __future__ import annotations

import contextvars
import functools
import hashlib
import itertools
import weakref
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet

EMPLOYEE = "employee"
SUPERVISOR = "supervisor"
AGENCY_HEAD = "agency_head"
HR = "hr"
PERFORMANCE_TEAM = "performance_team"
SECRETARY = "secretary"
REGIONAL_HEAD = "regional_head"
AUDITOR = "auditor"

GROUP_ROLES = (HR, PERFORMANCE_TEAM, AUDITOR)
# Roles that may read region-wide data (dashboards, every request); auditors read, never change.
REGION_READERS = frozenset({HR, AUDITOR, SECRETARY, REGIONAL_HEAD})


# Facts about a viewer that other apps add to the one statement loading the viewer: name -> (SQL
# boolean over the user row `u`, function returning its parameters), e.g. mutasi's "acts for a post
# today". core sits left of the other apps, so they register here (AppConfig.ready).
VIEWER_FLAGS: dict[str, tuple[str, Callable[[], list]]] = {}


def register_viewer_flag(name: str, sql: str, params: Callable[[], list]) -> None:
    VIEWER_FLAGS[name] = (sql, params)
    _viewer_statement.cache_clear()


def _models():
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    employee_model = user_model._meta.get_field("employee").related_model  # instansi.Employee
    position_model = employee_model._meta.get_field("position").related_model
    return user_model, employee_model, position_model


@functools.cache
def _viewer_statement(by: str) -> tuple[str, list]:
    """The SQL loading a user (`by` = "pk" or "token") with the employee record, its post, one EXISTS
    per group role, whether the post has subordinates and the registered flags; built once per
    process. Written out (not the ORM) because this runs on every request: the equivalent queryset
    costs more to compile (five subqueries) than the database takes to answer it. Portable SQL
    (PostgreSQL and the embedded SQLite)."""
    qn = connection.ops.quote_name
    user_model, employee_model, position_model = _models()
    tables = [(user_model, "u"), (employee_model, "e"), (position_model, "p")]
    columns = [f"{alias}.{qn(f.column)}" for model, alias in tables for f in model._meta.concrete_fields]
    membership = user_model.groups.through._meta
    group_table = membership.get_field("group").related_model._meta.db_table
    # Table and column names from the models, role names from GROUP_ROLES: no outside input.
    groups = [
        f"EXISTS (SELECT 1 FROM {qn(membership.db_table)} ug JOIN {qn(group_table)} g ON g.id = ug.group_id "  # noqa: S608
        f"WHERE ug.user_id = u.id AND g.name = '{role}')"
        for role in GROUP_ROLES
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

        joins += f" JOIN {qn(Token._meta.db_table)} t ON t.user_id = u.id WHERE t.{qn('key')} = %s"
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
    """The user with `by` ("pk" or "token") = value, with employee record, post and roles kept on it for
    the request, or None."""
    sql, converters = _viewer_statement(by)
    params = [p for _sql, make in VIEWER_FLAGS.values() for p in make()] + [value]
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
    user_model, employee_model, position_model = _models()
    objects = []
    for model in (user_model, employee_model, position_model):
        count = len(model._meta.concrete_fields)
        chunk, values = values[:count], values[count:]
        names = [f.attname for f in model._meta.concrete_fields]
        objects.append(None if chunk[0] is None else model.from_db(connection.alias, names, chunk))
    user, employee, position = objects
    facts = row[len(converters) :]
    if employee is not None:
        employee._state.fields_cache["position"] = position
        employee._state.fields_cache["user"] = user
        employee._post_has_subordinates = bool(facts[len(GROUP_ROLES)])
    groups = frozenset(r for r, member in zip(GROUP_ROLES, facts, strict=False) if member)
    flags = facts[len(GROUP_ROLES) + 1 :]
    _remember(
        user, employee, groups, {name: bool(flag) for name, flag in zip(VIEWER_FLAGS, flags, strict=True)}
    )
    return user


_requests = itertools.count(1)
_request = contextvars.ContextVar("simutasi_request", default=0)


def new_request(**_kwargs) -> None:
    """Start of a request (Django's request_started): what was kept on user objects is stale now (a
    test client may send the same user object with every request)."""
    _request.set(next(_requests))


def _remember(user, employee, groups, flags) -> None:
    user._simutasi_employee = employee
    user._simutasi_groups = groups
    user._simutasi_flags = flags
    user._simutasi_request = _request.get()
    user._simutasi_roles = None


def _load_viewer(user) -> None:
    """Roles and employee record kept on the user object for the request. Users signed in by token
    (core.authentication) or session (core.backends) arrive with them already; this loads them for any
    other user object (a test's forced user, the shell, a Celery task) and copies them over."""
    if getattr(user, "_simutasi_request", None) == _request.get():
        return
    loaded = load_viewer("pk", user.pk)
    if loaded is None:  # deleted meanwhile
        _remember(user, None, frozenset(), dict.fromkeys(VIEWER_FLAGS, False))
        return
    employee = loaded._simutasi_employee
    if employee is not None:
        employee._state.fields_cache["user"] = user
    _remember(user, employee, loaded._simutasi_groups, loaded._simutasi_flags)


def employee_of(user):
    """The Employee record of a user with its post, or None (loaded with the viewer's roles in one
    query, kept on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return None
    _load_viewer(user)
    return user._simutasi_employee


def viewer_flag(user, name: str) -> bool | None:
    """A registered viewer flag (see VIEWER_FLAGS); None for an anonymous user."""
    if user is None or not user.is_authenticated:
        return None
    _load_viewer(user)
    return user._simutasi_flags[name]


def roles_of(user) -> frozenset[str]:
    if user is None or not user.is_authenticated:
        return frozenset()
    _load_viewer(user)
    if user._simutasi_roles is not None:
        return user._simutasi_roles
    roles: set[str] = set(user._simutasi_groups)
    if user.is_superuser:
        roles.add(HR)
    employee = user._simutasi_employee
    if employee is not None:
        roles.add(EMPLOYEE)
        position = employee.position
        if position is not None:
            if position.is_head:
                roles.add(AGENCY_HEAD)
            if position.special_role == SECRETARY:
                roles.add(SECRETARY)
            if position.special_role == REGIONAL_HEAD:
                roles.add(REGIONAL_HEAD)
            if employee._post_has_subordinates:
                roles.add(SUPERVISOR)
    user._simutasi_roles = frozenset(roles)
    return user._simutasi_roles


def hr_users() -> list:
    """Active BKPSDM staff (group `hr`): the people told about escalations, objections and failures."""
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(is_active=True, groups__name=HR).distinct())


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user).intersection(roles))


def is_hr(user) -> bool:
    return has_role(user, HR)


def is_auditor(user) -> bool:
    return has_role(user, AUDITOR)


def reads_region(user) -> bool:
    """HR, auditor, Sekda and the regional head see region-wide data."""
    return bool(roles_of(user) & REGION_READERS)


def headed_agency_id(user) -> int | None:
    """The agency whose head post the user holds, if any."""
    employee = employee_of(user)
    if employee is None or employee.position is None or not employee.position.is_head:
        return None
    return employee.position.agency_id


def reads_region_without_own_agency(user) -> bool:
    """HR, the auditor and the regional head: they may read every agency but head none, so a page or
    API call about "an agency" has no default for them (they choose one). Sekda heads the Sekretariat
    Daerah, so his default is that agency, like any agency head's."""
    return headed_agency_id(user) is None and reads_region(user)


def require(condition: bool, message: str = "") -> None:
    if not condition:
        raise PermissionDenied(message or None)


def require_role(user, *roles: str) -> None:
    require(has_role(user, *roles))


# --- Employees -------------------------------------------------------------------------------------


def visible_organisation(user, qs: QuerySet) -> QuerySet:
    """Agencies, units and posts are public inside the government: any signed-in user."""
    if user is None or not user.is_authenticated:
        return qs.none()
    return qs


def visible_employees(user, qs: QuerySet) -> QuerySet:
    """Every signed-in user may list colleagues (public fields); anonymous users see no one."""
    if user is None or not user.is_authenticated:
        return qs.none()
    return qs


def can_see_private(user, employee) -> bool:
    """Private fields (birth date, phone, e-mail, flags) of an employee: self, HR, auditor, Sekda,
    the regional head, the head of the employee's agency and the direct supervisor."""
    if user is None or not user.is_authenticated:
        return False
    if reads_region(user):
        return True
    me = employee_of(user)
    if me is None:
        return False
    if me.pk == employee.pk:
        return True
    if employee.position_id is None or me.position_id is None:
        return False
    if me.position.is_head and me.position.agency_id == employee.position.agency_id:
        return True
    return employee.position.superior_id == me.position_id
