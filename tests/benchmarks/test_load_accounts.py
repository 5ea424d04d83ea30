"""The load benchmark's clients are many different accounts (issue 15 point 9): on a seeded region the
preparation gives accounts to employees, supervisors, agency heads and HR staff, idempotently, and the
default mixed run uses at least 200 distinct ones. No timing here, ever."""

import io

import pytest
from django.core.management import call_command

from benchmarks import load
from core import access
from core.models import User

pytestmark = pytest.mark.django_db

SEED_EMPLOYEES = 600  # the least that holds ACCOUNT_MIX's 240 plain employees besides the other roles


@pytest.fixture
def accounts():
    call_command("seed_demo", employees=SEED_EMPLOYEES, stdout=io.StringIO())
    return load.ensure_accounts()


def setup_of(by_role: dict) -> dict:
    """What `prepare` hands the clients, without sessions and tokens (not needed to plan)."""
    return {
        "accounts": [
            {
                "user": user.pk,
                "role": role,
                "agency": getattr(getattr(user, "employee", None), "position", None),
            }
            for role, users in by_role.items()
            for user in users
        ],
        "agencies": [1, 2, 3],
        "pool": list(range(1000, 1300)),
        "details": [1, 2, 3],
    }


def test_the_default_mixed_run_uses_at_least_200_distinct_accounts(accounts):
    by_role = {**accounts, "approver": [User.objects.get(username="kadinkes")]}
    setup = setup_of(by_role)
    plan = load.build_plan(setup, load.DEFAULT_REQUESTS)
    used = load.plan_accounts(setup, plan)
    assert used["all"] >= load.MIN_ACCOUNTS
    assert {"employee", "supervisor", "agency_head", "hr", "approver"} <= set(used)
    # Each request is made as an account of its endpoint's role.
    for name, _method, _path, account in plan:
        assert setup["accounts"][account]["role"] in load.ENDPOINTS_BY_NAME[name].roles


def test_the_accounts_have_the_roles_they_play_and_are_made_once(accounts):
    for role in ("employee", "supervisor", "agency_head", "hr"):
        assert accounts[role], role
        for user in accounts[role]:
            roles = access.roles_of(User.objects.get(pk=user.pk))
            assert role in roles, (user.username, role, roles)
    assert not set(accounts["employee"]) & set(accounts["supervisor"])
    users_before = User.objects.count()
    again = load.ensure_accounts()
    assert User.objects.count() == users_before
    assert {r: {u.pk for u in us} for r, us in again.items()} == {
        r: {u.pk for u in us} for r, us in accounts.items()
    }
