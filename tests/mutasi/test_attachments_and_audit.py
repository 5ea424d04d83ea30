"""Must show #5 (uploads) and #6 (the audit trail nobody can change)."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from core.exceptions import TransitionNotAllowed
from core.models import AppendOnlyError, AuditEvent
from mutasi import services
from mutasi.models import Attachment
from tests.factories import UserFactory
from tests.mutasi.factories import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _upload(client, pk, name, data, kind="request_letter", content_type="application/pdf"):
    return client.post(
        f"/api/v1/transfers/{pk}/attachments/",
        {"kind": kind, "file": SimpleUploadedFile(name, data, content_type=content_type)},
        format="multipart",
    )


def test_a_real_pdf_is_stored_privately_with_its_sha256(world, draft, settings):
    response = _upload(_api(world.pegawai), draft.pk, "surat.pdf", PDF_BYTES)
    assert response.status_code == 201
    attachment = Attachment.objects.get(pk=response.json()["id"])
    assert attachment.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.startswith(f"private/transfers/{draft.pk}/")
    assert "surat" not in attachment.file.name  # never the uploader's name on disk
    assert response.json()["url"] == f"/api/v1/attachments/{attachment.pk}/download/"
    assert AuditEvent.objects.filter(action="attachment.upload", data__sha256=attachment.sha256).exists()


def test_a_png_is_accepted_by_its_content(world, draft):
    assert (
        _upload(_api(world.pegawai), draft.pk, "foto.png", PNG_BYTES, content_type="image/png").status_code
        == 201
    )


def test_a_file_that_only_pretends_to_be_a_pdf_is_refused_with_a_clear_message(world, draft):
    before = Attachment.objects.count()
    response = _upload(
        _api(world.pegawai), draft.pk, "surat.pdf", b"MZ\x90\x00 this is an exe renamed to pdf"
    )
    assert response.status_code == 400
    assert "bukan PDF, JPEG atau PNG" in response.json()["file"][0]
    assert Attachment.objects.count() == before


def test_a_file_over_five_megabytes_is_refused_with_a_clear_message(world, draft):
    big = PDF_BYTES + b"0" * (5 * 1024 * 1024)
    response = _upload(_api(world.pegawai), draft.pk, "besar.pdf", big)
    assert response.status_code == 400
    assert "melebihi batas 5 MB" in response.json()["file"][0]
    assert not Attachment.objects.filter(request=draft, original_name="besar.pdf").exists()


def test_an_attachment_url_opened_by_another_employee_gives_404_and_the_owner_gets_the_file(world, draft):
    attachment = draft.attachments.first()
    url = f"/api/v1/attachments/{attachment.pk}/download/"
    assert _api(world.other).get(url).status_code == 404
    assert _api(UserFactory()).get(url).status_code == 404
    assert APIClient().get(url).status_code in (401, 403)
    own = _api(world.pegawai).get(url)
    assert own.status_code == 200
    assert b"".join(own.streaming_content) == PDF_BYTES
    assert _api(world.bkpsdm).get(url).status_code == 200
    # The page URL follows the same rule.
    page = Client()
    page.force_login(world.other)
    assert page.get(f"/mutasi/lampiran/{attachment.pk}/").status_code == 404


def test_another_employee_cannot_upload_to_someone_elses_request(world, draft):
    assert _upload(_api(world.other), draft.pk, "x.pdf", PDF_BYTES).status_code == 404


@pytest.fixture(params=["withdrawn", "completed"])
def final_request(request, world):
    """A request in a final state: withdrawn by its applicant, or moved on its TMT."""
    if request.param == "completed":
        return request.getfixturevalue("moved")
    submitted = request.getfixturevalue("submitted")
    return services.transfer_withdraw(request_id=submitted.pk, actor=world.pegawai)


def test_a_read_only_role_gets_403_on_upload_whatever_the_status_and_the_owner_gets_409(world, final_request):
    before = Attachment.objects.filter(request=final_request).count()
    uploads = AuditEvent.objects.filter(action="attachment.upload").count()
    # The auditor and the approvers only read the file: not theirs to upload, final state or not.
    for user in (world.auditor, world.kadishub, world.walikota):
        assert _upload(_api(user), final_request.pk, "x.pdf", PDF_BYTES).status_code == 403
        with pytest.raises(PermissionDenied):
            services.attachment_upload(
                request_id=final_request.pk,
                actor=user,
                kind="other",
                uploaded_file=SimpleUploadedFile("x.pdf", PDF_BYTES, content_type="application/pdf"),
            )
    # The applicant may upload, but not any more.
    response = _upload(_api(world.pegawai), final_request.pk, "x.pdf", PDF_BYTES)
    assert response.status_code == 409
    assert "hanya dapat diunggah saat draf atau dikembalikan" in response.json()["detail"]
    with pytest.raises(TransitionNotAllowed):
        services.attachment_upload(
            request_id=final_request.pk,
            actor=world.pegawai,
            kind="other",
            uploaded_file=SimpleUploadedFile("x.pdf", PDF_BYTES, content_type="application/pdf"),
        )
    assert Attachment.objects.filter(request=final_request).count() == before
    assert AuditEvent.objects.filter(action="attachment.upload").count() == uploads


def test_an_approver_gets_403_on_upload_while_hr_may_add_a_document_in_review(world, submitted):
    assert _upload(_api(world.atasan), submitted.pk, "x.pdf", PDF_BYTES).status_code == 403
    assert _upload(_api(world.pegawai), submitted.pk, "x.pdf", PDF_BYTES).status_code == 409
    assert _upload(_api(world.bkpsdm), submitted.pk, "x.pdf", PDF_BYTES).status_code == 201


def test_the_audit_trail_lists_every_change_with_actor_on_behalf_of_note_and_time(world, submitted):
    services.transfer_approve(request_id=submitted.pk, actor=world.atasan, note="Direkomendasikan")
    services.transfer_return(request_id=submitted.pk, actor=world.kadishub, note="Lengkapi SK terakhir")
    trail = _api(world.pegawai).get(f"/api/v1/transfers/{submitted.pk}/audit/").json()
    actions = [
        (row["action"], row["actor"], row["from_state"], row["to_state"], row["note"]) for row in trail
    ]
    assert actions[0][0] == "transfer.create"
    assert ("transfer.submit", "Pegawai", "draft", "in_review", "") in actions
    assert ("transfer.approve", "Atasan", "in_review", "in_review", "Direkomendasikan") in actions
    assert ("transfer.return", "Kadishub", "in_review", "returned", "Lengkapi SK terakhir") in actions
    assert all(row["created_at"] for row in trail)
    assert "on_behalf_of" in trail[0]


def test_no_one_not_even_hr_can_edit_or_delete_the_audit_trail(world, submitted, client):
    event = AuditEvent.objects.filter(action="transfer.submit").get()
    with pytest.raises(AppendOnlyError):
        event.note = "diubah"
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    world.bkpsdm.is_staff = True
    world.bkpsdm.is_superuser = True
    world.bkpsdm.save()
    client.force_login(world.bkpsdm)
    change = client.post(f"/admin/core/auditevent/{event.pk}/change/", {"note": "diubah"})
    assert change.status_code in (302, 403)
    delete = client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert delete.status_code in (302, 403)
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.note == ""
