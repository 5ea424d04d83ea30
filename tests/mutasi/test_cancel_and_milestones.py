"""HR cancels an approved or decreed-not-executed request (API and detail page); HR records the external
milestones of an outgoing transfer on the detail page."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from rest_framework.test import APIClient

from core.exceptions import DomainError, TransitionNotAllowed
from core.models import AuditEvent, Notification
from instansi.models import Employee
from mutasi import services
from mutasi.models import TransferRequest
from tests.mutasi.conftest import make_outgoing

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _cancel(user, request, note="Jabatan tujuan dihapus dalam penataan organisasi."):
    return _api(user).post(f"/api/v1/transfers/{request.pk}/cancel/", {"note": note}, format="json")


def test_hr_cancels_an_approved_request_with_a_reason_and_everyone_concerned_is_told(world, approved_request):
    blank = _api(world.bkpsdm).post(f"/api/v1/transfers/{approved_request.pk}/cancel/", {}, format="json")
    assert blank.status_code == 400 and "note" in blank.json()
    response = _cancel(world.bkpsdm, approved_request)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    event = AuditEvent.objects.get(action="transfer.cancel")
    assert (event.actor, event.from_state, event.to_state) == (world.bkpsdm, "approved", "cancelled")
    assert event.note == "Jabatan tujuan dihapus dalam penataan organisasi."
    told = set(
        Notification.objects.filter(title__contains="dibatalkan").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"pegawai", "kadishub", "kadinkes"} <= told
    # A cancelled request no longer holds the vacancy nor the employee.
    assert TransferRequest.objects.get(pk=approved_request.pk).is_open is False


def test_a_decreed_request_is_cancelled_before_tmt_and_the_daily_job_then_leaves_the_employee(
    world, approved_request
):
    today = timezone.localdate()
    decree = services.decree_issue(
        actor=world.bkpsdm,
        request_ids=[approved_request.pk],
        date=today,
        tmt=today,
        signer=world.walikota.employee,
    )
    assert _cancel(world.bkpsdm, approved_request).status_code == 200
    assert AuditEvent.objects.get(action="transfer.cancel").data == {"decree": decree.number}
    assert services.execute_due_transfers(today=today) == 0
    assert Employee.objects.get(pk=world.pegawai_emp.pk).position_id == world.pegawai_post.pk


@pytest.mark.parametrize("stage", ["draft", "in_review", "completed"])
def test_cancel_answers_409_from_other_statuses_and_changes_nothing(world, draft, stage):
    request = draft
    if stage == "in_review":
        request = services.transfer_submit(request_id=draft.pk, actor=world.pegawai)
    elif stage == "completed":
        from tests.mutasi.conftest import approve_all

        services.transfer_submit(request_id=draft.pk, actor=world.pegawai)
        request = approve_all(world, draft)
        today = timezone.localdate()
        services.decree_issue(
            actor=world.bkpsdm,
            request_ids=[request.pk],
            date=today,
            tmt=today,
            signer=world.walikota.employee,
        )
        services.execute_due_transfers(today=today)
    before = TransferRequest.objects.get(pk=request.pk).status
    response = _cancel(world.bkpsdm, request)
    assert response.status_code == 409
    assert TransferRequest.objects.get(pk=request.pk).status == before == stage
    assert not AuditEvent.objects.filter(action="transfer.cancel").exists()


def test_only_hr_cancels(world, approved_request):
    assert _cancel(world.pegawai, approved_request).status_code == 403
    assert _cancel(world.kadinkes, approved_request).status_code == 403
    assert _cancel(world.walikota, approved_request).status_code == 403
    assert _cancel(world.other, approved_request).status_code == 404  # cannot even see it
    assert TransferRequest.objects.get(pk=approved_request.pk).status == "approved"
    assert not AuditEvent.objects.filter(action="transfer.cancel").exists()


def test_a_role_that_may_never_cancel_gets_403_even_on_a_completed_request_and_hr_gets_409(world, moved):
    # The auditor and an approver only read; the applicant withdraws instead. Whatever the status, the
    # answer is "not yours to do" (403), never "not now" (409), which only HR can be told.
    for user in (world.auditor, world.kadinkes, world.pegawai):
        assert _cancel(user, moved).status_code == 403
        with pytest.raises(PermissionDenied):
            services.transfer_cancel(request_id=moved.pk, actor=user, note="Dibatalkan.")
    assert _cancel(world.bkpsdm, moved).status_code == 409
    with pytest.raises(TransitionNotAllowed):
        services.transfer_cancel(request_id=moved.pk, actor=world.bkpsdm, note="Dibatalkan.")
    assert TransferRequest.objects.get(pk=moved.pk).status == "completed"
    assert not AuditEvent.objects.filter(action="transfer.cancel").exists()


def test_a_cancel_without_a_reason_by_a_role_that_may_never_cancel_is_still_refused_as_403(
    world, approved_request
):
    with pytest.raises(PermissionDenied):
        services.transfer_cancel(request_id=approved_request.pk, actor=world.auditor, note="")
    with pytest.raises(DomainError, match="Alasan pembatalan wajib diisi"):
        services.transfer_cancel(request_id=approved_request.pk, actor=world.bkpsdm, note="  ")
    assert TransferRequest.objects.get(pk=approved_request.pk).status == "approved"
    assert not AuditEvent.objects.filter(action="transfer.cancel").exists()


def test_the_detail_page_offers_hr_the_cancel_button_and_cancels(world, approved_request, client):
    client.force_login(world.pegawai)
    assert "Batalkan usulan" not in client.get(f"/mutasi/{approved_request.pk}/").content.decode()
    client.force_login(world.bkpsdm)
    assert "Batalkan usulan" in client.get(f"/mutasi/{approved_request.pk}/").content.decode()
    page = client.post(
        f"/mutasi/{approved_request.pk}/aksi/cancel/", {"note": "Pegawai meninggal dunia."}, follow=True
    ).content.decode()
    assert "Usulan dibatalkan." in page and "Dibatalkan" in page
    assert "Batalkan usulan" not in page  # nothing left to cancel
    assert AuditEvent.objects.filter(action="transfer.cancel", note="Pegawai meninggal dunia.").count() == 1


@pytest.fixture
def outgoing(world):
    request = make_outgoing(world)
    for user in (world.atasan, world.kadishub, world.bkpsdm, world.sekda):
        services.transfer_approve(request_id=request.pk, actor=user)
    return TransferRequest.objects.get(pk=request.pk)


def test_hr_records_the_external_milestones_on_the_detail_page_before_the_final_approval(
    world, outgoing, client
):
    assert outgoing.current_stage == "regional_head"
    with pytest.raises(Exception) as exc:
        services.transfer_approve(request_id=outgoing.pk, actor=world.walikota)
    assert "Tahapan eksternal belum dicatat" in str(exc.value)

    client.force_login(world.pegawai)
    page = client.get(f"/mutasi/{outgoing.pk}/").content.decode()
    assert "Tahapan eksternal" in page and "Catat tahapan" not in page
    assert (
        client.post(
            f"/mutasi/{outgoing.pk}/aksi/milestone/",
            {"code": "bkn_review", "number": "X", "date": "2026-01-05"},
        ).status_code
        == 403
    )

    client.force_login(world.bkpsdm)
    assert "Catat tahapan" in client.get(f"/mutasi/{outgoing.pk}/").content.decode()
    bad = client.post(
        f"/mutasi/{outgoing.pk}/aksi/milestone/",
        {"code": "bkn_review", "number": "1", "date": "kemarin"},
        follow=True,
    )
    assert "Tanggal tidak sah" in bad.content.decode()
    for code, number in (("bkn_review", "PT-123/BKN/2026"), ("other_ppk_letter", "800/45/BKPSDM-SLM")):
        client.post(
            f"/mutasi/{outgoing.pk}/aksi/milestone/",
            {"code": code, "number": number, "date": "2026-01-05", "note": "diterima"},
        )
    page = client.get(f"/mutasi/{outgoing.pk}/").content.decode()
    assert "PT-123/BKN/2026" in page and "800/45/BKPSDM-SLM" in page
    outgoing.refresh_from_db()
    assert set(outgoing.milestones) == {"bkn_review", "other_ppk_letter"}
    assert AuditEvent.objects.filter(action="transfer.milestone", actor=world.bkpsdm).count() == 2
    services.transfer_approve(request_id=outgoing.pk, actor=world.walikota)
    assert TransferRequest.objects.get(pk=outgoing.pk).status == "approved"
