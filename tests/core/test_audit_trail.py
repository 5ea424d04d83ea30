"""The Inspektorat's audit trail (issue 18 point 7): one page, API and XLSX over every audit row of the
region; filters (dates in local days, actor, action, agency, object, overrides only), search, words
instead of codes; only the auditor, HR and the regional head reach it."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core import audit
from core.audit_labels import ACTION_LABELS, ACTION_PREFIX_LABELS, action_label, state_label
from core.models import AuditEvent
from mutasi import services
from tests.mutasi.conftest import submit_mover
from tests.mutasi.factories import build_world

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world(db):
    return build_world()


def tbody(html: str) -> str:
    return html[html.index("<tbody>") : html.index("</tbody>")]


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_every_action_written_in_the_code_has_a_label():
    """A new `audit.record(action=...)` without a label here would reach the Inspektorat as a code."""
    written = set()
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        written |= set(re.findall(r'action=f?"([a-z_]+\.[a-z_.]+)', path.read_text()))
    unlabelled = {
        code
        for code in written
        if code not in ACTION_LABELS and not any(code.startswith(p) for p in ACTION_PREFIX_LABELS)
    }
    assert written and not unlabelled, sorted(unlabelled)
    assert action_label("transfer.submit") == "Usulan mutasi diajukan"
    assert state_label("in_review") != "in_review"  # mutasi registered its statuses


def test_the_auditor_hr_and_the_regional_head_read_it_and_no_one_else(world, client):
    submit_mover(world)
    for user, allowed in (
        (world.auditor, True),
        (world.bkpsdm, True),
        (world.walikota, True),
        (world.kadishub, False),
        (world.sekda, False),
        (world.pegawai, False),
    ):
        client.force_login(user)
        expected = 200 if allowed else 403
        assert client.get("/jejak-audit/").status_code == expected, user.username
        assert client.get("/jejak-audit/unduh/").status_code == expected, user.username
        assert api(user).get("/api/v1/audit-events/").status_code == expected, user.username
        assert api(user).get("/api/v1/audit-events/?date_from=bad").status_code == (400 if allowed else 403)


def test_the_page_names_actions_and_statuses_in_words_and_marks_overrides(world, client):
    request = submit_mover(world)
    audit.record(
        actor=world.bkpsdm, action="transfer.override", target=request, note="Alasan khusus", flagged=True
    )
    client.force_login(world.auditor)
    html = tbody(client.get("/jejak-audit/").content.decode())
    assert "Usulan mutasi diajukan" in html and "Syarat dikecualikan (override)" in html
    assert ">transfer.submit<" not in html  # the code only in a tooltip
    assert "in_review" not in re.sub(r'title="[^"]*"', "", html)  # statuses in words
    only = tbody(client.get("/jejak-audit/?flagged=1").content.decode())
    assert "Alasan khusus" in only and "Usulan mutasi diajukan" not in only


def test_filters_select_exactly_the_rows_asked_for(world):
    request = submit_mover(world)
    moment = timezone.make_aware(dt.datetime(2026, 3, 2, 0, 30))  # 00:30 WIB on 2 March = 1 March UTC
    with time_machine.travel(moment, tick=False):
        audit.record(actor=world.kadishub, action="team_goal.create", note="target pagi")
    client = api(world.auditor)

    def ids(query: str) -> set[int]:
        body = client.get(f"/api/v1/audit-events/?{query}").json()
        return {row["id"] for row in body["results"]}

    early = AuditEvent.objects.get(note="target pagi")
    assert ids("date_from=2026-03-02&date_to=2026-03-02") == {early.pk}  # a local day, not a UTC one
    assert early.pk not in ids("date_to=2026-03-01")
    assert ids("actor=kadishub") == {early.pk}
    submitted = ids("action=transfer.submit")
    assert submitted == set(AuditEvent.objects.filter(action="transfer.submit").values_list("pk", flat=True))
    assert submitted
    about_dishub = ids(f"agency={world.dishub.pk}")
    assert about_dishub == set(AuditEvent.objects.for_target(request).values_list("pk", flat=True))
    assert ids(f"agency={world.dinkes.pk}") == about_dishub  # the request goes to Dinas Kesehatan
    assert ids(f"object={request.number}") == about_dishub
    assert ids("q=pagi") == {early.pk}
    row = client.get("/api/v1/audit-events/?q=pagi").json()["results"][0]
    assert row["action_label"] == "Target tim dibuat" and row["actor_name"]


def test_the_export_holds_the_selected_rows_in_words_local_time_and_text_as_text(world, client):
    request = submit_mover(world)
    services.transfer_withdraw(request_id=request.pk, actor=world.bkpsdm, note='=HYPERLINK("http://x")')
    client.force_login(world.auditor)
    response = client.get(f"/jejak-audit/unduh/?object={request.number}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="jejak-audit-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Waktu (WIB)" and rows[0][3] == "Aksi"
    body = rows[1:]
    assert len(body) == AuditEvent.objects.for_target(request).count()
    actions = {r[3] for r in body}
    assert {"Usulan mutasi diajukan", "Usulan ditarik pemohon"} <= actions
    withdrawn = next(r for r in body if r[3] == "Usulan ditarik pemohon")
    assert withdrawn[7] == '=HYPERLINK("http://x")'  # stored as text, never a formula
    event = AuditEvent.objects.filter(action="transfer.withdraw").get()
    assert withdrawn[0] == timezone.localtime(event.created_at).replace(
        tzinfo=None, microsecond=withdrawn[0].microsecond
    )
