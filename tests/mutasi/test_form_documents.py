"""Documents uploaded with the draft on /mutasi/baru/ (all or nothing), and no file left on disk when a
transaction rolls back (immediate clean-up, and the nightly sweep of orphans)."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from core.models import AuditEvent
from mutasi import files, services
from mutasi.models import Attachment, TransferRequest
from mutasi.tasks import sweep_orphan_files_task
from tests.mutasi.factories import PDF_BYTES, PNG_BYTES

pytestmark = pytest.mark.django_db


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / files.TRANSFER_FILES_DIR
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _form(world, **files_by_field):
    return {
        "destination_position": world.destination.pk,
        "kind": "between_agencies",
        "reason": "Sesuai pendidikan kesehatan masyarakat.",
        **files_by_field,
    }


def test_the_request_form_offers_the_required_documents_and_saves_them_with_the_draft(world, client):
    client.force_login(world.pegawai)
    page = client.get(
        "/mutasi/baru/",
        {"destination_position": world.destination.pk, "kind": "between_agencies", "check": "1"},
    ).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'name="doc_request_letter"' in page and 'name="doc_appraisals"' in page
    assert 'name="doc_release_consent"' not in page  # consents come from the heads' approvals
    response = client.post(
        "/mutasi/baru/",
        _form(
            world,
            doc_request_letter=SimpleUploadedFile("surat.pdf", PDF_BYTES),
            doc_last_decree=SimpleUploadedFile("sk.png", PNG_BYTES),
        ),
    )
    transfer = TransferRequest.objects.get()
    assert response.status_code == 302 and response.url == f"/mutasi/{transfer.pk}/"
    stored = {a.kind: a for a in transfer.attachments.all()}
    assert set(stored) == {"request_letter", "last_decree"}
    assert stored["last_decree"].content_type == "image/png"
    assert stored["request_letter"].sha256 == Attachment.digest(PDF_BYTES)
    assert len(_stored_files()) == 2
    assert [e.action for e in AuditEvent.objects.order_by("id")] == [
        "transfer.create",
        "attachment.upload",
        "attachment.upload",
    ]
    assert "tersimpan dengan 2 dokumen" in client.get(response.url).content.decode()


def test_one_refused_file_saves_nothing_and_the_message_stands_next_to_that_file(world, client, settings):
    client.force_login(world.pegawai)
    big = SimpleUploadedFile("besar.pdf", PDF_BYTES + b"0" * (5 * 1024 * 1024))
    page = client.post(
        "/mutasi/baru/",
        _form(
            world,
            doc_request_letter=SimpleUploadedFile("surat.pdf", PDF_BYTES),
            doc_appraisals=SimpleUploadedFile("skp.pdf", b"MZ\x90\x00 not a pdf at all"),
            doc_last_decree=big,
        ),
    ).content.decode()
    assert not TransferRequest.objects.exists()
    assert not Attachment.objects.exists() and _stored_files() == []
    assert not AuditEvent.objects.exists()
    # Each message sits right after its own file input.
    appraisals = page.index('name="doc_appraisals"')
    assert page.index("bukan PDF, JPEG atau PNG", appraisals) < page.index(
        'name="doc_inspectorate_clearance"'
    )
    decree = page.index('name="doc_last_decree"')
    assert "melebihi batas 5 MB" in page[decree : page.index('name="doc_appraisals"')]
    assert 'id="err-doc_request_letter"' not in page
    assert "Sesuai pendidikan kesehatan masyarakat." in page  # what was typed is kept


def test_a_file_written_before_a_later_failure_is_removed_with_the_rolled_back_draft(world, monkeypatch):
    """The first document is written to disk, then saving the second row fails: the transaction rolls
    back and the first file must not stay behind."""
    calls = {"n": 0}
    real_save = Attachment.save

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk quota / lost connection")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", failing_save)
    with pytest.raises(RuntimeError):
        services.transfer_create_with_documents(
            documents={
                "request_letter": SimpleUploadedFile("a.pdf", PDF_BYTES),
                "appraisals": SimpleUploadedFile("b.pdf", PDF_BYTES),
            },
            actor=world.pegawai,
            employee=world.pegawai_emp,
            destination_position=world.destination,
            kind="between_agencies",
            reason="x",
        )
    assert not TransferRequest.objects.exists() and not Attachment.objects.exists()
    assert _stored_files() == []


def test_an_upload_rolled_back_by_an_outer_transaction_is_swept_as_an_orphan(world, draft):
    kept = list(_stored_files())
    assert kept  # the draft fixture uploaded the required documents
    with pytest.raises(RuntimeError), transaction.atomic():
        services.attachment_upload(
            request_id=draft.pk,
            actor=world.pegawai,
            kind="other",
            uploaded_file=SimpleUploadedFile("lain.pdf", PDF_BYTES),
        )
        raise RuntimeError("the caller's transaction fails after the upload returned")
    orphans = [p for p in _stored_files() if p not in kept]
    assert len(orphans) == 1  # the service could not see this rollback
    assert files.sweep_orphans() == []  # younger than an hour: maybe still in an open transaction
    later = timezone.now() + dt.timedelta(hours=2)
    removed = files.sweep_orphans(now=later)
    assert [Path(settings.MEDIA_ROOT) / name for name in removed] == orphans
    assert _stored_files() == kept  # files with a row are never touched
    assert Attachment.objects.filter(request=draft).count() == len(kept)


def test_the_nightly_sweep_task_removes_old_orphans(world, draft):
    orphan = Path(settings.MEDIA_ROOT) / files.TRANSFER_FILES_DIR / str(draft.pk) / "deadbeef.pdf"
    orphan.write_bytes(PDF_BYTES)
    old = (timezone.now() - dt.timedelta(days=2)).timestamp()
    os.utime(orphan, (old, old))
    assert sweep_orphan_files_task.delay().get() == 1
    assert not orphan.exists()
    assert sweep_orphan_files_task.delay().get() == 0
