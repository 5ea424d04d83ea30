"""One formatting layer for what users read (issue 18 point 2): numbers with Indonesian separators
("1.234,5"), signed differences without "-0", dates as "6 Desember 2026" and times in the local zone
(WIB by default, `TIME_ZONE`). Templates reach it through the `format_id` tag library, exports and
PDFs and messages by calling it; nothing else formats a number or a date for a reader.

Built on Django's own localisation (`django.utils.formats`, the `id` locale's separators and month
names), so the separators are the locale's, not written here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import formats, timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext_lazy as _

EMPTY = "–"

Number = int | float | Decimal


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def number(value, decimals: int = 0, *, empty: str = EMPTY) -> str:
    """`1234.5` -> "1.234,5" (with `decimals=1`); rounded half up; never "-0"; None -> "–"."""
    amount = _decimal(value)
    if amount is None:
        return empty
    quantum = Decimal(1).scaleb(-decimals)
    amount = amount.quantize(quantum, rounding="ROUND_HALF_UP")
    if amount == 0:
        amount = abs(amount)  # -0.00 -> 0.00
    with translation.override("id"):
        return formats.number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def quantity(value, max_decimals: int = 2, *, empty: str = EMPTY) -> str:
    """A measure read as a person says it: at most `max_decimals` decimals, without trailing zeros:
    `Decimal("2.00")` -> "2", `14.725` -> "14,73", `2.5` -> "2,5"."""
    amount = _decimal(value)
    if amount is None:
        return empty
    amount = amount.quantize(Decimal(1).scaleb(-max_decimals), rounding="ROUND_HALF_UP").normalize()
    return number(amount, max(-amount.as_tuple().exponent, 0))


def signed(value, decimals: int = 0, *, empty: str = EMPTY) -> str:
    """A difference: "+3", "-2" (a real minus sign is not used: readers type and search "-"), "0"."""
    amount = _decimal(value)
    if amount is None:
        return empty
    text = number(amount, decimals)
    if text.lstrip("0,.") == "":  # zero at this precision
        return text
    return text if text.startswith("-") else f"+{text}"


def need_words(gap, *, empty: str | None = None) -> str:
    """A staffing gap (holders - need) in words: "kurang 2", "lebih 1", "pas"; no figure (the post
    was never analysed) says so instead of a question mark."""
    amount = _decimal(gap)
    if amount is None:
        return empty if empty is not None else str(_("kebutuhan belum dihitung (ABK)"))
    if amount < 0:
        return str(_("kurang %(n)s")) % {"n": number(-amount)}
    if amount > 0:
        return str(_("lebih %(n)s")) % {"n": number(amount)}
    return str(_("pas"))


def duration_words(value: dt.timedelta | None, *, empty: str = EMPTY) -> str:
    """How long something took, in words: "2 hari 3 jam", "5 jam 10 menit", "12 menit", "kurang dari
    1 menit" (whole units, rounded down; days and hours past a day, hours and minutes below)."""
    if value is None:
        return empty
    minutes = max(int(value.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        parts = [str(_("%(n)s hari")) % {"n": number(days)}]
        if hours:
            parts.append(str(_("%(n)s jam")) % {"n": hours})
    elif hours:
        parts = [str(_("%(n)s jam")) % {"n": hours}]
        if mins:
            parts.append(str(_("%(n)s menit")) % {"n": mins})
    elif mins:
        parts = [str(_("%(n)s menit")) % {"n": mins}]
    else:
        parts = [str(_("kurang dari 1 menit"))]
    return " ".join(parts)


def date_long(value, *, empty: str = EMPTY) -> str:
    """`2026-12-06` -> "6 Desember 2026"; a datetime is shown on its local date."""
    if value is None or value == "":
        return empty
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    with translation.override("id"):
        return date_format(value, "j F Y")


def datetime_local(value, *, empty: str = EMPTY) -> str:
    """An instant in the local zone: "6 Desember 2026 14.05 WIB"."""
    if value is None:
        return empty
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    with translation.override("id"):
        return f"{date_format(local, 'j F Y')} {local:%H.%M} {zone_name(local)}"


def zone_name(value: dt.datetime | None = None) -> str:
    """WIB / WITA / WIT for the Indonesian zones, the zone's own abbreviation otherwise."""
    local = timezone.localtime(value) if value is not None else timezone.localtime()
    return {7: "WIB", 8: "WITA", 9: "WIT"}.get(int(local.utcoffset().total_seconds() // 3600), local.tzname())


def local_naive(value: dt.datetime | None) -> dt.datetime | None:
    """A datetime for a spreadsheet cell: local time without zone (Excel has none), never UTC."""
    if value is None:
        return None
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
