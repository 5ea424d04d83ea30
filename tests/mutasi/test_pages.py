"""Pages: form with the checklist, timeline, inbox, exceptions; query counts pinned."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEvent
from mutasi import services
from mutasi.models import TransferRequest
from tests.factories import EmployeeFactory, PlacementHistoryFactory, UserFactory
from tests.mutasi.conftest import upload_required
from tests.mutasi.factories import PDF_BYTES, give_skp, last_years

pytestmark = pytest.mark.django_db


def test_the_request_form_shows_posts_with_a_need_and_the_checklist_before_saving(world, client):
    client.force_login(world.pegawai)
    page = client.get("/mutasi/baru/", {"q": "Kesehatan"})
    assert page.status_code == 200
    assert "Pengadministrasi Kesehatan" in page.content.decode()
    checked = client.get(
        "/mutasi/baru/",
        {
            "q": "Kesehatan",
            "destination_position": world.destination.pk,
            "kind": "between_agencies",
            "check": "1",
        },
    ).content.decode()
    assert "Hasil pemeriksaan kelayakan" in checked
    assert "Semua syarat terpenuhi" in checked
    assert "Simpan draf" in checked
    saved = client.post(
        "/mutasi/baru/",
        {
            "destination_position": world.destination.pk,
            "kind": "between_agencies",
            "reason": "Sesuai pendidikan",
            "preferences": [world.dinkes.pk],
        },
    )
    transfer = TransferRequest.objects.get()
    assert saved.status_code == 302 and saved.url == f"/mutasi/{transfer.pk}/"
    assert transfer.preferences == [world.dinkes.pk]


def test_the_applicant_uploads_submits_and_follows_the_timeline_on_pages(world, client):
    client.force_login(world.pegawai)
    transfer = services.transfer_create(
        actor=world.pegawai,
        employee=world.pegawai_emp,
        destination_position=world.destination,
        kind="between_agencies",
        reason="x",
    )
    bad = client.post(
        f"/mutasi/{transfer.pk}/aksi/upload/",
        {"kind": "request_letter", "file": SimpleUploadedFile("a.pdf", b"not a pdf")},
        follow=True,
    )
    assert "bukan PDF, JPEG atau PNG" in bad.content.decode()
    for code in services.transfer.missing_documents(transfer):
        client.post(
            f"/mutasi/{transfer.pk}/aksi/upload/",
            {"kind": code, "file": SimpleUploadedFile(f"{code}.pdf", PDF_BYTES)},
        )
    client.post(f"/mutasi/{transfer.pk}/aksi/submit/", {"note": ""})
    services.transfer_approve(request_id=transfer.pk, actor=world.atasan, note="Direkomendasikan")
    page = client.get(f"/mutasi/{transfer.pk}/").content.decode()
    assert "Dalam proses" in page
    assert "Kepala Seksi Angkutan" in page and "Direkomendasikan" in page
    assert "Kepala Dinas Perhubungan" in page  # the next stage's approver post
    assert "transfer.approve" in page  # the audit trail


def test_an_approver_decides_from_the_inbox_with_the_applicants_file(world, submitted, client):
    client.force_login(world.atasan)
    page = client.get("/mutasi/kotak-masuk/").content.decode()
    assert submitted.number in page
    assert "Beban kerja tujuan" in page and "Predikat SKP" in page
    response = client.post(
        f"/mutasi/{submitted.pk}/aksi/approve/",
        {"note": "ok", "step": submitted.steps.first().pk, "next": "inbox"},
    )
    assert response.status_code == 302 and response.url == "/mutasi/kotak-masuk/"
    assert AuditEvent.objects.filter(action="transfer.approve", actor=world.atasan).exists()
    assert submitted.number not in client.get("/mutasi/kotak-masuk/").content.decode()


def _more_requests(world, n):
    for i in range(n):
        user = UserFactory(username=f"x{i}")
        e = EmployeeFactory(user=user, position=world.dishub_other_post)
        PlacementHistoryFactory(employee=e)
        give_skp(e, dict.fromkeys(last_years(2), "baik"))
        d = services.transfer_create(
            actor=user,
            employee=e,
            destination_position=world.destination,
            kind="between_agencies",
            reason="x",
        )
        upload_required(d, user)
        services.transfer_submit(request_id=d.pk, actor=user)


def test_the_inbox_and_list_pages_run_the_same_number_of_queries_for_few_and_many_requests(
    world, submitted, client, django_assert_num_queries
):
    client.force_login(world.atasan)
    client.get("/mutasi/kotak-masuk/")  # warm the session
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_inbox:
        assert client.get("/mutasi/kotak-masuk/").status_code == 200
    with CaptureQueriesContext(connection) as small_list:
        client.get("/mutasi/")
    _more_requests(world, 6)
    with django_assert_num_queries(len(small_inbox)):
        page = client.get("/mutasi/kotak-masuk/")
    assert len(re.findall(r'class="card inbox-item"', page.content.decode())) == 7
    with django_assert_num_queries(len(small_list)):
        client.get("/mutasi/")


def test_the_exceptions_report_lists_overrides_for_hr_and_the_auditor_only(world, submitted, client):
    from instansi.models import Employee

    for user in (world.atasan, world.kadishub, world.kadinkes):
        services.transfer_approve(request_id=submitted.pk, actor=user)
    Employee.objects.filter(pk=world.pegawai_emp.pk).update(open_audit_finding=True)
    services.transfer_approve(
        request_id=submitted.pk, actor=world.bkpsdm, override_reason="Kebutuhan mendesak puskesmas"
    )
    for user in (world.bkpsdm, world.auditor):
        client.force_login(user)
        page = client.get("/mutasi/pengecualian/").content.decode()
        assert (
            "Kebutuhan mendesak puskesmas" in page and "Bebas temuan Inspektorat" in page
        )  # the rule by its name
    client.force_login(world.pegawai)
    assert client.get("/mutasi/pengecualian/").status_code == 403
