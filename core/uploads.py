"""Uploaded documents, shared by every app that stores one (transfer documents, SKP evidence).

Two rules hold for every upload (issue 5 point 3, DESIGN.md 2):
- the type is recognised from the content (PDF, JPEG or PNG), never from the name or the browser's
  header, and the size is capped by Policy.max_upload_mb;
- a file written inside a service is deleted again when the service's transaction does not commit
  (`tracking_writes`): Django has no "on rollback" hook, so the service marks what it wrote.

core sits left of every app, so mutasi and kinerja both use this module (mutasi.files re-exports it).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

import filetype
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from core.exceptions import DomainError

ALLOWED_CONTENT_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("uploads_written", default=None)


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
