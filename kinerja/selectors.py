"""Reads of the kinerja app. Every read that depends on who asks goes through core.access here.

Also the contract other apps use: `employee_predicates` / `predicates_by_employee` (the transfer
eligibility check and the plan optimiser, REGULATION.md 1.2 "predicate at least Baik").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import Exact
from django.http import Http404
from django.utils import timezone

from core import access
from core.paging import text_search
from core.types import Actor
from instansi.models import Agency, Policy
from kinerja import evaluation, rules
from kinerja.choices import RATED_STATUSES, AppraisalStatus, CoreValue
from kinerja.filters import AppraisalFilter
from kinerja.models import (
    Appraisal,
    AppraisalBatch,
    AppraisalPeriod,
    FeedbackNote,
    Indicator,
    OrganisationPerformance,
    RecordedPredicate,
    ResultPlan,
)

# Above this many employee ids the bulk predicate read fetches the years' final SKP and filters in
# Python: still one query, and no database parameter limit is hit (SQLite allows ~32k).
_IN_LIMIT = 5000


def visible_appraisals(viewer: Actor, qs: QuerySet[Appraisal]) -> QuerySet[Appraisal]:
    """Employee: own SKP; appraiser: appraisees; agency head: own agency; HR, auditor, Sekda and the
    regional head: all."""
    if viewer is None or not viewer.is_authenticated:
        return qs.none()
    if access.reads_region(viewer):
        return qs
    me = access.employee_of(viewer)
    if me is None:
        return qs.none()
    cond = Q(employee_id=me.pk) | Q(appraiser_id=me.pk)
    if me.position_id:
        cond |= Q(appraiser_position_id=me.position_id)
    agency_id = access.headed_agency_id(viewer)
    if agency_id:
        cond |= Q(agency_id=agency_id)
    return qs.filter(cond)


def appraisal_list(*, viewer: Actor, filters: dict | None = None) -> QuerySet[Appraisal]:
    qs = Appraisal.objects.select_related("period", "employee", "appraiser").order_by(
        "-period__year", "employee__name", "id"
    )
    return AppraisalFilter(filters or {}, visible_appraisals(viewer, qs)).qs


def my_appraisals(*, viewer: Actor) -> QuerySet[Appraisal]:
    me = access.employee_of(viewer)
    if me is None:
        return Appraisal.objects.none()
    return (
        Appraisal.objects.filter(employee_id=me.pk)
        .select_related("period", "appraiser")
        .order_by("-period__year")
    )


def appraisee_list(*, viewer: Actor, period_id: int | None = None, q: str = "") -> QuerySet[Appraisal]:
    """SKP the viewer rates as appraiser (the resolved employee or the current holder of that post);
    `q` searches the employee's name, the start of their NIP and the post."""
    me = access.employee_of(viewer)
    if me is None:
        return Appraisal.objects.none()
    cond = Q(appraiser_id=me.pk)
    if me.position_id:
        cond |= Q(appraiser_position_id=me.position_id)
    qs = (
        Appraisal.objects.filter(cond)
        .exclude(employee_id=me.pk)
        .select_related("period", "employee")
        .order_by("-period__year", "status", "employee__name")
    )
    if period_id:
        qs = qs.filter(period_id=period_id)
    return text_search(qs, q, fields=("employee__name", "position_title"), nip_fields=("employee__nip",))


# The columns the appraiser's list page shows (kinerja/appraisees.html): the year, the employee's name
# and NIP, the post, status and predicate. Loading only these, not the SKP's thirty columns and the
# employee's thirty-five, is part of what took a third off the page (with the template's labels
# translated once per page: 71.4 -> 48.0 million instructions, benchmarks/page_instructions.py).
APPRAISEE_PAGE_FIELDS = (
    "period__year",
    "employee__front_title",
    "employee__name",
    "employee__back_title",
    "employee__nip",
    "position_title",
    "status",
    "predicate",
)


def appraisee_page(*, viewer: Actor, period_id: int | None = None, q: str = "") -> QuerySet[Appraisal]:
    """`appraisee_list` with only the columns the list page shows."""
    return appraisee_list(viewer=viewer, period_id=period_id, q=q).only(*APPRAISEE_PAGE_FIELDS)


