import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.mutasi.test_agency_board import _render

pytestmark = pytest.mark.django_db


def test_counts(world, submitted):
    for u in (world.kadinkes, world.bkpsdm):
        _render(u, world.dinkes)
        with CaptureQueriesContext(connection) as c:
            _render(u, world.dinkes)
        print("COUNTS", u.username, len(c))
