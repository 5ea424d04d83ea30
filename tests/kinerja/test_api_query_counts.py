"""Review (issue 8): the kinerja list APIs run a fixed number of queries whatever the number of SKP,
periods, organisational ratings and team goals (STYLE.md: query counts are part of the contract).

Each endpoint is read with little data and again after more data was added; both reads must run the
pinned number of queries. The user object is fetched fresh for each read, as in production (roles are
cached on it)."""

from decimal import Decimal

import pytest

from kinerja import services
from tests.conftest import api_list_read
from tests.factories import EmployeeFactory, UnitFactory
from tests.kinerja.factories import (
    AppraisalFactory,
    AppraisalPeriodFactory,
    OrganisationPerformanceFactory,
)

pytestmark = pytest.mark.django_db

# (path, username) -> queries. The viewer with roles takes 1 (one statement: groups, the employee with
# its post, whether the post has subordinates), also for the HR account of this fixture (groups, no
# employee record); the page takes 2 (count, rows).
PINNED = {
    ("/api/v1/appraisals/", "bkpsdm"): 3,
    ("/api/v1/appraisals/", "kadis"): 3,
    ("/api/v1/appraisal-periods/", "bkpsdm"): 3,
    # + the viewer's agency, for the region of their periods
    ("/api/v1/appraisal-periods/", "pegawai"): 4,
    ("/api/v1/organisation-performances/", "bkpsdm"): 3,
    ("/api/v1/organisation-performances/", "pegawai"): 4,
    ("/api/v1/team-goals/", "bkpsdm"): 3,
    ("/api/v1/team-goals/", "pegawai"): 3,
}


def _grow(org, period, first_year: int, n: int) -> None:
    """n more SKP in the agency, n more (closed) periods, n more unit ratings, n more team goals."""
    for _ in range(n):
        AppraisalFactory(period=period, employee=EmployeeFactory(position=org.pegawai.position))
    for year in range(first_year, first_year + n):
        old = AppraisalPeriodFactory(region=org.region, year=year, is_open=False)
        OrganisationPerformanceFactory(period=old, unit=UnitFactory(agency=org.agency))
    for i in range(n):
        services.team_goal_create(
            period=period,
            agency=org.agency,
            actor=org.kadis.user,
            title=f"Sasaran {first_year}-{i}",
            target=Decimal("10"),
            unit_label="dokumen",
        )


def test_every_kinerja_list_api_runs_the_same_pinned_queries_for_little_and_much_data(org, period):
    _grow(org, period, 2000, 1)
    small = {key: api_list_read(*key) for key in PINNED}
    _grow(org, period, 2010, 8)
    large = {key: api_list_read(*key) for key in PINNED}
    for key, pinned in PINNED.items():
        (small_queries, small_count), (large_queries, large_count) = small[key], large[key]
        assert large_count > small_count, key  # the list really grew
        assert small_queries == large_queries == pinned, (key, small_queries, large_queries)