def appraisal_get(*, viewer: Actor, pk: int) -> Appraisal:
    """One SKP the viewer may see, or 404 (a foreign SKP is not even confirmed to exist)."""
    qs = visible_appraisals(viewer, Appraisal.objects.select_related("period", "employee", "appraiser"))
    try:
        return qs.get(pk=pk)
    except Appraisal.DoesNotExist:
        raise Http404


def appraisal_detail(*, viewer: Actor, pk: int) -> Appraisal:
    """The SKP with its RHK, indicators, behaviour ratings and feedback in a fixed number of queries."""
    qs = visible_appraisals(
        viewer,
        Appraisal.objects.select_related(
            "period__region", "employee", "appraiser", "finalised_by", "appraiser_position"
        ).prefetch_related(
            Prefetch(
                "result_plans",
                # Main RHK first ("main" > "additional"), then in the order written.
                queryset=ResultPlan.objects.select_related("team_goal", "parent")
                .order_by("-kind", "order", "id")
                .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("id"))),
            ),
            "behaviour_ratings",
            Prefetch("feedback_notes", queryset=FeedbackNote.objects.select_related("author")),
        ),
    )
    try:
        return qs.get(pk=pk)
    except Appraisal.DoesNotExist:
        raise Http404


def appraisal_achievement(*, appraisal: Appraisal) -> evaluation.Achievement:
    return evaluation.appraisal_achievement(appraisal)


def indicator_get(*, viewer: Actor, pk: int) -> Indicator:
    indicator = Indicator.objects.select_related("result_plan__appraisal").filter(pk=pk).first()
    if (
        indicator is None
        or not visible_appraisals(
            viewer, Appraisal.objects.filter(pk=indicator.result_plan.appraisal_id)
        ).exists()
    ):
        raise Http404
    return indicator


def result_plan_get(*, viewer: Actor, pk: int) -> ResultPlan:
    plan = ResultPlan.objects.select_related("appraisal").filter(pk=pk).first()
    if (
        plan is None
        or not visible_appraisals(viewer, Appraisal.objects.filter(pk=plan.appraisal_id)).exists()
    ):
        raise Http404
    return plan


def cascade_options(*, appraisal: Appraisal) -> QuerySet[ResultPlan]:
    """RHK of the appraiser in the same period that the employee's RHK may cascade from."""
    if appraisal.appraiser_id is None:
        return ResultPlan.objects.none()
    return ResultPlan.objects.filter(
        appraisal__employee_id=appraisal.appraiser_id, appraisal__period_id=appraisal.period_id
    ).order_by("kind", "order")


# --- Periods --------------------------------------------------------------------------------------


def region_id_of(viewer: Actor) -> int | None:
    me = access.employee_of(viewer)
    if me is not None and me.position_id:
        return me.position.agency.region_id
    return None


def period_list(*, viewer: Actor) -> QuerySet[AppraisalPeriod]:
    if viewer is None or not viewer.is_authenticated:
        return AppraisalPeriod.objects.none()
    qs = AppraisalPeriod.objects.select_related("region").order_by("-year", "region__name")
    if access.reads_region(viewer):
        return qs
    region_id = region_id_of(viewer)
    return qs.filter(region_id=region_id) if region_id else qs.none()


def period_get(*, viewer: Actor, pk: int) -> AppraisalPeriod:
    period = period_list(viewer=viewer).filter(pk=pk).first()
    if period is None:
        raise Http404
    return period


def open_period_for(*, viewer: Actor) -> AppraisalPeriod | None:
    region_id = region_id_of(viewer)
    if region_id is None:
        return None
    return AppraisalPeriod.objects.filter(region_id=region_id, is_open=True).order_by("-year").first()


def batch_get(*, viewer: Actor, pk: int) -> AppraisalBatch:
    if not (access.is_hr(viewer) or access.is_auditor(viewer)):
        raise PermissionDenied
    batch = AppraisalBatch.objects.select_related("period").filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def batch_list(*, viewer: Actor, period_id: int) -> QuerySet[AppraisalBatch]:
    if not (access.is_hr(viewer) or access.is_auditor(viewer)):
        return AppraisalBatch.objects.none()
    return AppraisalBatch.objects.filter(period_id=period_id).prefetch_related("agencies")


def org_performance_list(*, viewer: Actor, period_id: int | None = None) -> QuerySet[OrganisationPerformance]:
    """Organisational ratings are public inside the region: they frame everyone's predicate."""
    qs = OrganisationPerformance.objects.select_related("period", "agency", "unit").order_by(
        "-period__year", "agency__name", "unit__name"
    )
    qs = qs.filter(period__in=period_list(viewer=viewer))
    return qs.filter(period_id=period_id) if period_id else qs


