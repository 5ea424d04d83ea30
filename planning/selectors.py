"""Reads of the transfer plan: the optimiser's input (slots and candidates) and what HR sees.

Who sees plans (planning.permissions): HR and the region-wide readers (auditor, Sekda, regional
head), read-only. Everyone else gets 403.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.filter_sets import filtered
from core.types import Actor
from instansi.choices import MANAGERIAL_KINDS
from instansi.models import Agency, Employee, Policy, Position, Region
from mutasi.choices import OPEN_STATUSES, CircumstanceScope, ConsultationAnswer, TransferKind
from mutasi.eligibility.dates import years_between
from mutasi.models import (
    Circumstance,
    Consultation,
    PlacementPreference,
    PostTransferEvaluation,
    TransferRequest,
)
from mutasi.selectors.preferences import in_force
from planning import permissions
from planning.choices import ACCEPTED_STATES, SUMMARY_VIEWS, ItemState, PlanStatus, ViewSummary
from planning.models import PlanItem, TransferPlan
from planning.scoring import CandidateTable, PostTable
from talenta.models import KeyPost, TalentGridEntry
from talenta.selectors.grid import latest_grid
from workload.models import WorkloadResult, WorkloadRun
from workload.selectors import latest_finished_run

# --- plans ------------------------------------------------------------------------------------------


def plan_list(*, viewer: Actor, filters: dict | None = None) -> QuerySet[TransferPlan]:
    permissions.require_reader(viewer)
    from planning.filters import PlanFilter

    qs = TransferPlan.objects.select_related("region", "created_by").order_by("-created_at", "-id")
    return filtered(PlanFilter, filters, qs)


def plan_get(*, viewer: Actor, pk: int) -> TransferPlan:
    permissions.require_reader(viewer)
    plan = (
        TransferPlan.objects.select_related("region", "created_by", "applied_by", "workload_run")
        .prefetch_related("scope_agencies")
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def plan_items(*, plan: TransferPlan, filters: dict | None = None) -> QuerySet[PlanItem]:
    """Items of a plan the viewer already may read (`plan_get`), with everything a row shows."""
    from planning.filters import PlanItemFilter

    qs = PlanItem.objects.filter(plan=plan).select_related(
        "employee",
        "origin_position__agency",
        "destination_position__agency",
        "transfer_request",
    )
    return filtered(PlanItemFilter, filters, qs).order_by("-fit_total", "id")


def item_get(*, viewer: Actor, plan_id: int, item_id: int) -> PlanItem:
    permissions.require_reader(viewer)
    item = (
        PlanItem.objects.select_related("plan", "employee", "destination_position").filter(pk=item_id).first()
    )
    if item is None or item.plan_id != plan_id:
        raise Http404
    return item


# --- the optimiser's input ------------------------------------------------------------------------


@dataclass
class PlanInput:
    """Slots and candidates of one region (or chosen agencies) at one moment, ready to score."""

    run: WorkloadRun | None
    source: str  # "workload_run" or "required_staff" (no finished run yet)
    candidates: CandidateTable
    posts: PostTable
    origin_position_ids: list[int]
    origin_capacity: np.ndarray
    gap: dict[int, int]  # position id -> current - required (negative = shortage)
    excluded: dict[str, int] = field(default_factory=dict)  # failed rule code -> candidates excluded
    skp_years: int = 2
    # Issue 21: per employee, the moves left out for them (breakdown "excluded"), and plan-wide counts.
    left_out: dict[int, list[dict]] = field(default_factory=dict)
    respect: dict[str, int] = field(default_factory=dict)
    # Per destination post (the order of `posts`): its title and its agency's name.
    post_labels: list[tuple[str, str]] = field(default_factory=list)


def _needs(region: Region, agency_ids: list[int] | None) -> tuple[WorkloadRun | None, dict[int, int]]:
    """Required staff per analysed post: the latest finished workload run, else Position.required_staff."""
    run = latest_finished_run(region_id=region.pk)
    if run is not None:
        qs = WorkloadResult.objects.filter(run=run, level="position", analysed=True, required__isnull=False)
        if agency_ids:
            qs = qs.filter(agency_id__in=agency_ids)
        return run, dict(qs.values_list("position_id", "required"))
    qs = Position.objects.filter(agency__region=region, required_staff__isnull=False)
    if agency_ids:
        qs = qs.filter(agency_id__in=agency_ids)
    return None, dict(qs.values_list("pk", "required_staff"))


def _count_by(qs: QuerySet, key: str) -> dict[int, int]:
    return dict(qs.values(key).annotate(n=Count("pk")).values_list(key, "n"))


def _gaps(
    region: Region, agency_ids: list[int] | None, required: dict[int, int]
) -> tuple[dict[int, int], dict[int, int], dict[int, int]]:
    """(gap, shortage, surplus) per post. gap = active holders - required staff (ABK, REGULATION.md 2).
    Moves already in an open request count as done: requests into a post lower its shortage, requests
    out of a post lower its surplus, so the plan never promises the same vacancy or person twice.
    Three queries over the region's (or the chosen agencies') posts, with no list of post ids."""
    holders_qs = Employee.objects.filter(is_active=True, position__agency__region=region)
    if agency_ids:
        holders_qs = holders_qs.filter(position__agency_id__in=agency_ids)
    holders = _count_by(holders_qs, "position_id")
    open_requests = TransferRequest.objects.filter(status__in=OPEN_STATUSES)
    incoming = _count_by(open_requests.filter(destination_position__isnull=False), "destination_position_id")
    outgoing = _count_by(open_requests.filter(origin_position__isnull=False), "origin_position_id")
    gap = {pid: holders.get(pid, 0) - req for pid, req in required.items()}
    shortage = {pid: -g - incoming.get(pid, 0) for pid, g in gap.items() if -g - incoming.get(pid, 0) > 0}
    surplus = {pid: g - outgoing.get(pid, 0) for pid, g in gap.items() if g - outgoing.get(pid, 0) > 0}
    return gap, shortage, surplus


def _destination_posts(shortage: dict[int, int]) -> tuple[PostTable, list[tuple[str, str]]]:
    """The posts short of staff, with what they require of a newcomer, and whether talent counts there
    (a managerial post or an active key post, issue 20); and each one's title and agency name, as the
    plan's unfilled posts show them: two queries."""
    key_posts = set(  # a set: without the model's ordering, which joined two tables to sort
        KeyPost.objects.filter(position_id__any_of=shortage, is_active=True)
        .order_by()
        .values_list("position_id", flat=True)
    )
    dest = list(
        Position.objects.filter(pk__any_of=shortage)
        .order_by("pk")
        .values(
            "pk",
            "agency_id",
            "unit_id",
            "kind",
            "required_education_levels",
            "required_education_fields",
            "competency_tags",
            "title",
            "agency__name",
        )
    )
    labels = [(d["title"], d["agency__name"]) for d in dest]
    return PostTable(
        position_id=np.array([d["pk"] for d in dest], dtype=np.int64),
        agency_id=np.array([d["agency_id"] for d in dest], dtype=np.int64),
        shortage=np.array([shortage[d["pk"]] for d in dest], dtype=np.int64),
        required_levels=[d["required_education_levels"] or [] for d in dest],
        required_fields=[d["required_education_fields"] or [] for d in dest],
        competency_tags=[d["competency_tags"] or [] for d in dest],
        unit_id=np.array([d["unit_id"] or -1 for d in dest], dtype=np.int64),
        talent_post=np.array(
            [d["kind"] in MANAGERIAL_KINDS or d["pk"] in key_posts for d in dest], dtype=bool
        ),
    ), labels


