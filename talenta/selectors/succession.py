"""Reads of key posts and succession plans (issue 20 point 4), and the talent pool of a key post."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from core.paging import text_search
from core.types import Actor
from instansi.choices import EDUCATION_RANK, EmployeeStatus, Golongan
from instansi.models import Employee, Position
from talenta import permissions, rules
from talenta.models import KeyPost, SuccessionCandidate, SuccessionPlan

GOLONGAN_ORDER = list(Golongan.values)


def pool_requirement(position: Position) -> rules.PoolRequirement:
    return rules.POOL_REQUIREMENTS.get(position.kind, rules.DEFAULT_POOL_REQUIREMENT)


def pool_candidates(*, position: Position, region_id: int, as_of: dt.date) -> QuerySet[Employee]:
    """The eligible candidates for a key post, decided in the database (no per-candidate Python rule):
    active PNS of the region in a feeder post no more than GRADE_SPAN classes below, at or above the
    post's lowest required education level, with the rank and years of service the kind requires, not
    under a disciplinary sanction or in a court case on `as_of`, and not holding the post already."""
    requirement = pool_requirement(position)
    qs = Employee.objects.filter(
        is_active=True,
        status=EmployeeStatus.PNS,
        position__agency__region_id=region_id,
        position__kind__in=requirement.feeder_kinds,
        position__grade__gte=position.grade - rules.GRADE_SPAN,
        golongan__in=GOLONGAN_ORDER[GOLONGAN_ORDER.index(requirement.min_golongan) :],
        tmt_cpns__lte=rules.validity_end(as_of, -requirement.min_service_years),
        in_court_case=False,
    ).exclude(position=position)
    # A sanction blocks while it runs: flagged without an end, or ending on or after the day.
    qs = qs.exclude(Q(under_sanction=True) & (Q(sanction_until__isnull=True) | Q(sanction_until__gte=as_of)))
    levels = [lv for lv in position.required_education_levels or [] if lv in EDUCATION_RANK]
    if levels:
        lowest = min(EDUCATION_RANK[lv] for lv in levels)
        qs = qs.filter(education_level__in=[lv for lv, rank in EDUCATION_RANK.items() if rank >= lowest])
    return qs.only(
        "id",
        "nip",
        "name",
        "front_title",
        "back_title",
        "education_level",
        "education_field",
        "competencies",
        "sanction_until",
        "open_audit_finding",
        "position",
    ).order_by("nip")


def key_post_list(*, viewer: Actor, region_id: int, q: str = "") -> QuerySet[KeyPost]:
    """Active key posts of the region with their post and agency (succession readers only); `q`
    searches the post's title, its agency and its unit."""
    permissions.require_succession_reader(viewer)
    qs = (
        KeyPost.objects.filter(is_active=True, position__agency__region_id=region_id)
        .select_related("position__agency", "position__unit")
        .order_by("position__agency__name", "-position__grade", "position__title")
    )
    return text_search(qs, q, fields=("position__title", "position__agency__name", "position__unit__name"))


def key_post_get(*, viewer: Actor, key_post_id: int) -> KeyPost:
    permissions.require_succession_reader(viewer)
    key_post = (
        KeyPost.objects.select_related("position__agency", "position__unit").filter(pk=key_post_id).first()
    )
    if key_post is None:
        raise Http404
    return key_post


def latest_plans(*, key_post_ids: list[int]) -> dict[int, SuccessionPlan]:
    """The newest plan of each key post, with its confirmed main candidate: one query."""
    plans: dict[int, SuccessionPlan] = {}
    for plan in (
        SuccessionPlan.objects.filter(key_post_id__in=key_post_ids)
        .select_related("main_candidate")
        .order_by("key_post_id", "-pk")
    ):
        plans.setdefault(plan.key_post_id, plan)
    return plans


def plan_get(*, viewer: Actor, plan_id: int) -> SuccessionPlan:
    permissions.require_succession_reader(viewer)
    plan = (
        SuccessionPlan.objects.select_related(
            "key_post__position__agency", "grid", "main_candidate", "confirmed_by"
        )
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404
    return plan


def plan_candidates(*, plan: SuccessionPlan) -> QuerySet[SuccessionCandidate]:
    return (
        SuccessionCandidate.objects.filter(plan=plan)
        .select_related("employee__position__agency")
        .order_by("rank")
    )
