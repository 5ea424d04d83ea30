"""Review fixes (issue 8): text longer than its column is a 400 (API) or a message (page) naming the
field, on SQLite and on PostgreSQL alike (PostgreSQL refuses an over-long value with a database error,
which used to surface as a 500)."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditEvent
from mutasi import services
from mutasi.models import Delegation, TransferRequest

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_outgoing_request_with_an_overlong_other_instansi_is_a_400_on_that_field(world):
    body = {
        "employee": world.pegawai_emp.pk,
        "kind": "outgoing",
        "reason": "Ikut suami pindah tugas.",
        "external_instansi": "Pemerintah Kabupaten " + "S" * 300,
    }
    answer = _api(world.pegawai).post("/api/v1/transfers/", body, format="json")
    assert answer.status_code == 400
    assert "external_instansi" in answer.json()
    assert not TransferRequest.objects.exists()
    assert not AuditEvent.objects.filter(action="transfer.create").exists()


def test_the_service_refuses_an_overlong_other_instansi_too(world):
    from core.exceptions import DomainError

    with pytest.raises(DomainError) as refused:
        services.transfer_create(
            actor=world.pegawai,
            employee=world.pegawai_emp,
            kind="outgoing",
            external_instansi="X" * 201,
            reason="Ikut suami.",
        )
    assert refused.value.field == "external_instansi"


def test_an_overlong_pilkada_letter_number_is_a_400_and_the_stage_stays_open(world, submitted):
    today = timezone.localdate()
    world.policy.pilkada_start = today - dt.timedelta(days=10)
    world.policy.pilkada_end = today + dt.timedelta(days=100)
    world.policy.save()
    for user in (world.atasan, world.kadishub, world.kadinkes, world.bkpsdm, world.sekda):
        services.transfer_approve(request_id=submitted.pk, actor=user)
    answer = _api(world.walikota).post(
        f"/api/v1/transfers/{submitted.pk}/approve/", {"pilkada_letter_number": "1" * 101}, format="json"
    )
    assert answer.status_code == 400
    assert "pilkada_letter_number" in answer.json()
    request = TransferRequest.objects.get(pk=submitted.pk)
    assert request.status == "in_review" and request.current_stage == "regional_head"
    assert not AuditEvent.objects.filter(action="transfer.approve", actor=world.walikota).exists()


def test_a_delegation_with_an_overlong_reason_is_a_400_through_the_api(world):
    today = timezone.localdate()
    body = {
        "position": world.kadinkes_post.pk,
        "delegate": world.atasan.pk,
        "start": today.isoformat(),
        "end": today.isoformat(),
        "reason": "Cuti " * 100,
    }
    answer = _api(world.bkpsdm).post("/api/v1/delegations/", body, format="json")
    assert answer.status_code == 400
    assert "reason" in answer.json()
    assert not Delegation.objects.exists()


def test_a_delegation_with_overlong_text_on_the_page_is_a_message_next_to_the_field(world, client):
    today = timezone.localdate()
    client.force_login(world.bkpsdm)
    response = client.post(
        "/mutasi/delegasi/",
        {
            "position": world.kadinkes_post.pk,
            "delegate": "atasan",
            "kind": "plt",
            "start": today.isoformat(),
            "end": today.isoformat(),
            "letter_number": "800/" * 40,
            "reason": "Cuti " * 100,
        },
    )
    assert response.status_code == 200
    assert set(response.context["errors"]) >= {"reason", "letter_number"}
    assert not Delegation.objects.exists()
    assert not AuditEvent.objects.filter(action="delegation.create").exists()


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/transfers/", {"status": "bogus"}, "status"),
        ("/api/v1/transfers/", {"employee": "abc"}, "employee"),
        ("/api/v1/transfers/", {"agency": "1.5"}, "agency"),
        ("/api/v1/evaluations/", {"state": "late"}, "state"),
        ("/api/v1/evaluations/", {"months_after": "4"}, "months_after"),
    ],
)
def test_a_malformed_list_filter_is_a_400_naming_the_parameter_not_an_unfiltered_list(
    world, draft, path, params, field
):
    answer = _api(world.bkpsdm).get(path, params)
    assert answer.status_code == 400
    assert field in answer.json()


def test_the_requests_page_ignores_a_malformed_filter_instead_of_failing(world, draft, client):
    client.force_login(world.pegawai)
    response = client.get("/mutasi/", {"status": "bogus", "employee": "abc"})
    assert response.status_code == 200
    assert draft.number in response.content.decode()
