"""The employee-side blocking rules of REGULATION.md 1.2 decided in the database, for a set of
employees at once (the plan optimiser's candidates, DESIGN.md 6).

Seam: `eligible_set(employees, policy=..., today=...)` gives the ids of the employees of a queryset
who pass every blocking employee-side rule, and how many each rule excludes, in one query whatever
their number. It selects exactly whom `evaluate.check_many` selects (`per_candidate`, kept as the
reference: tests/mutasi/test_eligibility_sets.py holds both to the same answer on the demo region and
on crafted employees at each rule's edge dates). Measured at 100,000 employees (`benchmarks/
plan_db.py`, docs/BENCHMARKS.md "Transfer plan optimiser"): of the 11,678 active holders of the
surplus posts, 5,680 pass; deciding it took 3.26 s per candidate through `check_many` and took
0.30 s here (medians of 5, load average 1.7-3.3 on 2 cores), 0.16 s since the performance rule asks
each source once per employee and year (`kinerja.selectors.has_predicate_in`).

One home per rule: each rule below is the set form of the function named beside it in
`employee_rules`, reading the same `Policy` values; where a rule does date arithmetic in Python
(years in post, the new-appointee lock, the retirement age), the cutoff date is derived here from
that same arithmetic (`dates.years_between`, `dates.add_months`), so the database compares a column
with one date. A rule whose data is missing or stale ("needs a manual check", e.g. SIASN histories
too old) is not a failure there and excludes nobody here either.

The region's `Policy` is the caller's: `check_many` reads each employee's region's policy, so both
agree when the employees are one region's (the plan's). The performance rule asks, per year, for a
FINAL appraisal with a good predicate (kinerja's contract): an employee has one per period and a
region one period per year, so this is `predicates_by_employee`'s answer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When

from instansi.choices import DEFAULT_RETIREMENT_AGE, RETIREMENT_AGE, EmployeeStatus, PositionKind
from instansi.models import Employee, Policy
from mutasi.choices import OPEN_STATUSES, Initiator, TransferKind
from mutasi.eligibility.dates import add_months, years_between
from mutasi.eligibility.employee_rules import GOOD_PREDICATES


def _fewest_days_in_post(minimum: Decimal, today: dt.date) -> int:
    """The fewest days in post `_min_years` counts as at least `minimum` years (its own arithmetic:
    `years_between` rounds to hundredths, so the edge is found by asking it, not by 365.25 x min)."""
    days = int(Decimal(minimum) * Decimal("365.25"))

    def passes(d: int) -> bool:
        return years_between(today - dt.timedelta(days=d), today) >= minimum

    while not passes(days):
        days += 1
    while passes(days - 1):
        days -= 1
    return days


def _last_free_tmt(today: dt.date, lock_years: int) -> dt.date:
    """The latest TMT CPNS whose lock (`_new_appointee_lock`: free on add_months(tmt, 12 x years)) is
    over on `today`; add_months never decreases, so every later TMT is still locked."""
    months = 12 * lock_years
    tmt = add_months(today, -months)
    while add_months(tmt + dt.timedelta(days=1), months) <= today:
        tmt += dt.timedelta(days=1)
    while add_months(tmt, months) > today:
        tmt -= dt.timedelta(days=1)
    return tmt


def _first_birth_kept(age: int, limit: dt.date) -> dt.date:
    """The earliest birth date whose BUP (`Employee.retirement_date`: the first day of the month after
    reaching `age`) falls after `limit`: born in `limit`'s month `age` years earlier, BUP is the first
    of the next month (> limit); born a day before, BUP is the first of `limit`'s month (<= limit)."""
    return dt.date(limit.year - age, limit.month, 1)


def _retirement_fails(limit: dt.date) -> Q:
    by_age: dict[int, list[str]] = {}
    for kind in PositionKind.values:
        by_age.setdefault(RETIREMENT_AGE.get(kind, DEFAULT_RETIREMENT_AGE), []).append(kind)
    default_cutoff = _first_birth_kept(DEFAULT_RETIREMENT_AGE, limit)
    # No post, or a post of a kind the choices no longer list: the default age, as `retirement_age`.
    fails = Q(position__isnull=True, birth_date__lt=default_cutoff) | (
        Q(position__isnull=False, birth_date__lt=default_cutoff) & ~Q(position__kind__in=PositionKind.values)
    )
    for age, kinds in sorted(by_age.items()):
        fails |= Q(position__kind__in=kinds, birth_date__lt=_first_birth_kept(age, limit))
    return fails


def _good_appraisal(year: int) -> Q:
    from kinerja.selectors import has_predicate_in

    return has_predicate_in(year, GOOD_PREDICATES)