def _eligible_holders(
    origin_ids: list[int], today: dt.date, policy: Policy
) -> tuple[list[dict], dict[str, int]]:
    """Active holders of the surplus posts who pass every blocking employee-side rule of REGULATION.md
    1.2 (including "no other open request"), decided in the database for all of them at once
    (`mutasi.eligibility.sets.eligible_set`, the same answer as `check_many` per candidate), with what
    the scorer reads of them (their SKP predicates of the policy's years as columns, kinerja's
    contract); and how many each failed rule excluded. Two queries."""
    from kinerja.selectors import predicate_annotations
    from mutasi.eligibility.sets import eligible_set

    holders = Employee.objects.filter(position_id__any_of=origin_ids, is_active=True)
    eligible, excluded = eligible_set(holders, policy=policy, today=today)
    skp = predicate_annotations(years=policy.skp_years_required, until_year=today.year - 1)
    people = list(
        Employee.objects.filter(pk__any_of=eligible)
        .annotate(**skp)
        .order_by("pk")
        .values(
            "pk",
            "position_id",
            "position__agency_id",
            "position_since",
            "education_level",
            "education_field",
            "competencies",
            *skp,
        )
    )
    for person in people:
        # Newest year first, as the scorer reads them; an empty predicate is none.
        person["predicates"] = [person.pop(column) or None for column in skp]
    return people, excluded


