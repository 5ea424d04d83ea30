"""No internal code reaches a page (issue 18 point 1): every page of the access matrix that a demo role
may open (GET, 200, HTML) is rendered for that role and its visible text (tags, attributes and scripts
removed: a code may stay in a tooltip) is searched for the codes users must never read: eligibility
rule codes, audit action codes, status codes with an underscore, the rounding codes, and "None".
"""

from __future__ import annotations

import html as html_lib
import re

import pytest

from core.audit_labels import ACTION_LABELS
from mutasi.eligibility.checklist import CODES as RULE_CODES
from tests.security.test_access_matrix import COLUMNS, ROLES, ROWS, Clients, demo  # noqa: F401

pytestmark = pytest.mark.django_db

RAW = sorted(
    {
        *RULE_CODES,
        *ACTION_LABELS,
        "half_up",
        "in_review",
        "hr_verification",
        "destination_head",
        "origin_head",
    },
    key=len,
    reverse=True,
)
PATTERN = re.compile(r"(?<![\w.])(" + "|".join(re.escape(c) for c in RAW) + r"|None)(?![\w.])")


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<[^>]+>", " ", page)
    return html_lib.unescape(page)


def test_no_page_shows_an_internal_code_to_any_role(demo):  # noqa: F811
    clients = Clients(demo)
    found = []
    for row in ROWS:
        if row.is_api or row.method != "GET":
            continue
        for column, expected in zip(COLUMNS, row.expected, strict=True):
            if column not in ROLES or expected != "200":
                continue
            response = clients.page[column].get(row.path(demo.objects))
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for match in set(PATTERN.findall(visible_text(response.content.decode()))):
                found.append(f"{row.template} as {column}: {match}")
    assert not found, "\n".join(sorted(found))
