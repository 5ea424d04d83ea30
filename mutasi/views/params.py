"""Reading the pages' form and query values, and turning a refusal into the messages the page shows."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from core.exceptions import DomainError


def error_text(exc: DomainError) -> str:
    """Every message of a refusal in one line (for a flash message)."""
    parts = []
    for value in exc.as_dict().values():
        parts.extend(value if isinstance(value, list) else [value])
    return " ".join(str(p) for p in parts)


def field_errors(exc: DomainError) -> dict[str, list[str]]:
    """A refusal's messages by form field (shown under each input)."""
    return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in exc.as_dict().items()}


def int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def parse_date(value, field: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(value or "")
    except (TypeError, ValueError):
        raise DomainError(_("Tanggal tidak sah (format TTTT-BB-HH)."), field=field)
