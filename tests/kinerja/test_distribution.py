"""Organisational performance caps the spread of individual predicates (REGULATION.md section 3)."""

import pytest

from core.exceptions import DomainError
from core.models import AuditEvent
from kinerja import rules, services
from kinerja.choices import AppraisalStatus, OrgRating
from kinerja.models import Appraisal
from tests.factories import EmployeeFactory
from tests.kinerja.factories import AppraisalFactory

SB, B, BP, K, SK = "sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"


def spread(**counts) -> list[str]:
    return [p for p, n in counts.items() for _ in range(n)]


# (unit rating, a set that breaks one rule, words naming the rule, the same rule exactly at its limit)
BROKEN_AND_AT_LIMIT = [
    (
        OrgRating.ISTIMEWA,
        spread(sangat_baik=8, baik=2),
        "paling banyak 70% Sangat Baik",
        spread(sangat_baik=7, baik=3),
    ),
    (
        OrgRating.BAIK,
        spread(baik=8, sangat_baik=1, butuh_perbaikan=1),
        "paling banyak 70% Baik",
        spread(baik=7, sangat_baik=2, butuh_perbaikan=1),
    ),
    (
        OrgRating.BAIK,
        spread(baik=7, sangat_baik=3),
        "harus ada Butuh Perbaikan dan/atau Kurang",
        spread(baik=7, sangat_baik=2, kurang=1),
    ),
    (
        OrgRating.BUTUH_PERBAIKAN,
        spread(butuh_perbaikan=5, baik=5),
        "paling sedikit 60% Butuh Perbaikan",
        spread(butuh_perbaikan=6, baik=4),
    ),
    (
        OrgRating.BUTUH_PERBAIKAN,
        spread(butuh_perbaikan=6, sangat_baik=2, baik=2),
        "paling banyak 10% Sangat Baik",
        spread(butuh_perbaikan=6, sangat_baik=1, baik=3),
    ),
    (
        OrgRating.KURANG,
        spread(kurang=5, butuh_perbaikan=5),
        "paling sedikit 60% Kurang",
        spread(kurang=6, butuh_perbaikan=4),
    ),
    (
        OrgRating.KURANG,
        spread(kurang=9, baik=1),
        "paling sedikit 10% Butuh Perbaikan",
        spread(kurang=9, butuh_perbaikan=1),
    ),
    (
        OrgRating.KURANG,
        spread(kurang=6, butuh_perbaikan=2, sangat_baik=2),
        "paling banyak 10% Sangat Baik",
        spread(kurang=6, butuh_perbaikan=3, sangat_baik=1),
    ),
    (
        OrgRating.SANGAT_KURANG,
        spread(sangat_kurang=5, kurang=5),
        "paling sedikit 60% Sangat Kurang",
        spread(sangat_kurang=6, kurang=4),
    ),
    (
        OrgRating.SANGAT_KURANG,
        spread(sangat_kurang=9, baik=1),
        "paling sedikit 10% Butuh Perbaikan dan/atau Kurang",
        spread(sangat_kurang=9, butuh_perbaikan=1),
    ),
    (
        OrgRating.SANGAT_KURANG,
        spread(sangat_kurang=8, kurang=1, sangat_baik=1),
        "tidak boleh ada Sangat Baik",
        spread(sangat_kurang=8, kurang=2),
    ),
]


@pytest.mark.parametrize(("org_rating", "broken", "rule", "at_limit"), BROKEN_AND_AT_LIMIT)
def test_each_distribution_rule_refuses_a_breaking_set_and_passes_one_at_the_exact_limit(
    org_rating, broken, rule, at_limit
):
    violations = rules.check_distribution(org_rating=org_rating, predicates=broken)
    assert [rule in v.message for v in violations] == [True]
    assert f"'{OrgRating(org_rating).label}'" in violations[0].message
    assert rules.check_distribution(org_rating=org_rating, predicates=at_limit) == []


def test_the_message_names_the_rule_and_the_counts():
    [violation] = rules.check_distribution(
        org_rating=OrgRating.ISTIMEWA, predicates=spread(sangat_baik=8, baik=2)
    )
    assert (
        violation.message
        == "Aturan predikat unit 'Istimewa': paling banyak 70% Sangat Baik (saat ini 8 dari 10 = 80%)"
    )


def test_a_unit_rated_baik_with_fewer_than_five_members_need_not_have_a_weak_performer():
    assert rules.check_distribution(org_rating=OrgRating.BAIK, predicates=spread(baik=2, sangat_baik=2)) == []
    assert (
        len(rules.check_distribution(org_rating=OrgRating.BAIK, predicates=spread(baik=3, sangat_baik=2)))
        == 1
    )


