import datetime as dt

import pytest

from core.models import AuditEvent
from kinerja import demo, evaluation, rules, selectors
from kinerja.choices import AppraisalStatus, OrgRating
from kinerja.models import Appraisal, AppraisalPeriod, OrganisationPerformance
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [1, 2, 4, 5, 9, 10, 37, 100, 1234])
@pytest.mark.parametrize("org_rating", [OrgRating.BAIK, OrgRating.ISTIMEWA])
def test_the_demo_spread_of_any_agency_size_respects_its_distribution_rules(org_rating, n):
    counts = demo.predicate_counts(org_rating, n)
    assert sum(counts.values()) == n
    if n >= 5:  # below that the 70% cap cannot always be met by a whole-person count
        predicates = [p for p, k in counts.items() for _ in range(k)]
        assert rules.check_distribution(org_rating=org_rating, predicates=predicates) == []
    if n >= 10:
        assert counts["baik"] == max(counts.values())


def test_the_demo_builds_two_final_years_within_the_rules_and_one_open_year_idempotently(org):
    for i in range(12):  # a bigger unit so the spread has room
        EmployeeFactory(position=org.rekan.position, name=f"Staf {i}")
    this_year = dt.date.today().year

    demo.seed(region=org.region, stdout=None, employees=20)
    counts = Appraisal.objects.count()
    demo.seed(region=org.region, stdout=None, employees=20)

    assert Appraisal.objects.count() == counts
    for year in (this_year - 2, this_year - 1):
        period = AppraisalPeriod.objects.get(region=org.region, year=year)
        assert not period.is_open
        assert Appraisal.objects.filter(period=period, status=AppraisalStatus.FINAL).count() == 18
        for op in OrganisationPerformance.objects.filter(period=period):
            assert evaluation.distribution_violations(op) == []
        for a in Appraisal.objects.filter(period=period):
            assert rules.predicate_for(results=a.results_rating, behaviour=a.behaviour_rating) == a.predicate
    predicates = selectors.employee_predicates(employee_id=org.pegawai.pk, years=2)
    assert all(rules.is_at_least_baik(p) for p in predicates.values()), predicates
    current = Appraisal.objects.get(period__year=this_year, employee=org.pegawai)
    assert current.status == AppraisalStatus.AGREED
    main = current.result_plans.get(kind="main")
    assert main.parent.appraisal.employee == org.atasan and main.indicators.count() == 2
    assert current.feedback_notes.count() == 2
    last = Appraisal.objects.get(period__year=this_year - 1, employee=org.pegawai)
    assert last.behaviour_ratings.count() == 7 and last.result_plans.count() == 2
    assert AuditEvent.objects.filter(action="demo.seed_kinerja").count() == 2
