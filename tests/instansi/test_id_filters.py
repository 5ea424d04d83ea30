"""Id filters of the organisation and workload API accept 1..2^63-1 only (a bigger number cannot
name a row and used to crash the SQLite driver with OverflowError -> HTTP 500)."""

import pytest

from instansi.filters import MAX_ID
from tests.factories import AgencyFactory, RegionFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = ["16013310300814718976", str(MAX_ID + 1), "-1634", "0"]


@pytest.fixture
def hr_client(api_client):
    RegionFactory()  # the workload API reads the latest run of the viewer's (or the only) region
    api_client.force_authenticate(UserFactory(groups=["hr"]))
    return api_client


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/units/", "agency"),
        ("/api/v1/units/", "parent"),
        ("/api/v1/positions/", "unit"),
        ("/api/v1/employees/", "agency"),
        ("/api/v1/agencies/", "region"),
        ("/api/v1/workload/results/", "agency"),
        ("/api/v1/workload/tasks/", "position"),
    ],
)
def test_an_id_filter_outside_the_64_bit_range_is_a_400_with_a_field_message(hr_client, url, name, value):
    response = hr_client.get(url, {name: value})

    assert response.status_code == 400, response.content
    assert name in response.json()
    assert "Id paling" in response.json()[name][0]


def test_the_largest_64_bit_id_is_accepted_and_simply_matches_nothing(hr_client):
    unit = UnitFactory(agency=AgencyFactory())

    assert hr_client.get("/api/v1/units/", {"agency": MAX_ID}).json()["count"] == 0
    found = hr_client.get("/api/v1/units/", {"agency": unit.agency_id}).json()
    assert [row["id"] for row in found["results"]] == [unit.pk]


def test_a_fraction_or_a_word_is_not_an_id(hr_client):
    for value in ("1.5", "1e3", "abc", "9" * 5000):
        response = hr_client.get("/api/v1/units/", {"agency": value})
        assert response.status_code == 400, value
        assert response.json()["agency"] == ["Masukkan id berupa bilangan bulat."]
