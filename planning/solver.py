"""The exact transfer-plan solver: min-cost max-flow with OR-Tools (issue 6, points 2 and 3).

Flow network (docs/ARCHITECTURE.md, "Rencana mutasi"):

    source -> origin post o   capacity = its surplus (current - required): an origin post never
                              drops below its required staff (ABK, REGULATION.md 2)
    origin o -> candidate i   capacity 1: one move per employee
    candidate i -> post j     capacity 1, cost = -fit(i, j); only pairs reaching Policy.min_fit
    post j -> agency a        capacity = the post's shortage: a post receives at most its shortage
    agency a -> sink          capacity = the optional cap on moves into the agency

`SimpleMinCostFlow.solve_max_flow_with_min_cost` returns the maximum flow (most slots filled) and,
among maximum flows, the one of least cost (largest total fit): exactly the lexicographic objective
"first the most slots, then the largest total fit". The network matrix is totally unimodular, so the
optimum is integral: every unit of flow is one whole move.

Pinned pairs are placed first (their capacities taken out), removed pairs never enter `Problem`.
Before solving, arcs that can be proven useless are dropped (`prune`), which keeps 50,000 x 5,000
tractable without giving up optimality (argument in `prune`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from ortools.graph.python import min_cost_flow

NO_CAP = np.iinfo(np.int32).max


class InfeasiblePins(ValueError):
    """The pinned pairs alone break a capacity (two pins for one employee, a post over its shortage)."""


@dataclass
class Problem:
    """What every solver sees: who may go where with which fit, under which capacities.

    Fits are integers (hundredths of a point, see planning.scoring), so totals compare exactly.
    """

    candidate_origin: np.ndarray  # (n,) origin index of each candidate
    origin_capacity: np.ndarray  # (k,) how many each origin post may release (its surplus)
    post_capacity: np.ndarray  # (m,) shortage of each destination post
    post_group: np.ndarray  # (m,) destination agency index of each post
    group_capacity: np.ndarray  # (g,) cap on moves into each agency (NO_CAP = none)
    arc_cand: np.ndarray  # (e,) candidate of each allowed pair
    arc_post: np.ndarray  # (e,) post of each allowed pair
    arc_fit: np.ndarray  # (e,) fit, hundredths
    pinned: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # arc indices forced

    def __post_init__(self) -> None:
        for name in ("candidate_origin", "origin_capacity", "post_capacity", "post_group", "group_capacity"):
            setattr(self, name, np.asarray(getattr(self, name), dtype=np.int64))
        for name in ("arc_cand", "arc_post", "arc_fit", "pinned"):
            setattr(self, name, np.asarray(getattr(self, name), dtype=np.int64))

    @property
    def n_candidates(self) -> int:
        return len(self.candidate_origin)

    @property
    def n_posts(self) -> int:
        return len(self.post_capacity)

    @property
    def n_slots(self) -> int:
        return int(self.post_capacity.sum())


@dataclass
class Solution:
    arcs: np.ndarray  # indices into the problem's arcs, sorted
    filled: int
    total_fit: int  # hundredths
    stats: dict = field(default_factory=dict)

    @classmethod
    def of(cls, problem: Problem, arcs: np.ndarray, **stats) -> Solution:
        arcs = np.sort(np.asarray(arcs, dtype=np.int64))
        return cls(arcs=arcs, filled=len(arcs), total_fit=int(problem.arc_fit[arcs].sum()), stats=stats)


def place_pins(problem: Problem) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Take the pinned arcs out: residual capacities (origin, post, group), free arcs, pinned arcs."""
    pins = np.unique(problem.pinned)
    origin_cap = problem.origin_capacity.copy()
    post_cap = problem.post_capacity.copy()
    group_cap = problem.group_capacity.copy()
    cands = problem.arc_cand[pins]
    if len(np.unique(cands)) != len(cands):
        raise InfeasiblePins("an employee is pinned to two posts")
    np.subtract.at(origin_cap, problem.candidate_origin[cands], 1)
    posts = problem.arc_post[pins]
    np.subtract.at(post_cap, posts, 1)
    np.subtract.at(group_cap, problem.post_group[posts], 1)
    if (origin_cap < 0).any() or (post_cap < 0).any() or (group_cap < 0).any():
        raise InfeasiblePins("the pinned moves exceed a capacity")
    used = np.zeros(problem.n_candidates, dtype=bool)
    used[cands] = True
    free = np.flatnonzero(~used[problem.arc_cand])
    return origin_cap, post_cap, group_cap, free, pins


