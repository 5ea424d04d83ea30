"""The one formatting layer (core.formatting, issue 18 point 2): Indonesian separators, signed
differences without "-0", long dates and local times, in Python and through the template filters."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import override_settings

from core import formatting


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (Decimal("0.000"), 3, "0,000"),
        (-0.0001, 2, "0,00"),  # never "-0,00"
        (7, 0, "7"),
        (1085, 0, "1.085"),
        (1085, 2, "1.085,00"),  # was "1,085,00" on the dashboard
        (12371, 2, "12.371,00"),
        (Decimal("1554.745"), 2, "1.554,75"),  # half up, grouped like its neighbours
        (Decimal("1648.58"), 2, "1.648,58"),
        (-1234567.5, 1, "-1.234.567,5"),
        (None, 0, "–"),
        ("", 2, "–"),
        ("abc", 0, "–"),
    ],
)
def test_numbers_use_indonesian_separators(value, decimals, expected):
    assert formatting.number(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, "+3"), (-2, "-2"), (0, "0"), (Decimal("-0.0"), "0"), (None, "–"), (1500, "+1.500")],
)
def test_differences_carry_their_sign_and_zero_has_none(value, expected):
    assert formatting.signed(value) == expected


def test_dates_are_written_out_in_indonesian():
    assert formatting.date_long(dt.date(2026, 12, 6)) == "6 Desember 2026"
    assert formatting.date_long("2048-09-01") == "1 September 2048"
    assert formatting.date_long(None) == "–"


def test_instants_are_shown_in_the_local_zone_never_utc():
    late_utc = dt.datetime(2026, 12, 5, 23, 30, tzinfo=dt.UTC)  # already 6 December in Jakarta
    assert formatting.datetime_local(late_utc) == "6 Desember 2026 06.30 WIB"
    assert formatting.date_long(late_utc) == "6 Desember 2026"
    assert formatting.local_naive(late_utc) == dt.datetime(2026, 12, 6, 6, 30)
    with override_settings(TIME_ZONE="Asia/Makassar"):
        assert formatting.datetime_local(late_utc) == "6 Desember 2026 07.30 WITA"


def test_the_template_filters_are_the_same_layer():
    html = Template(
        "{% load format_id %}{{ h|angka:2 }} | {{ g|selisih }} | {{ z|selisih }} | {{ d|tanggal }}"
    ).render(Context({"h": 1085, "g": -1, "z": 0, "d": dt.date(2027, 1, 1)}))
    assert html == "1.085,00 | -1 | 0 | 1 Januari 2027"


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        (-2, "kurang 2"),
        (1, "lebih 1"),
        (0, "pas"),
        (-1500, "kurang 1.500"),
        (None, "kebutuhan belum dihitung (ABK)"),
    ],
)
def test_a_staffing_gap_reads_as_words(gap, expected):
    assert formatting.need_words(gap) == expected


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (None, "–"),
        (dt.timedelta(seconds=59), "kurang dari 1 menit"),
        (dt.timedelta(seconds=-5), "kurang dari 1 menit"),  # clocks a little apart, never negative
        (dt.timedelta(minutes=12, seconds=59), "12 menit"),
        (dt.timedelta(hours=5), "5 jam"),
        (dt.timedelta(hours=5, minutes=10), "5 jam 10 menit"),
        (dt.timedelta(days=1), "1 hari"),
        (dt.timedelta(days=2, hours=3, minutes=59), "2 hari 3 jam"),
        (dt.timedelta(days=1234), "1.234 hari"),
    ],
)
def test_a_duration_reads_as_days_hours_minutes(delta, expected):
    assert formatting.duration_words(delta) == expected
    rendered = Template("{% load format_id %}{{ d|lama }}").render(Context({"d": delta}))
    assert rendered == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "–"),
        (Decimal("2.00"), "2"),
        (Decimal("14.725"), "14,73"),
        (2.5, "2,5"),
        (-0.001, "0"),
        (1234.5, "1.234,5"),
    ],
)
def test_a_quantity_has_no_trailing_zeros_and_indonesian_separators(value, expected):
    assert formatting.quantity(value) == expected


def test_templates_write_dates_only_through_the_formatting_layer():
    """`|tanggal` ("6 Desember 2026") and `|waktu` ("6 Desember 2026 14.05 WIB"); Django's own `|date`
    only for a bare year."""
    from pathlib import Path

    from django.conf import settings

    found = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.html"):
            for fmt in re.findall(r'\|date:"([^"]*)"', path.read_text()):
                if fmt != "Y":
                    found.append(f"{path.name}: {fmt}")
    assert found == []
