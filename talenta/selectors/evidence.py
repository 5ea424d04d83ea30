"""The talent side of the merit evidence (issue 20 point 8; REGULATION.md 5, KASN's merit-system index:
"the evidence is the chain from need (ABK) and talent to each decision"): for each key post's succession
plan, who the ranking named (main candidate, reserves), whom HR confirmed and why, and for each person the
box, the scores and the dates of the data they came from (SKP years and predicates, the assessment with
its date, assessor and validity), their rank and the size of the pool.

mutasi adds the transfers into key posts (`mutasi.selectors.merit`), reading the same facts through
`people_facts` for the plan in force at each decision. A fixed number of queries whatever the number of
key posts, plans or candidates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q

from core.types import Actor
from instansi.models import Employee, Region
from talenta import permissions
from talenta.choices import CandidateRole
from talenta.models import KeyPost, SuccessionCandidate, SuccessionPlan, TalentGridEntry


@dataclass
class PersonFacts:
    """One person in one plan: their place in the pool and the grid entry it came from."""

    employee: Employee
    candidate: SuccessionCandidate | None  # None: not in the plan's pool
    entry: TalentGridEntry | None  # their entry in the plan's grid (None: not in it)


@dataclass
class PlanFacts:
    plan: SuccessionPlan
    pool_size: int = 0
    people: dict[int, PersonFacts] = field(default_factory=dict)

    @property
    def system_main(self) -> PersonFacts | None:
        return next(
            (p for p in self.people.values() if p.candidate and p.candidate.role == CandidateRole.MAIN), None
        )

    @property
    def named(self) -> list[PersonFacts]:
        """The main candidate and the reserves by rank, then HR's choice when it is someone else."""
        ranked = sorted(
            (p for p in self.people.values() if p.candidate and p.candidate.role != CandidateRole.POOL),
            key=lambda p: p.candidate.rank,
        )
        chosen = self.people.get(self.plan.main_candidate_id)
        if chosen is not None and chosen not in ranked:
            ranked.append(chosen)
        return ranked


def people_facts(
    *, plans: list[SuccessionPlan], extra: dict[int, dict[int, Employee]] | None = None
) -> dict[int, PlanFacts]:
    """Per plan: the main candidate, the reserves, HR's confirmed choice (`plan.main_candidate`, joined
    by the caller) and the extra employees asked for (`extra` per plan id: mutasi's movers, already
    loaded with their requests), each with the candidate row and the grid entry (with its assessment).
    Three queries whatever the number of plans."""
    out = {plan.pk: PlanFacts(plan=plan) for plan in plans}
    if not plans:
        return out
    extra = extra or {}
    wanted = Q(role__in=(CandidateRole.MAIN, CandidateRole.RESERVE)) | Q(
        employee_id=F("plan__main_candidate_id")
    )
    for plan_id, people in extra.items():
        wanted |= Q(plan_id=plan_id, employee_id__in=list(people))
    for c in SuccessionCandidate.objects.filter(wanted, plan_id__in=out).select_related("employee"):
        out[c.plan_id].people[c.employee_id] = PersonFacts(employee=c.employee, candidate=c, entry=None)
    # Someone named (HR's choice, a mover) who is not in the pool: still shown, with their entry.
    for facts in out.values():
        named = dict(extra.get(facts.plan.pk, {}))
        if facts.plan.main_candidate_id:
            named[facts.plan.main_candidate_id] = facts.plan.main_candidate
        for pk, employee in named.items():
            facts.people.setdefault(pk, PersonFacts(employee=employee, candidate=None, entry=None))
    for row in (
        SuccessionCandidate.objects.filter(plan_id__in=out)
        .values("plan_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        out[row["plan_id"]].pool_size = row["n"]
    by_grid: dict[int, list[PlanFacts]] = defaultdict(list)
    for facts in out.values():
        by_grid[facts.plan.grid_id].append(facts)
    people = {pk for facts in out.values() for pk in facts.people}
    entries = TalentGridEntry.objects.filter(grid_id__in=by_grid, employee_id__in=people).select_related(
        "assessment"
    )
    for entry in entries:
        for facts in by_grid[entry.grid_id]:
            if entry.employee_id in facts.people:
                facts.people[entry.employee_id].entry = entry
    return out


def _scoped_key_posts(*, region: Region, agency_id: int | None):
    qs = KeyPost.objects.filter(is_active=True, position__agency__region=region)
    if agency_id is not None:
        qs = qs.filter(position__agency_id=agency_id)
    return qs


def succession_evidence(*, viewer: Actor, region: Region, agency_id: int | None = None) -> list[PlanFacts]:
    """The latest plan of every active key post of the region (or of `agency_id`), by agency and post,
    with the people it named, for a reader of the merit evidence (403 otherwise). Four queries whatever
    the size."""
    permissions.require_merit_evidence_reader(viewer)
    key_posts = _scoped_key_posts(region=region, agency_id=agency_id)
    latest = (
        SuccessionPlan.objects.filter(key_post__in=key_posts)
        .values("key_post_id")
        .annotate(m=Max("pk"))
        .values("m")
    )
    plans = list(
        SuccessionPlan.objects.filter(pk__in=latest)
        .select_related("key_post__position__agency", "grid", "main_candidate", "confirmed_by")
        .order_by(
            "key_post__position__agency__name", "-key_post__position__grade", "key_post__position__title"
        )
    )
    facts = people_facts(plans=plans)
    return [facts[p.pk] for p in plans]


def plans_by_position(*, position_ids: set[int]) -> dict[int, list[SuccessionPlan]]:
    """Every plan of the key posts of these posts, newest first per post (for the plan in force at a
    decision): one query."""
    out: dict[int, list[SuccessionPlan]] = defaultdict(list)
    if not position_ids:
        return out
    for plan in (
        SuccessionPlan.objects.filter(key_post__position_id__in=position_ids)
        .select_related("key_post", "grid", "main_candidate", "confirmed_by")
        .order_by("-pk")
    ):
        out[plan.key_post.position_id].append(plan)
    return out


def key_post_position_ids(*, region: Region):
    """The posts of the region's active key posts, as a subquery."""
    return KeyPost.objects.filter(is_active=True, position__agency__region=region).values("position_id")
