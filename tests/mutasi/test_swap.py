"""REGULATION.md 1.2 "destination has a need: required staff (ABK) > current holders, or a swap": a move
into a full post passes when a holder of that post asks for the applicant's post; the two requests are
linked as a swap, and the final approval still checks the partner is going ahead."""

import pytest
from rest_framework.test import APIClient

from core.exceptions import TransitionNotAllowed
from core.models import AuditEvent, Notification
from mutasi import eligibility, services
from mutasi.models import TransferRequest
from tests.mutasi.conftest import upload_required
from tests.mutasi.factories import build_world, give_skp, last_years, person

pytestmark = pytest.mark.django_db
APPROVERS = ("atasan", "kadishub", "kadinkes", "bkpsdm", "sekda", "walikota")


@pytest.fixture
def full(db):
    """The destination needs 1 and already has its holder: no vacancy for `pegawai`."""
    world = build_world(need=1)
    world.nakes, world.nakes_emp = person("nakes", world.destination)
    give_skp(world.nakes_emp, dict.fromkeys(last_years(2), "baik"))
    return world


def _draft(world, user, employee, destination, kind="between_agencies"):
    request = services.transfer_create(
        actor=user, employee=employee, destination_position=destination, kind=kind, reason="x"
    )
    upload_required(request, user)
    return request


def _need(world):
    checklist = eligibility.check(
        employee=world.pegawai_emp, destination=world.destination, kind="between_agencies"
    )
    return checklist.get("destination_need")


def test_a_full_destination_fails_the_need_rule_without_a_swap(full):
    need = _need(full)
    assert need.passed is False and "tidak ada formasi kosong" in need.reason


def test_a_holder_asking_for_the_applicants_post_turns_the_move_into_a_swap_linked_at_submission(full):
    partner = _draft(full, full.nakes, full.nakes_emp, full.pegawai_post)
    need = _need(full)
    assert need.passed is True
    assert "pertukaran" in need.reason and partner.number in need.reason
    mine = _draft(full, full.pegawai, full.pegawai_emp, full.destination)
    services.transfer_submit(request_id=mine.pk, actor=full.pegawai)
    mine.refresh_from_db()
    partner.refresh_from_db()
    assert (mine.swap_with_id, partner.swap_with_id) == (partner.pk, mine.pk)
    assert AuditEvent.objects.filter(action="transfer.swap").count() == 2
    assert Notification.objects.filter(recipient=full.nakes, title__contains="pertukaran").exists()
    client = APIClient()
    client.force_authenticate(full.pegawai)
    assert client.get(f"/api/v1/transfers/{mine.pk}/").json()["swap_with"] == partner.pk


def test_a_request_of_someone_not_holding_the_destination_is_no_swap(full):
    # `lain` works in Dinas Perhubungan too and asks for pegawai's post: not a holder of the destination.
    _draft(full, full.other, full.other_emp, full.pegawai_post, kind="rotation")
    assert _need(full).passed is False


def test_the_final_approval_of_a_swap_needs_the_partner_submitted_and_still_open(full):
    partner = _draft(full, full.nakes, full.nakes_emp, full.pegawai_post)
    mine = _draft(full, full.pegawai, full.pegawai_emp, full.destination)
    services.transfer_submit(request_id=mine.pk, actor=full.pegawai)
    for name in APPROVERS[:-1]:
        services.transfer_approve(request_id=mine.pk, actor=getattr(full, name))
    # The partner is still a draft that may never be sent: the full post cannot be taken.
    with pytest.raises(TransitionNotAllowed):
        services.transfer_approve(request_id=mine.pk, actor=full.walikota)
    assert TransferRequest.objects.get(pk=mine.pk).status == "in_review"
    services.transfer_submit(request_id=partner.pk, actor=full.nakes)
    services.transfer_approve(request_id=mine.pk, actor=full.walikota)
    assert TransferRequest.objects.get(pk=mine.pk).status == "approved"


def test_a_withdrawn_partner_no_longer_carries_the_swap(full):
    partner = _draft(full, full.nakes, full.nakes_emp, full.pegawai_post)
    mine = _draft(full, full.pegawai, full.pegawai_emp, full.destination)
    services.transfer_submit(request_id=mine.pk, actor=full.pegawai)
    services.transfer_withdraw(request_id=partner.pk, actor=full.nakes)
    for name in APPROVERS[:3]:
        services.transfer_approve(request_id=mine.pk, actor=getattr(full, name))
    # hr_verification re-checks eligibility: the need rule fails again without an override.
    with pytest.raises(Exception) as exc:
        services.transfer_approve(request_id=mine.pk, actor=full.bkpsdm)
    assert "destination_need" in str(exc.value.as_dict())


def test_the_request_form_lists_a_full_post_as_a_swap_when_its_holder_asks_for_mine(full, client):
    client.force_login(full.pegawai)
    page = client.get("/mutasi/baru/", {"q": "Kesehatan"}).content.decode()
    assert "Pengadministrasi Kesehatan" not in page  # full, and nobody asks for my post
    _draft(full, full.nakes, full.nakes_emp, full.pegawai_post)
    page = client.get("/mutasi/baru/", {"q": "Kesehatan"}).content.decode()
    assert "Pengadministrasi Kesehatan" in page and ">tukar<" in page