# --- Criteria page (transparency) -----------------------------------------------------------------


def criteria(*, viewer: Actor) -> dict:
    """What every signed-in employee may read: the matrix, BerAKHLAK, thresholds in force, rules."""
    region_id = region_id_of(viewer)
    policy = evaluation.policy_for_region_id(region_id) if region_id else Policy()
    return {
        "policy": policy,
        "region": policy.region if region_id and policy.pk else None,
        "matrix": rules.matrix_rows(),
        "distribution": rules.distribution_rows(),
        "some_required_from": rules.SOME_REQUIRED_FROM,
        "core_values": [(CoreValue(v).label, hint) for v, hint in rules.CORE_VALUE_HINTS.items()],
    }


# --- Agency distribution (agency head, HR) --------------------------------------------------------


def distribution_agencies(*, viewer: Actor) -> QuerySet[Agency]:
    if access.reads_region(viewer):
        return Agency.objects.order_by("name")
    agency_id = access.headed_agency_id(viewer)
    return Agency.objects.filter(pk=agency_id) if agency_id else Agency.objects.none()


def agency_distribution(*, viewer: Actor, agency_id: int | None = None, period_id: int | None = None) -> dict:
    """Predicate distribution of an agency for a period, per unit, with the distribution-rule check
    of each organisational rating. A fixed number of queries whatever the agency's size."""
    agency = _distribution_agency(viewer, agency_id)
    periods = list(AppraisalPeriod.objects.filter(region_id=agency.region_id).order_by("-year"))
    period = next((p for p in periods if p.pk == period_id), None) if period_id else None
    if period is None:
        period = next((p for p in periods if not p.is_open), periods[0] if periods else None)
    result = {"agency": agency, "periods": periods, "period": period, "total": 0, "counts": {}, "units": []}
    result["violations"] = []
    result["status_counts"] = {}
    result["org_performances"] = []
    if period is None:
        return result
    base = Appraisal.objects.filter(period=period, agency=agency)
    per_unit = list(
        base.filter(status__in=RATED_STATUSES)
        .values("unit_id", "unit_name", "predicate")
        .annotate(n=Count("id"))
        .order_by("unit_name")
    )
    result["status_counts"] = dict(base.values_list("status").annotate(n=Count("id")).order_by())
    totals: Counter = Counter()
    units: dict = defaultdict(lambda: {"name": "", "counts": Counter()})
    for row in per_unit:
        totals[row["predicate"]] += row["n"]
        unit = units[row["unit_id"]]
        unit["name"] = row["unit_name"] or agency.name
        unit["counts"][row["predicate"]] += row["n"]
    ops = list(OrganisationPerformance.objects.filter(period=period, agency=agency).select_related("unit"))
    result.update(
        total=sum(totals.values()),
        counts={p: totals.get(p, 0) for p in rules.PREDICATE_ORDER},
        units=[
            {
                "name": u["name"],
                "counts": [u["counts"].get(p, 0) for p in rules.PREDICATE_ORDER],
                "total": sum(u["counts"].values()),
            }
            for u in sorted(units.values(), key=lambda u: u["name"])
        ],
        violations=_distribution_violations(agency, ops, units),
        org_performances=ops,
    )
    return result


def _distribution_agency(viewer: Actor, agency_id: int | None) -> Agency:
    """The agency whose distribution the viewer asked for (their own when none is named)."""
    if agency_id is None:
        agency_id = access.headed_agency_id(viewer)
    if agency_id is None:
        raise PermissionDenied
    if not distribution_agencies(viewer=viewer).filter(pk=agency_id).exists():
        # Agencies are public inside the government: an existing one outside the viewer's reach is
        # 403; an id that names no agency is 404 (the query only runs on this refusal path).
        if not Agency.objects.filter(pk=agency_id).exists():
            raise Http404
        raise PermissionDenied
    return Agency.objects.select_related("region").get(pk=agency_id)


