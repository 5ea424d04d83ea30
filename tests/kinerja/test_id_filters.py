"""Number filters of the SKP API: ids accept 1..2^63-1, the year 1..9999 (a bigger number used to
crash the SQLite driver with OverflowError -> HTTP 500)."""

import pytest

from instansi.filters import MAX_ID
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(api_client):
    api_client.force_authenticate(UserFactory(groups=["hr"]))
    return api_client


@pytest.mark.parametrize("value", ["16013310300814718976", str(MAX_ID + 1), "-1634", "0", "1.5"])
@pytest.mark.parametrize("name", ["period", "agency", "unit", "employee", "appraiser"])
def test_an_appraisal_id_filter_outside_the_64_bit_range_is_a_400_with_a_field_message(
    hr_client, name, value
):
    response = hr_client.get("/api/v1/appraisals/", {name: value})

    assert response.status_code == 400, response.content
    assert response.json()[name]


@pytest.mark.parametrize("value", ["16013310300814718976", "10000", "-2024"])
def test_a_year_beyond_four_digits_is_a_400(hr_client, value):
    response = hr_client.get("/api/v1/appraisals/", {"year": value})

    assert response.status_code == 400
    assert response.json()["year"]


def test_in_range_numbers_are_accepted_and_match_nothing(hr_client):
    response = hr_client.get("/api/v1/appraisals/", {"agency": MAX_ID, "year": 2024})

    assert response.status_code == 200
    assert response.json()["count"] == 0