def talent_boxes(*, region: Region, employee_ids: list[int]) -> dict[int, int]:
    """Each employee's box in the region's latest finished talent grid (issue 20); an employee without
    one ("needs a manual check") is left out. Two queries."""
    grid = latest_grid(region_id=region.pk)
    if grid is None or not employee_ids:
        return {}
    return dict(
        TalentGridEntry.objects.filter(
            grid=grid, employee_id__any_of=employee_ids, box__isnull=False
        ).values_list("employee_id", "box")
    )


def _stronger(a: str, b: str) -> str:
    """The wider of two scopes ("" < other_agency < any_move)."""
    order = ("", CircumstanceScope.OTHER_AGENCY, CircumstanceScope.ANY_MOVE)
    return max(a, b, key=order.index)


@dataclass
class StatedViews:
    """What the people themselves said, as the scorer reads it (issue 21, point 4)."""

    views: dict[int, list[tuple[str, str, int]]]
    protected: dict[int, str]  # employee -> scope no move of theirs may break
    soft: dict[int, str]  # employee -> scope of the circumstances that do not protect (a cost)
    objected: dict[int, list[int]]  # employee -> posts they objected to moving into
    left_out: dict[int, list[dict]]  # employee -> what was left out for them, for the breakdown


def stated_views(*, employee_ids: list[int], policy: Policy, today: dt.date) -> StatedViews:
    """Standing wishes and dislikes, circumstances and open objections of these employees: three
    queries whatever their number.

    - PlacementPreference rows in force on `today` (no end date, or ending today or later);
    - a Circumstance in force protects when its category is one of `Policy.protecting_categories`
      and it has a document when `Policy.protecting_needs_document`: scope "any move" excludes every
      move of the employee, "other agency" the moves to another agency. Any other circumstance in
      force is a dislike-like cost (planning.scoring);
    - an objection (Consultation answer "object") HR has not overridden excludes that (employee,
      destination post) pair from every later solve; a protecting one also excludes the employee's
      moves of its kind: any move after an objection to a rotation, moves to another agency after an
      objection to one. An objection has no end date: HR's override lifts it; a standing
      Circumstance with an end date is how an employee asks for longer or narrower protection.
    """
    views: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    protected: dict[int, str] = {}
    soft: dict[int, str] = {}
    objected: dict[int, list[int]] = defaultdict(list)
    left_out: dict[int, list[dict]] = defaultdict(list)
    if not employee_ids:
        return StatedViews({}, {}, {}, {}, {})
    # By id, not the models' ordering by the employee's name: that joined every employee of the region
    # only to sort (at 100,000 employees 0.046 s against 0.025 s for the wishes, about as much for the
    # circumstances); nothing here depends on the order (the strongest scope and statement win).
    preferences = PlacementPreference.objects.filter(
        in_force(today), employee_id__any_of=employee_ids
    ).order_by("pk")
    for emp, kind, agency, unit, post in preferences.values_list(
        "employee_id", "kind", "agency_id", "unit_id", "position_id"
    ):
        level, target = ("position", post) if post else ("unit", unit) if unit else ("agency", agency)
        views[emp].append((str(kind), level, target))  # the stored value ("wish"/"dislike")
    circumstances = Circumstance.objects.filter(in_force(today), employee_id__any_of=employee_ids).order_by(
        "pk"
    )
    for emp, category, scope, document in circumstances.values_list(
        "employee_id", "category", "scope", "document"
    ):
        if policy.protects(category, has_document=bool(document)):
            protected[emp] = _stronger(protected.get(emp, ""), scope)
        else:
            soft[emp] = _stronger(soft.get(emp, ""), scope)
    objections = Consultation.objects.filter(
        answer=ConsultationAnswer.OBJECT,
        overridden_at__isnull=True,
        request__employee_id__any_of=employee_ids,
        request__destination_position__isnull=False,
    ).order_by("pk")
    for emp, post, title, kind, is_protecting in objections.values_list(
        "request__employee_id",
        "request__destination_position_id",
        "request__destination_position__title",
        "request__kind",
        "protecting",
    ):
        objected[emp].append(post)
        left_out[emp].append({"reason": "objection", "position_id": post, "position_title": title})
        if is_protecting:
            scope = (
                CircumstanceScope.ANY_MOVE
                if kind == TransferKind.ROTATION
                else CircumstanceScope.OTHER_AGENCY
            )
            protected[emp] = _stronger(protected.get(emp, ""), scope)
    for emp, scope in protected.items():
        # No category here: the plan's readers are not all allowed to read an employee's circumstances.
        left_out[emp].insert(0, {"reason": "circumstance", "scope": str(scope)})
    return StatedViews(dict(views), protected, soft, dict(objected), dict(left_out))


