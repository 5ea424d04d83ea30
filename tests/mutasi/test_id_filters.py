"""Id filters of the transfer API accept 1..2^63-1 only (a bigger number used to crash the SQLite
driver with OverflowError -> HTTP 500)."""

import pytest

from instansi.filters import MAX_ID
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(api_client):
    api_client.force_authenticate(UserFactory(groups=["hr"]))
    return api_client


@pytest.mark.parametrize("value", ["16013310300814718976", str(MAX_ID + 1), "-1634", "0"])
@pytest.mark.parametrize("name", ["agency", "employee", "destination_position"])
def test_a_transfer_id_filter_outside_the_64_bit_range_is_a_400_with_a_field_message(hr_client, name, value):
    response = hr_client.get("/api/v1/transfers/", {name: value})

    assert response.status_code == 400, response.content
    assert "Id paling" in response.json()[name][0]


def test_the_largest_64_bit_id_is_accepted_and_matches_nothing(hr_client):
    response = hr_client.get("/api/v1/transfers/", {"agency": MAX_ID, "employee": MAX_ID})

    assert response.status_code == 200
    assert response.json()["count"] == 0
