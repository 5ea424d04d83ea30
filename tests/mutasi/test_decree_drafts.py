"""Issue 17 point 6: the register's "draft" (konsep SK). A draft takes no number: the number is taken
when HR issues it, so the numbers stay without gaps and a discarded draft uses none up
(docs/ARCHITECTURE.md "Decrees"). The one-step issue keeps working beside it."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.exceptions import TransitionNotAllowed
from core.models import AuditEvent
from mutasi.choices import DecreeStatus, Status
from mutasi.models import Decree, DecreeCounter, DecreeExtract, TransferRequest
from mutasi.services import decree as decree_services
from tests.mutasi.conftest import approve_all, submit_mover
from tests.mutasi.decree_helpers import flat, issue, pdf_text
from tests.mutasi.factories import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world(need=10)  # room in the destination for every mover


@pytest.fixture
def approved(world, submitted):
    """Three approved requests of Dinas Perhubungan employees into Dinas Kesehatan."""
    return [approve_all(world, submitted)] + [
        approve_all(world, submit_mover(world, f"mover{i}")) for i in range(2)
    ]


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _draft_body(world, requests) -> dict:
    today = timezone.localdate().isoformat()
    return {
        "requests": [r.pk for r in requests],
        "date": today,
        "tmt": today,
        "signer": world.walikota.employee.pk,
        "draft": True,
    }


def _make_draft(world, requests) -> Decree:
    answer = api(world.bkpsdm).post("/api/v1/decrees/", _draft_body(world, requests), format="json")
    assert answer.status_code == 201, answer.content
    return Decree.objects.get(pk=answer.json()["id"])


def _register(client, world) -> str:
    client.force_login(world.bkpsdm)
    return client.get(f"/mutasi/sk/register/?tahun={timezone.localdate().year}").content.decode()


def test_a_draft_takes_no_number_and_the_register_shows_it_as_konsep(world, approved, client):
    answer = api(world.bkpsdm).post("/api/v1/decrees/", _draft_body(world, approved[:2]), format="json")
    assert answer.status_code == 201
    body = answer.json()
    assert body["status"] == "draft" and body["number"] is None and body["seq"] is None
    assert sorted(body["draft_requests"]) == sorted(r.pk for r in approved[:2]) and body["requests"] == []
    draft = Decree.objects.get(pk=body["id"])
    assert not draft.verify_token and not draft.pdf
    assert not DecreeCounter.objects.exists()  # no number taken
    assert set(
        TransferRequest.objects.filter(pk__in=body["draft_requests"]).values_list("status", flat=True)
    ) == {Status.APPROVED}
    page = _register(client, world)
    assert "Konsep SK (belum bernomor)" in page
    assert "Konsep, belum bernomor" in page and f"Pratinjau konsep #{draft.pk}" in page
    assert ">draft<" not in page  # the label, never the code
    # the preview is a PDF of the draft's employees, marked as a draft, with no verification QR address
    preview = client.get(f"/mutasi/sk/{draft.pk}/pdf/")
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    text = flat(pdf_text(b"".join(preview.streaming_content)))
    assert "KONSEP(nomordiberikansaatSKditerbitkan)" in text and "/verifikasi/" not in text
    assert all(flat(r.employee.full_name) in text for r in approved[:2])
    assert AuditEvent.objects.filter(action="decree.draft", target_id=str(draft.pk)).count() == 1


def test_issuing_a_draft_takes_the_next_number_and_leaves_no_gap(world, approved, client):
    first = issue(world, approved[:1])  # one step, as before: number 1
    draft = _make_draft(world, approved[1:2])
    second = issue(world, approved[2:])  # number 2: the draft did not hold one
    answer = api(world.bkpsdm).post(f"/api/v1/decrees/{draft.pk}/issue/", {}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "issued" and answer.json()["seq"] == 3
    draft.refresh_from_db()
    assert [first.seq, second.seq, draft.seq] == [1, 2, 3]
    assert draft.number and draft.verify_token and draft.pdf_sha256
    assert list(draft.draft_requests.all()) == []
    request = TransferRequest.objects.get(pk=approved[1].pk)
    assert request.status == Status.DECREED and request.decree_id == draft.pk
    assert DecreeExtract.objects.filter(decree=draft, request=request).exists()  # the petikan
    assert AuditEvent.objects.get(action="decree.issue", target_id=str(draft.pk)).from_state == "draft"
    page = _register(client, world)
    assert "Nomor ini tidak memiliki SK" not in page and "Konsep SK (belum bernomor)" not in page
    assert all(d.number in page for d in (first, second, draft))
    # the signer finds it in the queue
    client.force_login(world.walikota)
    assert draft.number in client.get("/mutasi/sk/tanda-tangan/").content.decode()


def test_a_draft_issued_from_the_register_page_with_a_new_date(world, approved, client):
    draft = _make_draft(world, approved[:1])
    page = _register(client, world)
    assert 'value="issue_draft"' in page
    client.post("/mutasi/sk/register/", {"action": "issue_draft", "decree": draft.pk})
    draft.refresh_from_db()
    assert draft.status == DecreeStatus.ISSUED and draft.seq == 1
    # a later one through the API with its own date: the date moves, the number follows the order
    other = _make_draft(world, approved[1:2])
    later = timezone.localdate() + dt.timedelta(days=1)
    answer = api(world.bkpsdm).post(
        f"/api/v1/decrees/{other.pk}/issue/", {"date": later.isoformat(), "tmt": later.isoformat()}
    )
    assert (
        answer.status_code == 200 and answer.json()["date"] == later.isoformat() and answer.json()["seq"] == 2
    )


def test_discarding_a_draft_uses_no_number(world, approved, client):
    draft = _make_draft(world, approved[:1])
    answer = api(world.bkpsdm).post(f"/api/v1/decrees/{draft.pk}/discard/", {"reason": "Salah pilih TMT."})
    assert answer.status_code == 204 and not answer.content
    assert not Decree.objects.filter(pk=draft.pk).exists()
    event = AuditEvent.objects.get(action="decree.draft_discard")
    assert event.note == "Salah pilih TMT." and event.data["requests"] == [approved[0].pk]
    assert TransferRequest.objects.get(pk=approved[0].pk).status == Status.APPROVED
    # the same request can be decreed afterwards, and takes number 1
    assert issue(world, approved[:1]).seq == 1
    # a draft discarded from the register page
    other = _make_draft(world, approved[1:2])
    _register(client, world)
    client.post("/mutasi/sk/register/", {"action": "discard_draft", "decree": other.pk, "reason": ""})
    assert not Decree.objects.filter(pk=other.pk).exists()
    assert DecreeCounter.objects.get().last_seq == 1
    page = _register(client, world)
    assert "dibuang" in page.lower() and "Nomor ini tidak memiliki SK" not in page


def test_illegal_transitions_answer_409_and_change_nothing(world, approved, client):
    hr = api(world.bkpsdm)
    draft = _make_draft(world, approved[:1])
    # a request is in one draft at a time, and the one-step issue does not take it from the draft
    assert hr.post("/api/v1/decrees/", _draft_body(world, approved[:2]), format="json").status_code == 409
    one_step = {**_draft_body(world, approved[:1]), "draft": False}
    assert hr.post("/api/v1/decrees/", one_step, format="json").status_code == 409
    # a draft is discarded, never cancelled
    with pytest.raises(TransitionNotAllowed):
        decree_services.decree_cancel(actor=world.bkpsdm, decree_id=draft.pk, reason="x")
    assert hr.post(f"/api/v1/decrees/{draft.pk}/issue/", {}).status_code == 200
    # once issued it is no draft any more: issuing or discarding it again is a 409
    answers = [
        hr.post(f"/api/v1/decrees/{draft.pk}/issue/", {}),
        hr.post(f"/api/v1/decrees/{draft.pk}/discard/", {}),
    ]
    assert [a.status_code for a in answers] == [409, 409]
    assert "bukan konsep lagi" in answers[0].json()["detail"]
    assert DecreeCounter.objects.get().last_seq == 1
    assert hr.post("/api/v1/decrees/999999/issue/", {}).status_code == 404


def test_a_request_withdrawn_since_the_draft_refuses_the_issue_and_the_draft_stays(world, approved):
    from mutasi import services

    draft = _make_draft(world, approved[:2])
    services.transfer_cancel(request_id=approved[1].pk, actor=world.bkpsdm, note="Pegawai mengundurkan diri.")
    answer = api(world.bkpsdm).post(f"/api/v1/decrees/{draft.pk}/issue/", {})
    assert answer.status_code == 409 and approved[1].number in answer.json()["detail"]
    draft.refresh_from_db()
    assert draft.status == DecreeStatus.DRAFT and draft.seq is None and draft.draft_requests.count() == 2
    assert not DecreeCounter.objects.filter(last_seq__gt=0).exists()
    assert TransferRequest.objects.get(pk=approved[0].pk).status == Status.APPROVED


def test_only_hr_makes_issues_or_discards_drafts_and_only_hr_and_the_auditor_see_them(
    world, approved, client
):
    draft = _make_draft(world, approved[:1])
    for user in (world.walikota, world.pegawai, world.auditor):
        caller = api(user)
        assert (
            caller.post("/api/v1/decrees/", _draft_body(world, approved[1:2]), format="json").status_code
            == 403
        )
        assert caller.post(f"/api/v1/decrees/{draft.pk}/issue/", {}).status_code == 403
        assert caller.post(f"/api/v1/decrees/{draft.pk}/discard/", {}).status_code == 403
    # the draft is HR's working copy: the named signer and the employee do not see it
    assert api(world.walikota).get(f"/api/v1/decrees/{draft.pk}/").status_code == 404
    assert api(world.pegawai).get(f"/api/v1/decrees/{draft.pk}/pdf/").status_code == 404
    assert draft.pk not in [d["id"] for d in api(world.walikota).get("/api/v1/decrees/").json()["results"]]
    assert api(world.auditor).get(f"/api/v1/decrees/{draft.pk}/").json()["status"] == "draft"
    client.force_login(world.walikota)
    assert client.get("/mutasi/sk/tanda-tangan/").content.decode().count(f"/mutasi/sk/{draft.pk}/") == 0
    # the auditor reads the register with its drafts, without the buttons
    client.force_login(world.auditor)
    page = client.get("/mutasi/sk/register/").content.decode()
    assert "Konsep, belum bernomor" in page and 'value="issue_draft"' not in page
    assert (
        client.post("/mutasi/sk/register/", {"action": "issue_draft", "decree": draft.pk}).status_code == 403
    )
    draft.refresh_from_db()
    assert draft.status == DecreeStatus.DRAFT and Decree.objects.count() == 1
