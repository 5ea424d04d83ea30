"""Write-back through the outbox after a transfer is executed, exactly once; reconciliation (issue 16,
points 4-5). The transfer is the mutasi journey's own (tests/mutasi/conftest.py)."""

import datetime as dt

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import timezone

from mutasi import services
from mutasi.models import Decree
from siasn.fake import siasn_date
from siasn.models import OutboxKind, OutboxMessage, OutboxStatus, ReconciliationRun
from siasn.services.outbox import outbox_flush, outbox_resend, outbox_send
from siasn.services.reconcile import reconcile
from tests.siasn.helpers import approved_transfer, issue_decree, link_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(world, siasn_fake):
    return link_world(world, siasn_fake)


def execute_transfer(world, captured):
    request = approved_transfer(world)
    with captured(execute=True):
        decree = issue_decree(world, request)
    with captured(execute=True):
        assert services.transfer_execute(request_id=request.pk, today=timezone.localdate())
    return request, Decree.objects.get(pk=decree.pk)


def test_executed_transfer_sends_one_position_change_then_the_decree_file(
    world, linked, django_capture_on_commit_callbacks
):
    request, decree = execute_transfer(world, django_capture_on_commit_callbacks)
    saves = linked.received_calls("/jabatan/unorjabatan/save")
    uploads = linked.received_calls("/upload-dok-rw")
    assert len(saves) == 1 and len(uploads) == 1
    fields = saves[0].fields
    destination = world.destination
    expected_unor = destination.unit.siasn_id if destination.unit_id else destination.agency.siasn_id
    assert fields["pnsId"] == "pns-pegawai-1" and fields["unorId"] == expected_unor
    assert fields["satuanKerjaId"] == destination.agency.siasn_id
    assert fields["jenisMutasiId"] == "MU" and fields["jenisPenugasanId"] == "D"
    assert fields["nomorSk"] == decree.number
    assert fields["tanggalSk"] == siasn_date(decree.date)
    assert fields["tmtJabatan"] == fields["tmtMutasi"] == siasn_date(decree.tmt)
    assert fields["jenisJabatan"] in ("1", "2", "4")
    # then the decree PDF, to the history row SIASN created for the change
    assert saves[0].at <= uploads[0].at
    riwayat = linked.histories[world.pegawai_emp.nip]["rw-jabatan"][-1]["id"]
    assert uploads[0].fields["id_riwayat"] == riwayat and uploads[0].fields["id_ref_dokumen"] == "872"
    assert uploads[0].files["file"]["sha256"] == decree.pdf_sha256
    rows = OutboxMessage.objects.order_by("pk")
    assert [(m.kind, m.status) for m in rows] == [
        (OutboxKind.POSITION, OutboxStatus.SENT),
        (OutboxKind.DOCUMENT, OutboxStatus.SENT),
    ]
    assert rows[0].riwayat_id == riwayat and rows[0].answer["code"] == 1

    # sending again (a duplicate task, the periodic flush) sends nothing more
    for m in rows:
        assert outbox_send(message_id=m.pk) == OutboxStatus.SENT
    outbox_flush(older_than_minutes=0)
    assert len(linked.received_calls("/jabatan/unorjabatan/save")) == 1
    assert len(linked.received_calls("/upload-dok-rw")) == 1


