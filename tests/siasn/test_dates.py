"""How a SIASN date is read (`siasn.records.parse_date`): dd-mm-yyyy as the web service sends it, ISO
text and real dates from a spreadsheet, and an ISO timestamp of midnight as some history rows carry it;
anything else is refused (the record is then refused with the column's name, never guessed)."""

import datetime as dt

import pytest

from siasn.records import parse_date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("01-04-2016", dt.date(2016, 4, 1)),
        ("2016-04-01", dt.date(2016, 4, 1)),
        ("2016-04-01T00:00:00Z", dt.date(2016, 4, 1)),
        ("2016-04-01T00:00:00", dt.date(2016, 4, 1)),
        ("2016-04-01 00:00:00+07:00", dt.date(2016, 4, 1)),
        ("01/04/2016", dt.date(2016, 4, 1)),
        (dt.datetime(2016, 4, 1, 0, 0), dt.date(2016, 4, 1)),
        (dt.date(2016, 4, 1), dt.date(2016, 4, 1)),
        ("", None),
        (None, None),
    ],
)
def test_the_forms_siasn_and_its_spreadsheets_use(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value", ["31-02-2016", "2016-02-31", "2016-04-01T25:00:00Z", "2016-04-01Tlater", "1 April 2016", "x"]
)
def test_anything_else_is_refused(value):
    with pytest.raises(ValueError):
        parse_date(value)


@pytest.mark.parametrize(
    "value", ["01-04-2016", "2016-04-01", " 2016-04-01 ", "01/04/2016", "", "  ", "31-02-2016", "x", 20160401]
)
def test_a_date_met_again_reads_as_the_first_time(value):
    """parse_date remembers what a text read as (`_parse_date_text`): the second reading answers, or
    refuses, as the first did."""
    answers = []
    for _ in range(2):
        try:
            answers.append(parse_date(value))
        except ValueError as exc:
            answers.append(("refused", str(exc)))
    assert answers[0] == answers[1]
