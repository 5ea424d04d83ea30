"""`check()` for one employee and one destination, `check_many()` for many employees in a constant
number of queries, and the loading of the data the employee-side rules read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from instansi.models import Employee, Policy, Position
from mutasi.choices import OPEN_STATUSES, Initiator, TransferKind
from mutasi.eligibility.checklist import Checklist, order, policy_for
from mutasi.eligibility.destination import destination_need
from mutasi.eligibility.employee_rules import employee_checks
from mutasi.eligibility.pilkada import pilkada_window
from mutasi.eligibility.talent import talent_box
from talenta.selectors.placement import destination_talent


def _skp_years(policy: Policy, today: dt.date) -> list[int]:
    # The last N completed appraisal years before the current one.
    n = policy.skp_years_required
    return list(range(today.year - n, today.year))


def predicates_many(employee_ids: Iterable[int], years: list[int]) -> dict[int, dict[int, str | None]]:
    """Predicates per employee and year in one query (kinerja's contract: the FINAL appraisal, else the
    predicate recorded in SIASN)."""
    from kinerja.selectors import predicates_by_employee

    ids = list(employee_ids)
    if not years:
        return {i: {} for i in ids}
    found = predicates_by_employee(employee_ids=ids, years=len(years), until_year=max(years))
    return {i: {y: found.get(i, {}).get(y) for y in years} for i in ids}


def _predicates_one(employee_id: int, years: list[int]) -> dict[int, str | None]:
    if not years:
        return {}
    from kinerja.selectors import employee_predicates

    found = employee_predicates(employee_id=employee_id, years=len(years), until_year=max(years))
    return {y: found.get(y) for y in years}


def _open_numbers(employee_ids: list[int], exclude_request_id: int | None) -> dict[int, list[str]]:
    from mutasi.models import TransferRequest

    out: dict[int, list[str]] = {i: [] for i in employee_ids}
    rows = (
        TransferRequest.objects.filter(employee_id__in=employee_ids, status__in=OPEN_STATUSES)
        .exclude(pk=exclude_request_id)
        .values_list("employee_id", "number", "pk")
    )
    for emp_id, number, pk in rows:
        out[emp_id].append(number or f"#{pk}")
    return out


def check(
    *,
    employee: Employee,
    destination: Position | None,
    kind: str | None = None,
    initiated_by: str = Initiator.EMPLOYEE,
    request_id: int | None = None,
    today: dt.date | None = None,
) -> Checklist:
    """Every rule of REGULATION.md 1.2 for one employee and one destination post.

    `request_id` excludes that request from the "open request" and "approved incoming" counts, so
    re-checking a submitted request does not count it against itself.
    """
    today = today or timezone.localdate()
    region_id = None
    if employee.position_id:
        region_id = employee.position.agency.region_id
    elif destination is not None:
        region_id = destination.agency.region_id
    policy = policy_for(region_id)
    items = employee_checks(
        employee,
        policy,
        today,
        predicates=_predicates_one(employee.pk, _skp_years(policy, today)),
        open_numbers=_open_numbers([employee.pk], request_id)[employee.pk],
        kind=kind,
        initiated_by=initiated_by,
    )
    items.append(
        destination_need(
            destination,
            policy,
            exclude_request_id=request_id,
            employee_id=employee.pk,
            origin_position_id=employee.position_id,
        )
    )
    talent = destination_talent(destination=destination, employee_ids=[employee.pk])
    items.append(talent_box(talent, policy, employee_id=employee.pk))
    items.append(pilkada_window(policy, today))
    return Checklist(items=order(items), checked_on=today.isoformat())


def check_many(
    *,
    employees: Iterable[Employee | int],
    destination: Position | None = None,
    today: dt.date | None = None,
) -> dict[int, Checklist]:
    """Employee-side rules for many employees in a constant number of queries (optimiser input).

    With `destination`, the destination need and the talent rule are added to every checklist (a few
    extra queries, whatever the number of employees).
    The new-appointee lock is evaluated as for an own-initiative move to another instansi only when
    that applies; the optimiser builds moves inside the region, so it reads "not applicable".
    """
    today = today or timezone.localdate()
    ids = [e.pk if isinstance(e, Employee) else int(e) for e in employees]
    rows = list(Employee.objects.filter(pk__in=ids).select_related("position__agency"))
    region_ids = {e.position.agency.region_id for e in rows if e.position_id}
    policies = {p.region_id: p for p in Policy.objects.filter(region_id__in=region_ids)}
    default = Policy()
    year_sets = {pid: _skp_years(p, today) for pid, p in policies.items()}
    all_years = sorted({y for ys in year_sets.values() for y in ys} | set(_skp_years(default, today)))
    predicates = predicates_many(ids, all_years)
    open_numbers = _open_numbers(ids, None)
    destination_check = talent = dest_policy = None
    if destination is not None:
        dest_policy = policies.get(destination.agency.region_id) or policy_for(destination.agency.region_id)
        destination_check = destination_need(destination, dest_policy)
        talent = destination_talent(destination=destination, employee_ids=ids)
    out: dict[int, Checklist] = {}
    for e in rows:
        policy = policies.get(e.position.agency.region_id, default) if e.position_id else default
        years = _skp_years(policy, today)
        items = employee_checks(
            e,
            policy,
            today,
            predicates={y: predicates[e.pk].get(y) for y in years},
            open_numbers=open_numbers[e.pk],
            kind=TransferKind.BETWEEN_AGENCIES,
            initiated_by=Initiator.PLAN,
        )
        if destination_check is not None:
            items.append(destination_check)
            items.append(talent_box(talent, dest_policy, employee_id=e.pk))
        out[e.pk] = Checklist(items=order(items), checked_on=today.isoformat())
    return out