def _group_order(primary: np.ndarray, fit: np.ndarray, tie: np.ndarray, tie2: np.ndarray) -> np.ndarray:
    """Indices sorted by (primary, fit descending, tie, tie2): one int64 key and one argsort when the
    key fits in 63 bits (at 100,000 employees 0.3 s against 1.2 s for the three-key lexsort), else
    the lexsort."""
    if len(primary) == 0:
        return np.zeros(0, dtype=np.int64)
    f_lo, f_hi = int(fit.min()), int(fit.max())
    spans = [int(primary.max()) + 1, f_hi - f_lo + 1, int(tie.max()) + 1, int(tie2.max()) + 1]
    if min(primary.min(), tie.min(), tie2.min()) >= 0 and np.prod([float(x) for x in spans]) < 2.0**62:
        key = primary.astype(np.int64)
        key = key * spans[1] + (f_hi - fit)
        key = key * spans[2] + tie
        key = key * spans[3] + tie2
        return np.argsort(key, kind="stable")
    return np.lexsort((tie2, tie, -fit, primary))


def _rank_in_group(sorted_group: np.ndarray) -> np.ndarray:
    """0, 1, 2... inside each run of equal values of an already sorted array."""
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_group)) + 1]
    return np.arange(len(sorted_group)) - np.repeat(starts, np.diff(np.r_[starts, len(sorted_group)]))


def prune(
    problem: Problem,
    arcs: np.ndarray,
    origin_cap: np.ndarray,
    post_cap: np.ndarray,
    group_cap: np.ndarray | None = None,
) -> np.ndarray:
    """Drop arcs no optimal plan needs, keeping optimality. Two rules, each an exchange that keeps
    every capacity and never lowers the fit; arcs compare by (fit descending, candidate, post), and
    each exchange swaps a used arc for one earlier in that order, so repeating them ends, with a plan
    as good that uses kept arcs only.

    1. Per post and origin. For a post j and an origin o, keep only the best t = min(cap(o), slots
       left) candidates of o for j. If an optimal plan sends candidate i of o to j while i is not
       among those t, then at most t - 1 of the t are used (o releases at most cap(o) people, i is
       one of them; at most `slots` people move in all), so one of them, c, is free. Sending c
       instead of i keeps every capacity (same origin, same post) and does not lower the fit.
    2. Per candidate, when no agency cap binds (each cap at least the slots of its agency's posts).
       No plan moves more than F people (F = the least of: the slots left, and per origin its release
       bounded by its candidates that have a pair). Keep a candidate's best posts until their slots
       add up to F. If an optimal plan sends candidate c to a post p outside them, the other moves
       take at most F - 1 slots, so one of the kept posts, q, has a free slot; sending c to q instead
       keeps every capacity (same person, no agency cap to break) and does not lower the fit.
    Both rules hold whichever runs first (each exchange only needs its own kept arcs to exist); rule
    2 runs first because it drops more. At 100,000 employees (5,680 candidates x 5,264 posts, 4.0
    million pairs) rule 1 alone kept 3.1 million arcs for the flow; rule 2 keeps 2.2 million and rule
    1 then 1.3 million (docs/BENCHMARKS.md, "The plan through the database").
    """
    if len(arcs) == 0:
        return arcs
    keep_per_origin = np.minimum(origin_cap, int(post_cap.sum()))
    origin = problem.candidate_origin[problem.arc_cand[arcs]]
    arcs = arcs[(post_cap[problem.arc_post[arcs]] > 0) & (keep_per_origin[origin] > 0)]
    if len(arcs) == 0:
        return arcs
    no_binding_cap = True
    if group_cap is not None and len(group_cap):
        room = np.bincount(problem.post_group, weights=post_cap, minlength=len(group_cap))
        no_binding_cap = not (group_cap < room).any()  # else rule 2's exchange could break a cap
    if no_binding_cap:
        arcs = _best_posts_per_candidate(problem, arcs, origin_cap, post_cap)
    # Rule 1: best fit first inside each (post, origin) group; ties broken by candidate.
    arc_cand = problem.arc_cand[arcs]
    origin = problem.candidate_origin[arc_cand]
    key = problem.arc_post[arcs] * (len(origin_cap) + 1) + origin
    order = _group_order(key, problem.arc_fit[arcs], arc_cand, np.zeros(len(arcs), dtype=np.int64))
    kept = order[_rank_in_group(key[order]) < keep_per_origin[origin[order]]]
    return np.sort(arcs[kept])


