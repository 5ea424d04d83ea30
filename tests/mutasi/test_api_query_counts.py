"""Review (issue 8): the transfer list APIs run a fixed number of queries whatever the number of
requests, steps, decrees, delegations and evaluations (STYLE.md: query counts are part of the contract).

Each endpoint is read once with little data and once after more data was added; both reads must run the
pinned number of queries. The user object is fetched fresh for each read, as in production (roles are
cached on it)."""

import datetime as dt

import pytest
from django.utils import timezone

from mutasi import services
from tests.conftest import api_list_read
from tests.factories import EmployeeFactory, UserFactory
from tests.mutasi.conftest import approve_all, submit_mover, upload_required
from tests.mutasi.factories import give_skp, last_years

pytestmark = pytest.mark.django_db

# (path, username) -> queries. The viewer takes 1 (roles: groups, the employee with its post, whether
# the post has subordinates and whether the viewer acts for a post today, one statement), the page 2
# (count, rows); the rest is named per row. A viewer acting for no one today (all of these) costs no
# Plt/Plh query.
PINNED = {
    ("/api/v1/transfers/", "bkpsdm"): 3,
    ("/api/v1/transfers/", "atasan"): 3,
    # steps with request, employee, posts, agencies, decree, actor (select_related)
    ("/api/v1/transfers/inbox/", "atasan"): 3,
    ("/api/v1/transfers/inbox/", "bkpsdm"): 3,
    # + the requests of each decree on the page and, for a draft, its requests (two prefetches)
    ("/api/v1/decrees/", "bkpsdm"): 5,
    # the decrees waiting for the viewer's signature, each with its number of employees (one aggregate)
    ("/api/v1/decrees/signing-queue/", "walikota"): 3,
    ("/api/v1/delegations/", "bkpsdm"): 3,
    ("/api/v1/evaluations/", "bkpsdm"): 3,
    # + the evaluator posts
    ("/api/v1/evaluations/", "kadinkes"): 4,
}


def _move(world, n: int) -> None:
    """`n` more employees moved into the destination: requests, steps, a decree, evaluations."""
    world.destination.required_staff = 100
    world.destination.save()
    today = timezone.localdate()
    ids = []
    for _ in range(n):
        draft = submit_mover(world, reason="Sesuai pendidikan")
        ids.append(approve_all(world, draft).pk)
    services.decree_issue(
        actor=world.bkpsdm, request_ids=ids, date=today, tmt=today, signer=world.walikota.employee
    )
    services.execute_due_transfers(today=today)


def _waiting(world, n: int) -> None:
    """`n` more requests submitted and waiting: at the supervisor (atasan) and at HR verification."""
    for i in range(n):
        user = UserFactory()
        employee = EmployeeFactory(user=user, position=world.dishub_other_post)
        give_skp(employee, dict.fromkeys(last_years(2), "baik"))
        draft = services.transfer_create(
            actor=user,
            employee=employee,
            destination_position=world.destination,
            kind="between_agencies",
            reason="Sesuai pendidikan",
        )
        upload_required(draft, user)
        services.transfer_submit(request_id=draft.pk, actor=user)
        if i % 2:
            for approver in (world.atasan, world.kadishub, world.kadinkes):
                services.transfer_approve(request_id=draft.pk, actor=approver)


def _delegations(world, n: int) -> None:
    from mutasi.models import Delegation

    today = timezone.localdate()
    first = Delegation.objects.count()
    for i in range(first, first + n):
        day = today + dt.timedelta(days=10 * i)
        services.delegation_create(
            actor=world.bkpsdm, position=world.kadinkes_post, delegate=world.other, start=day, end=day
        )


def test_every_transfer_list_api_runs_the_same_pinned_queries_for_little_and_much_data(world, moved):
    _waiting(world, 2)
    _delegations(world, 1)
    small = {key: api_list_read(*key) for key in PINNED}
    _move(world, 3)
    _move(world, 2)
    _waiting(world, 6)
    _delegations(world, 5)
    large = {key: api_list_read(*key) for key in PINNED}
    for key, pinned in PINNED.items():
        (small_queries, small_count), (large_queries, large_count) = small[key], large[key]
        assert large_count > small_count, key  # the list really grew
        assert small_queries == large_queries == pinned, (key, small_queries, large_queries)
