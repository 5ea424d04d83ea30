"""Issue 19 finding 1: the page of a transfer the TMT job executed is readable by everyone concerned.

The daily job acts without a signed-in user, so its `transfer.complete` audit row names no actor; the
page's audit trail and timeline name "sistem" for it instead of failing.
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from core.models import AuditEvent
from mutasi import services
from mutasi.models import TransferRequest
from mutasi.services.execution import execute_due_transfers

pytestmark = pytest.mark.django_db


def test_every_role_concerned_reads_the_page_of_a_transfer_the_daily_job_completed(world, submitted):
    for user in (world.atasan, world.kadishub, world.kadinkes, world.bkpsdm, world.sekda, world.walikota):
        services.transfer_approve(request_id=submitted.pk, actor=user)
    today = timezone.localdate()
    services.decree_issue(
        actor=world.bkpsdm, request_ids=[submitted.pk], date=today, tmt=today, signer=world.walikota.employee
    )
    assert execute_due_transfers(today=today + dt.timedelta(days=1)) == 1
    assert TransferRequest.objects.get(pk=submitted.pk).status == "completed"
    assert AuditEvent.objects.get(action="transfer.complete", target_id=str(submitted.pk)).actor is None
    for user in (world.pegawai, world.bkpsdm, world.kadishub, world.kadinkes, world.auditor, world.walikota):
        client = Client()
        client.force_login(user)
        response = client.get(f"/mutasi/{submitted.pk}/")
        assert response.status_code == 200, user
        assert "sistem" in response.content.decode()
