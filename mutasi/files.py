"""Private documents of transfer requests on disk: content checks, writing, and no orphans.

A database transaction can roll back after a document was written (a later file of the same form is
refused, a lock times out, the process dies). Django has no "on rollback" hook, so two layers keep the
disk in step with the rows (issue 5 follow-up 7):

1. `tracking_writes()` wraps a service: every file written inside it is deleted again when an exception
   leaves it (the transaction it belongs to has rolled back or is about to).
2. `sweep_orphans()` runs every night (config/schedules.py): a file under `private/transfers/` that no
   Attachment row references and that is older than `ORPHAN_AGE` is deleted. The age guard leaves alone
   a file whose transaction is still open (its row is not visible to other connections yet); it also
   catches rollbacks of an outer transaction the service could not see.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils import timezone

# The content and size checks and the write tracking are shared with kinerja (SKP evidence): they live
# in core.uploads and are re-exported here, where the transfer services have always found them.
from core.uploads import (  # noqa: F401
    ALLOWED_CONTENT_TYPES,
    checked_content,
    save_field_file,
    tracking_writes,
)
from mutasi.choices import DecreeStatus

TRANSFER_FILES_DIR = "private/transfers"
ORPHAN_AGE = dt.timedelta(hours=1)


def sweep_orphans(*, now: dt.datetime | None = None, older_than: dt.timedelta = ORPHAN_AGE) -> list[str]:
    """Delete transfer documents no Attachment row references, older than `older_than`; returns their
    names. One query per request folder (a nightly job, not a page)."""
    from mutasi.models import Attachment

    now = now or timezone.now()
    removed: list[str] = []
    if not default_storage.exists(TRANSFER_FILES_DIR):
        return removed
    folders, _files = default_storage.listdir(TRANSFER_FILES_DIR)
    for folder in folders:
        base = f"{TRANSFER_FILES_DIR}/{folder}"
        _sub, files = default_storage.listdir(base)
        if not files:
            continue
        known = set(Attachment.objects.filter(file__startswith=f"{base}/").values_list("file", flat=True))
        for filename in files:
            name = f"{base}/{filename}"
            if name in known:
                continue
            if now - default_storage.get_modified_time(name) < older_than:
                continue  # maybe still inside an open transaction
            default_storage.delete(name)
            removed.append(name)
    return removed


def attachment_response(attachment) -> FileResponse:
    """A transfer document as a download, for the page and the API alike. Only ever called with an
    attachment the caller's selector let the viewer see (never a public URL)."""
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


def circumstance_document_response(circumstance) -> FileResponse:
    """The supporting document of a circumstance (issue 21), for the page and the API: only ever called
    with a row the caller's selector let the viewer see; 404 when it has none."""
    if not circumstance.document:
        raise Http404
    return FileResponse(
        circumstance.document.open("rb"),
        as_attachment=True,
        filename=circumstance.document_name or "dokumen",
        content_type=circumstance.document_type or "application/octet-stream",
    )


def decree_pdf_response(decree) -> FileResponse:
    """The decree PDF as a download, for the page and the API: the signed copy once it is signed, else
    the issued one (404 while a legacy decree still has no file). A draft's preview is rendered on
    demand (never stored: it has no number and changes nothing)."""
    if decree.status == DecreeStatus.DRAFT:
        from mutasi import documents

        preview = documents.render_decree(documents.draft_document(decree))
        return FileResponse(
            io.BytesIO(preview.data),
            filename=f"Konsep-SK-{decree.pk}.pdf",
            content_type="application/pdf",
        )
    document = decree.signed_pdf or decree.pdf
    if not document:
        raise Http404
    return FileResponse(
        document.open("rb"),
        as_attachment=True,
        filename=f"SK-{decree.pk}.pdf",
        content_type="application/pdf",
    )
