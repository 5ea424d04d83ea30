"""Review fix (issue 8): re-rendering a decree PDF never leaves the decree pointing at a deleted file."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from core.models import AuditEvent
from mutasi import services
from mutasi.models import Decree
from tests.mutasi.conftest import approve_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def decree(world, submitted, django_capture_on_commit_callbacks) -> Decree:
    approved = approve_all(world, submitted)
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.decree_issue(
            actor=world.bkpsdm,
            request_ids=[approved.pk],
            date=today,
            tmt=today,
            signer=world.walikota.employee,
        )
    issued.refresh_from_db()
    return issued


def _stored(decree) -> set[str]:
    """The decree PDF and its petikan files the rows point to."""
    decree.refresh_from_db()
    return {decree.pdf.name} | {e.pdf.name for e in decree.extracts.all()}


def _files() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "private" / "decrees"
    return {str(p.relative_to(settings.MEDIA_ROOT)) for p in root.rglob("*.pdf")}


def test_a_failed_rerender_keeps_the_previous_pdf_and_leaves_no_new_file(decree, monkeypatch):
    before_name, before_sha = decree.pdf.name, decree.pdf_sha256
    before = _stored(decree)
    assert _files() == before and len(before) == 2
    from mutasi.services import decree as decree_services

    def refuse(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(decree_services.audit, "record", refuse)
    with pytest.raises(RuntimeError):
        services.decree_generate_pdf(decree_id=decree.pk)
    decree.refresh_from_db()
    assert (decree.pdf.name, decree.pdf_sha256) == (before_name, before_sha)
    assert _files() == before == _stored(decree)
    data = (Path(settings.MEDIA_ROOT) / before_name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == before_sha


def test_a_rerender_replaces_the_pdf_and_removes_the_old_file_after_commit(
    decree, django_capture_on_commit_callbacks
):
    old_name, old = decree.pdf.name, _stored(decree)
    with django_capture_on_commit_callbacks(execute=True):
        services.decree_generate_pdf(decree_id=decree.pk)
    decree.refresh_from_db()
    assert decree.pdf.name != old_name
    assert _files() == _stored(decree) and not (old & _files())
    assert AuditEvent.objects.filter(action="decree.pdf", target_id=str(decree.pk)).count() == 2