def _candidate_table(
    eligible: list[dict],
    origin_ids: list[int],
    *,
    today: dt.date,
    stated: StatedViews | None = None,
    boxes: dict[int, int] | None = None,
) -> CandidateTable:
    """The eligible people (`_eligible_holders`' rows) as the scorer reads them."""
    origin_index = {pid: k for k, pid in enumerate(origin_ids)}
    ids = [e["pk"] for e in eligible]
    return CandidateTable(
        employee_id=np.array(ids, dtype=np.int64),
        origin=np.array([origin_index[e["position_id"]] for e in eligible], dtype=np.int64),
        agency_id=np.array([e["position__agency_id"] for e in eligible], dtype=np.int64),
        education_level=[e["education_level"] for e in eligible],
        education_field=[e["education_field"] for e in eligible],
        competencies=[e["competencies"] or [] for e in eligible],
        predicates=[e["predicates"] for e in eligible],
        # Employee.years_in_post's arithmetic, without building a model instance per candidate.
        years_in_post=np.array(
            [
                float(years_between(e["position_since"], today)) if e["position_since"] else 0.0
                for e in eligible
            ],
            dtype=np.float64,
        ),
        views=[stated.views.get(pk, []) for pk in ids] if stated else (),
        protected=[str(stated.protected.get(pk, "")) for pk in ids] if stated else (),
        soft_circumstance=[str(stated.soft.get(pk, "")) for pk in ids] if stated else (),
        objected_posts=[stated.objected.get(pk, []) for pk in ids] if stated else (),
        talent_box=[boxes.get(pk) or 0 for pk in ids] if boxes else (),
    )


def plan_input(
    *, region: Region, agency_ids: list[int] | None = None, today: dt.date | None = None
) -> PlanInput:
    """Shortage slots and eligible candidates (DESIGN.md 6), in a constant number of queries.

    - gap of a post = active holders - required staff, open requests counted as done (`_gaps`);
    - slots: posts with gap < 0, one per missing person (`_destination_posts`);
    - candidates: holders of posts with a surplus who pass every employee-side eligibility rule
      (`_eligible_holders`), with their SKP history (`_candidate_table`) and what they stated about
      moves: wishes, dislikes, circumstances and objections (`stated_views`, issue 21).
    """
    today = today or timezone.localdate()
    policy = Policy.objects.filter(region=region).first() or Policy(region=region)
    run, required = _needs(region, agency_ids)
    gap, shortage, surplus = _gaps(region, agency_ids, required)
    posts, post_labels = _destination_posts(shortage)
    origin_ids = sorted(surplus)
    eligible, excluded = _eligible_holders(origin_ids, today, policy)
    years = policy.skp_years_required
    ids = [e["pk"] for e in eligible]
    stated = stated_views(employee_ids=ids, policy=policy, today=today)
    boxes = talent_boxes(region=region, employee_ids=ids)
    return PlanInput(
        run=run,
        source="workload_run" if run is not None else "required_staff",
        candidates=_candidate_table(eligible, origin_ids, today=today, stated=stated, boxes=boxes),
        posts=posts,
        origin_position_ids=origin_ids,
        origin_capacity=np.array([surplus[pid] for pid in origin_ids], dtype=np.int64),
        gap=gap,
        excluded=excluded,
        skp_years=years,
        left_out=stated.left_out,
        post_labels=post_labels,
        respect={
            "with_stated_view": len(stated.views.keys() | stated.soft.keys()),
            "protected_any_move": sum(s == CircumstanceScope.ANY_MOVE for s in stated.protected.values()),
            "protected_other_agency": sum(
                s == CircumstanceScope.OTHER_AGENCY for s in stated.protected.values()
            ),
            "objected_pairs": sum(len(p) for p in stated.objected.values()),
        },
    )


