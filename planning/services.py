"""Writes of the transfer plan: build, compute, edit (remove/pin) and re-solve, apply (issue 6).

Every business change is one transaction with its audit row. The computation itself (reading the
region, scoring, solving) runs in a Celery task outside any transaction, writing only its progress;
its result is stored in one transaction at the end.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import time
from decimal import Decimal

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, workflow
from core.copy_rows import available as copy_rows_available
from core.copy_rows import copy_rows
from core.db import set_local
from core.exceptions import DomainError, TransitionNotAllowed
from core.services import notify
from core.types import Actor
from instansi.models import Agency, Policy, Region
from mutasi.choices import Initiator, TransferKind
from planning import baselines, permissions, scoring, selectors, solver
from planning.choices import ACCEPTED_STATES, ItemState, PlanStatus, UnfilledReason
from planning.models import PlanItem, TransferPlan

logger = logging.getLogger(__name__)


def _plan_url(plan: TransferPlan) -> str:
    return f"/rencana/{plan.pk}/"


def _lock(plan_id: int) -> TransferPlan:
    return TransferPlan.objects.select_for_update().select_related("region").get(pk=plan_id)


def _require(transition, actor: Actor) -> None:
    """409 when the plan's status does not allow `transition` (a bound method of the plan) now
        (core.workflow). Who may act at all (HR) is asked before the plan is read
    (permissions.require_planner)."""
    workflow.require_transition(
        transition, actor, not_now=_("Rencana berstatus %(status)s; tindakan ini tidak diizinkan.")
    )


# --- build ------------------------------------------------------------------------------------------


def _validated_scope(region: Region, agency_ids, agency_caps) -> tuple[list[int], dict[str, int]]:
    agency_ids = sorted({int(a) for a in agency_ids or []})
    caps: dict[str, int] = {}
    for key, value in (agency_caps or {}).items():
        # JSON object keys are strings: a key that is not an agency id is bad input (400), not a crash.
        try:
            caps[str(int(key))] = int(value)
        except (TypeError, ValueError):
            raise DomainError(
                _("Batas per perangkat daerah tidak valid: %(ids)s.") % {"ids": key}, field="agency_caps"
            )
    known = set(
        Agency.objects.filter(region=region, pk__in=set(agency_ids) | {int(k) for k in caps}).values_list(
            "pk", flat=True
        )
    )
    if missing := [a for a in agency_ids if a not in known]:
        raise DomainError(
            _("Perangkat daerah tidak dikenal di daerah ini: %(ids)s.")
            % {"ids": ", ".join(map(str, missing))},
            field="agencies",
        )
    if bad := [k for k, v in caps.items() if int(k) not in known or v < 0]:
        raise DomainError(
            _("Batas per perangkat daerah tidak valid: %(ids)s.") % {"ids": ", ".join(bad)},
            field="agency_caps",
        )
    return agency_ids, caps


@transaction.atomic
def plan_build(
    *,
    actor: Actor,
    region: Region,
    agency_ids: list[int] | None = None,
    agency_caps: dict | None = None,
    name: str = "",
    compare_greedy: bool | None = None,
) -> TransferPlan:
    """Start a plan for the whole region or chosen agencies (moves among them only).

    The Policy weights are frozen into the plan (DESIGN.md 6, weights in the Policy), so a re-solve
    after HR's edits scores exactly as the first run did. The computation runs as a Celery task.

    `compare_greedy` also runs the greedy baseline (best pair first, planning.baselines) beside the
    exact solver, for the comparison line on the plan page; production plans skip it unless asked
    (None: the PLANNING_COMPARE_GREEDY setting, off when unset). The choice is kept for re-solves.
    """
    permissions.require_planner(actor)
    agency_ids, caps = _validated_scope(region, agency_ids, agency_caps)
    policy = Policy.objects.filter(region=region).first() or Policy(region=region)
    weights = scoring.Weights.from_policy(policy)
    plan = TransferPlan.objects.create(
        region=region,
        name=(name or "").strip()[:200],
        created_by=actor,
        progress_note=_("Menunggu giliran"),
        parameters={
            "weights": weights.as_dict(),
            "skp_years": policy.skp_years_required,
            "agency_ids": agency_ids,
            "agency_caps": caps,
            "compare_greedy": bool(
                settings.PLANNING_COMPARE_GREEDY if compare_greedy is None else compare_greedy
            ),
        },
    )
    if agency_ids:
        plan.scope_agencies.set(agency_ids)
    audit.record(
        actor=actor,
        action="plan.build",
        target=plan,
        to_state=plan.status,
        data={"agencies": agency_ids, "agency_caps": caps, "weights": weights.as_dict()},
    )
    _enqueue(plan.pk)
    return plan


def _enqueue(plan_id: int) -> None:
    from planning.tasks import plan_compute_task

    transaction.on_commit(lambda: plan_compute_task.delay(plan_id))


# --- compute (the Celery task's body) -------------------------------------------------------------


PROGRESS_EVERY = 0.5  # seconds between two progress writes while scoring


def _progress(plan_id: int, percent: int, note: str) -> None:
    # Progress is bookkeeping, not a business change: written at once so the page can show it.
    TransferPlan.objects.filter(pk=plan_id, status=PlanStatus.BUILDING).update(
        progress=max(0, min(99, int(percent))), progress_note=note[:200]
    )


def plan_compute(*, plan_id: int) -> TransferPlan:
    """Score every (candidate, slot) pair and solve exactly; store the result in one transaction.

    Idempotent: a plan that is not "building" (already computed, or a redelivered task) is returned
    unchanged. A failure marks the plan failed with its reason instead of leaving it building.
    """
    plan = TransferPlan.objects.select_related("region").get(pk=plan_id)
    if plan.status != PlanStatus.BUILDING:
        return plan
    try:
        with _no_cyclic_collection():
            result = _compute(plan)
    except Exception as exc:  # the reason is stored and shown to HR; the task itself ends cleanly
        logger.exception("transfer plan %s failed", plan_id)
        return _store_failure(plan_id=plan_id, error=f"{type(exc).__name__}: {exc}")
    return _store_result(plan_id=plan_id, result=result)


@contextlib.contextmanager
def _no_cyclic_collection():
    """Python's cycle collector held off while one plan is computed (reference counting still frees
    everything the computation drops). The reading builds some 160,000 objects (rows, JSON lists)
    at 100,000 employees, and each full collection walks all of them: 0.08-0.1 s of the process's
    CPU per plan (docs/BENCHMARKS.md, "The plan through the database"), nothing in the computation
    needs it. The collector is back as it was when the plan is computed, or fails."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _compute(plan: TransferPlan) -> dict:
    started = time.perf_counter()
    params = plan.parameters or {}
    weights = scoring.Weights.from_dict(params.get("weights") or {})
    _progress(plan.pk, 5, _("Membaca formasi dan calon"))
    with transaction.atomic():
        # The reading's statements run in 0.1-0.3 s; compiling them (JIT) cost as much again at
        # 100,000 employees (the eligibility statement: 0.15 s of 0.33). As the talent grid does.
        set_local(jit=False)
        data = selectors.plan_input(region=plan.region, agency_ids=params.get("agency_ids") or None)
    read_s = time.perf_counter() - started

    _progress(plan.pk, 20, _("Menghitung skor kecocokan"))

    last_note = [time.perf_counter()]

    def on_scored(done: int, total: int) -> None:
        # At most one progress write per PROGRESS_EVERY seconds: each is a statement and a commit of
        # its own (8 of them at 100,000 employees, where the scoring takes 0.4 s).
        if total and done < total and time.perf_counter() - last_note[0] >= PROGRESS_EVERY:
            last_note[0] = time.perf_counter()
            _progress(plan.pk, 20 + 50 * done // total, _("Menghitung skor kecocokan"))

    t = time.perf_counter()
    scores, enc = scoring.score_pairs(
        data.candidates, data.posts, weights, skp_years=data.skp_years, on_progress=on_scored
    )
    score_s = time.perf_counter() - t
    problem, lost_pins = _problem(plan, data, scores, params)

    _progress(plan.pk, 75, _("Mencari rencana optimal"))
    solution = solver.solve(problem)
    reference = baselines.greedy(problem) if params.get("compare_greedy") else None

    _progress(plan.pk, 90, _("Menyusun penjelasan"))
    return {
        "run_id": data.run.pk if data.run else None,
        "moves": _moves(data, scores, enc, weights, problem, solution),
        "lost_pins": lost_pins,
        "unfilled": _unfilled(data, scores, problem, solution, weights),
        "candidates": len(data.candidates),
        "slots": problem.n_slots,
        "filled": solution.filled,
        "total_fit": solution.total_fit,
        "stats": {
            **solution.stats,
            "source": data.source,
            "candidates": len(data.candidates),
            "destination_posts": len(data.posts),
            "origin_posts": len(data.origin_position_ids),
            "excluded_by_rule": data.excluded,
            # Issue 21: who stated a view, who is protected, how many objected pairs were left out.
            "respect": data.respect,
            # Issue 20: posts where talent counts, and candidates whose box (1-3) keeps them out of those.
            "talent": _talent_stats(data),
            # The greedy comparison only when the plan asked for it (plan_build's compare_greedy).
            "greedy_filled": reference.filled if reference else None,
            "greedy_total_fit": reference.total_fit / scoring.HUNDREDTHS if reference else None,
            "read_seconds": round(read_s, 3),
            "score_seconds": round(score_s, 3),
            "total_seconds": round(time.perf_counter() - started, 3),
        },
    }


def _talent_stats(data) -> dict[str, int]:
    box = np.asarray(data.candidates.talent_box, dtype=np.int64)
    return {
        "talent_posts": int(np.count_nonzero(data.posts.talent_post))
        if data.posts.talent_post is not None
        else 0,
        "candidates_with_box": int(np.count_nonzero(box)),
        "low_box_candidates": int(np.count_nonzero((box >= 1) & (box <= scoring.LOW_BOX_MAX))),
    }


def _problem(
    plan: TransferPlan, data, scores: scoring.Scores, params: dict
) -> tuple[solver.Problem, list[int]]:
    """The solver's problem with HR's edits: pinned pairs are forced, removed pairs are never proposed
    again. Also the pinned items the data no longer allows (their employee or slot is gone, or the
    pair no longer scores), which the result marks removed."""
    emp_index = {int(e): i for i, e in enumerate(data.candidates.employee_id.tolist())}
    post_index = {int(p): j for j, p in enumerate(data.posts.position_id.tolist())}
    edits = list(
        PlanItem.objects.filter(plan=plan, state__in=(ItemState.PINNED, ItemState.REMOVED)).values_list(
            "pk", "employee_id", "destination_position_id", "state"
        )
    )
    pinned_pairs, pinned_ids, excluded, lost_pins = [], [], [], []
    for pk, emp, dest, state in edits:
        pair = (emp_index.get(emp), post_index.get(dest))
        if state == ItemState.REMOVED:
            if None not in pair:
                excluded.append(pair)
        elif None in pair:
            lost_pins.append(pk)
        else:
            pinned_pairs.append(pair)
            pinned_ids.append(pk)
    caps = {int(k): int(v) for k, v in (params.get("agency_caps") or {}).items()}
    problem, missing = solver.build_problem(
        candidate_origin=data.candidates.origin,
        origin_capacity=data.origin_capacity,
        post_capacity=data.posts.shortage,
        post_agency_id=data.posts.agency_id,
        arc_cand=scores.cand,
        arc_post=scores.post,
        arc_fit=scores.fit,
        agency_caps=caps,
        pinned_pairs=pinned_pairs,
        excluded_pairs=excluded,
    )
    missing_set = {tuple(p) for p in missing}
    lost_pins += [pk for pk, pair in zip(pinned_ids, pinned_pairs, strict=True) if pair in missing_set]
    return problem, lost_pins


def _moves(data, scores, enc, weights, problem: solver.Problem, solution: solver.Solution) -> list[dict]:
    """Each chosen pair as a move with its score breakdown (with the employee's stated view of the move
    and what was left out for them), training needs and the staffing gaps of its origin and
    destination posts before and after the plan."""
    arcs = solution.arcs
    cand, post = problem.arc_cand[arcs], problem.arc_post[arcs]
    fit = problem.arc_fit[arcs]
    # Which chosen pairs paid the cross-agency penalty, by the scorer's rule.
    penalised = scoring.cross_agency_penalised(enc, scores.internal_ok, cand, post)
    breakdown, missing_tags = scoring.explain(enc, weights, cand, post, penalised)
    origin_pids = np.asarray(data.origin_position_ids, dtype=np.int64)
    origin_of = origin_pids[data.candidates.origin[cand]] if len(cand) else np.zeros(0, dtype=np.int64)
    dest_of = data.posts.position_id[post]
    moves_out = dict(zip(*np.unique(origin_of, return_counts=True), strict=True))
    moves_in = dict(zip(*np.unique(dest_of, return_counts=True), strict=True))
    same_agency = data.candidates.agency_id[cand] == data.posts.agency_id[post]
    return [
        {
            "employee_id": int(data.candidates.employee_id[c]),
            "origin_position_id": int(o),
            "destination_position_id": int(d),
            "kind": TransferKind.ROTATION if same else TransferKind.BETWEEN_AGENCIES,
            "fit": int(f),
            # What the employee's circumstances and objections left out for them (issue 21).
            "breakdown": {**b, "excluded": data.left_out.get(int(data.candidates.employee_id[c]), [])},
            "training_needs": tags,
            "origin_gap_before": data.gap.get(int(o), 0),
            "origin_gap_after": data.gap.get(int(o), 0) - int(moves_out[o]),
            "destination_gap_before": data.gap.get(int(d), 0),
            "destination_gap_after": data.gap.get(int(d), 0) + int(moves_in[d]),
        }
        for c, o, d, f, same, b, tags in zip(
            cand.tolist(),
            origin_of,
            dest_of,
            fit.tolist(),
            same_agency.tolist(),
            breakdown,
            missing_tags,
            strict=True,
        )
    ]


def _unfilled(data, scores, problem, solution, weights) -> list[dict]:
    """Each post left short, with why (issue 6, point 4); its title and agency from the reading
    (`PlanInput.post_labels`), the reasons worked out for all posts at once."""
    m = len(data.posts)
    if m == 0:
        return []
    filled = np.bincount(problem.arc_post[solution.arcs], minlength=m)
    open_slots = problem.post_capacity - filled
    arcs_per_post = np.bincount(problem.arc_post, minlength=m)
    group_used = np.bincount(
        problem.post_group[problem.arc_post[solution.arcs]], minlength=len(problem.group_capacity)
    )
    used = np.zeros(max(problem.n_candidates, 1), dtype=bool)
    used[problem.arc_cand[solution.arcs]] = True
    free_fitting = np.bincount(problem.arc_post[~used[problem.arc_cand]], minlength=m)
    rows = np.flatnonzero(open_slots > 0)
    g = problem.post_group[rows]
    # The first reason that holds, in this order; a fitting candidate still free is held back only
    # by their origin post's surplus.
    reasons = np.select(
        [
            np.full(len(rows), len(data.candidates) == 0),
            arcs_per_post[rows] == 0,
            group_used[g] >= problem.group_capacity[g],
            free_fitting[rows] > 0,
        ],
        [0, 1, 2, 3],
        default=4,
    )
    labels = [
        str(r)
        for r in (
            UnfilledReason.NO_CANDIDATE,
            UnfilledReason.FIT_TOO_LOW,
            UnfilledReason.AGENCY_CAP,
            UnfilledReason.ORIGIN_CAP,
            UnfilledReason.CANDIDATES_TAKEN,
        )
    ]
    best = scores.best_fit[rows] if len(scores.best_fit) else np.full(len(rows), -1)
    names = data.post_labels or [("", "")] * m
    return [
        {
            "position_id": pid,
            "position_title": names[j][0],
            "agency_name": names[j][1],
            "shortage": shortage,
            "unfilled": unfilled,
            "reason": labels[reason],
            "fitting_candidates": fitting,
            "best_fit": b / scoring.HUNDREDTHS if b >= 0 else None,
            "min_fit": weights.min_fit,
        }
        for j, pid, shortage, unfilled, reason, fitting, b in zip(
            rows.tolist(),
            data.posts.position_id[rows].tolist(),
            problem.post_capacity[rows].tolist(),
            open_slots[rows].tolist(),
            reasons.tolist(),
            arcs_per_post[rows].tolist(),
            best.tolist(),
            strict=True,
        )
    ]


@transaction.atomic
def _store_result(*, plan_id: int, result: dict) -> TransferPlan:
    plan = _lock(plan_id)
    if plan.status != PlanStatus.BUILDING:
        return plan
    plan.items.filter(state=ItemState.PROPOSED).delete()
    if result["lost_pins"]:
        # A pinned move the data no longer allows (the employee left the candidates, the slot closed).
        plan.items.filter(pk__in=result["lost_pins"]).update(
            state=ItemState.REMOVED, note=_("Tidak lagi memenuhi syarat saat dihitung ulang.")
        )
    _store_moves(plan, result["moves"])
    plan.workload_run_id = result["run_id"]
    plan.candidates_total = result["candidates"]
    plan.slots_total = result["slots"]
    plan.slots_filled = result["filled"]
    plan.total_fit = Decimal(result["total_fit"]) / scoring.HUNDREDTHS
    plan.unfilled = result["unfilled"]
    plan.solver_stats = result["stats"]
    plan.progress_note = ""
    plan.computed_at = timezone.now()
    plan.mark_ready()
    plan.save()
    audit.record(
        actor=None,
        action="plan.compute",
        target=plan,
        from_state=PlanStatus.BUILDING,
        to_state=plan.status,
        data={
            "slots": plan.slots_total,
            "filled": plan.slots_filled,
            "total_fit": str(plan.total_fit),
            "candidates": plan.candidates_total,
            "lost_pins": result["lost_pins"],
        },
    )
    notify(
        recipients=[plan.created_by],
        title=_("Rencana mutasi #%(id)s siap ditinjau") % {"id": plan.pk},
        body=_("%(filled)s dari %(slots)s formasi kosong terisi.")
        % {"filled": plan.slots_filled, "slots": plan.slots_total},
        url=_plan_url(plan),
    )
    return plan


def _store_moves(plan: TransferPlan, moves: list[dict]) -> None:
    """The computed moves as plan items: a move HR pinned updates its item, any other is a new one."""
    pinned = {
        (emp, dest): pk
        for pk, emp, dest in plan.items.filter(state=ItemState.PINNED).values_list(
            "pk", "employee_id", "destination_position_id"
        )
    }
    new_rows, updated = [], []
    for move in moves:
        fields = {
            "origin_position_id": move["origin_position_id"],
            "kind": move["kind"],
            "fit_total": Decimal(move["fit"]) / scoring.HUNDREDTHS,
            "breakdown": move["breakdown"],
            "training_needs": move["training_needs"],
            "origin_gap_before": move["origin_gap_before"],
            "origin_gap_after": move["origin_gap_after"],
            "destination_gap_before": move["destination_gap_before"],
            "destination_gap_after": move["destination_gap_after"],
        }
        key = (move["employee_id"], move["destination_position_id"])
        if key in pinned:
            updated.append(PlanItem(pk=pinned[key], **fields))
        else:
            new_rows.append(
                {
                    "plan_id": plan.pk,
                    "employee_id": move["employee_id"],
                    "destination_position_id": move["destination_position_id"],
                    **fields,
                }
            )
    _insert_items(new_rows)
    if updated:
        PlanItem.objects.bulk_update(updated, list(fields), batch_size=1000)


def _insert_items(rows: list[dict]) -> None:
    """New plan items from plain rows (field attnames), in their order. On PostgreSQL one COPY
    (`core.copy_rows`, a speed seam); elsewhere the plain path, `bulk_create` (batched by the
    database's parameter limit). `tests/planning/test_plan_services.py` holds both to the same rows.
    At 100,000 employees (the 1,502 items of a plan on a copy of `seed_demo --employees 100000`,
    2026-12-06, medians of 5 in one process, each in a transaction rolled back, load 2.4): 0.061 s
    (0.013 s of the process's CPU) against 0.182 s (0.069 s) for `bulk_create`'s one INSERT."""
    if not rows:
        return
    if _items_by_copy():
        copy_rows(PlanItem, rows)
        return
    PlanItem.objects.bulk_create([PlanItem(**row) for row in rows])


def _items_by_copy() -> bool:
    return copy_rows_available()


@transaction.atomic
def _store_failure(*, plan_id: int, error: str) -> TransferPlan:
    plan = _lock(plan_id)
    if plan.status != PlanStatus.BUILDING:
        return plan
    plan.mark_failed(error[:5000])
    plan.save()
    audit.record(
        actor=None,
        action="plan.fail",
        target=plan,
        from_state=PlanStatus.BUILDING,
        to_state=plan.status,
        note=plan.error,
    )
    notify(
        recipients=[plan.created_by],
        title=_("Rencana mutasi #%(id)s gagal dihitung") % {"id": plan.pk},
        body=plan.error,
        url=_plan_url(plan),
    )
    return plan


# --- HR's edits -------------------------------------------------------------------------------------


def _edit_item(
    *,
    actor: Actor,
    item_id: int,
    plan_id: int,
    allowed: tuple[str, ...],
    to_state: str,
    action: str,
    note: str,
) -> PlanItem:
    permissions.require_planner(actor)
    plan = _lock(plan_id)
    _require(plan.mark_applied, actor)  # HR edits a plan while it can still be applied
    item = PlanItem.objects.select_for_update().filter(pk=item_id, plan_id=plan.pk).first()
    if item is None:
        from django.http import Http404

        raise Http404
    if item.state not in allowed:
        raise TransitionNotAllowed(
            _("Butir berstatus %(state)s; tindakan ini tidak diizinkan.")
            % {"state": item.get_state_display()}
        )
    from_state = item.state
    item.state = to_state
    item.note = (note or "").strip()[:255]
    item.save(update_fields=["state", "note"])
    audit.record(
        actor=actor,
        action=action,
        target=plan,
        from_state=from_state,
        to_state=to_state,
        note=item.note,
        data={
            "item": item.pk,
            "employee": item.employee_id,
            "destination_position": item.destination_position_id,
        },
    )
    return item


@transaction.atomic
def plan_item_remove(*, actor: Actor, plan_id: int, item_id: int, note: str = "") -> PlanItem:
    """HR takes a move out of the plan; a re-solve never proposes that pair again."""
    return _edit_item(
        actor=actor,
        plan_id=plan_id,
        item_id=item_id,
        allowed=ACCEPTED_STATES,
        to_state=ItemState.REMOVED,
        action="plan.item_remove",
        note=note,
    )


@transaction.atomic
def plan_item_pin(*, actor: Actor, plan_id: int, item_id: int, note: str = "") -> PlanItem:
    """HR keeps a move whatever a re-solve finds (the solver forces pinned pairs)."""
    return _edit_item(
        actor=actor,
        plan_id=plan_id,
        item_id=item_id,
        allowed=(ItemState.PROPOSED,),
        to_state=ItemState.PINNED,
        action="plan.item_pin",
        note=note,
    )


@transaction.atomic
def plan_item_unpin(*, actor: Actor, plan_id: int, item_id: int, note: str = "") -> PlanItem:
    return _edit_item(
        actor=actor,
        plan_id=plan_id,
        item_id=item_id,
        allowed=(ItemState.PINNED,),
        to_state=ItemState.PROPOSED,
        action="plan.item_unpin",
        note=note,
    )


@transaction.atomic
def plan_resolve(*, actor: Actor, plan_id: int) -> TransferPlan:
    """Solve again with HR's pins and removals, on the region's current data."""
    permissions.require_planner(actor)
    plan = _lock(plan_id)
    _require(plan.start_solving, actor)
    from_state = plan.status
    plan.start_solving()
    plan.progress_note = _("Menunggu giliran")
    plan.save()
    audit.record(actor=actor, action="plan.resolve", target=plan, from_state=from_state, to_state=plan.status)
    _enqueue(plan.pk)
    return plan


# --- apply ------------------------------------------------------------------------------------------


@transaction.atomic
def plan_apply(*, actor: Actor, plan_id: int) -> tuple[TransferPlan, int]:
    """Turn the accepted moves into transfer requests initiated by the plan, in one transaction.

    Each request is created with `initiated_by=plan` (kind rotation or between_agencies) and
    submitted at once: DESIGN.md 4 skips the supervisor stage for requests the employee did not
    initiate, so each enters the approval chain at the employee's own stage (issue 21: they read the
    item's fit breakdown, `planning.consultation`, and answer), or at origin_head when the employee
    has no account. Submission re-checks eligibility
    (REGULATION.md 1.2); any failure undoes the whole apply. Idempotent: applying an applied plan
    changes nothing and returns (plan, 0).
    """
    from mutasi.services import transfer_create, transfer_submit

    permissions.require_planner(actor)
    plan = _lock(plan_id)
    if plan.status == PlanStatus.APPLIED:
        return plan, 0
    _require(plan.mark_applied, actor)
    items = list(
        plan.items.filter(state__in=ACCEPTED_STATES)
        .select_related("employee__position__agency", "destination_position__agency")
        .order_by("-fit_total", "pk")
    )
    if not items:
        raise DomainError(_("Tidak ada butir rencana yang dapat diterapkan."))
    moved = [it for it in items if it.employee.position_id != it.origin_position_id]
    if moved:
        raise DomainError(
            _("Jabatan pegawai berikut sudah berubah sejak rencana dihitung; hitung ulang dulu: %(names)s.")
            % {"names": ", ".join(it.employee.name for it in moved)}
        )
    for item in items:
        request = transfer_create(
            actor=actor,
            employee=item.employee,
            kind=item.kind,
            reason=_("Rencana mutasi #%(plan)s: skor kecocokan %(fit)s.")
            % {"plan": plan.pk, "fit": item.fit_total},
            destination_position=item.destination_position,
            initiated_by=Initiator.PLAN,
        )
        transfer_submit(
            request_id=request.pk,
            actor=actor,
            note=_("Diajukan dari rencana mutasi #%(plan)s.") % {"plan": plan.pk},
        )
        item.transfer_request = request
        item.state = ItemState.APPLIED
    PlanItem.objects.bulk_update(items, ["transfer_request", "state"])
    from_state = plan.status
    plan.mark_applied()
    plan.applied_at = timezone.now()
    plan.applied_by = actor
    plan.save()
    audit.record(
        actor=actor,
        action="plan.apply",
        target=plan,
        from_state=from_state,
        to_state=plan.status,
        data={"requests": [it.transfer_request_id for it in items]},
    )
    return plan, len(items)
