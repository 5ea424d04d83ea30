"""The hand-written transfer rows (mutasi.api_outputs) give exactly what the declared serializers
TransferListOutput / TransferDetailOutput render through DRF, in every state a request goes through."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework import serializers

from mutasi import selectors, services
from mutasi.api_outputs import TransferDetailOutput, TransferListOutput
from mutasi.choices import Decision
from mutasi.models import ApprovalStep, TransferRequest
from tests.mutasi.conftest import APPROVERS

pytestmark = pytest.mark.django_db


def drf(serializer_class, transfer) -> dict:
    """DRF's own rendering of the declared fields, nested serializers included."""
    return serializers.ModelSerializer.to_representation(serializer_class(), transfer)


def assert_same_as_drf(world, pk):
    transfer = selectors.transfer_get(viewer=world.bkpsdm, pk=pk, with_evaluations=False)
    detail = TransferDetailOutput().to_representation(transfer)
    assert detail == drf(TransferDetailOutput, transfer)
    assert list(detail) == list(TransferDetailOutput().fields)
    listed = TransferRequest.objects.select_related("employee", "destination_agency", "destination_position")
    assert TransferListOutput().to_representation(listed.get(pk=pk)) == drf(
        TransferListOutput, listed.get(pk=pk)
    )


def test_a_draft_a_submitted_and_a_decided_request_render_as_drf_renders_them(world, draft):
    assert_same_as_drf(world, draft.pk)  # no number, no steps yet, documents
    services.transfer_submit(request_id=draft.pk, actor=world.pegawai)
    # An overdue pending step and a decision taken on behalf of another.
    ApprovalStep.objects.filter(request=draft, decision=Decision.PENDING).update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    assert_same_as_drf(world, draft.pk)
    for name in APPROVERS[:2]:
        services.transfer_approve(request_id=draft.pk, actor=getattr(world, name), note="Setuju.")
    ApprovalStep.objects.filter(request=draft, decision=Decision.APPROVED).update(on_behalf_of=world.sekda)
    assert_same_as_drf(world, draft.pk)


def test_a_decreed_and_an_external_request_render_as_drf_renders_them(world, moved):
    assert_same_as_drf(world, moved.pk)  # decree, completed_at, milestones
    TransferRequest.objects.filter(pk=moved.pk).update(
        destination_position=None, destination_agency=None, external_instansi="Pemprov Bengkulu", number=None
    )
    assert_same_as_drf(world, moved.pk)
