"""XSS and SQL strings in every free-text field a user can reach (issue 7 point 3).

Each payload goes in through the real door (the API or the admin form, as the role that may write it),
must be stored as text exactly, must come back escaped on every page that shows it, and must not
change what a filter returns. The demo region is seeded once per module (tests/security/conftest.py).
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from core.models import AuditEvent, User
from instansi.models import Agency, Employee, Position

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
DROP = "'; DROP TABLE instansi_employee; --"
TAUTOLOGY = "' OR '1'='1"
PAYLOADS = [SCRIPT, ATTRIBUTE, DROP, TAUTOLOGY]
PAYLOAD_IDS = ["script-tag", "attribute-breakout", "drop-table", "or-tautology"]
# Markup an attacker needs the browser to parse; none of it may reach a page unescaped.
RAW_MARKUP = ("<script>alert(1)", "<img src=x onerror")


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _api(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=_user(username))
    return client


def _browser(username: str) -> Client:
    client = Client()
    client.force_login(_user(username))
    return client


def assert_shown_escaped(html: str, payload: str) -> None:
    """The payload is on the page, escaped; its markup never appears as markup."""
    for raw in RAW_MARKUP:
        assert raw not in html, f"unescaped {raw!r} on the page"
    assert escape(payload, quote=True) in html or escape(payload, quote=False) in html, (
        f"{payload!r} not shown (escaped) on the page"
    )
    if payload == SCRIPT:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def assert_tables_intact(employee_count: int) -> None:
    assert "instansi_employee" in connection.introspection.table_names()
    assert Employee.objects.count() == employee_count


def _dinkes_post() -> Position:
    return (
        Position.objects.filter(agency__code="DINKES", is_head=False, kind="pelaksana").order_by("pk").first()
    )


# --- Transfer request: reason, return note -------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_a_transfer_reason_is_stored_exactly_and_shown_escaped(demo, db, payload):
    employees = Employee.objects.count()
    pegawai = _user("pegawai")
    response = _api("pegawai").post(
        "/api/v1/transfers/",
        {
            "employee": pegawai.employee.pk,
            "destination_position": _dinkes_post().pk,
            "kind": "between_agencies",
            "reason": payload,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    transfer_id = response.json()["id"]
    assert response.json()["reason"] == payload

    from mutasi.models import TransferRequest

    assert TransferRequest.objects.get(pk=transfer_id).reason == payload
    assert AuditEvent.objects.filter(action="transfer.create", target_id=str(transfer_id)).count() == 1

    for who in ("pegawai", "bkpsdm"):
        page = _browser(who).get(f"/mutasi/{transfer_id}/")
        assert page.status_code == 200
        assert_shown_escaped(page.content.decode(), payload)
    assert_tables_intact(employees)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_a_return_note_is_stored_exactly_and_shown_escaped_in_the_timeline(demo, db, payload):
    from mutasi.models import ApprovalStep, TransferRequest

    employees = Employee.objects.count()
    # The demo request waiting for the origin head (kadishub), DESIGN.md 8.
    transfer = TransferRequest.objects.get(status="in_review", current_stage="origin_head")
    response = _api("kadishub").post(
        f"/api/v1/transfers/{transfer.pk}/return/", {"note": payload}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "returned"

    step = ApprovalStep.objects.get(request=transfer, stage="origin_head", round=transfer.round)
    assert step.note == payload
    event = AuditEvent.objects.get(action="transfer.return", target_id=str(transfer.pk))
    assert event.note == payload

    for who in ("bkpsdm", "kadishub"):
        page = _browser(who).get(f"/mutasi/{transfer.pk}/")
        assert page.status_code == 200
        assert_shown_escaped(page.content.decode(), payload)
    assert_tables_intact(employees)


# --- Appraisal (SKP): feedback, results justification, objection ----------------------------------------


def _pegawai_appraisal(status: str):
    from kinerja.models import Appraisal

    return Appraisal.objects.get(employee__user__username="pegawai", status=status)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_appraisal_feedback_justification_and_objection_are_stored_exactly_and_shown_escaped(
    demo, db, payload
):
    from kinerja.models import Appraisal

    employees = Employee.objects.count()
    appraisal = _pegawai_appraisal("agreed")  # the current year's SKP, agreed with atasan
    atasan = _api("atasan")

    feedback = atasan.post(f"/api/v1/appraisals/{appraisal.pk}/feedback/", {"note": payload}, format="json")
    assert feedback.status_code == 200, feedback.content
    assert appraisal.feedback_notes.latest("pk").note == payload

    rated = atasan.post(
        f"/api/v1/appraisals/{appraisal.pk}/rate/",
        {"results_rating": "di_atas", "behaviour_rating": "sesuai", "results_justification": payload},
        format="json",
    )
    if rated.status_code == 400 and "results_rating" in rated.json():
        # A unit head's results rating follows the unit's; any other rating is refused, not our subject.
        rated = atasan.post(
            f"/api/v1/appraisals/{appraisal.pk}/rate/",
            {"behaviour_rating": "sesuai", "results_justification": payload},
            format="json",
        )
    assert rated.status_code == 200, rated.content
    assert Appraisal.objects.get(pk=appraisal.pk).results_justification == payload

    objected = _api("pegawai").post(
        f"/api/v1/appraisals/{appraisal.pk}/object/", {"reason": payload}, format="json"
    )
    assert objected.status_code == 200, objected.content
    stored = Appraisal.objects.get(pk=appraisal.pk)
    assert stored.status == "objected"
    assert stored.objection_reason == payload

    target = {"target_id": str(appraisal.pk)}
    assert AuditEvent.objects.get(action="appraisal.feedback", **target).note == payload
    assert AuditEvent.objects.get(action="appraisal.rate", **target).note == payload
    assert AuditEvent.objects.filter(action="appraisal.object", **target).count() == 1

    for who in ("pegawai", "atasan"):
        page = _browser(who).get(f"/kinerja/skp/{appraisal.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert_shown_escaped(html, payload)
        # Three fields carry the payload; each must be escaped, not just the first.
        assert html.count(escape(payload, quote=False)) + html.count(escape(payload, quote=True)) >= 3
    assert_tables_intact(employees)


# --- Employee name, edited by HR in the admin -----------------------------------------------------------


class _FormFields(HTMLParser):
    """The fields of the admin change form, as a browser would submit them unchanged."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None


