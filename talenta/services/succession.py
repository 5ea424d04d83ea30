"""Key posts and succession plans (issue 20 point 4, REGULATION.md 5).

A plan ranks the talent pool of one key post (talenta.selectors.succession.pool_candidates: the
eligibility decided in the database) by a fit score with a visible breakdown: potential and competence
(the assessment's potential score on the grid), qualifications (education level and field, competency
tags of the post), performance (the SKP score on the grid) and integrity (discipline history). The main
candidate and the reserves are the best-ranked candidates outside the low boxes and with a box at all
("needs a manual check" is never promoted on a guess); each carries the gap to the main candidate's score.
The plan stores the grid and the rubric it used, so recomputing it gives the same ranking.
HR confirms the main candidate, or names another, always with a written reason (audited; a change of
the system's choice is a flagged audit row, the exceptions report's kind).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.exceptions import DomainError
from core.types import Actor
from instansi.choices import EDUCATION_RANK, PositionKind
from instansi.models import Position, Region
from talenta import permissions, rules
from talenta.choices import CandidateRole, GridStatus, KeyPostSource, PlanStatus
from talenta.models import KeyPost, SuccessionCandidate, SuccessionPlan, TalentGrid, TalentGridEntry
from talenta.selectors.succession import pool_candidates
from talenta.services.grid import rubric_in_force

DEFAULT_KEY_KINDS = (PositionKind.JPT_MADYA, PositionKind.JPT_PRATAMA, PositionKind.ADMINISTRATOR)


@transaction.atomic
def key_posts_mark_defaults(*, actor: Actor | None, region: Region) -> int:
    """Mark every JPT and administrator post of the region as a key post (the default of issue 20
    point 4; the regional head's elected post is not a civil-service post). Idempotent: a post
    already marked, or unmarked by HR before, is left as it is. Returns how many were added."""
    if actor is not None:
        permissions.require_succession_manager(actor)
    existing = set(
        KeyPost.objects.filter(position__agency__region=region).values_list("position_id", flat=True)
    )
    new = [
        KeyPost(position_id=pk, source=KeyPostSource.DEFAULT)
        for pk in Position.objects.filter(agency__region=region, kind__in=DEFAULT_KEY_KINDS)
        .exclude(special_role="regional_head")
        .values_list("pk", flat=True)
        if pk not in existing
    ]
    KeyPost.objects.bulk_create(new)
    if new:
        audit.record(
            actor=actor,
            action="talenta.key_posts.defaults",
            note=_("%(n)d jabatan kunci ditandai.") % {"n": len(new)},
        )
    return len(new)


def _ranked(*, position: Position, grid: TalentGrid, snapshot: dict) -> list[dict]:
    """The pool scored and ordered. Plain rows, not model instances: an administrator post's pool holds
    about 4,000 candidates at 100,000 employees, and building the instances was a quarter of the time."""
    values = rules.RubricValues.from_snapshot(snapshot)
    candidates = list(
        pool_candidates(position=position, region_id=grid.region_id, as_of=grid.as_of).values(
            "pk",
            "nip",
            "education_level",
            "education_field",
            "competencies",
            "sanction_until",
            "open_audit_finding",
        )
    )
    entries = {
        employee_id: (box, performance, potential)
        for employee_id, box, performance, potential in TalentGridEntry.objects.filter(
            grid=grid, employee_id__in=[c["pk"] for c in candidates]
        ).values_list("employee_id", "box", "performance_score", "potential_score")
    }
    levels = [lv for lv in position.required_education_levels or [] if lv in EDUCATION_RANK]
    lowest = min((EDUCATION_RANK[lv] for lv in levels), default=None)
    rows = []
    for employee in candidates:
        box, performance, potential = entries.get(employee["pk"], (None, None, None))
        qualification, pieces = rules.qualification_part(
            level_ok=lowest is None or EDUCATION_RANK.get(employee["education_level"], -1) >= lowest,
            required_fields=position.required_education_fields or [],
            field=employee["education_field"] or "",
            tags=position.competency_tags or [],
            competencies=employee["competencies"] or [],
        )
        parts = {
            "potential": rules.hundredths(potential) if potential is not None else 0,
            "qualification": qualification,
            "performance": rules.performance_part(performance),
            "integrity": rules.integrity_part(
                sanction_until=employee["sanction_until"],
                open_finding=employee["open_audit_finding"],
                as_of=grid.as_of,
            ),
        }
        rows.append(
            {
                "employee_id": employee["pk"],
                "nip": employee["nip"],
                "box": box,
                "parts": parts,
                "pieces": pieces,
                "score": rules.fit_score(parts, values.fit_weights),
            }
        )
    # Best score first; ties by box (higher first, none last), then performance, then NIP: a stable order.
    rows.sort(key=lambda r: (-r["score"], -(r["box"] or 0), -r["parts"]["performance"], r["nip"]))
    return rows


@transaction.atomic
def succession_plan_compute(
    *, actor: Actor | None, key_post: KeyPost, grid: TalentGrid | None = None, rubric: dict | None = None
) -> SuccessionPlan:
    """Rank the talent pool of a key post from a finished grid (default: the region's latest) with the
    rubric given (default: the one in force), and store the plan with both."""
    if actor is not None:
        permissions.require_succession_manager(actor)
    region_id = (
        Position.objects.filter(pk=key_post.position_id).values_list("agency__region_id", flat=True).get()
    )
    if grid is None:
        grid = (
            TalentGrid.objects.filter(region_id=region_id, status=GridStatus.FINISHED).order_by("-pk").first()
        )
    if grid is None or grid.status != GridStatus.FINISHED:
        raise DomainError(_("Belum ada kotak talenta yang selesai dihitung; hitung kotak talenta dulu."))
    snapshot = rubric if rubric is not None else rubric_in_force(region=grid.region).snapshot()
    values = rules.RubricValues.from_snapshot(snapshot)
    rows = _ranked(position=key_post.position, grid=grid, snapshot=snapshot)
    plan = SuccessionPlan.objects.create(
        key_post=key_post,
        grid=grid,
        rubric=snapshot,
        as_of=grid.as_of,
        created_by=actor if actor and actor.is_authenticated else None,
    )
    named = [r for r in rows if r["box"] is not None and r["box"] not in rules.LOW_BOXES][
        : 1 + values.reserves
    ]
    roles = {id(r): (CandidateRole.MAIN if i == 0 else CandidateRole.RESERVE) for i, r in enumerate(named)}
    main_score = named[0]["score"] if named else None
    SuccessionCandidate.objects.bulk_create(
        SuccessionCandidate(
            plan=plan,
            employee_id=r["employee_id"],
            rank=rank,
            score=Decimal(r["score"]) / 100,
            parts={**r["parts"], **r["pieces"]},
            box=r["box"],
            role=roles.get(id(r), CandidateRole.POOL),
            gap=Decimal(max(main_score - r["score"], 0) if main_score is not None else 0) / 100,
        )
        for rank, r in enumerate(rows, start=1)
    )
    audit.record(
        actor=actor,
        action="talenta.succession.compute",
        target=plan,
        data={"grid": grid.pk, "candidates": len(rows), "main": named[0]["employee_id"] if named else None},
    )
    return plan


@transaction.atomic
def succession_plan_confirm(
    *, actor: Actor, plan_id: int, main_candidate_id: int, reason: str
) -> SuccessionPlan:
    """HR confirms the system's main candidate or names another from the pool, with a written reason
    (required either way). Naming another than the system's choice is flagged in the audit trail."""
    permissions.require_succession_reader(actor)
    plan = SuccessionPlan.objects.select_for_update().filter(pk=plan_id).first()
    if plan is None:
        raise Http404
    permissions.require_succession_manager(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Tuliskan alasan konfirmasi atau perubahan kandidat utama."), field="reason")
    chosen = SuccessionCandidate.objects.filter(plan=plan, employee_id=main_candidate_id).first()
    if chosen is None:
        raise DomainError(
            _("Pegawai ini tidak termasuk kelompok talenta jabatan ini."), field="main_candidate"
        )
    system_main = (
        SuccessionCandidate.objects.filter(plan=plan, role=CandidateRole.MAIN)
        .values_list("employee_id", flat=True)
        .first()
    )
    overrides = system_main != main_candidate_id
    before = plan.status
    plan.status, plan.main_candidate_id = PlanStatus.CONFIRMED, main_candidate_id
    plan.confirmed_by, plan.confirmed_at = actor, timezone.now()
    plan.confirm_reason, plan.overrides_ranking = reason, overrides
    plan.save(
        update_fields=[
            "status",
            "main_candidate",
            "confirmed_by",
            "confirmed_at",
            "confirm_reason",
            "overrides_ranking",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action="talenta.succession.override" if overrides else "talenta.succession.confirm",
        target=plan,
        from_state=before,
        to_state=PlanStatus.CONFIRMED,
        note=reason,
        flagged=overrides,
        data={"main_candidate": main_candidate_id, "system_main": system_main, "rank": chosen.rank},
    )
    return plan
