"""A decree without its PDF gets it again from the nightly sweep. Since issue 17 a decree is issued
with its documents in one transaction; the sweep remains for decrees issued before (their PDF job could
be lost with a killed worker) and for a file lost from storage."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from instansi.models import Region
from mutasi import services
from mutasi.models import Decree
from mutasi.services.decree import decree_requeue_missing_pdfs
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def _issue(world, request):
    today = timezone.localdate()
    return services.decree_issue(
        actor=world.bkpsdm, request_ids=[request.pk], date=today, tmt=today, signer=world.walikota.employee
    )


def test_a_decree_left_without_its_pdf_is_rendered_by_the_sweep(
    world, approved_request, django_capture_on_commit_callbacks
):
    decree = _issue(world, approved_request)
    assert len(Decree.objects.get(pk=decree.pk).pdf_sha256) == 64  # issued with its document
    Decree.objects.filter(pk=decree.pk).update(pdf="", pdf_sha256="")  # as before issue 17: job lost

    assert decree_requeue_missing_pdfs() == 0  # too recent: the first job may still be running
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        assert decree_requeue_missing_pdfs() == 1  # eager Celery in tests renders it at once

    decree.refresh_from_db()
    assert len(decree.pdf_sha256) == 64
    assert decree_requeue_missing_pdfs() == 0


def test_two_regions_may_both_have_decree_number_one(world, approved_request):
    first = _issue(world, approved_request)
    other = Region.objects.exclude(pk=world.region.pk).first() or RegionFactory(name="Pemerintah Kota Lain")
    clash = Decree.objects.create(
        region=other,
        number=first.number,
        year=first.year,
        seq=first.seq,
        date=first.date,
        tmt=first.tmt,
        signer=first.signer,
        signer_name=first.signer_name,
        signer_title=first.signer_title,
        issued_by=first.issued_by,
    )
    assert clash.number == first.number
