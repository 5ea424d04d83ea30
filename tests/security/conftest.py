"""Shared data for the attacker-style tests: the demo region, seeded once per module.

The seed runs inside a transaction that is rolled back when the module finishes, so nothing leaks into
other test modules; each test then runs inside pytest-django's own (nested) transaction as usual.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction

DEMO_EMPLOYEES = 200
# Fuzzing identities (issue 7 point 3): an HR token and a plain employee's token.
FUZZ_ROLES = {"hr": "bkpsdm", "employee": "pegawai"}


@dataclass
class Demo:
    tokens: dict[str, str]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from rest_framework.authtoken.models import Token

    from core.models import User

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", employees=DEMO_EMPLOYEES, stdout=io.StringIO())
        tokens = {
            u.username: Token.objects.get_or_create(user=u)[0].key
            for u in User.objects.filter(username__in=["bkpsdm", "pegawai", "kadinkes", "admin"])
        }
        yield Demo(tokens=tokens)
        transaction.set_rollback(True)


def pytest_terminal_summary(terminalreporter):
    """Issue 7 point 3 asks for the figures: how many fuzzed requests, how many server errors."""
    module = sys.modules.get("tests.security.test_fuzz_api")
    stats = getattr(module, "STATS", None)
    if stats and stats.get("requests"):
        by_class = ", ".join(f"{k}={v}" for k, v in sorted(stats.items()) if k != "requests")
        terminalreporter.write_line(
            f"fuzz (schemathesis): {stats['requests']} requests, {stats.get('5xx', 0)} server errors ({by_class})"
        )
