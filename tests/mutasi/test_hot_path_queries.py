"""The hot transfer endpoints of the load test (issue 7 point 5): the detail and the approval answer
with the same data as before, in a pinned number of queries; an action reads the request once to ask
who may act before the input, once under its lock, and not again for the answer.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.models import AuditEvent, User
from mutasi.choices import Decision, Stage, Status
from tests.mutasi.conftest import APPROVERS

pytestmark = pytest.mark.django_db

# The viewer with roles (groups, employee with post, subordinates and Plt/Plh flags: one statement; the
# tests' forced user adds one), the request with employee, agencies, post and decree (one join), steps,
# attachments. A viewer acting for a post today adds the query of those posts.
DETAIL_QUERIES = 5
# The approval: user and roles (2 here, as above), the request and its steps for the 404 and 403/409
# checks before the input is read (core.api_permissions.ActsOn; was one EXISTS), then the service's
# transaction (savepoint here; lock the request with the applicant's accounts, lock every step in one
# read, save the request once, save the step, audit row, the stage's deadline, activate the next step,
# its approvers, both notifications in one insert; 11 with the savepoint and its release), then the
# documents for the answer (1): neither the request nor its steps are read again. Was 33: a full
# `transfer_get` before the action and another after; then 23 (steps read three times, the request
# saved twice, one insert per notification); then 18 (roles in two queries and the Plt/Plh posts);
# then 16 (the applicant's account read on its own); then 15, and 16 since the decider is asked before
# the input (issue 19, finding 9).
APPROVE_QUERIES = 16


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=user.pk))  # fresh: roles are cached on the object
    return client


@pytest.fixture
def at_destination_head(world, submitted):
    from mutasi import services

    for name in APPROVERS[:2]:  # atasan, kadishub
        services.transfer_approve(request_id=submitted.pk, actor=getattr(world, name))
    submitted.refresh_from_db()
    assert submitted.current_stage == Stage.DESTINATION_HEAD
    return submitted


def test_the_head_approves_through_the_api_in_pinned_queries_and_gets_the_fresh_request(
    world, at_destination_head
):
    pk = at_destination_head.pk
    with CaptureQueriesContext(connection) as queries:
        response = client_for(world.kadinkes).post(
            f"/api/v1/transfers/{pk}/approve/", {"note": "Setuju."}, format="json"
        )
    sql = [q["sql"][:80] for q in queries.captured_queries]  # the next request resets Django's log

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["current_stage"]) == (Status.IN_REVIEW, Stage.HR_VERIFICATION)
    decided = next(s for s in body["steps"] if s["stage"] == Stage.DESTINATION_HEAD)
    assert (decided["decision"], decided["note"]) == (Decision.APPROVED, "Setuju.")
    assert decided["actor"] and decided["decided_at"]
    assert (
        AuditEvent.objects.filter(action="transfer.approve", target_id=pk, actor=world.kadinkes).count() == 1
    )
    # The answer built from the service's own row is what a fresh read returns.
    assert client_for(world.kadinkes).get(f"/api/v1/transfers/{pk}/").json() == body
    assert len(sql) == APPROVE_QUERIES, "\n".join(sql)


def test_the_detail_runs_the_same_pinned_queries_with_more_steps_and_documents(world, at_destination_head):
    from mutasi import services

    pk = at_destination_head.pk
    with CaptureQueriesContext(connection) as early:
        first = client_for(world.bkpsdm).get(f"/api/v1/transfers/{pk}/")
    for name in APPROVERS[2:]:
        services.transfer_approve(request_id=pk, actor=getattr(world, name))
    with CaptureQueriesContext(connection) as late:
        last = client_for(world.bkpsdm).get(f"/api/v1/transfers/{pk}/")

    assert first.status_code == last.status_code == 200
    assert last.json()["status"] == Status.APPROVED
    decided = [s for s in last.json()["steps"] if s["decision"] == Decision.APPROVED]
    assert len(decided) > len([s for s in first.json()["steps"] if s["decision"] == Decision.APPROVED])
    assert len(early) == len(late) == DETAIL_QUERIES


def test_an_approval_of_a_request_the_caller_cannot_see_is_a_404_and_changes_nothing(
    world, at_destination_head
):
    response = client_for(world.pegawai).post(
        f"/api/v1/transfers/{at_destination_head.pk}/approve/", {"note": "x"}, format="json"
    )

    assert response.status_code in (403, 404)
    at_destination_head.refresh_from_db()
    assert at_destination_head.current_stage == Stage.DESTINATION_HEAD
    assert not AuditEvent.objects.filter(action="transfer.approve", actor=world.pegawai).exists()


def test_a_stranger_gets_404_for_the_approval(world, at_destination_head):
    from tests.factories import UserFactory

    response = client_for(UserFactory()).post(
        f"/api/v1/transfers/{at_destination_head.pk}/approve/", {"note": "x"}, format="json"
    )

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="transfer.approve", note="x").exists()
