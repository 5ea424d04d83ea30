"""The hand-written employee rows of the list and detail API (instansi.api) give exactly what the
declared serializers EmployeePublicOutput / EmployeeFullOutput give, and the list's cheaper count
(PostgreSQL) counts exactly the rows the filters select."""

import datetime as dt

import pytest
from rest_framework import serializers

from instansi import api, selectors
from instansi.choices import PositionKind
from instansi.models import Employee
from tests.factories import EmployeeFactory, PositionFactory
from tests.instansi.test_api import as_user, build_org

pytestmark = pytest.mark.django_db


def drf(serializer_class, employee) -> dict:
    """What DRF itself renders for the serializer (the contract the hand-written rows follow)."""
    return serializers.ModelSerializer.to_representation(serializer_class(), employee)


@pytest.fixture
def org():
    org = build_org()
    # The unusual shapes: no post at all, a post without a unit, empty and null optional fields.
    org.unposted = EmployeeFactory(position=None, name="Tanpa Jabatan")
    Employee.objects.filter(pk=org.unposted.pk).update(tmt_cpns=None, position_since=None)
    org.titled = EmployeeFactory(
        position=PositionFactory(
            agency=org.dinkes, unit=None, title="Staf Ahli", kind=PositionKind.PELAKSANA
        ),
        name="Gelar Lengkap",
        front_title="Dr.",
        back_title="S.H., M.H.",
        golongan="",
        phone="",
        competencies=["hukum", "kepegawaian"],
        under_sanction=True,
        sanction_until=dt.date(2030, 1, 31),
        is_active=False,
    )
    return org


def test_each_row_is_what_the_declared_serializers_render(org):
    for employee in selectors.employee_list(viewer=org.hr, filters={}):
        assert api._public_row(employee) == drf(api.EmployeePublicOutput, employee), employee.name
        assert api._full_row(employee) == drf(api.EmployeeFullOutput, employee), employee.name
        assert list(api._full_row(employee)) == list(api.EmployeeFullOutput().fields)


def test_the_list_count_equals_the_rows_for_every_filter_combination(org, api_client):
    client = as_user(api_client, org.hr)
    combinations = [
        {"agency": org.dinkes.pk},
        {"agency": org.dishub.pk},
        {"agency": org.dishub.pk, "kind": PositionKind.PELAKSANA},
        {"agency": org.dishub.pk, "name": "a"},
        {"agency": org.dinkes.pk, "unit": org.units.yankes.pk},
        {"agency": org.dinkes.pk, "nip": org.kadinkes.nip},
        {"agency": 999999},
        {"name": "a"},
        {},
    ]
    for params in combinations:
        body = client.get("/api/v1/employees/", {**params, "page_size": 200}).json()
        assert body["count"] == len(body["results"]), params
        expected = selectors.employee_list(viewer=org.hr, filters=params)
        assert body["count"] == len(list(expected)), params
