"""The employee JSON the list and detail API give (instansi.api): the public fields to a colleague, the
whole record to HR, in a fixed order, for the unusual shapes too (no post, a post without a unit,
empty and null optional fields); and the list's cheaper count (PostgreSQL) counts exactly the rows
the filters select."""

import datetime as dt

import pytest

from instansi import selectors
from instansi.choices import PositionKind
from instansi.models import Employee
from tests.factories import EmployeeFactory, PositionFactory
from tests.instansi.test_api import as_user, build_org

pytestmark = pytest.mark.django_db


def unusual_employees(agency) -> tuple[Employee, Employee]:
    """The unusual shapes: no post at all; a post without a unit, empty and null optional fields."""
    unposted = EmployeeFactory(position=None, name="Tanpa Jabatan")
    Employee.objects.filter(pk=unposted.pk).update(tmt_cpns=None, position_since=None)
    titled = EmployeeFactory(
        position=PositionFactory(agency=agency, unit=None, title="Staf Ahli", kind=PositionKind.PELAKSANA),
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
    return unposted, titled


@pytest.fixture
def org():
    org = build_org()
    org.unposted, org.titled = unusual_employees(org.dinkes)
    return org


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def public_json(employee: Employee, visibility: str = "public") -> dict:
    position = employee.position
    return {
        "id": employee.pk,
        "visibility": visibility,
        # The NIP encodes the birth date and gender: masked in the public shape (issue 19, finding 9).
        "nip": employee.nip if visibility == "full" else "*" * 15 + employee.nip[-3:],
        "nip_display": employee.nip_display
        if visibility == "full"
        else f"******** ****** * {employee.nip[-3:]}",
        "name": employee.name,
        "front_title": employee.front_title,
        "back_title": employee.back_title,
        "full_name": employee.full_name,
        "position": employee.position_id,
        "position_title": position and position.title,
        "unit": position and position.unit_id,
        "unit_name": position and position.unit and position.unit.name,
        "agency": position and position.agency_id,
        "agency_name": position and position.agency.name,
    }


def full_json(employee: Employee) -> dict:
    e = employee
    return {
        **public_json(e, "full"),
        "birth_date": _date(e.birth_date),
        "gender": e.gender,
        "status": e.status,
        "golongan": e.golongan,
        "tmt_cpns": _date(e.tmt_cpns),
        "education_level": e.education_level,
        "education_field": e.education_field,
        "competencies": e.competencies,
        "position_since": _date(e.position_since),
        "retirement_date": _date(e.retirement_date),
        "phone": e.phone,
        "email": e.email,
        "under_sanction": e.under_sanction,
        "sanction_until": _date(e.sanction_until),
        "in_court_case": e.in_court_case,
        "on_study_assignment": e.on_study_assignment,
        "study_until": _date(e.study_until),
        "in_service_bond": e.in_service_bond,
        "bond_until": _date(e.bond_until),
        "open_audit_finding": e.open_audit_finding,
        "audit_finding_date": _date(e.audit_finding_date),
        "is_active": e.is_active,
    }


def test_hr_receives_every_employee_whole_and_a_colleague_the_public_fields_in_a_fixed_order(org, api_client):
    for user, expected in ((org.hr, full_json), (org.rekan.user, public_json)):
        client = as_user(api_client, user)
        listed = {
            row["id"]: row for row in client.get("/api/v1/employees/", {"page_size": 200}).json()["results"]
        }
        for employee in (org.unposted, org.titled, org.kadinkes):
            employee = Employee.objects.select_related("position__unit", "position__agency").get(
                pk=employee.pk
            )
            want = expected(employee)
            detail = client.get(f"/api/v1/employees/{employee.pk}/").json()
            assert detail == listed[employee.pk] == want, (user.username, employee.name)
            assert list(detail) == list(want)
    titled = as_user(api_client, org.hr).get(f"/api/v1/employees/{org.titled.pk}/").json()
    # The shapes a client must handle: a post without a unit, empty text, a list, a date, a flag.
    assert (titled["unit"], titled["unit_name"], titled["agency_name"]) == (None, None, "Dinas Kesehatan")
    assert (titled["golongan"], titled["phone"], titled["competencies"]) == ("", "", ["hukum", "kepegawaian"])
    assert (titled["sanction_until"], titled["under_sanction"], titled["is_active"]) == (
        "2030-01-31",
        True,
        False,
    )
    unposted = as_user(api_client, org.hr).get(f"/api/v1/employees/{org.unposted.pk}/").json()
    assert (unposted["position"], unposted["agency"], unposted["tmt_cpns"]) == (None, None, None)


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