def _unit_set(org, period, predicates):
    """One rated SKP per predicate in unit A (appraiser: atasan). Ratings consistent with the matrix."""
    pairs = {
        SB: ("di_atas", "di_atas"),
        B: ("sesuai", "sesuai"),
        BP: ("di_bawah", "sesuai"),
        K: ("sesuai", "di_bawah"),
        SK: ("di_bawah", "di_bawah"),
    }
    position = org.pegawai.position
    rows = []
    for p in predicates:
        employee = EmployeeFactory(position=position)
        results, behaviour = pairs[p]
        rows.append(
            AppraisalFactory(
                period=period,
                employee=employee,
                status=AppraisalStatus.RATED,
                results_rating=results,
                behaviour_rating=behaviour,
                predicate=p,
            )
        )
    return rows


@pytest.mark.django_db
def test_finalising_one_skp_checks_the_whole_units_set_and_names_the_broken_rule(org, period):
    services.organisation_performance_set(
        period=period, agency=org.agency, unit=org.unit_a, rating=OrgRating.BAIK, actor=org.hr
    )
    rows = _unit_set(org, period, spread(baik=8, sangat_baik=1, butuh_perbaikan=1))

    with pytest.raises(DomainError) as exc:
        services.appraisal_finalise(appraisal=rows[0], actor=org.hr)

    assert "Aturan predikat unit 'Baik': paling banyak 70% Baik (saat ini 8 dari 10 = 80%)" in str(exc.value)
    assert exc.value.as_dict()["detail"][0].startswith("Bidang Angkutan: Aturan predikat unit 'Baik'")
    assert not Appraisal.objects.filter(status=AppraisalStatus.FINAL).exists()
    assert not AuditEvent.objects.filter(action="appraisal.finalise").exists()


@pytest.mark.django_db
def test_a_set_at_the_exact_limit_is_finalised_in_one_go(org, period):
    services.organisation_performance_set(
        period=period, agency=org.agency, unit=org.unit_a, rating=OrgRating.BAIK, actor=org.hr
    )
    _unit_set(org, period, spread(baik=7, sangat_baik=2, butuh_perbaikan=1))

    finalised = services.appraisal_set_finalise(
        period=period, agency=org.agency, unit=org.unit_a, actor=org.hr
    )

    assert len(finalised) == 10
    assert Appraisal.objects.filter(status=AppraisalStatus.FINAL).count() == 10
    assert AuditEvent.objects.filter(action="appraisal.finalise", actor=org.hr).count() == 10


@pytest.mark.django_db
def test_set_finalisation_is_all_or_nothing(org, period):
    services.organisation_performance_set(
        period=period, agency=org.agency, rating=OrgRating.SANGAT_KURANG, actor=org.hr
    )
    _unit_set(org, period, spread(sangat_kurang=8, kurang=1, sangat_baik=1))

    with pytest.raises(DomainError) as exc:
        services.appraisal_set_finalise(period=period, agency=org.agency, actor=org.hr)

    assert "tidak boleh ada Sangat Baik (saat ini 1 dari 10 = 10%)" in str(exc.value)
    assert "Dinas Perhubungan: " in exc.value.as_dict()["detail"][0]
    assert Appraisal.objects.filter(status=AppraisalStatus.FINAL).count() == 0


@pytest.mark.django_db
def test_a_units_own_rating_takes_its_members_out_of_the_agencys_set(org, period):
    # Agency "Istimewa" (at most 70% Sangat Baik) covers both units while unit A has no rating of its own:
    # 8 Sangat Baik of 11 breaks it, so even unit B's SKP cannot be finalised.
    services.organisation_performance_set(
        period=period, agency=org.agency, rating=OrgRating.ISTIMEWA, actor=org.hr
    )
    unit_a = _unit_set(org, period, spread(sangat_baik=8, baik=2))
    other = AppraisalFactory(
        period=period, employee=org.pegawai_lain, status=AppraisalStatus.RATED, predicate=B
    )
    with pytest.raises(DomainError) as exc:
        services.appraisal_finalise(appraisal=other, actor=org.hr)
    assert "Dinas Perhubungan: " in str(exc.value) and "(saat ini 8 dari 11 = 72,7%)" in str(exc.value)

    # Once unit A has its own rating, the agency set is unit B alone and unit A answers to its own rule.
    services.organisation_performance_set(
        period=period, agency=org.agency, unit=org.unit_a, rating=OrgRating.BAIK, actor=org.hr
    )
    services.appraisal_finalise(appraisal=other, actor=org.hr)
    with pytest.raises(DomainError) as exc:
        services.appraisal_finalise(appraisal=unit_a[0], actor=org.hr)
    assert "Bidang Angkutan: " in str(exc.value) and "harus ada Butuh Perbaikan" in str(exc.value)
    assert list(Appraisal.objects.filter(status=AppraisalStatus.FINAL)) == [other]
    assert AuditEvent.objects.filter(action="org_performance.set").count() == 2


@pytest.mark.django_db
def test_without_an_organisational_rating_no_distribution_rule_applies(org, period):
    rows = _unit_set(org, period, spread(sangat_baik=5))
    services.appraisal_finalise(appraisal=rows[0], actor=org.hr)
    rows[0].refresh_from_db()
    assert rows[0].status == AppraisalStatus.FINAL
