import pytest
from django.core.management import call_command

from mutasi import demo
from mutasi.models import Decree, TransferRequest
from tests.factories import EmployeeFactory, PlacementHistoryFactory
from tests.mutasi.factories import give_skp, last_years

# The demo's consultations are answered by the demo itself (no automatic "agree", tests/conftest.py).
pytestmark = [pytest.mark.django_db, pytest.mark.consultation]


def test_the_demo_seed_makes_requests_at_every_status_and_stage_but_none_for_pegawai(world):
    world.destination.required_staff = 12
    world.destination.save()
    for i in range(16):
        post = world.pegawai_post if i % 2 else world.dishub_other_post
        e = EmployeeFactory(position=post)
        PlacementHistoryFactory(employee=e)
        give_skp(e, dict.fromkeys(last_years(2), "baik"))
    demo.seed(region=world.region)
    statuses = set(TransferRequest.objects.values_list("status", flat=True))
    assert statuses == {
        "draft",
        "in_review",
        "returned",
        "rejected",
        "withdrawn",
        "approved",
        "decreed",
        "completed",
    }
    stages = set(TransferRequest.objects.filter(status="in_review").values_list("current_stage", flat=True))
    assert stages == {
        "employee",  # issue 21: pegawai2 has not answered the plan's proposal yet
        "supervisor",
        "origin_head",
        "destination_head",
        "hr_verification",
        "secretary",
        "regional_head",
    }
    assert not TransferRequest.objects.filter(employee=world.pegawai_emp).exists()
    waiting = TransferRequest.objects.get(employee__user__username="pegawai2")
    assert (waiting.initiated_by, waiting.current_stage) == ("plan", "employee")
    objected = TransferRequest.objects.get(employee__user__username="pegawai3")
    assert objected.current_stage == "origin_head"
    assert objected.consultations.get().answer == "object"
    assert objected.attachments.filter(kind="objection").count() == 1
    assert Decree.objects.count() == 2 and all(d.pdf for d in Decree.objects.all())
    count = TransferRequest.objects.count()
    demo.seed(region=world.region)  # idempotent
    assert TransferRequest.objects.count() == count


def test_seed_demo_runs_the_mutasi_seed_without_errors(db):
    call_command("seed_demo", employees=300, verbosity=0)
    call_command("seed_demo", employees=300, verbosity=0)
    assert not TransferRequest.objects.filter(employee__user__username="pegawai").exists()