def _admin_change(client: Client, url: str, changes: dict[str, str]):
    form = client.get(url)
    assert form.status_code == 200
    parser = _FormFields()
    parser.feed(form.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    data.update({k: [v] for k, v in changes.items()})
    return client.post(url, data)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_an_employee_name_set_by_hr_in_the_admin_is_stored_exactly_and_shown_escaped(demo, db, payload):
    employees = Employee.objects.count()
    employee = _user("pegawai").employee
    hr = _browser("bkpsdm")
    saved = _admin_change(hr, f"/admin/instansi/employee/{employee.pk}/change/", {"name": payload})
    assert saved.status_code == 302, saved.content.decode()[:3000]

    employee.refresh_from_db()
    assert employee.name == payload
    assert employee.history.first().name == payload  # master-data history (django-simple-history)

    pages = {
        "pegawai": ["/profil/"],
        "bkpsdm": [
            f"/opd/{employee.position.agency_id}/",
            f"/admin/instansi/employee/{employee.pk}/change/",
            "/admin/instansi/employee/?q=" + employee.nip,
        ],
    }
    for who, urls in pages.items():
        client = _browser(who)
        for url in urls:
            page = client.get(url)
            assert page.status_code == 200, url
            assert_shown_escaped(page.content.decode(), payload)

    api = _api("bkpsdm").get(f"/api/v1/employees/{employee.pk}/")
    assert api.status_code == 200
    assert api.json()["name"] == payload
    assert_tables_intact(employees)


# --- Search and filter parameters ----------------------------------------------------------------------

FILTERED_LISTS = [
    ("/api/v1/employees/", "name"),
    ("/api/v1/employees/", "nip"),
    ("/api/v1/agencies/", "name"),
    ("/api/v1/agencies/", "code"),
    ("/api/v1/units/", "name"),
    ("/api/v1/positions/", "name"),
    ("/api/v1/transfers/", "number"),
    ("/api/v1/appraisals/", "name"),
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
@pytest.mark.parametrize("who", ["bkpsdm", "pegawai"])
def test_filters_answer_attack_strings_with_no_rows_and_no_server_error(demo, db, who, payload):
    employees = Employee.objects.count()
    client = _api(who)
    for path, name in FILTERED_LISTS:
        everything = client.get(path)
        response = client.get(path, {name: payload})
        assert response.status_code in (200, 400, 403), (path, name, response.status_code)
        if response.status_code != 200:
            continue
        assert everything.status_code == 200
        # Nothing is called like an attack string, so the answer is empty; a tautology that leaked into
        # SQL would return every row instead.
        assert response.json()["count"] == 0, (path, name)
        assert response.json()["results"] == []
    assert_tables_intact(employees)


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_search_boxes_on_pages_echo_attack_strings_escaped(demo, db, payload):
    hr = _browser("bkpsdm")
    pages = [
        ("/opd/", {"q": payload}),
        ("/admin/instansi/employee/", {"q": payload}),
        ("/mutasi/", {"status": payload}),
    ]
    for url, params in pages:
        page = hr.get(url, params)
        assert page.status_code in (200, 400), url
        html = page.content.decode()
        for raw in RAW_MARKUP:
            assert raw not in html, url
    listing = hr.get("/opd/", {"q": payload}).content.decode()
    assert escape(payload, quote=True) in listing or escape(payload, quote=False) in listing
    assert Agency.objects.filter(name__icontains=payload).count() == 0


def test_a_stored_attack_string_is_matched_only_as_plain_text_by_the_name_filter(demo, db):
    """The name filter is a parameterised icontains: the stored string is found as itself and nothing
    else is, e.g. `' OR '1'='1` finds only the employee literally called that."""
    pegawai = _user("pegawai").employee
    Employee.objects.filter(pk=pegawai.pk).update(name=TAUTOLOGY)
    response = _api("bkpsdm").get("/api/v1/employees/", {"name": TAUTOLOGY})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [pegawai.pk]
    assert response.json()["count"] == 1
