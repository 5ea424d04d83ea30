"""Calendar arithmetic the rules share (months to a TMT or a BUP, years in a post)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    # Clamp to the month's last day (e.g. 31 Jan + 1 month -> 28/29 Feb).
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def years_between(start: dt.date, end: dt.date) -> Decimal:
    return (Decimal((end - start).days) / Decimal("365.25")).quantize(Decimal("0.01"))
