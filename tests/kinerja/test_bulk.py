"""HR creates the SKP drafts of whole agencies in one action, as a Celery job with progress."""

import time

import pytest
from django.core.exceptions import PermissionDenied

from core.models import AuditEvent
from kinerja import services
from kinerja.choices import AppraisalStatus, BatchStatus
from kinerja.models import Appraisal, AppraisalBatch
from tests.factories import AgencyFactory, EmployeeFactory, PositionFactory
from tests.kinerja.factories import AppraisalFactory


def _wait_until_done(batch_id: int, limit: float = 60) -> AppraisalBatch:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        batch = AppraisalBatch.objects.get(pk=batch_id)
        if batch.status in (BatchStatus.FINISHED, BatchStatus.FAILED):
            return batch
        time.sleep(0.2)
    raise AssertionError(f"batch {batch_id} still {batch.status} after {limit} s")


@pytest.mark.django_db
def test_the_batch_creates_one_draft_per_pns_or_pppk_with_the_appraiser_and_skips_existing_ones(
    org, period, django_capture_on_commit_callbacks
):
    EmployeeFactory(position=org.rekan.position, status="cpns")  # CPNS: not appraised (REGULATION.md 3)
    EmployeeFactory(position=org.rekan.position, status="pppk")
    AppraisalFactory(period=period, employee=org.pegawai)  # drafted by hand already
    elsewhere = EmployeeFactory(position=PositionFactory(agency=AgencyFactory(region=org.region)))

    with django_capture_on_commit_callbacks(execute=True):
        batch = services.appraisal_batch_start(period=period, agencies=[org.agency], actor=org.hr)

    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.done, batch.created, batch.skipped) == (
        BatchStatus.FINISHED,
        7,
        7,
        6,
        1,
    )
    assert Appraisal.objects.filter(period=period).count() == 7
    assert not Appraisal.objects.filter(employee=elsewhere).exists()
    rekan = Appraisal.objects.get(period=period, employee=org.rekan)
    assert (rekan.status, rekan.appraiser, rekan.unit_name) == (
        AppraisalStatus.DRAFT,
        org.atasan,
        "Bidang Angkutan",
    )
    assert Appraisal.objects.get(period=period, employee=org.atasan).is_unit_head
    assert Appraisal.objects.get(period=period, employee=org.kadis).appraiser is None
    assert AuditEvent.objects.filter(action="appraisal_batch.start", actor=org.hr).count() == 1
    assert AuditEvent.objects.filter(action="appraisal_batch.finish", data__created=6).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        again = services.appraisal_batch_start(period=period, agencies=[org.agency], actor=org.hr)
    again.refresh_from_db()
    assert (again.created, again.skipped) == (0, 7)
    assert Appraisal.objects.filter(period=period).count() == 7


@pytest.mark.django_db
def test_only_hr_starts_a_batch(org, period):
    with pytest.raises(PermissionDenied):
        services.appraisal_batch_start(period=period, agencies=[org.agency], actor=org.kadis.user)
    with pytest.raises(PermissionDenied):
        services.appraisal_batch_start(period=period, agencies=[org.agency], actor=org.auditor)
    assert not AppraisalBatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_batch_runs_as_one_job_on_a_real_celery_worker(celery_worker, org, period, api_client):
    for i in range(150):
        EmployeeFactory(position=org.rekan.position, name=f"Pegawai Massal {i}")
    api_client.force_authenticate(org.hr)

    response = api_client.post(
        f"/api/v1/appraisal-periods/{period.pk}/batches/", {"agencies": [org.agency.pk]}, format="json"
    )

    assert response.status_code == 202, response.content
    batch = _wait_until_done(response.data["id"])
    assert (batch.status, batch.total, batch.done, batch.created) == (BatchStatus.FINISHED, 156, 156, 156)
    assert Appraisal.objects.filter(period=period, status=AppraisalStatus.DRAFT).count() == 156
    progress = api_client.get(f"/api/v1/appraisal-batches/{batch.pk}/")
    assert progress.data["progress_percent"] == 100
    assert AuditEvent.objects.filter(action="appraisal_batch.finish").count() == 1
