"""Who may act is answered before whether the input is right (issue 19, finding 9).

For every write of the API (each POST, PUT, PATCH and DELETE the URL resolver routes under /api/v1/,
so an endpoint added tomorrow is included without touching this file) and every demo role the access
matrix (tests/security/test_access_matrix.py) refuses there with a valid body (403, or 404 for an
object outside the role's sight), bodies that are not valid at all must get the very same 403 or 404:
never a 400 naming the fields, nor a 415 or 409, which would tell a caller who may never act about the
input or the object's state. And nothing is written: no INSERT, UPDATE or DELETE reaches the database.

The mechanism is core.api_permissions.MayEverAct (a view's `may_act` or `acts_on`). A write with no
row in the matrix fails here too: give it its rows there. Only the cells listed below are exempt, each
with its reason.
"""

from __future__ import annotations

import re

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.test_access_matrix import COLUMNS, ROWS, Clients, _normalise, demo  # noqa: F401

WRITES = ("post", "put", "patch", "delete")

# Writes open to every signed-in user (and, for the token, to anyone): nobody is refused them.
OPEN_TO_ALL = {
    ("POST", "/api/v1/auth/token/"): "signing in: anyone may ask for a token with a name and password",
    ("POST", "/api/v1/auth/logout/"): "every signed-in user may end their own token",
    ("POST", "/api/v1/verification/{}/"): "public: anyone may check a file against a decree (rate-limited)",
}

# Cells the matrix refuses with its body but where the role may act with another one: the refusal
# depends on the input (whose transfer, which post, which agency), so the input is read first and a
# body that is not valid is a 400. The test checks these roles do get their 400 (so the list stays true).
DEPENDS_ON_INPUT = {
    # Every employee proposes their own transfer, an agency head also for their agency's staff; the body
    # names pegawai of Dinas Perhubungan.
    ("POST", "/api/v1/transfers/"): {"walikota", "sekda", "kadinkes", "atasan", "tpk", "auditor"},
    # Every employee drafts their own SKP; the body names pegawai's.
    ("POST", "/api/v1/appraisals/"): {
        "walikota",
        "sekda",
        "kadinkes",
        "kadishub",
        "atasan",
        "tpk",
        "auditor",
    },  # fmt: skip
    # The holder of a post that decides a stage names a Plt/Plh for that post; the body names kadishub's.
    ("POST", "/api/v1/delegations/"): {"walikota", "sekda", "kadinkes", "atasan"},
    # Heads and supervisors set team goals for their own agency; the body names Dinas Kesehatan.
    ("POST", "/api/v1/team-goals/"): {"walikota", "sekda", "kadishub", "atasan"},
}


def api_writes() -> set[tuple[str, str]]:
    """(METHOD, route with every parameter as {}) of every write under /api/v1/, from the URL resolver."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), getattr(p.callback, "view_class", None)

    writes = set()
    for route, view in walk(get_resolver().url_patterns):
        if not route.startswith("api/v1/") or view is None:
            continue
        for method in WRITES:
            if hasattr(view, method):
                writes.add((method.upper(), "/" + re.sub(r"<[^>]+>", "{}", route)))
    return writes


def _wrong(prop: dict):
    """A value of the wrong type for a property of the request schema (no control characters and no
    long text: those the input layer refuses before any view, core.input_guard and instansi.limits)."""
    kind = prop.get("type")
    if kind == "object":
        return [1]
    if kind == "array":
        return {"x": 1}
    return {"x": [1]}


def invalid_bodies(schema: dict, method: str, template: str) -> list[tuple[object, str]]:
    """(body, format) pairs no serializer accepts: empty, not an object, and every property of the
    operation's request body with a value of the wrong type."""
    path = next(
        (p for p in schema["paths"] if _normalise(p) == _normalise(template)),
        None,
    )
    operation = schema["paths"].get(path, {}).get(method.lower(), {}) if path else {}
    content = operation.get("requestBody", {}).get("content", {})
    if content and "application/json" not in content:  # a file upload: multipart only
        media = next(iter(content.values()))["schema"]
        props = _properties(schema, media)
        return [({}, "multipart"), (dict.fromkeys(props, "x"), "multipart"), ({}, "json")]
    props = _properties(schema, content.get("application/json", {}).get("schema", {}))
    return [({}, "json"), ([1], "json"), ({name: _wrong(p) for name, p in props.items()}, "json")]


def _properties(schema: dict, node: dict) -> dict:
    if "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node.get("properties", {})


WRITE_SQL = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def test_every_api_write_refuses_a_caller_who_may_never_act_before_reading_the_input(
    demo,  # noqa: F811
    db,
    settings,
    client,
):
    settings.MEDIA_ROOT = demo.media_root
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    clients = Clients(demo)
    writes = api_writes()
    rows_of = {}
    for row in ROWS:
        if row.is_api and row.method != "GET":
            rows_of.setdefault((row.method, _normalise(row.template)), []).append(row)

    without_rows = sorted(writes - set(rows_of) - set(OPEN_TO_ALL))
    assert not without_rows, "API writes without a row in the access matrix:\n" + "\n".join(
        f"{m} {p}" for m, p in without_rows
    )
    assert writes >= set(DEPENDS_ON_INPUT), "DEPENDS_ON_INPUT names a write that no longer exists"

    differing, wrote, checked = [], [], 0
    for operation in sorted(writes - set(OPEN_TO_ALL)):
        exempt = DEPENDS_ON_INPUT.get(operation, set())
        for row in rows_of[operation]:
            bodies = invalid_bodies(schema, row.method, row.template)
            for column, expected in zip(COLUMNS, row.expected, strict=True):
                if expected not in ("403", "404"):
                    continue  # the role may act (2xx, or the business answer 400/409), or is anonymous
                want = "400" if column in exempt else expected
                for body, fmt in bodies:
                    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                        response = getattr(clients.api[column], row.method.lower())(
                            row.path(demo.objects), body, format=fmt
                        )
                        transaction.set_rollback(True)
                    checked += 1
                    got = str(response.status_code)
                    if got != want:
                        differing.append(
                            f"{row.label:58} {column:9} {fmt:9} {str(body)[:40]:40} expected {want}, got {got}"
                        )
                    writes_sql = [
                        q["sql"][:60] for q in queries.captured_queries if WRITE_SQL.match(q["sql"])
                    ]
                    if writes_sql and column not in exempt:
                        wrote.append(f"{row.label:58} {column:9} wrote: {writes_sql}")
    assert checked >= 500, checked
    assert not differing and not wrote, (
        f"{len(differing)} refused caller(s) told about the input, {len(wrote)} wrote to the database:\n"
        + "\n".join(differing + wrote)
    )