def _distribution_violations(agency: Agency, ops: list[OrganisationPerformance], units: dict) -> list:
    """The distribution rules each organisational rating breaks: a unit's rating covers its unit, the
    agency's rating covers the units without one of their own (REGULATION.md 3)."""
    unit_ops = {op.unit_id for op in ops if op.unit_id}
    violations = []
    for op in ops:
        if op.unit_id:
            counts = units[op.unit_id]["counts"] if op.unit_id in units else Counter()
        else:
            counts = sum((u["counts"] for uid, u in units.items() if uid not in unit_ops), Counter())
        predicates = [p for p, n in counts.items() for _ in range(n)]
        label = op.unit.name if op.unit_id else agency.name
        violations += rules.check_distribution(org_rating=op.rating, predicates=predicates, scope=label)
    return violations


# --- Export ----------------------------------------------------------------------------------------


def period_results(*, viewer: Actor, period: AppraisalPeriod) -> QuerySet[Appraisal]:
    """Rows of the period's results export (HR, auditor)."""
    if not (access.is_hr(viewer) or access.is_auditor(viewer)):
        raise PermissionDenied
    return (
        Appraisal.objects.filter(period=period)
        .select_related("employee", "appraiser")
        .order_by("agency_name", "unit_name", "employee__name")
    )


# --- Contract for other apps (mutasi eligibility, plan optimiser) ----------------------------------


def _years(years: int, until_year: int | None) -> list[int]:
    last = until_year if until_year is not None else timezone.localdate().year - 1
    return [last - i for i in range(max(years, 0))]


def final_appraisals(*, years: Iterable[int]) -> QuerySet[Appraisal]:
    """The appraisals whose predicate counts for other apps: FINAL ones of these years (the contract
    `predicates_by_employee` reads, and the set-based eligibility rule `mutasi.eligibility.sets`)."""
    return Appraisal.objects.filter(status=AppraisalStatus.FINAL, period__year__in=list(years))


def predicate_sources(year: int) -> tuple[QuerySet[Appraisal], QuerySet[RecordedPredicate]]:
    """Where an employee's predicate of `year` comes from, correlated with an outer Employee query
    (`OuterRef("pk")`): the FINAL appraisals here and, for a year without one, the predicate recorded in
    SIASN. The rule `predicates_by_employee` applies; set-based readers (the plan, the set-based
    eligibility rule `mutasi.eligibility.sets`) build on these two."""
    final = final_appraisals(years=[year]).filter(employee_id=OuterRef("pk"))
    recorded = RecordedPredicate.objects.filter(year=year, employee_id=OuterRef("pk"))
    return final, recorded


def has_predicate_in(year: int, predicates: Iterable[str]) -> Q:
    """Employees whose predicate of `year` (as `predicates_by_employee` reads it) is one of these: one
    of their FINAL appraisals of the year has one, or they have none and one of the predicates
    recorded in SIASN for the year is one.

    Each source is asked once per employee and year, "the most wanted" of its rows: NULL (no row), 1
    (one is wanted) or 0, so "the FINAL appraisals' answer, else the recorded ones'" is their COALESCE,
    a lookup by employee in each. Written as EXISTS (wanted) OR (NOT EXISTS (any) AND EXISTS (recorded
    wanted)), the same answer made PostgreSQL hash every FINAL appraisal of the year twice per year:
    the plan's eligibility statement at 100,000 employees (`mutasi.eligibility.sets.eligible_set` on
    the 11,678 holders of the surplus posts, a copy of `seed_demo --employees 100000`, 2026-12-06,
    medians of 5, load 2.5) took 0.39 s that way and 0.16 s this way (0.44 s and 0.21 s on the copy
    without planner statistics); the same people. tests/mutasi/test_eligibility_sets.py holds the rule
    to `check_many`."""
    final, recorded = predicate_sources(year)
    wanted = list(predicates)
    is_wanted = Max(Case(When(predicate__in=wanted, then=Value(1)), default=Value(0)))

    def most_wanted(rows: QuerySet) -> Subquery:
        return Subquery(
            rows.order_by().values("employee_id").annotate(wanted=is_wanted).values("wanted"),
            output_field=IntegerField(),
        )

    answer = Coalesce(most_wanted(final), most_wanted(recorded), Value(0), output_field=IntegerField())
    return Q(Exact(answer, 1))