def failing(
    policy: Policy,
    today: dt.date,
    *,
    kind: str | None = TransferKind.BETWEEN_AGENCIES,
    initiated_by: str = Initiator.PLAN,
) -> list[tuple[str, Q | Exists]]:
    """(code, condition under which the rule fails) of every blocking employee-side rule the policy
    has on, in checklist order. `kind` and `initiated_by` as `check_many` passes them (a move the plan
    proposes inside the region), for the one rule that depends on them."""
    from mutasi.eligibility.evaluate import _skp_years

    rules: list[tuple[str, Q | Exists]] = []
    if policy.rule_status_pns:  # _status_pns
        rules.append(("status_pns", ~Q(status=EmployeeStatus.PNS)))
    # _min_years: no TMT in post, or fewer days in post than the minimum.
    cutoff = today - dt.timedelta(days=_fewest_days_in_post(policy.min_years_in_post, today))
    rules.append(("min_years_in_post", Q(position_since__isnull=True) | Q(position_since__gt=cutoff)))
    if kind is None or (kind == TransferKind.OUTGOING and initiated_by == Initiator.EMPLOYEE):
        # _new_appointee_lock: CASN from the policy's year whose lock is not over yet.
        rules.append(
            (
                "new_appointee_lock",
                Q(tmt_cpns__gte=dt.date(policy.new_appointee_from_year, 1, 1))
                & Q(tmt_cpns__gt=_last_free_tmt(today, policy.new_appointee_lock_years)),
            )
        )
    if policy.rule_no_sanction:  # _no_sanction
        rules.append(
            (
                "no_sanction",
                Q(under_sanction=True, sanction_until__isnull=True)
                | Q(under_sanction=True, sanction_until__gte=today)
                | Q(in_court_case=True),
            )
        )
    if policy.rule_no_study:  # _no_study_or_bond
        rules.append(
            (
                "no_study_or_bond",
                Q(on_study_assignment=True, study_until__isnull=True)
                | Q(on_study_assignment=True, study_until__gte=today)
                | Q(in_service_bond=True, bond_until__isnull=True)
                | Q(in_service_bond=True, bond_until__gte=today),
            )
        )
    years = _skp_years(policy, today)
    if years:  # _performance: a good predicate (FINAL here, else SIASN's) in each of the last N years
        good = Q()
        for year in years:
            good &= _good_appraisal(year)
        rules.append(("performance", ~good))
    if policy.rule_no_audit_finding:  # _no_audit_finding
        rules.append(("no_audit_finding", Q(open_audit_finding=True)))
    if policy.rule_single_open_request:  # _single_open_request
        from mutasi.models import TransferRequest

        rules.append(
            (
                "single_open_request",
                Exists(TransferRequest.objects.filter(employee_id=OuterRef("pk"), status__in=OPEN_STATUSES)),
            )
        )
    # _retirement_margin: BUP on or before today + the margin.
    rules.append(("retirement_margin", _retirement_fails(add_months(today, policy.retirement_margin_months))))
    return rules


def eligible_set(
    employees: QuerySet[Employee], *, policy: Policy, today: dt.date
) -> tuple[list[int], dict[str, int]]:
    """The ids (ascending) of the employees who pass every blocking employee-side rule, and per failed
    rule code how many it excluded (an employee failing two rules counts for both; codes that excluded
    nobody are left out), as `check_many` and `planning.selectors` counted them. One query: the
    database decides every rule for every employee and answers one number each, bit k set when rule
    k of `failing` fails."""
    rules = failing(policy, today)
    failed = sum(
        (Case(When(fails, then=Value(1 << k)), default=Value(0)) for k, (_code, fails) in enumerate(rules)),
        start=Value(0),
    )
    passed: list[int] = []
    counts: Counter[str] = Counter()
    for pk, mask in employees.annotate(failed_rules=failed).order_by("pk").values_list("pk", "failed_rules"):
        if not mask:
            passed.append(pk)
            continue
        counts.update(code for k, (code, _fails) in enumerate(rules) if mask >> k & 1)
    return passed, dict(counts)


def per_candidate(employee_ids: Iterable[int], *, today: dt.date) -> tuple[list[int], dict[str, int]]:
    """The reference: each employee through `check_many` (every rule in Python), the ids that pass
    and the exclusion counts. What the plan read before `eligible_set`; tests and the benchmark
    hold the two to the same answer."""
    from mutasi.eligibility.evaluate import check_many

    ids = sorted(employee_ids)
    checklists = check_many(employees=ids, today=today) if ids else {}
    excluded: Counter[str] = Counter()
    passed = []
    for pk in ids:
        failed = checklists[pk].failed
        if failed:
            excluded.update(c.code for c in failed)
        else:
            passed.append(pk)
    return passed, dict(excluded)
