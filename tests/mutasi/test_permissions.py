"""Must show #3: only the resolved approver (or their delegate in the dates, or HR at verification)
decides a step; everyone else gets 403/404 and nothing changes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from rest_framework.test import APIClient

from core.exceptions import TransitionNotAllowed
from core.models import AuditEvent
from mutasi import services
from mutasi.models import ApprovalStep, TransferRequest

pytestmark = pytest.mark.django_db

ORDER = ["atasan", "kadishub", "kadinkes", "bkpsdm", "sekda", "walikota"]
STAGES = ["supervisor", "origin_head", "destination_head", "hr_verification", "secretary", "regional_head"]
EVERYONE = [*ORDER, "pegawai", "lain", "tpk", "auditor"]


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _advance_to(world, request, stage_index):
    for name in ORDER[:stage_index]:
        services.transfer_approve(
            request_id=request.pk, actor=getattr(world, name if name != "lain" else "other")
        )


def _user(world, name):
    return world.other if name == "lain" else getattr(world, name)


@pytest.mark.parametrize("index", range(len(STAGES)), ids=STAGES)
def test_only_the_resolved_approver_can_decide_each_stage(world, submitted, index):
    _advance_to(world, submitted, index)
    request = TransferRequest.objects.get(pk=submitted.pk)
    assert request.current_stage == STAGES[index]
    allowed = ORDER[index]
    # Sekda and the Walikota read every request (region readers) but may only decide their own stage;
    # everyone else who cannot see the request gets 404 rather than a hint that it exists.
    before = AuditEvent.objects.count()
    for name in EVERYONE:
        if name == allowed:
            continue
        for action, body in (
            ("approve", {}),
            ("reject", {"note": "tidak"}),
            ("return", {"note": "lengkapi"}),
        ):
            response = _api(_user(world, name)).post(
                f"/api/v1/transfers/{request.pk}/{action}/", body, format="json"
            )
            assert response.status_code in (403, 404, 409), (name, action, response.status_code)
            if name not in ORDER[:index]:  # earlier approvers get 409 "already decided"
                assert response.status_code in (403, 404), (name, action)
    assert AuditEvent.objects.count() == before
    step = ApprovalStep.objects.get(request=request, stage=STAGES[index])
    assert step.decision == "pending"
    assert TransferRequest.objects.get(pk=request.pk).current_stage == STAGES[index]
    ok = _api(_user(world, allowed)).post(
        f"/api/v1/transfers/{request.pk}/approve/", {"note": "setuju"}, format="json"
    )
    assert ok.status_code == 200
    step.refresh_from_db()
    assert step.decision == "approved" and step.actor == _user(world, allowed)


def test_an_employee_who_cannot_see_the_request_gets_404(world, submitted):
    response = _api(world.other).post(f"/api/v1/transfers/{submitted.pk}/approve/", {}, format="json")
    assert response.status_code == 404
    assert _api(world.other).get(f"/api/v1/transfers/{submitted.pk}/").status_code == 404
    assert _api(world.other).get("/api/v1/transfers/").json()["count"] == 0


def test_a_delegate_acts_for_the_post_only_between_the_delegation_dates_and_on_behalf_of_the_holder(
    world, submitted
):
    today = timezone.localdate()
    services.delegation_create(
        actor=world.bkpsdm,
        position=world.atasan_post,
        delegate=world.other,
        start=today + dt.timedelta(days=1),
        end=today + dt.timedelta(days=5),
        kind="plh",
        reason="Atasan cuti",
    )
    # Not yet started: the delegate cannot act (and cannot even see the request yet).
    assert (
        _api(world.other).post(f"/api/v1/transfers/{submitted.pk}/approve/", {}, format="json").status_code
        == 404
    )
    services.delegation_create(
        actor=world.bkpsdm,
        position=world.atasan_post,
        delegate=world.other,
        start=today,
        end=today,
        kind="plh",
    )
    inbox = _api(world.other).get("/api/v1/transfers/inbox/").json()
    assert [row["request"]["id"] for row in inbox["results"]] == [submitted.pk]
    response = _api(world.other).post(
        f"/api/v1/transfers/{submitted.pk}/approve/", {"note": "Plh"}, format="json"
    )
    assert response.status_code == 200
    step = ApprovalStep.objects.get(request=submitted, stage="supervisor")
    assert (step.actor, step.on_behalf_of) == (world.other, world.atasan)
    event = AuditEvent.objects.get(action="transfer.approve")
    assert (event.actor, event.on_behalf_of) == (world.other, world.atasan)
    assert response.json()["steps"][0]["on_behalf_of"] == "Atasan"


def test_an_expired_delegation_gives_no_right(world, submitted):
    today = timezone.localdate()
    services.delegation_create(
        actor=world.bkpsdm,
        position=world.atasan_post,
        delegate=world.other,
        start=today - dt.timedelta(days=10),
        end=today - dt.timedelta(days=1),
    )
    with pytest.raises(Exception) as exc:
        services.transfer_approve(request_id=submitted.pk, actor=world.other)
    assert exc.type.__name__ == "PermissionDenied"
    assert ApprovalStep.objects.get(request=submitted, stage="supervisor").decision == "pending"


def test_reject_needs_a_reason_and_return_needs_a_note(world, submitted):
    client = _api(world.atasan)
    r = client.post(f"/api/v1/transfers/{submitted.pk}/reject/", {"note": ""}, format="json")
    assert r.status_code == 400 and "note" in r.json()
    r = client.post(f"/api/v1/transfers/{submitted.pk}/return/", {}, format="json")
    assert r.status_code == 400 and "note" in r.json()
    assert not AuditEvent.objects.filter(action__in=["transfer.reject", "transfer.return"]).exists()


def test_a_returned_request_is_answered_and_resubmitted_as_a_new_round(world, submitted):
    services.transfer_approve(request_id=submitted.pk, actor=world.atasan)
    r = _api(world.kadishub).post(
        f"/api/v1/transfers/{submitted.pk}/return/", {"note": "Lengkapi alasan"}, format="json"
    )
    assert r.json()["status"] == "returned"
    services.transfer_update(request_id=submitted.pk, actor=world.pegawai, reason="Alasan lebih lengkap.")
    r = _api(world.pegawai).post(
        f"/api/v1/transfers/{submitted.pk}/submit/", {"note": "Sudah dilengkapi"}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "in_review"
    steps = r.json()["steps"]
    assert [(s["round"], s["stage"], s["decision"]) for s in steps[:3]] == [
        (1, "supervisor", "approved"),
        (1, "origin_head", "returned"),
        (1, "destination_head", "closed"),
    ]
    assert [s["stage"] for s in steps if s["round"] == 2][0] == "supervisor"


def test_the_applicant_can_withdraw_before_the_final_decision_but_not_after(world, submitted):
    r = _api(world.other).post(f"/api/v1/transfers/{submitted.pk}/withdraw/", {}, format="json")
    assert r.status_code == 404
    r = _api(world.pegawai).post(
        f"/api/v1/transfers/{submitted.pk}/withdraw/", {"note": "Batal"}, format="json"
    )
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert r.json()["steps"][0]["decision"] == "closed"
    r = _api(world.pegawai).post(f"/api/v1/transfers/{submitted.pk}/withdraw/", {}, format="json")
    assert r.status_code == 409


def test_an_approved_request_cannot_be_withdrawn(world, submitted):
    _advance_to(world, submitted, len(ORDER))
    r = _api(world.pegawai).post(f"/api/v1/transfers/{submitted.pk}/withdraw/", {}, format="json")
    assert r.status_code == 409
    assert TransferRequest.objects.get(pk=submitted.pk).status == "approved"


def test_a_double_click_by_the_same_approver_gets_409(world, submitted):
    client = _api(world.atasan)
    assert client.post(f"/api/v1/transfers/{submitted.pk}/approve/", {}, format="json").status_code == 200
    assert client.post(f"/api/v1/transfers/{submitted.pk}/approve/", {}, format="json").status_code == 409
    assert AuditEvent.objects.filter(action="transfer.approve").count() == 1


def test_a_managerial_destination_adds_the_performance_team_stage(world):
    world.destination.kind = "pengawas"
    world.destination.save()
    from tests.mutasi.conftest import upload_required

    draft = services.transfer_create(
        actor=world.pegawai,
        employee=world.pegawai_emp,
        destination_position=world.destination,
        kind="between_agencies",
        reason="x",
    )
    upload_required(draft, world.pegawai)
    request = services.transfer_submit(request_id=draft.pk, actor=world.pegawai)
    assert list(request.steps.values_list("stage", flat=True)) == [
        "supervisor",
        "origin_head",
        "destination_head",
        "hr_verification",
        "performance_team",
        "secretary",
        "regional_head",
    ]
    for name in ORDER[:4]:
        services.transfer_approve(request_id=request.pk, actor=getattr(world, name))
    assert (
        _api(world.bkpsdm).post(f"/api/v1/transfers/{request.pk}/approve/", {}, format="json").status_code
        == 409
    )
    assert (
        _api(world.tpk).post(f"/api/v1/transfers/{request.pk}/approve/", {}, format="json").status_code == 200
    )


def test_an_agency_proposal_skips_the_supervisor_stage(world):
    draft = services.transfer_create(
        actor=world.kadishub,
        employee=world.pegawai_emp,
        destination_position=world.destination,
        kind="between_agencies",
        reason="Kebutuhan organisasi",
    )
    assert draft.initiated_by == "agency"
    request = services.transfer_submit(request_id=draft.pk, actor=world.kadishub)
    # Issue 21: the employee's own stage first (answered "agree" by the tests' conftest), then the
    # origin head: no supervisor stage.
    assert list(request.steps.values_list("stage", flat=True)[:2]) == ["employee", "origin_head"]
    assert request.current_stage == "origin_head"


@pytest.fixture(params=["withdrawn", "rejected", "completed"])
def final_request(request, world):
    """A request in a final state: withdrawn by its applicant, rejected by the supervisor, or moved on
    its TMT."""
    if request.param == "completed":
        return request.getfixturevalue("moved")
    submitted = request.getfixturevalue("submitted")
    if request.param == "rejected":
        return services.transfer_reject(request_id=submitted.pk, actor=world.atasan, note="Tidak sesuai.")
    return services.transfer_withdraw(request_id=submitted.pk, actor=world.pegawai)


@pytest.mark.parametrize("action", ["submit", "withdraw"])
def test_a_role_that_may_never_submit_or_withdraw_gets_403_on_a_final_request_and_the_owner_gets_409(
    world, final_request, action
):
    service = getattr(services, f"transfer_{action}")
    url = f"/api/v1/transfers/{final_request.pk}/{action}/"
    status = final_request.status
    events = AuditEvent.objects.count()
    # The auditor, the approvers and the region readers see the request but never act for the applicant:
    # "not yours to do" (403) whatever the status, never "not now" (409), which would tell them the status.
    for user in (world.auditor, world.walikota, world.sekda, world.kadishub, world.kadinkes):
        response = _api(user).post(url, {}, format="json")
        assert response.status_code == 403, (user.username, response.status_code)
        assert response.json()["detail"] == "Anda tidak berhak melakukan tindakan ini."
        with pytest.raises(PermissionDenied):
            service(request_id=final_request.pk, actor=user)
    # Someone who cannot see it learns nothing at all.
    assert _api(world.other).post(url, {}, format="json").status_code == 404
    # The applicant and HR may submit and withdraw, but not any more.
    for user in (world.pegawai, world.bkpsdm):
        response = _api(user).post(url, {}, format="json")
        assert response.status_code == 409, (user.username, response.status_code)
        assert "tindakan ini tidak diizinkan" in response.json()["detail"]
        with pytest.raises(TransitionNotAllowed):
            service(request_id=final_request.pk, actor=user)
    assert TransferRequest.objects.get(pk=final_request.pk).status == status
    assert AuditEvent.objects.count() == events


def test_an_approver_gets_403_on_submit_and_withdraw_of_a_request_in_review(world, submitted):
    # Mid-flow as well: deciding a stage does not make an approver the applicant.
    for action in ("submit", "withdraw"):
        response = _api(world.kadishub).post(f"/api/v1/transfers/{submitted.pk}/{action}/", {}, format="json")
        assert response.status_code == 403, (action, response.status_code)
    assert TransferRequest.objects.get(pk=submitted.pk).status == "in_review"
    assert not AuditEvent.objects.filter(action="transfer.withdraw").exists()
