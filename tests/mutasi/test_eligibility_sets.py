"""The set-based employee-side rules (mutasi.eligibility.sets) select exactly whom the per-candidate
rules (check_many) select, with the same exclusion counts: on crafted employees at each rule's edge
dates under several policies and days, and on the demo region."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from instansi.choices import DEFAULT_RETIREMENT_AGE, RETIREMENT_AGE, EmployeeStatus, PositionKind
from instansi.models import Employee, Policy, Position
from kinerja.choices import AppraisalStatus
from kinerja.models import RecordedPredicate
from mutasi.choices import Initiator, Status, TransferKind
from mutasi.eligibility import EMPLOYEE_SIDE_CODES, add_months
from mutasi.eligibility.employee_rules import _new_appointee_lock
from mutasi.eligibility.sets import eligible_set, failing, per_candidate
from mutasi.models import TransferRequest
from tests.factories import AgencyFactory, EmployeeFactory, PositionFactory, RegionFactory
from tests.kinerja.factories import AppraisalFactory, AppraisalPeriodFactory

pytestmark = pytest.mark.django_db

DAYS = (dt.date(2026, 12, 6), dt.date(2028, 2, 29), dt.date(2027, 1, 31))
POLICIES = {
    "defaults": {},
    "stricter": {
        "min_years_in_post": Decimal("2.5"),
        "retirement_margin_months": 6,
        "skp_years_required": 3,
        "siasn_max_age_days": 30,
    },
    "rules_off": {
        "rule_status_pns": False,
        "rule_no_sanction": False,
        "rule_no_study": False,
        "rule_no_audit_finding": False,
        "rule_single_open_request": False,
        "skp_years_required": 0,
        "min_years_in_post": Decimal("0"),
    },
}


def _skp(employee, region, years, predicate="baik", status=AppraisalStatus.FINAL):
    for year in years:
        AppraisalFactory(
            period=AppraisalPeriodFactory(region=region, year=year, is_open=False),
            employee=employee,
            status=status,
            predicate=predicate,
        )


_SEQ = itertools.count()


def _employee(**kwargs) -> Employee:
    """An employee whose NIP is unique however many share a birth date: each gets its own TMT CPNS
    month (the NIP carries it), unless the case sets one."""
    i = next(_SEQ) % 240
    return EmployeeFactory(**{"tmt_cpns": dt.date(1995 + i // 12, i % 12 + 1, 1), **kwargs})


def _crafted(today: dt.date, policy: Policy) -> list[int]:
    """Employees each hitting one rule, most of them at an edge date; the rest pass everything."""
    region = policy.region
    agency = AgencyFactory(region=region)
    posts = {
        kind: PositionFactory(agency=agency, kind=kind)
        for kind in (PositionKind.PELAKSANA, PositionKind.JPT_PRATAMA, PositionKind.AHLI_UTAMA)
    }
    skp_years = list(range(today.year - 3, today.year))
    base = {
        "position": posts[PositionKind.PELAKSANA],
        "position_since": today - dt.timedelta(days=2000),
        "birth_date": dt.date(1980, 5, 5),
        "siasn_checked_at": timezone.now(),
    }
    variants: list[dict] = [
        {},
        {"status": EmployeeStatus.CPNS},
        {"status": EmployeeStatus.PPPK},
        {"position_since": None},
        {"position_since": today},
        {"position_since": today + dt.timedelta(days=1)},
        *({"position_since": today - dt.timedelta(days=d)} for d in range(725, 737)),
        *({"position_since": today - dt.timedelta(days=d)} for d in range(906, 918)),
        {"under_sanction": True, "sanction_until": None},
        *({"under_sanction": True, "sanction_until": today + dt.timedelta(days=d)} for d in (-1, 0, 1)),
        {"under_sanction": False, "sanction_until": today + dt.timedelta(days=30)},
        {"in_court_case": True},
        {"on_study_assignment": True, "study_until": None},
        *({"on_study_assignment": True, "study_until": today + dt.timedelta(days=d)} for d in (-1, 0, 1)),
        {"in_service_bond": True, "bond_until": None},
        *({"in_service_bond": True, "bond_until": today + dt.timedelta(days=d)} for d in (-1, 0, 1)),
        {"open_audit_finding": True, "audit_finding_date": today - dt.timedelta(days=40)},
        {"open_audit_finding": False, "audit_finding_date": today - dt.timedelta(days=40)},
        {"siasn_checked_at": None},
        {"siasn_checked_at": timezone.now() - dt.timedelta(days=400)},
        # The new-appointee lock does not apply to a move the plan proposes: never excluded here.
        {"tmt_cpns": today - dt.timedelta(days=30)},
        # Several rules at once: counted once for each.
        {"status": EmployeeStatus.CPNS, "in_court_case": True, "position_since": None},
    ]
    for margin in {policy.retirement_margin_months, 12}:
        limit = add_months(today, margin)
        for kind, post in posts.items():
            edge = dt.date(limit.year - RETIREMENT_AGE[kind], limit.month, 1)
            for d in (-32, -2, -1, 0, 1, 27, 31):
                variants.append({"position": post, "birth_date": edge + dt.timedelta(days=d)})
    # A post of a kind the choices no longer list retires its holder at the default age.
    legacy = PositionFactory(agency=agency)
    Position.objects.filter(pk=legacy.pk).update(kind="legacy_kind")
    limit = add_months(today, policy.retirement_margin_months)
    edge = dt.date(limit.year - DEFAULT_RETIREMENT_AGE, limit.month, 1)
    variants += [{"position": legacy, "birth_date": edge + dt.timedelta(days=d)} for d in (-1, 0)]
    ids = [_employee(**{**base, **v}).pk for v in variants]
    people = {e.pk: e for e in Employee.objects.filter(pk__in=ids).select_related("position__agency")}
    for pk in ids:
        _skp(people[pk], region, skp_years)
    # SKP: missing, weak, empty or not final in one of the years.
    for change in (
        {"predicate": "butuh_perbaikan"},
        {"predicate": "kurang"},
        {"predicate": ""},
        {"status": AppraisalStatus.RATED},
        {"predicate": "sangat_baik"},
        "delete",
    ):
        for year in (today.year - 1, today.year - 3):
            e = _employee(**base)
            _skp(e, region, [y for y in skp_years if y != year])
            if change != "delete":
                _skp(e, region, [year], **{"predicate": "baik", **change})
            ids.append(e.pk)
    # A year without a FINAL SKP here counts SIASN's recorded predicate (rw-skp22); a FINAL one here,
    # even an empty or weak one, wins over SIASN's.
    for year in (today.year - 1, today.year - 3):
        for here, recorded in (
            (None, "baik"),
            (None, "kurang"),
            ({"status": AppraisalStatus.RATED}, "sangat_baik"),
            ({"predicate": "kurang"}, "baik"),
            ({"predicate": ""}, "baik"),
            ({"predicate": "baik"}, "kurang"),
        ):
            e = _employee(**base)
            _skp(e, region, [y for y in skp_years if y != year])
            if here is not None:
                _skp(e, region, [year], **{"predicate": "baik", **here})
            RecordedPredicate.objects.create(
                employee=e, year=year, predicate=recorded, source_id=f"rw-{e.pk}"
            )
            ids.append(e.pk)
    # An open request (any open status) excludes; a closed one does not.
    for status in Status.values:
        e = _employee(**base)
        _skp(e, region, skp_years)
        TransferRequest.objects.create(
            employee=e,
            kind=TransferKind.ROTATION,
            reason="uji",
            destination_position=posts[PositionKind.AHLI_UTAMA],
            status=status,
        )
        ids.append(e.pk)
    return ids


@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("policy_name", list(POLICIES))
def test_set_based_rules_select_exactly_whom_the_per_candidate_rules_select(today, policy_name):
    region = RegionFactory()
    Policy.objects.filter(region=region).update(**POLICIES[policy_name])
    policy = Policy.objects.get(region=region)
    ids = _crafted(today, policy)

    expected_ids, expected_counts = per_candidate(ids, today=today)
    eligible, counts = eligible_set(Employee.objects.filter(pk__in=ids), policy=policy, today=today)

    assert eligible == expected_ids
    assert counts == expected_counts
    # The crafted employees are not a trivial case: some pass, and each rule the policy has on
    # excludes someone.
    assert 0 < len(expected_ids) < len(ids)
    assert set(counts) == {code for code, _ in failing(policy, today)}


def test_the_set_rules_are_the_blocking_employee_side_rules():
    policy = Policy()
    today = dt.date(2026, 12, 6)
    assert {code for code, _ in failing(policy, today, kind=None)} == EMPLOYEE_SIDE_CODES - {
        "due_for_rotation"
    }
    # The plan's moves (check_many): the own-initiative lock does not apply.
    assert "new_appointee_lock" not in {code for code, _ in failing(policy, today)}


@pytest.mark.parametrize("today", DAYS)
def test_the_new_appointee_lock_in_the_database_is_the_per_candidate_rule(today):
    region = RegionFactory()
    policy = Policy.objects.get(region=region)
    policy.new_appointee_from_year = today.year - 4
    post = PositionFactory(agency=AgencyFactory(region=region))
    tmts = [
        add_months(today, -12 * policy.new_appointee_lock_years) + dt.timedelta(days=d) for d in range(-3, 4)
    ]
    tmts += [dt.date(today.year - 4, 1, 1), dt.date(today.year - 5, 12, 31), today]
    people = [
        _employee(position=post, tmt_cpns=t, birth_date=dt.date(1990, 1, 1) + dt.timedelta(days=k))
        for k, t in enumerate(tmts)
    ]
    Employee.objects.filter(pk=people[-1].pk).update(tmt_cpns=None)  # no TMT recorded: not locked
    people[-1].tmt_cpns = None
    kind, initiated_by = TransferKind.OUTGOING, Initiator.EMPLOYEE
    (fails,) = [
        q
        for code, q in failing(policy, today, kind=kind, initiated_by=initiated_by)
        if code == "new_appointee_lock"
    ]
    locked = set(
        Employee.objects.filter(pk__in=[p.pk for p in people]).filter(fails).values_list("pk", flat=True)
    )
    expected = {p.pk for p in people if not _new_appointee_lock(p, policy, today, kind, initiated_by).passed}
    assert locked == expected and 0 < len(expected) < len(people)


def test_deciding_the_eligible_set_costs_one_query_whatever_the_number(django_assert_num_queries):
    region = RegionFactory()
    policy = Policy.objects.get(region=region)
    today = DAYS[0]
    ids = _crafted(today, policy)
    for subset in (ids[:3], ids):
        with django_assert_num_queries(1):
            eligible_set(Employee.objects.filter(pk__in=subset), policy=policy, today=today)


def test_on_the_demo_region_the_set_based_selection_is_the_per_candidate_one():
    call_command("seed_demo", employees=300, verbosity=0)
    from instansi.demo import demo_region

    region = demo_region()
    policy = Policy.objects.get(region=region)
    today = timezone.localdate()
    holders = Employee.objects.filter(position__agency__region=region, is_active=True)
    expected_ids, expected_counts = per_candidate(holders.values_list("pk", flat=True), today=today)
    eligible, counts = eligible_set(holders, policy=policy, today=today)
    assert eligible == expected_ids
    assert counts == expected_counts
    assert len(expected_ids) > 0 and sum(counts.values()) > 0