def test_a_send_interrupted_after_siasn_recorded_it_is_not_sent_twice(
    world, linked, django_capture_on_commit_callbacks, settings
):
    settings.SIASN_OUTBOX_STALE_SECONDS = 60
    linked.fail_next(503, "/jabatan/unorjabatan/save")  # first try: SIASN down, the row stays pending
    execute_transfer(world, django_capture_on_commit_callbacks)
    position = OutboxMessage.objects.get(kind=OutboxKind.POSITION)
    assert position.status == OutboxStatus.PENDING and "HTTP 503" in position.error
    assert OutboxMessage.objects.get(kind=OutboxKind.DOCUMENT).status == OutboxStatus.PENDING

    # a worker sends it and dies before recording the answer: SIASN has it, our row says `sending`
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_send(message_id=position.pk) == OutboxStatus.SENT
    assert len(linked.received_calls("/jabatan/unorjabatan/save")) == 2  # the 503, then the real one
    OutboxMessage.objects.filter(pk=position.pk).update(
        status=OutboxStatus.SENDING, sending_since=timezone.now() - dt.timedelta(minutes=5), answer={}
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_send(message_id=position.pk) == OutboxStatus.SENT
    assert (
        len(linked.received_calls("/jabatan/unorjabatan/save")) == 2
    )  # asked rw-jabatan, did not post again
    assert OutboxMessage.objects.get(pk=position.pk).answer == {"found_in_siasn": True}
    assert len(linked.received_calls("/pns/rw-jabatan/")) == 1

    # a row another worker is sending right now is left alone
    OutboxMessage.objects.filter(pk=position.pk).update(
        status=OutboxStatus.SENDING, sending_since=timezone.now()
    )
    outbox_send(message_id=position.pk)
    assert len(linked.received_calls("/pns/rw-jabatan/")) == 1


def test_siasn_refusal_is_shown_and_hr_resends(world, linked, django_capture_on_commit_callbacks, client):
    unit = world.destination.unit or world.destination.agency
    real = unit.siasn_id
    unit.siasn_id = "UNOR-TIDAK-DIKENAL-SIASN"
    unit.save(update_fields=["siasn_id"])
    execute_transfer(world, django_capture_on_commit_callbacks)
    position = OutboxMessage.objects.get(kind=OutboxKind.POSITION)
    assert position.status == OutboxStatus.FAILED
    assert position.answer["message"] == "unor tidak ditemukan"

    world.bkpsdm.is_staff = True  # HR staff open the admin
    world.bkpsdm.save(update_fields=["is_staff"])
    client.force_login(world.bkpsdm)
    page = client.get("/admin/siasn/outboxmessage/?status__exact=failed")
    assert page.status_code == 200 and "unor tidak ditemukan" in page.content.decode()

    position.payload["unorId"] = real  # HR fixed the unit id in SIASN's terms
    position.save(update_fields=["payload"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/siasn/outboxmessage/", {"action": "resend", "_selected_action": [position.pk]}
        )
    assert response.status_code == 302
    assert OutboxMessage.objects.get(pk=position.pk).status == OutboxStatus.SENT
    assert OutboxMessage.objects.get(kind=OutboxKind.DOCUMENT).status == OutboxStatus.SENT
    assert len(linked.received_calls("/upload-dok-rw")) == 1


def test_missing_siasn_ids_fail_with_the_reason_and_nothing_is_sent(
    world, siasn_fake, django_capture_on_commit_callbacks
):
    siasn_fake.generate(employees=0, agencies=1, units_per_agency=1)
    execute_transfer(world, django_capture_on_commit_callbacks)
    position = OutboxMessage.objects.get(kind=OutboxKind.POSITION)
    assert position.status == OutboxStatus.FAILED
    assert "ID SIASN pegawai" in position.error and "impor data dari SIASN" in position.error
    assert not siasn_fake.received_calls("/jabatan")


def test_without_siasn_settings_an_execution_writes_no_outbox(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SIASN_BASE_URL = ""
    execute_transfer(world, django_capture_on_commit_callbacks)
    assert not OutboxMessage.objects.exists()


def test_reconciliation_lists_a_tampered_record(world, linked, django_capture_on_commit_callbacks):
    execute_transfer(world, django_capture_on_commit_callbacks)
    clean = reconcile(trigger="manual")
    assert clean.error == "" and clean.checked == 1 and clean.mismatch_count == 0

    # someone changes the record in SIASN by hand
    world.pegawai_emp.refresh_from_db()
    row = linked.histories[world.pegawai_emp.nip]["rw-jabatan"][-1]
    row["unorId"] = linked.units[1]["Id"]
    row["unorNama"] = linked.units[1]["NamaUnor"]
    row["tmtJabatan"] = "01-01-2020"
    OutboxMessage.objects.update(sent_at=timezone.now())  # "moved since the last check"
    run = reconcile(trigger="manual")
    found = {m.field: m for m in run.mismatches.all()}
    assert set(found) == {"unit", "tmt"}
    assert linked.units[1]["NamaUnor"] in found["unit"].theirs
    assert "kirim ulang" in found["unit"].action
    assert found["tmt"].theirs == "01-01-2020"


def test_reconciliation_when_siasn_is_down_records_the_error(
    world, linked, django_capture_on_commit_callbacks, settings
):
    execute_transfer(world, django_capture_on_commit_callbacks)
    settings.SIASN_RETRIES = 0
    linked.fail_next(500, "/pns/rw-jabatan")
    run = reconcile(trigger="nightly")
    assert "HTTP 500" in run.error and run.mismatches.count() == 0
    assert ReconciliationRun.objects.filter(error="").count() == 0


def test_hr_may_resend_the_auditor_may_only_read(world, linked, django_capture_on_commit_callbacks):
    execute_transfer(world, django_capture_on_commit_callbacks)
    admin_ = site._registry[OutboxMessage]
    request = RequestFactory().get("/")
    request.user = world.auditor
    assert admin_.has_view_permission(request) and not admin_.has_hr_permission(request)
    request.user = world.bkpsdm
    assert admin_.has_hr_permission(request)
    failed = OutboxMessage.objects.get(kind=OutboxKind.POSITION)
    OutboxMessage.objects.filter(pk=failed.pk).update(status=OutboxStatus.FAILED)
    with pytest.raises(PermissionDenied):
        outbox_resend(message_id=failed.pk, actor=world.auditor)
    assert OutboxMessage.objects.get(pk=failed.pk).status == OutboxStatus.FAILED
