"""The approval writes the request once with a fixed column list (mutasi.services.approval.APPROVE_FIELDS).
A column an approval path changes but the list forgets would be lost silently: after every stage of the
chain, what the service returns must be what the database holds, column for column."""

import pytest
from django.forms.models import model_to_dict

from mutasi import services
from mutasi.models import TransferRequest
from tests.mutasi.conftest import APPROVERS

pytestmark = pytest.mark.django_db


def _columns(request: TransferRequest) -> dict:
    return model_to_dict(request, fields=[f.name for f in TransferRequest._meta.concrete_fields])


def test_every_change_of_every_approval_stage_reaches_the_database(world, submitted):
    seen_stages = []
    for name in APPROVERS:
        before = _columns(TransferRequest.objects.get(pk=submitted.pk))
        returned = services.transfer_approve(request_id=submitted.pk, actor=getattr(world, name))
        stored = _columns(TransferRequest.objects.get(pk=submitted.pk))

        assert _columns(returned) == stored, name
        assert stored != before, name  # the stage really changed the request
        seen_stages.append(stored["current_stage"])
    assert stored["status"] == "approved" and stored["eligibility_rechecked"]
    assert len(set(seen_stages)) == len(APPROVERS)