def predicate_annotations(*, years: int, until_year: int | None = None) -> dict[str, Coalesce]:
    """`predicates_by_employee` as columns of an employee query: {"skp_<year>": the FINAL predicate of
    that year, else the one recorded in SIASN ("" or None when there is none)} for the last `years`
    closed years, newest first, to pass to `annotate()` on an Employee queryset (the plan reads its
    candidates in one query)."""
    columns = {}
    for year in _years(years, until_year):
        final, recorded = predicate_sources(year)
        # The FINAL appraisal's predicate is never NULL (a required column), so "the FINAL one if
        # there is one, else the recorded one" is their COALESCE: one index lookup per employee,
        # where an EXISTS beside it made PostgreSQL hash every FINAL appraisal of the year (at
        # 100,000 employees 0.1 s of the plan's candidate statement, docs/BENCHMARKS.md).
        columns[f"skp_{year}"] = Coalesce(
            Subquery(final.order_by("pk").values("predicate")[:1]),
            Subquery(recorded.order_by("pk").values("predicate")[:1]),
            output_field=CharField(),
        )
    return columns


def predicates_by_employee(
    *, employee_ids: Iterable[int], years: int, until_year: int | None = None
) -> dict[int, dict[int, str | None]]:
    """{employee id: {year: predicate or None}} for the last `years` closed years (default: the years
    before the current one): the FINAL appraisal's predicate, else the one recorded in SIASN
    (`RecordedPredicate`, read by the siasn import from `rw-skp22`). One query whatever the number of
    employees."""
    ids = set(employee_ids)
    year_list = _years(years, until_year)
    result: dict[int, dict[int, str | None]] = {eid: dict.fromkeys(year_list) for eid in ids}
    if not ids or not year_list:
        return result
    final = final_appraisals(years=year_list)
    recorded = RecordedPredicate.objects.filter(year__in=year_list)
    if len(ids) <= _IN_LIMIT:
        final, recorded = final.filter(employee_id__in=ids), recorded.filter(employee_id__in=ids)
    # One query: the FINAL appraisals (rank 0) and the predicates recorded in SIASN (rank 1), which
    # count only for a year without a FINAL appraisal here.
    qs = (
        final.order_by()
        .annotate(rank=Value(0, IntegerField()))
        .values_list("employee_id", "period__year", "predicate", "rank")
        .union(
            recorded.order_by()
            .annotate(rank=Value(1, IntegerField()))
            .values_list("employee_id", "year", "predicate", "rank"),
            all=True,
        )
    )
    appraised: set[tuple[int, int]] = set()
    for employee_id, year, predicate, rank in qs.iterator(chunk_size=5000):
        if employee_id not in result or (rank and (employee_id, year) in appraised):
            continue
        if not rank:
            appraised.add((employee_id, year))
        result[employee_id][year] = predicate or None
    return result


def employee_predicates(
    *, employee_id: int, years: int, until_year: int | None = None
) -> dict[int, str | None]:
    """{year: predicate or None} (as `predicates_by_employee`) of one employee for the last `years` closed years."""
    return predicates_by_employee(employee_ids=[employee_id], years=years, until_year=until_year)[employee_id]


def recorded_predicates_of(*, source: str, employee_ids) -> dict[int, list[tuple[int, str, str]]]:
    """{employee id: [(year, predicate, id in the source), ...] sorted by year} (the import's preview)."""
    out: dict[int, list[tuple[int, str, str]]] = {}
    for eid, year, predicate, sid in (
        RecordedPredicate.objects.filter(employee_id__in=list(employee_ids), source=source)
        .order_by("employee_id", "year")
        .values_list("employee_id", "year", "predicate", "source_id")
    ):
        out.setdefault(eid, []).append((year, predicate, sid))
    return out


ACTIONS = (
    "edit_plan",
    "submit",
    "agree",
    "return_to_employee",
    "record_realisation",
    "give_feedback",
    "rate",
    "acknowledge",
    "object_to",
    "finalise",
)


def available_actions(*, viewer: Actor, appraisal: Appraisal) -> frozenset[str]:
    """What the viewer may do on this SKP now (status and role), from the model's transition table."""
    from django_fsm import has_transition_perm

    return frozenset(a for a in ACTIONS if has_transition_perm(getattr(appraisal, a), viewer))


def audit_rows_of_agency(agency_id: int) -> Q:
    """The audit rows about the SKP of an agency (the audit trail's agency filter)."""
    ids = Appraisal.objects.filter(agency_id=agency_id).annotate(key=Cast("pk", CharField())).values("key")
    return Q(target_type=ContentType.objects.get_for_model(Appraisal), target_id__in=ids)
