"""Must show #4: real concurrent connections on PostgreSQL (threads, each with its own connection)."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from core.models import AuditEvent
from mutasi import services
from mutasi.models import ApprovalStep, Decree, TransferRequest
from tests.conftest import requires_postgres
from tests.factories import EmployeeFactory, PlacementHistoryFactory, UserFactory
from tests.mutasi.conftest import upload_required
from tests.mutasi.factories import build_world, give_skp, last_years

pytestmark = [requires_postgres(), pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*calls):
    """Run the calls at the same moment in threads; each thread has (and closes) its own connection."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - reported to the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _post(user, url, body=None):
    def call():
        client = APIClient()
        client.force_authenticate(user)
        return client.post(url, body or {}, format="json").status_code

    return call


def _submit(world, employee, user):
    draft = services.transfer_create(
        actor=user,
        employee=employee,
        destination_position=world.destination,
        kind="between_agencies",
        reason="Pindah",
    )
    upload_required(draft, user)
    return services.transfer_submit(request_id=draft.pk, actor=user)


def test_two_concurrent_approvals_of_one_step_one_wins_and_the_other_gets_409():
    world = build_world()
    request = _submit(world, world.pegawai_emp, world.pegawai)
    # The holder and their Plh click at the same moment.
    from django.utils import timezone

    today = timezone.localdate()
    services.delegation_create(
        actor=world.bkpsdm, position=world.atasan_post, delegate=world.other, start=today, end=today
    )
    url = f"/api/v1/transfers/{request.pk}/approve/"
    codes = _race(_post(world.atasan, url), _post(world.other, url))
    assert sorted(codes) == [200, 409]
    step = ApprovalStep.objects.get(request=request, stage="supervisor")
    assert step.decision == "approved"
    assert AuditEvent.objects.filter(action="transfer.approve").count() == 1
    assert ApprovalStep.objects.get(request=request, stage="origin_head").activated_at is not None


def test_the_same_approver_double_clicking_concurrently_decides_once():
    world = build_world()
    request = _submit(world, world.pegawai_emp, world.pegawai)
    url = f"/api/v1/transfers/{request.pk}/approve/"
    codes = _race(*[_post(world.atasan, url) for _ in range(4)])
    assert sorted(codes) == [200, 409, 409, 409]
    assert AuditEvent.objects.filter(action="transfer.approve").count() == 1


def test_two_requests_into_the_last_vacancy_approved_concurrently_exactly_one_succeeds():
    world = build_world(need=2)  # one holder already, one vacancy left
    second_user = UserFactory(username="pegawai2")
    second = EmployeeFactory(user=second_user, position=world.dishub_other_post)
    PlacementHistoryFactory(employee=second)
    give_skp(second, dict.fromkeys(last_years(2), "baik"))
    requests = [_submit(world, world.pegawai_emp, world.pegawai), _submit(world, second, second_user)]
    for r in requests:
        for user in (world.atasan, world.kadishub, world.kadinkes, world.bkpsdm, world.sekda):
            services.transfer_approve(request_id=r.pk, actor=user)
        assert TransferRequest.objects.get(pk=r.pk).current_stage == "regional_head"
    codes = _race(*[_post(world.walikota, f"/api/v1/transfers/{r.pk}/approve/") for r in requests])
    assert sorted(codes) == [200, 409]
    statuses = sorted(
        TransferRequest.objects.filter(pk__in=[r.pk for r in requests]).values_list("status", flat=True)
    )
    assert statuses == ["approved", "in_review"]
    loser = TransferRequest.objects.get(pk__in=[r.pk for r in requests], status="in_review")
    client = APIClient()
    client.force_authenticate(world.walikota)
    again = client.post(f"/api/v1/transfers/{loser.pk}/approve/", {}, format="json")
    assert again.status_code == 409
    assert "Formasi jabatan tujuan sudah terisi" in again.json()["detail"]


def test_concurrent_decrees_never_share_a_number():
    world = build_world(need=10)
    hr2 = UserFactory(username="bkpsdm2", groups=["hr"])
    employees = [(world.pegawai_emp, world.pegawai)]
    for i in range(3):
        user = UserFactory(username=f"p{i}")
        e = EmployeeFactory(user=user, position=world.dishub_other_post)
        PlacementHistoryFactory(employee=e)
        give_skp(e, dict.fromkeys(last_years(2), "baik"))
        employees.append((e, user))
    ids = []
    for e, user in employees:
        r = _submit(world, e, user)
        for approver in (
            world.atasan,
            world.kadishub,
            world.kadinkes,
            world.bkpsdm,
            world.sekda,
            world.walikota,
        ):
            services.transfer_approve(request_id=r.pk, actor=approver)
        ids.append(r.pk)
    from django.utils import timezone

    today = timezone.localdate()
    signer = world.walikota.employee

    def issue(user, pk):
        return lambda: (
            services.decree_issue(actor=user, request_ids=[pk], date=today, tmt=today, signer=signer).number
        )

    numbers = _race(*[issue(world.bkpsdm if i % 2 else hr2, pk) for i, pk in enumerate(ids)])
    assert all(isinstance(n, str) for n in numbers), numbers
    assert sorted(numbers) == sorted(f"800.1.3.3/{s}/BKPSDM/{today.year}" for s in range(1, 5))
    assert Decree.objects.count() == 4