# --- training needs (issue 6, point 5) -------------------------------------------------------------


@dataclass
class AgencyTrainingNeeds:
    agency: Agency
    from_plan: list[tuple[str, int, list[str]]]  # competency, people, names
    from_evaluations: list[PostTransferEvaluation]


def training_needs(*, viewer: Actor, plan: TransferPlan | None = None) -> list[AgencyTrainingNeeds]:
    """Per destination agency: competencies the planned movers lack (suggested training) and the
    training needs written in post-transfer evaluations. Four queries whatever the size."""
    permissions.require_reader(viewer)
    items = (
        PlanItem.objects.filter(state__in=(*ACCEPTED_STATES, ItemState.APPLIED))
        .exclude(training_needs=[])
        .select_related("employee", "destination_position")
    )
    if plan is not None:
        items = items.filter(plan=plan)
    else:
        items = items.filter(plan__status__in=(PlanStatus.READY, PlanStatus.APPLIED))
    needs: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        for tag in item.training_needs:
            needs[item.destination_position.agency_id][tag].append(item.employee.name)
    evaluations = (
        PostTransferEvaluation.objects.exclude(training_needs="")
        .select_related("employee", "request__destination_agency")
        .order_by("-due_date", "-id")
    )
    by_agency_eval: dict[int, list[PostTransferEvaluation]] = defaultdict(list)
    for ev in evaluations:
        if ev.request.destination_agency_id:
            by_agency_eval[ev.request.destination_agency_id].append(ev)
    agencies = Agency.objects.filter(pk__in=set(needs) | set(by_agency_eval)).order_by("name")
    out = []
    for agency in agencies:
        rows = sorted(
            ((tag, len(names), sorted(names)) for tag, names in needs.get(agency.pk, {}).items()),
            key=lambda r: (-r[1], r[0]),
        )
        out.append(
            AgencyTrainingNeeds(
                agency=agency, from_plan=rows, from_evaluations=by_agency_eval.get(agency.pk, [])
            )
        )
    return out


def plan_counts(*, plan: TransferPlan) -> dict[str, int]:
    """Items per state, in one query."""
    rows = PlanItem.objects.filter(plan=plan).values("state").annotate(n=Count("pk"))
    counts = dict.fromkeys(ItemState.values, 0)
    counts.update({r["state"]: r["n"] for r in rows})
    return counts


def plan_view_summary(*, plan: TransferPlan) -> list[dict]:
    """The plan as a whole (issue 21, point 4): its moves (all but those HR removed) that follow a
    stated wish, that go against one (a dislike, or a circumstance that does not protect), and those
    the employee stated nothing about, with Indonesian labels. One query.

    Items of plans computed before issue 21 carry no view: they count as "no stated view"."""
    counts = (
        PlanItem.objects.filter(plan=plan)
        .exclude(state=ItemState.REMOVED)
        .aggregate(
            total=Count("pk"),
            **{
                str(code): Count("pk", filter=Q(breakdown__view__in=[str(v) for v in views]))
                for code, views in SUMMARY_VIEWS.items()
            },
        )
    )
    counts[ViewSummary.UNKNOWN] = counts["total"] - sum(counts[str(code)] for code in SUMMARY_VIEWS)
    return [{"code": code, "label": str(label), "count": counts[code]} for code, label in ViewSummary.choices]


def region_for(*, viewer: Actor, region_id: int | None = None) -> Region:
    """The region a plan is built for: the given one, or the only/first region.

    An unknown `region` id in a request body is bad input (400 on that field), not a missing page."""
    qs = Region.objects.all()
    if region_id is not None:
        region = qs.filter(pk=region_id).first()
        if region is None:
            raise DomainError(_("Pemerintah daerah tidak ditemukan."), field="region")
        return region
    region = qs.order_by("pk").first()
    if region is None:
        raise Http404
    return region
