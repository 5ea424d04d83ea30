"""Read API of organisation data: access to private fields, filters, pagination, query counts."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from instansi.choices import EducationLevel, EmployeeStatus, Gender, PositionKind
from instansi.models import Employee
from instansi.nip import format_nip, make_nip
from tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PlacementHistoryFactory,
    PositionFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)

PRIVATE_FIELDS = {
    "birth_date",
    "gender",
    "status",
    "golongan",
    "tmt_cpns",
    "education_level",
    "education_field",
    "competencies",
    "phone",
    "email",
    "under_sanction",
    "sanction_until",
    "in_court_case",
    "on_study_assignment",
    "study_until",
    "in_service_bond",
    "bond_until",
    "open_audit_finding",
    "audit_finding_date",
    "position_since",
    "is_active",
}
PUBLIC_FIELDS = {"id", "nip", "name", "full_name", "position_title", "unit", "agency", "agency_name"}


def build_org():
    """Two agencies: Dinas Perhubungan (head -> kabid -> staff, plus a secretariat clerk) and Dinas
    Kesehatan; accounts for each role of DESIGN.md section 1 that reads employees."""
    region = RegionFactory()
    dishub = AgencyFactory(region=region, code="DISHUB", name="Dinas Perhubungan")
    dinkes = AgencyFactory(region=region, code="DINKES", name="Dinas Kesehatan")
    sek = UnitFactory(agency=dishub, code="DISHUB-SEK", name="Sekretariat")
    lalin = UnitFactory(agency=dishub, code="DISHUB-LL", name="Bidang Lalu Lintas")
    rekayasa = UnitFactory(
        agency=dishub, parent=lalin, code="DISHUB-LL-RK", name="Seksi Rekayasa Lalu Lintas"
    )
    yankes = UnitFactory(agency=dinkes, code="DINKES-YK", name="Bidang Pelayanan Kesehatan")

    head = PositionFactory(
        agency=dishub, title="Kepala Dinas Perhubungan", kind=PositionKind.JPT_PRATAMA, grade=14, is_head=True
    )
    dishub.head_position = head
    dishub.save()
    kabid = PositionFactory(
        agency=dishub,
        unit=lalin,
        superior=head,
        title="Kepala Bidang Lalu Lintas",
        kind=PositionKind.ADMINISTRATOR,
        grade=11,
    )
    staff = PositionFactory(
        agency=dishub,
        unit=rekayasa,
        superior=kabid,
        title="Pengatur Lalu Lintas",
        kind=PositionKind.PELAKSANA,
        grade=6,
        required_staff=3,
    )
    clerk = PositionFactory(
        agency=dishub, unit=sek, superior=head, title="Pengadministrasi Umum", kind=PositionKind.PELAKSANA
    )
    dinkes_head = PositionFactory(
        agency=dinkes, title="Kepala Dinas Kesehatan", kind=PositionKind.JPT_PRATAMA, grade=14, is_head=True
    )
    dinkes.head_position = dinkes_head
    dinkes.save()
    nurse = PositionFactory(
        agency=dinkes,
        unit=yankes,
        superior=dinkes_head,
        title="Perawat Ahli Pertama",
        kind=PositionKind.AHLI_PERTAMA,
        grade=8,
        required_staff=4,
    )

    def person(username, position, name, **extra):
        user = UserFactory(username=username)
        return EmployeeFactory(user=user, position=position, name=name, **extra)

    kadishub = person("kadishub", head, "Bambang Sutrisno", front_title="Drs.", back_title="M.Si.")
    atasan = person("atasan", kabid, "Hendra Wijaya", back_title="S.T.")
    pegawai = person(
        "pegawai",
        staff,
        "Rudi Hartono",
        back_title="S.Tr.",
        birth_date=dt.date(1990, 4, 12),
        phone="081234500001",
        email="rudi@example.go.id",
        under_sanction=False,
    )
    rekan = person("rekan", clerk, "Siti Aminah", gender=Gender.FEMALE, phone="081234500002")
    kadinkes = person("kadinkes", dinkes_head, "Ratna Dewi", front_title="dr.", gender=Gender.FEMALE)
    perawat = person("perawat", nurse, "Ayu Lestari", back_title="S.Kep., Ners", gender=Gender.FEMALE)
    PlacementHistoryFactory(employee=pegawai, start=dt.date(2019, 2, 1), decree_number="800/12/BKPSDM/2019")
    PlacementHistoryFactory(
        employee=pegawai,
        position=clerk,
        position_title="Pengadministrasi Umum",
        agency_name="Dinas Perhubungan",
        start=dt.date(2015, 3, 1),
        end=dt.date(2019, 1, 31),
    )
    return SimpleNamespace(
        region=region,
        dishub=dishub,
        dinkes=dinkes,
        units=SimpleNamespace(sek=sek, lalin=lalin, rekayasa=rekayasa, yankes=yankes),
        posts=SimpleNamespace(
            head=head, kabid=kabid, staff=staff, clerk=clerk, dinkes_head=dinkes_head, nurse=nurse
        ),
        kadishub=kadishub,
        atasan=atasan,
        pegawai=pegawai,
        rekan=rekan,
        kadinkes=kadinkes,
        perawat=perawat,
        hr=UserFactory(username="bkpsdm", groups=["hr"]),
        auditor=UserFactory(username="auditor", groups=["auditor"]),
        no_employee=UserFactory(username="tamu"),
    )


@pytest.fixture
def org(db):
    return build_org()


def as_user(api_client, user):
    token, _ = Token.objects.get_or_create(user=user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api_client


def by_id(response):
    return {row["id"]: row for row in response.json()["results"]}


def bulk_employees(*, position, count: int, start: int = 0) -> None:
    """`count` valid employees in one INSERT batch (factories one by one would take minutes)."""
    base = dt.date(1960, 1, 1)
    rows = []
    for i in range(start, start + count):
        birth = base + dt.timedelta(days=i)  # a distinct birth date per row keeps every NIP unique
        tmt = dt.date(birth.year + 25, 3, 1)
        rows.append(
            Employee(
                nip=make_nip(birth_date=birth, tmt=tmt, gender=Gender.MALE, seq=1),
                name=f"Pegawai Massal {i:05d}",
                birth_date=birth,
                gender=Gender.MALE,
                status=EmployeeStatus.PNS,
                tmt_cpns=tmt,
                education_level=EducationLevel.S1,
                position=position,
                position_since=dt.date(2020, 1, 2),
                phone="0800",
            )
        )
    Employee.objects.bulk_create(rows, batch_size=2000)


# --- Authentication ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/employees/",
        "/api/v1/employees/me/",
        "/api/v1/agencies/",
        "/api/v1/units/",
        "/api/v1/positions/",
    ],
)
def test_an_anonymous_call_is_answered_401_with_a_token_challenge(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_the_token_endpoint_gives_a_token_that_then_authenticates_the_caller(org, api_client):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "pegawai", "password": "demo12345"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=org.pegawai.user).key == token

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api_client.get("/api/v1/employees/me/")
    assert me.status_code == 200
    assert me.json()["nip"] == org.pegawai.nip


def test_the_token_endpoint_refuses_a_wrong_password_with_an_indonesian_message(org, api_client):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "pegawai", "password": "salah"}, format="json"
    )
    assert response.status_code == 400
    assert "kata sandi salah" in response.json()["non_field_errors"][0]
    assert not Token.objects.filter(user=org.pegawai.user).exists()


def test_the_token_endpoint_requires_both_fields(api_client, db):
    response = api_client.post("/api/v1/auth/token/", {"username": "pegawai"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_the_token_endpoint_counts_failures_and_locks_out_after_five(org, api_client):
    from axes.models import AccessAttempt

    for attempt in range(1, 5):
        response = api_client.post(
            "/api/v1/auth/token/", {"username": "pegawai", "password": f"salah{attempt}"}, format="json"
        )
        assert response.status_code == 400
    fifth = api_client.post(
        "/api/v1/auth/token/", {"username": "pegawai", "password": "salah5"}, format="json"
    )
    assert fifth.status_code == 429
    assert "dikunci sementara" in fifth.json()["detail"]

    # Even the right password is refused during the cool-off.
    right = api_client.post(
        "/api/v1/auth/token/", {"username": "pegawai", "password": "demo12345"}, format="json"
    )
    assert right.status_code == 429
    assert not Token.objects.filter(user=org.pegawai.user).exists()
    assert AccessAttempt.objects.get(username="pegawai").failures_since_start >= 5


# --- Private fields ------------------------------------------------------------------------------------


def test_an_employee_sees_own_row_whole_and_only_public_fields_of_colleagues_in_the_list(org, api_client):
    response = as_user(api_client, org.pegawai.user).get("/api/v1/employees/", {"page_size": 100})
    assert response.status_code == 200
    rows = by_id(response)
    assert len(rows) == 6

    own = rows[org.pegawai.pk]
    assert own["visibility"] == "full"
    assert own["phone"] == "081234500001"
    assert own["birth_date"] == "1990-04-12"

    for employee in (org.rekan, org.atasan, org.kadishub, org.perawat, org.kadinkes):
        row = rows[employee.pk]
        assert row["visibility"] == "public"
        assert set(row) >= PUBLIC_FIELDS
        assert not PRIVATE_FIELDS & set(row), f"private field leaked for {employee.name}"
    assert rows[org.rekan.pk]["full_name"] == "Siti Aminah"
    assert rows[org.kadishub.pk]["full_name"] == "Drs. Bambang Sutrisno, M.Si."
    assert rows[org.kadishub.pk]["position_title"] == "Kepala Dinas Perhubungan"
    assert rows[org.perawat.pk]["agency_name"] == "Dinas Kesehatan"
    assert "081234500002" not in response.content.decode()


def test_an_employee_cannot_read_a_colleagues_private_fields_in_the_detail(org, api_client):
    response = as_user(api_client, org.pegawai.user).get(f"/api/v1/employees/{org.rekan.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["visibility"] == "public"
    assert data["nip"] == "*" * 15 + org.rekan.nip[-3:]  # the NIP is private too (issue 19)
    assert data["unit_name"] == "Sekretariat"
    assert not PRIVATE_FIELDS & set(data)


@pytest.mark.parametrize("reader", ["hr", "auditor"])
def test_hr_and_the_auditor_see_every_private_field(org, api_client, reader):
    client = as_user(api_client, getattr(org, reader))
    rows = by_id(client.get("/api/v1/employees/", {"page_size": 100}))
    assert len(rows) == 6
    assert all(row["visibility"] == "full" and set(row) >= PRIVATE_FIELDS for row in rows.values())

    detail = client.get(f"/api/v1/employees/{org.rekan.pk}/").json()
    assert detail["phone"] == "081234500002"
    assert detail["gender"] == Gender.FEMALE


def test_a_direct_supervisor_sees_private_fields_of_own_subordinate_only(org, api_client):
    rows = by_id(as_user(api_client, org.atasan.user).get("/api/v1/employees/", {"page_size": 100}))
    assert rows[org.pegawai.pk]["visibility"] == "full"
    assert rows[org.pegawai.pk]["email"] == "rudi@example.go.id"
    assert rows[org.rekan.pk]["visibility"] == "public"  # same agency, another superior
    assert rows[org.kadishub.pk]["visibility"] == "public"


def test_an_agency_head_sees_private_fields_of_own_agency_and_public_fields_elsewhere(org, api_client):
    rows = by_id(as_user(api_client, org.kadishub.user).get("/api/v1/employees/", {"page_size": 100}))
    for employee in (org.kadishub, org.atasan, org.pegawai, org.rekan):
        assert rows[employee.pk]["visibility"] == "full"
    for employee in (org.kadinkes, org.perawat):
        assert rows[employee.pk]["visibility"] == "public"
        assert "phone" not in rows[employee.pk]


def test_employees_me_returns_the_callers_whole_record_with_placement_history(org, api_client):
    response = as_user(api_client, org.pegawai.user).get("/api/v1/employees/me/")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == org.pegawai.pk
    assert data["visibility"] == "full"
    assert data["position_title"] == "Pengatur Lalu Lintas"
    assert data["unit_name"] == "Seksi Rekayasa Lalu Lintas"
    assert data["agency"] == org.dishub.pk
    assert data["nip_display"] == format_nip(org.pegawai.nip)
    assert [p["start"] for p in data["placements"]] == ["2019-02-01", "2015-03-01"]
    assert data["placements"][0]["decree_number"] == "800/12/BKPSDM/2019"


def test_employees_me_is_404_for_an_account_without_an_employee_record(org, api_client):
    response = as_user(api_client, org.hr).get("/api/v1/employees/me/")
    assert response.status_code == 404


def test_an_unknown_employee_id_is_404(org, api_client):
    response = as_user(api_client, org.pegawai.user).get("/api/v1/employees/999999/")
    assert response.status_code == 404


# --- Filters and pagination ----------------------------------------------------------------------------


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_employee_list_filters_by_agency_unit_kind_nip_and_name(org, api_client):
    client = as_user(api_client, org.hr)
    get = lambda **params: _ids(client.get("/api/v1/employees/", params))  # noqa: E731

    assert get(agency=org.dinkes.pk) == {org.kadinkes.pk, org.perawat.pk}
    assert get(unit=org.units.rekayasa.pk) == {org.pegawai.pk}
    assert get(kind=PositionKind.JPT_PRATAMA) == {org.kadishub.pk, org.kadinkes.pk}
    assert get(nip=org.rekan.nip) == {org.rekan.pk}
    assert get(nip=format_nip(org.rekan.nip)) == {org.rekan.pk}  # grouped with spaces
    assert get(name="aminah") == {org.rekan.pk}
    assert get(agency=org.dishub.pk, kind=PositionKind.PELAKSANA) == {org.pegawai.pk, org.rekan.pk}
    assert get(agency=999999) == set()


def test_a_malformed_filter_is_a_400_naming_the_parameter(org, api_client):
    client = as_user(api_client, org.hr)
    response = client.get("/api/v1/employees/", {"agency": "satu"})
    assert response.status_code == 400
    assert "agency" in response.json()
    response = client.get("/api/v1/positions/", {"kind": "presiden"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_lists_are_paginated_with_count_next_previous_and_results(org, api_client):
    client = as_user(api_client, org.pegawai.user)
    first = client.get("/api/v1/employees/", {"page_size": 4}).json()
    assert set(first) == {"count", "next", "previous", "results"}
    assert first["count"] == 6
    assert len(first["results"]) == 4
    assert first["previous"] is None
    assert "page=2" in first["next"]

    second = client.get("/api/v1/employees/", {"page_size": 4, "page": 2}).json()
    assert len(second["results"]) == 2
    assert second["next"] is None
    assert {r["id"] for r in first["results"]}.isdisjoint(r["id"] for r in second["results"])


def test_agencies_units_and_positions_are_listed_filtered_and_shown(org, api_client):
    client = as_user(api_client, org.pegawai.user)

    agencies = client.get("/api/v1/agencies/").json()
    assert agencies["count"] == 2
    dishub = next(a for a in agencies["results"] if a["id"] == org.dishub.pk)
    assert dishub["head_position_title"] == "Kepala Dinas Perhubungan"
    assert (dishub["unit_count"], dishub["position_count"], dishub["employee_count"]) == (3, 4, 4)
    assert _ids(client.get("/api/v1/agencies/", {"name": "kesehatan"})) == {org.dinkes.pk}
    assert client.get(f"/api/v1/agencies/{org.dinkes.pk}/").json()["name"] == "Dinas Kesehatan"
    assert client.get("/api/v1/agencies/999999/").status_code == 404

    assert _ids(client.get("/api/v1/units/", {"agency": org.dishub.pk})) == {
        org.units.sek.pk,
        org.units.lalin.pk,
        org.units.rekayasa.pk,
    }
    assert _ids(client.get("/api/v1/units/", {"parent": org.units.lalin.pk})) == {org.units.rekayasa.pk}
    unit = client.get(f"/api/v1/units/{org.units.rekayasa.pk}/").json()
    assert (unit["parent_name"], unit["agency_name"]) == ("Bidang Lalu Lintas", "Dinas Perhubungan")

    assert _ids(
        client.get("/api/v1/positions/", {"agency": org.dinkes.pk, "kind": PositionKind.AHLI_PERTAMA})
    ) == {org.posts.nurse.pk}
    assert _ids(client.get("/api/v1/positions/", {"name": "lalu lintas"})) == {
        org.posts.kabid.pk,
        org.posts.staff.pk,
    }
    post = client.get(f"/api/v1/positions/{org.posts.staff.pk}/").json()
    assert (post["required_staff"], post["holder_count"], post["superior_title"]) == (
        3,
        1,
        "Kepala Bidang Lalu Lintas",
    )
    assert post["retirement_age"] == 58
    assert client.get("/api/v1/positions/999999/").status_code == 404


# --- Query counts --------------------------------------------------------------------------------------

# The viewer (token, user, groups, employee, own post, subordinates: one statement; the test's forced
# user is read apart), COUNT, page.
EMPLOYEE_LIST_QUERIES = 3


def test_the_employee_list_of_an_agency_costs_the_same_queries_for_10_and_10000_employees(
    org, api_client, django_assert_num_queries
):
    client = as_user(api_client, org.atasan.user)
    url = f"/api/v1/employees/?agency={org.dishub.pk}&page_size=100"
    bulk_employees(position=org.posts.staff, count=6)  # 4 + 6 = 10 in Dinas Perhubungan
    with django_assert_num_queries(EMPLOYEE_LIST_QUERIES):
        small = client.get(url)
    assert small.json()["count"] == 10

    bulk_employees(position=org.posts.staff, count=9990, start=6)
    with django_assert_num_queries(EMPLOYEE_LIST_QUERIES):
        large = client.get(url)
    body = large.json()
    assert body["count"] == 10000
    assert len(body["results"]) == 100
    # The supervisor sees the private fields of the mass-created staff under the post he heads.
    assert {row["visibility"] for row in body["results"]} == {"full", "public"}


@pytest.mark.parametrize("url", ["/api/v1/agencies/", "/api/v1/positions/", "/api/v1/units/"])
def test_organisation_lists_cost_the_same_queries_whatever_the_number_of_employees(org, api_client, url):
    client = as_user(api_client, org.pegawai.user)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    bulk_employees(position=org.posts.staff, count=500)
    PositionFactory.create_batch(20, agency=org.dishub, unit=org.units.sek)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


# --- OpenAPI -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_openapi_schema_is_served_and_describes_the_organisation_endpoints(api_client):
    response = api_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    for path in (
        "/api/v1/employees/",
        "/api/v1/employees/me/",
        "/api/v1/agencies/{id}/",
        "/api/v1/auth/token/",
    ):
        assert path in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/employees/"]["get"]["parameters"]}
    assert {"agency", "unit", "kind", "nip", "name", "page"} <= params
    assert set(schema["components"]["schemas"]["Employee"]["discriminator"]["mapping"]) == {"public", "full"}


@pytest.mark.django_db
def test_swagger_ui_is_served_from_local_files_only(api_client):
    import re

    response = api_client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)["\']', html)
    assert any(a.endswith(".js") for a in assets)
    assert not [a for a in assets if re.match(r"(https?:)?//", a)], assets
    # No CDN address anywhere in the page, scripts included (a bare "cdn" substring can occur by chance
    # in the random CSRF token the page embeds, and once did).
    assert not re.search(r"(https?:)?//[\w.-]*cdn", html, re.IGNORECASE), html
    # Swagger UI otherwise sends every schema to the online validator at validator.swagger.io. Its start
    # script is a file of its own (no inline script under the Content-Security-Policy).
    assert "<script>" not in html
    script = api_client.get("/api/docs/", {"script": ""}).content.decode()
    assert '"validatorUrl": null' in script
    assert not re.search(r"(https?:)?//[\w.-]*cdn", script, re.IGNORECASE)


@pytest.mark.django_db
def test_the_whole_openapi_schema_generates_and_validates_without_warnings(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/employees/me/" in out.read_text()
