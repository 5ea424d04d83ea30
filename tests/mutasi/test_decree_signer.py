"""Review fix (issue 8): only the regional head, the Sekda ("a.n.") or the Plt/Plh of the regional
head's post signs a decree (REGULATION.md 1.1); any other employee as signer is a 400 on `signer`."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditEvent
from mutasi import services
from mutasi.models import Decree, TransferRequest
from tests.factories import EmployeeFactory, PositionFactory, RegionFactory
from tests.mutasi.conftest import approve_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(world, submitted):
    return approve_all(world, submitted)


def _issue(world, approved, signer):
    client = APIClient()
    client.force_authenticate(world.bkpsdm)
    today = timezone.localdate().isoformat()
    body = {"requests": [approved.pk], "date": today, "tmt": today, "signer": signer.pk}
    return client.post("/api/v1/decrees/", body, format="json")


def test_an_ordinary_employee_as_signer_is_refused_and_nothing_is_issued(world, approved):
    answer = _issue(world, approved, world.pegawai_emp)
    assert answer.status_code == 400
    assert "signer" in answer.json()
    assert not Decree.objects.exists()
    assert TransferRequest.objects.get(pk=approved.pk).status == "approved"
    assert not AuditEvent.objects.filter(action="decree.issue").exists()


def test_the_regional_head_of_another_region_is_refused(world, approved):
    elsewhere = RegionFactory(name="Pemerintah Kabupaten Lain")
    head = EmployeeFactory(
        position=PositionFactory(agency__region=elsewhere, special_role="regional_head", title="Bupati Lain")
    )
    assert _issue(world, approved, head).status_code == 400
    assert not Decree.objects.exists()


@pytest.mark.parametrize("who", ["walikota", "sekda"])
def test_the_regional_head_and_the_sekda_sign(world, approved, who):
    answer = _issue(world, approved, getattr(world, who).employee)
    assert answer.status_code == 201
    assert answer.json()["on_behalf"] is (who == "sekda")


def test_the_plh_of_the_regional_head_signs_on_the_decree_date(world, approved):
    today = timezone.localdate()
    services.delegation_create(
        actor=world.bkpsdm, position=world.walikota_post, delegate=world.kadinkes, start=today, end=today
    )
    answer = _issue(world, approved, world.kadinkes_emp)
    assert answer.status_code == 201
    assert answer.json()["on_behalf"] is True
