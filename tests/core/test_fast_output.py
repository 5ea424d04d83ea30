"""core.fast_output: every serializer that opts in (FastOutput) renders exactly what DRF's own
Serializer.to_representation renders, key order included, for every row of its model in a region
with the unusual shapes (no post, a post without a unit, empty and null fields, an overdue step, a
decision on behalf of another, a decree, an external destination)."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework import serializers

import instansi.api  # noqa: F401 - the serializers that opt in
import mutasi.api.serializers  # noqa: F401
from core.fast_output import FastOutput, renderer
from mutasi import services
from mutasi.choices import Decision
from mutasi.models import ApprovalStep, TransferRequest
from tests.instansi.test_employee_rows import unusual_employees
from tests.mutasi.conftest import approve_all, submit_mover
from tests.mutasi.factories import build_world

pytestmark = pytest.mark.django_db


def _opted_in(cls=FastOutput) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_opted_in(sub)]
    return sorted(set(found), key=lambda c: c.__qualname__)


@pytest.fixture
def region():
    world = build_world()
    overdue, on_behalf, decreed, external = (submit_mover(world, f"m{i}", reason="x") for i in range(4))
    ApprovalStep.objects.filter(request=overdue, decision=Decision.PENDING).update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    for name in ("atasan", "kadishub"):
        services.transfer_approve(request_id=on_behalf.pk, actor=getattr(world, name), note="Setuju.")
    ApprovalStep.objects.filter(request=on_behalf, decision=Decision.APPROVED).update(
        on_behalf_of=world.sekda
    )
    approve_all(world, decreed)
    today = timezone.localdate()
    services.decree_issue(
        actor=world.bkpsdm, request_ids=[decreed.pk], date=today, tmt=today, signer=world.walikota.employee
    )
    services.execute_due_transfers(today=today)
    TransferRequest.objects.filter(pk=external.pk).update(
        destination_position=None, destination_agency=None, external_instansi="Pemprov Bengkulu", number=None
    )
    unusual_employees(world.dinkes)
    return world


def test_every_fast_output_renders_what_drf_renders_for_every_row(region, monkeypatch):
    opted_in = _opted_in()
    assert {c.__name__ for c in opted_in} >= {"EmployeeFullOutput", "TransferDetailOutput", "InboxOutput"}
    rows = {c: list(c.Meta.model.objects.all()) for c in opted_in}
    fast = {c: [renderer(c)(obj) for obj in objects] for c, objects in rows.items()}

    # The plain path: DRF's own rendering, nested serializers included.
    monkeypatch.setattr(FastOutput, "to_representation", serializers.Serializer.to_representation)
    for serializer_class, objects in rows.items():
        assert objects, serializer_class.__name__
        for obj, rendered in zip(objects, fast[serializer_class], strict=True):
            expected = serializer_class().to_representation(obj)
            assert rendered == expected, (serializer_class.__name__, obj.pk)
            assert list(rendered) == list(expected)
