"""The one input layer that refuses control characters, for pages and the API alike (issue 19, finding 2).

A NUL character cannot be stored in PostgreSQL text (psycopg refuses the statement), other C0/C1
control characters and lone UTF-16 surrogates are never part of what a person types, and a surrogate
cannot even be encoded to UTF-8. Before a view runs, `ControlCharacterMiddleware` looks at every text
the request carries: the query string (names and values), form and multipart fields (names and
values) and JSON bodies (every key and string, however nested). Any such character answers 400 with
an Indonesian message naming the field, and the view never runs, so nothing is changed. Tab, line feed
and carriage return are ordinary text (textareas) and pass.

It runs in `process_view`, after Django's CSRF check, so a form without its token is still refused with
403 first. A JSON body that does not parse is left to DRF, which answers its own (translated) 400.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext

# C0 controls except tab, line feed and carriage return; DEL and the C1 controls; lone surrogates.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
JSON_BODY_LIMIT = 12 * 1024 * 1024  # never read more than Django's DATA_UPLOAD_MAX_MEMORY_SIZE


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def control_character_message() -> str:
    return gettext("Masukan berisi karakter kontrol (misalnya NUL) yang tidak diizinkan.")


def _json_texts(value, path: str) -> Iterator[tuple[str, str]]:
    """(field, text) for every key and string of a parsed JSON document."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            name = str(key) if not path else f"{path}.{key}"
            yield name, str(key)
            yield from _json_texts(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_texts(item, f"{path}[{index}]" if path else str(index))


def _query_texts(query) -> Iterator[tuple[str, str]]:
    for name, values in query.lists():
        yield name, name
        for value in values:
            yield name, value


def request_texts(request: HttpRequest) -> Iterator[tuple[str, str]]:
    yield from _query_texts(request.GET)
    if request.method != "POST" and "json" not in request.content_type:
        return
    if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        if request.method == "POST":
            # File names need no look: Django's multipart parser drops their non-printable characters.
            try:
                fields = request.POST
            except MultiPartParserError:
                return  # a malformed body: the view's parser answers its own 400
            yield from _query_texts(fields)
        return
    if "json" in request.content_type:
        body = request.body[:JSON_BODY_LIMIT]
        try:
            document = json.loads(body)
        except ValueError:
            return  # not JSON: the API's parser answers 400 with its own message
        yield from _json_texts(document, "")


def first_offending_field(request: HttpRequest) -> str | None:
    """The name of the first field carrying a control character, or None when the request is clean."""
    for field, text in request_texts(request):
        if has_control_characters(text):
            # The field name itself may be what is wrong: never echo a control character back.
            return CONTROL_CHARACTERS.sub("?", field) or "detail"
    return None


def refusal(request: HttpRequest, field: str) -> HttpResponse:
    message = control_character_message()
    if request.path.startswith("/api/"):
        return JsonResponse({field: [message]}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


class ControlCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        field = first_offending_field(request)
        if field is None:
            return None
        return refusal(request, field)
