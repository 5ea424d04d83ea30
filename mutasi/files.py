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

import contextvars
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import filetype
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import DomainError

ALLOWED_CONTENT_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
TRANSFER_FILES_DIR = "private/transfers"
ORPHAN_AGE = dt.timedelta(hours=1)

_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("mutasi_written", default=None)


def checked_content(uploaded_file, *, max_mb: int, field: str = "file") -> tuple[bytes, str]:
    """(bytes, content type) of an upload that is a real PDF, JPEG or PNG of at most `max_mb` MB.

    The type is recognised from the content, never from the name or the browser's header (issue 5,
    point 3); the limit is Policy.max_upload_mb. Refusals are DomainErrors on `field`.
    """
    limit = max_mb * 1024 * 1024
    if (uploaded_file.size or 0) > limit:
        raise DomainError(
            _("Ukuran berkas %(size).1f MB melebihi batas %(max)s MB.")
            % {"size": uploaded_file.size / 1024 / 1024, "max": max_mb},
            field=field,
        )
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise DomainError(_("Ukuran berkas melebihi batas %(max)s MB.") % {"max": max_mb}, field=field)
    guess = filetype.guess(data) if data else None
    content_type = guess.mime if guess is not None else ""
    if content_type not in ALLOWED_CONTENT_TYPES:
        raise DomainError(
            _("Berkas bukan PDF, JPEG atau PNG yang sah (isi berkas diperiksa, bukan namanya)."), field=field
        )
    return data, content_type


def save_field_file(field_file, name: str, data: bytes) -> None:
    """Write `data` through a FileField (its upload_to decides the path) and remember the name so
    `tracking_writes` can remove it if the transaction does not go through."""
    field_file.save(name, ContentFile(data), save=False)
    written = _written.get()
    if written is not None:
        written.append(field_file.name)


@contextmanager
def tracking_writes() -> Iterator[None]:
    """Delete the files written inside the block when an exception leaves it (nested blocks report to
    the outermost one, so a file kept by an inner block is still removed if the outer one fails)."""
    outer = _written.get()
    if outer is not None:
        yield
        return
    names: list[str] = []
    token = _written.set(names)
    try:
        yield
    except BaseException:
        for name in names:
            default_storage.delete(name)
        raise
    finally:
        _written.reset(token)


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
