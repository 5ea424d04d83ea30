"""Review fix (issue 8): "today" is the region's day (Asia/Jakarta), not the server's (UTC).

At 20:00 UTC on 22 November it is already 23 November, 03:00, in Jakarta; `date.today()` on a UTC server
would still say the 22nd and every rule counting days (years in post, demo dates) would be a day off.
"""

import datetime as dt
from decimal import Decimal

import pytest

from instansi import demo
from instansi.models import Employee
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

EVENING_UTC = "2026-11-22 20:00 +00:00"
JAKARTA_DAY = dt.date(2026, 11, 23)


@pytest.fixture
def utc_evening(time_machine, monkeypatch):
    # The server's clock runs in UTC (TZ of the process), the site in Asia/Jakarta (settings.TIME_ZONE).
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    time_machine.move_to(EVENING_UTC, tick=False)
    assert dt.date.today() == dt.date(2026, 11, 22)
    yield
    monkeypatch.undo()
    time.tzset()


def test_years_in_post_count_to_the_jakarta_day_in_the_utc_evening(utc_evening):
    # Two days before the Jakarta day, one day before the UTC day: 0.01 years against 0.00.
    employee = EmployeeFactory(position_since=JAKARTA_DAY - dt.timedelta(days=2))
    assert employee.years_in_post() == employee.years_in_post(on=JAKARTA_DAY) == Decimal("0.01")


def test_the_demo_seed_dates_the_personas_from_the_jakarta_day_in_the_utc_evening(utc_evening):
    demo.seed(employees=300)
    pegawai = Employee.objects.get(user__username="pegawai")
    years = demo.PERSONAS["pegawai"].years_in_post
    assert pegawai.position_since == JAKARTA_DAY - dt.timedelta(days=round(years * 365.25))