def _best_posts_per_candidate(
    problem: Problem, arcs: np.ndarray, origin_cap: np.ndarray, post_cap: np.ndarray
) -> np.ndarray:
    """Rule 2 of `prune`: each candidate's pairs best first, kept while the slots before them are
    fewer than the most people any plan can move."""
    arc_cand = problem.arc_cand[arcs]
    arc_post = problem.arc_post[arcs]
    with_pair = np.zeros(problem.n_candidates, dtype=bool)
    with_pair[arc_cand] = True
    per_origin = np.bincount(problem.candidate_origin[with_pair], minlength=len(origin_cap))
    most_moves = int(min(post_cap.sum(), np.minimum(origin_cap, per_origin).sum()))
    order = _group_order(arc_cand, problem.arc_fit[arcs], arc_post, np.zeros(len(arcs), dtype=np.int64))
    slots = post_cap[arc_post[order]]
    total = np.cumsum(slots)
    starts = np.r_[0, np.flatnonzero(np.diff(arc_cand[order])) + 1]
    offset = np.repeat(np.r_[0, total[starts[1:] - 1]], np.diff(np.r_[starts, len(order)]))
    return arcs[order[total - slots - offset < most_moves]]


def solve(problem: Problem, *, use_pruning: bool = True) -> Solution:
    """Most slots filled, then the largest total fit, with the pinned pairs forced."""
    started = time.perf_counter()
    origin_cap, post_cap, group_cap, free, pins = place_pins(problem)
    arcs = prune(problem, free, origin_cap, post_cap, group_cap) if use_pruning else free
    chosen = pins
    flow_stats = {"arcs_scored": int(len(problem.arc_fit)), "arcs_in_network": int(len(arcs))}
    if len(arcs):
        flowing, network_stats = _min_cost_flow(problem, arcs, origin_cap, post_cap, group_cap)
        chosen = np.concatenate([pins, flowing])
        flow_stats.update(network_stats)
    else:
        flow_stats.update(nodes=0, network_arcs=0, max_flow=0, status="optimal")
    return Solution.of(
        problem,
        chosen,
        solver="ortools_min_cost_flow",
        seconds=round(time.perf_counter() - started, 4),
        **flow_stats,
    )


def _min_cost_flow(
    problem: Problem, arcs: np.ndarray, origin_cap: np.ndarray, post_cap: np.ndarray, group_cap: np.ndarray
) -> tuple[np.ndarray, dict]:
    """The `arcs` that carry flow in a maximum flow of minimum cost (cost = -fit), and the network's
    figures. One unit of flow is one move, so the most flow is the most slots filled."""
    net = _network(problem, arcs, origin_cap, post_cap, group_cap)
    mcf = min_cost_flow.SimpleMinCostFlow()
    arc_ids = mcf.add_arcs_with_capacity_and_unit_cost(net.tails, net.heads, net.caps, net.costs)
    supply = int(min(net.candidates, post_cap.sum()))
    mcf.set_node_supply(net.source, supply)
    mcf.set_node_supply(net.sink, -supply)
    status = mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    flows = mcf.flows(arc_ids[net.pair_start : net.pair_start + len(arcs)])
    stats = {
        "nodes": int(net.sink + 1),
        "network_arcs": int(len(net.tails)),
        "max_flow": int(mcf.maximum_flow()),
        "status": "optimal",
    }
    return arcs[flows > 0], stats


class _Network(NamedTuple):
    tails: np.ndarray
    heads: np.ndarray
    caps: np.ndarray
    costs: np.ndarray
    source: int
    sink: int
    candidates: int  # candidate nodes in the network
    pair_start: int  # index of the first candidate -> post arc


