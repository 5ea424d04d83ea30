"""Issue 19 finding 7, the cases the attack named, one by one (the whole API is held to its schema by
tests/security/test_fuzz_api.py with every schemathesis check)."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_employee_shapes_are_told_apart_by_their_visibility(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]

    def visibility_enum(name):
        field = components[name]["properties"]["visibility"]
        ref = field["allOf"][0]["$ref"] if "allOf" in field else field.get("$ref")
        return components[ref.rsplit("/", 1)[-1]]["enum"] if ref else field["enum"]

    assert visibility_enum("EmployeePublicOutput") == ["public"]
    assert visibility_enum("EmployeeFullOutput") == ["full"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/employees/?page_size=null",
        "/api/v1/employees/?page_size=0",
        "/api/v1/positions/?is_head=null",
        "/api/v1/team-goals/?period=null",
        "/api/v1/workload/agencies/?region=null",
        "/api/v1/transfers/?overdue=maybe",
        "/api/v1/employees/?agency=0",
    ],
)
def test_a_value_the_schema_does_not_allow_is_refused(world, path):
    response = _api(world.bkpsdm).get(path)
    assert response.status_code == 400, (path, response.content[:200])


def test_the_attachment_download_is_documented_with_the_types_it_is_served_as(client, world, draft):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    documented = set(
        schema["paths"]["/api/v1/attachments/{id}/download/"]["get"]["responses"]["200"]["content"]
    )
    attachment = draft.attachments.first()
    served = _api(world.pegawai).get(f"/api/v1/attachments/{attachment.pk}/download/")
    assert served.status_code == 200
    assert served["Content-Type"].split(";")[0] in documented
    assert documented == {"application/pdf", "image/jpeg", "image/png"}
