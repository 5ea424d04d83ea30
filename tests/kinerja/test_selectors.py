"""The predicate read other apps rely on (transfer eligibility, plan optimiser)."""

import datetime as dt

import pytest
import time_machine

from kinerja import rules, selectors
from kinerja.choices import AppraisalStatus
from tests.factories import EmployeeFactory
from tests.kinerja.factories import AppraisalFactory, AppraisalPeriodFactory

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 3, 1, 8, 0), tick=False)
def test_employee_predicates_gives_the_final_predicate_of_each_closed_year_or_none(org):
    for year, status, predicate in [
        (2025, AppraisalStatus.FINAL, "baik"),
        (2024, AppraisalStatus.RATED, "sangat_baik"),  # not final yet: not counted
        (2023, AppraisalStatus.FINAL, "butuh_perbaikan"),
        (2026, AppraisalStatus.FINAL, "sangat_baik"),  # the current year is not closed
    ]:
        period = AppraisalPeriodFactory(region=org.region, year=year)
        AppraisalFactory(period=period, employee=org.pegawai, status=status, predicate=predicate)

    assert selectors.employee_predicates(employee_id=org.pegawai.pk, years=2) == {2025: "baik", 2024: None}
    assert selectors.employee_predicates(employee_id=org.pegawai.pk, years=3) == {
        2025: "baik",
        2024: None,
        2023: "butuh_perbaikan",
    }
    assert selectors.employee_predicates(employee_id=org.pegawai.pk, years=1, until_year=2023) == {
        2023: "butuh_perbaikan"
    }
    assert selectors.employee_predicates(employee_id=org.rekan.pk, years=2) == {2025: None, 2024: None}
    assert [
        rules.is_at_least_baik(p)
        for p in ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang", None)
    ] == [
        True,
        True,
        False,
        False,
        False,
        False,
    ]


@pytest.mark.parametrize("size", [3, 40])
def test_predicates_by_employee_reads_any_number_of_employees_in_one_query(
    org, size, django_assert_num_queries
):
    period = AppraisalPeriodFactory(region=org.region, year=2020)
    people = [EmployeeFactory(position=org.rekan.position) for _ in range(size)]
    for i, person in enumerate(people):
        if i % 2 == 0:
            AppraisalFactory(period=period, employee=person, status=AppraisalStatus.FINAL, predicate="baik")

    with django_assert_num_queries(1):
        result = selectors.predicates_by_employee(
            employee_ids=[p.pk for p in people], years=2, until_year=2020
        )

    assert len(result) == size
    assert result[people[0].pk] == {2020: "baik", 2019: None}
    assert result[people[1].pk] == {2020: None, 2019: None}


def test_a_predicate_recorded_in_siasn_counts_only_for_a_year_without_a_final_skp(
    org, django_assert_num_queries, monkeypatch
):
    from kinerja.models import RecordedPredicate
    from kinerja.services.recorded import recorded_predicates_sync

    period = AppraisalPeriodFactory(region=org.region, year=2020)
    AppraisalFactory(period=period, employee=org.pegawai, status=AppraisalStatus.FINAL, predicate="baik")
    AppraisalFactory(period=period, employee=org.rekan, status=AppraisalStatus.RATED, predicate="baik")
    written = recorded_predicates_sync(
        source="siasn",
        rows={
            org.pegawai.pk: [(2020, "kurang", "s1"), (2019, "sangat_baik", "s2")],
            org.rekan.pk: [(2020, "butuh_perbaikan", "s3")],
        },
    )
    assert written == 3
    for limit in (5000, 1):  # with the ids in the query, and above the parameter limit
        monkeypatch.setattr(selectors, "_IN_LIMIT", limit)
        with django_assert_num_queries(1):
            result = selectors.predicates_by_employee(
                employee_ids=[org.pegawai.pk, org.rekan.pk, org.atasan.pk], years=2, until_year=2020
            )
        assert result == {
            org.pegawai.pk: {2020: "baik", 2019: "sangat_baik"},  # the final SKP here wins its year
            org.rekan.pk: {2020: "butuh_perbaikan", 2019: None},  # an SKP not final here does not
            org.atasan.pk: {2020: None, 2019: None},
        }
    # The same answer as columns of an employee query (the plan reads its candidates so).
    from instansi.models import Employee

    rows = Employee.objects.filter(pk__in=[org.pegawai.pk, org.rekan.pk, org.atasan.pk]).annotate(
        **selectors.predicate_annotations(years=2, until_year=2020)
    )
    assert {e.pk: {2020: e.skp_2020 or None, 2019: e.skp_2019 or None} for e in rows} == result
    # the same rows again write nothing; a row gone from the source is removed
    assert (
        recorded_predicates_sync(
            source="siasn", rows={org.pegawai.pk: [(2020, "kurang", "s1"), (2019, "sangat_baik", "s2")]}
        )
        == 0
    )
    assert recorded_predicates_sync(source="siasn", rows={org.rekan.pk: []}) == 1
    assert not RecordedPredicate.objects.filter(employee=org.rekan).exists()


def test_predicates_by_employee_above_the_parameter_limit_still_answers_in_one_query(
    org, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(selectors, "_IN_LIMIT", 2)
    period = AppraisalPeriodFactory(region=org.region, year=2020)
    AppraisalFactory(
        period=period, employee=org.pegawai, status=AppraisalStatus.FINAL, predicate="sangat_baik"
    )
    AppraisalFactory(period=period, employee=org.rekan, status=AppraisalStatus.FINAL, predicate="kurang")
    with django_assert_num_queries(1):
        result = selectors.predicates_by_employee(
            employee_ids=[org.pegawai.pk, org.atasan.pk, org.kadis.pk], years=1, until_year=2020
        )
    assert result == {
        org.pegawai.pk: {2020: "sangat_baik"},
        org.atasan.pk: {2020: None},
        org.kadis.pk: {2020: None},
    }