def _network(
    problem: Problem, arcs: np.ndarray, origin_cap: np.ndarray, post_cap: np.ndarray, group_cap: np.ndarray
) -> _Network:
    """The network source -> origins -> candidates -> posts -> agencies -> sink, holding only the
    nodes `arcs` reach."""
    k, n, m, g = len(origin_cap), problem.n_candidates, problem.n_posts, len(group_cap)
    # Node numbering: source, origins, candidates, posts, agencies, sink.
    source, o0, c0 = 0, 1, 1 + k
    p0 = c0 + n
    a0 = p0 + m
    sink = a0 + g
    cands = problem.arc_cand[arcs]
    used_cands = np.unique(cands)
    used_posts = np.unique(problem.arc_post[arcs])
    used_groups = np.unique(problem.post_group[used_posts])
    used_origins = np.unique(problem.candidate_origin[used_cands])
    group_room = np.minimum(
        group_cap, np.bincount(problem.post_group, weights=post_cap, minlength=g).astype(np.int64)
    )
    tails = np.concatenate(
        [
            np.full(len(used_origins), source),
            o0 + problem.candidate_origin[used_cands],
            c0 + cands,
            p0 + used_posts,
            a0 + used_groups,
        ]
    )
    heads = np.concatenate(
        [
            o0 + used_origins,
            c0 + used_cands,
            p0 + problem.arc_post[arcs],
            a0 + problem.post_group[used_posts],
            np.full(len(used_groups), sink),
        ]
    )
    caps = np.concatenate(
        [
            origin_cap[used_origins],
            np.ones(len(used_cands), dtype=np.int64),
            np.ones(len(arcs), dtype=np.int64),
            post_cap[used_posts],
            group_room[used_groups],
        ]
    )
    costs = np.concatenate(
        [
            np.zeros(len(used_origins) + len(used_cands), dtype=np.int64),
            -problem.arc_fit[arcs],
            np.zeros(len(used_posts) + len(used_groups), dtype=np.int64),
        ]
    )
    return _Network(
        tails, heads, caps, costs, source, sink, len(used_cands), len(used_origins) + len(used_cands)
    )


def build_problem(
    *,
    candidate_origin: np.ndarray,
    origin_capacity: np.ndarray,
    post_capacity: np.ndarray,
    post_agency_id: np.ndarray,
    arc_cand: np.ndarray,
    arc_post: np.ndarray,
    arc_fit: np.ndarray,
    agency_caps: dict[int, int] | None = None,
    pinned_pairs: list[tuple[int, int]] = (),
    excluded_pairs: list[tuple[int, int]] = (),
) -> tuple[Problem, list[tuple[int, int]]]:
    """A `Problem` from scored pairs; returns it with the pinned pairs that are no longer allowed."""
    arc_cand = np.asarray(arc_cand, dtype=np.int64)
    arc_post = np.asarray(arc_post, dtype=np.int64)
    arc_fit = np.asarray(arc_fit, dtype=np.int64)
    m = len(post_capacity)
    if len(excluded_pairs):
        excluded = np.asarray(list(excluded_pairs), dtype=np.int64).reshape(-1, 2)
        drop = np.isin(arc_cand * m + arc_post, excluded[:, 0] * m + excluded[:, 1])
        arc_cand, arc_post, arc_fit = arc_cand[~drop], arc_post[~drop], arc_fit[~drop]
    agencies, post_group = np.unique(np.asarray(post_agency_id, dtype=np.int64), return_inverse=True)
    caps = agency_caps or {}
    group_capacity = np.array([int(caps.get(int(a), NO_CAP)) for a in agencies], dtype=np.int64)
    pinned, missing = [], []
    if len(pinned_pairs):
        index = {
            (int(c), int(p)): e
            for e, (c, p) in enumerate(zip(arc_cand.tolist(), arc_post.tolist(), strict=True))
        }
        origin_left = np.asarray(origin_capacity, dtype=np.int64).copy()
        post_left = np.asarray(post_capacity, dtype=np.int64).copy()
        group_left = group_capacity.copy()
        seen: set[int] = set()
        for pair in pinned_pairs:
            e = index.get((int(pair[0]), int(pair[1])))
            # A pin survives only if it still fits every capacity (the data may have moved on).
            if e is not None:
                c, p = int(pair[0]), int(pair[1])
                o, g = int(candidate_origin[c]), int(post_group[p])
                if c not in seen and origin_left[o] > 0 and post_left[p] > 0 and group_left[g] > 0:
                    seen.add(c)
                    origin_left[o] -= 1
                    post_left[p] -= 1
                    group_left[g] -= 1
                    pinned.append(e)
                    continue
            missing.append(pair)
    problem = Problem(
        candidate_origin=candidate_origin,
        origin_capacity=origin_capacity,
        post_capacity=post_capacity,
        post_group=post_group.reshape(-1),
        group_capacity=group_capacity,
        arc_cand=arc_cand,
        arc_post=arc_post,
        arc_fit=arc_fit,
        pinned=np.asarray(pinned, dtype=np.int64),
    )
    return problem, missing
