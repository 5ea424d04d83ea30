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
from ortools.graph.python import max_flow, min_cost_flow

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
    """Indices sorted by (primary, fit descending, tie, tie2), equal keys in their order: one int64
    key when it fits in 63 bits, else the lexsort.

    Speed (docs/BENCHMARKS.md "The plan through the database"): the key against the three-key lexsort,
    0.3 s against 1.2 s at 100,000 employees. When the position too fits in the key's low bits, the
    key is sorted by `np.sort` (numpy's vectorised quicksort) and the positions read back from it,
    instead of a stable argsort: the same order (the position decides between equal keys, as the
    stable sort keeps them), 0.020 s against 0.066 s for rule 1's 2.2 million arcs (`prune`; min of
    5, 2026-12-06); `tests/planning/test_solver.py` holds the three paths to one order."""
    n = len(primary)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    f_lo, f_hi = int(fit.min()), int(fit.max())
    spans = [int(primary.max()) + 1, f_hi - f_lo + 1, int(tie.max()) + 1, int(tie2.max()) + 1]
    if min(primary.min(), tie.min(), tie2.min()) >= 0 and np.prod([float(x) for x in spans]) < 2.0**62:
        # In place: one array of the arcs' length, where each `key * span + x` allocated three.
        key = primary.astype(np.int64)
        key *= spans[1]
        key += f_hi
        key -= fit
        # A tie that is 0 everywhere (span 1) adds nothing to the key: two passes over the arcs less.
        if spans[2] > 1:
            key *= spans[2]
            key += tie
        if spans[3] > 1:
            key *= spans[3]
            key += tie2
        bits = (n - 1).bit_length()
        if np.prod([float(x) for x in spans]) * 2.0**bits < 2.0**62:
            key <<= bits
            key |= np.arange(n, dtype=np.int64)
            key.sort()
            key &= (1 << bits) - 1
            return key
        return np.argsort(key, kind="stable")
    return np.lexsort((tie2, tie, -fit, primary))


def prune(
    problem: Problem,
    arcs: np.ndarray,
    origin_cap: np.ndarray,
    post_cap: np.ndarray,
    group_cap: np.ndarray | None = None,
) -> np.ndarray:
    """Drop arcs no optimal plan needs, keeping optimality (`arcs`: distinct arc indices, sorted). Two
    rules, each an exchange that keeps every capacity and never lowers the fit; arcs compare by (fit
    descending, candidate, post), and each exchange swaps a used arc for one earlier in that order,
    so repeating them ends, with a plan as good that uses kept arcs only.

    1. Per post and origin. For a post j and an origin o, keep only the best t = min(cap(o), slots
       left) candidates of o for j. If an optimal plan sends candidate i of o to j while i is not
       among those t, then at most t - 1 of the t are used (o releases at most cap(o) people, i is
       one of them; at most `slots` people move in all), so one of them, c, is free. Sending c
       instead of i keeps every capacity (same origin, same post) and does not lower the fit.
    2. Per candidate, when no agency cap binds (each cap at least the slots of its agency's posts).
       No plan moves more than F people. Keep a candidate's best posts until their slots add up to
       F. If an optimal plan sends candidate c to a post p outside them, the other moves take at
       most F - 1 slots, so one of the kept posts, q, has a free slot; sending c to q instead keeps
       every capacity (same person, no agency cap to break) and does not lower the fit.
    Both rules hold whichever runs first, and together on one set of arcs: each exchange only needs
    its own kept arcs to exist, so an optimal plan that comes first in the order (the least sum of
    its arcs' ranks) uses arcs both rules keep. Rule 2 runs first because it drops more, with F the
    bound read off the arcs (the least of: the slots left, and per origin its release bounded by its
    candidates that have a pair); rule 1 then runs on what it kept. F is then tightened to the
    maximum flow of those arcs, which is the most people any plan moves at all (rule 2 and rule 1
    keep an optimal plan, which is a maximum flow), and rule 2 is applied again with it on the same
    arcs: a candidate's kept posts are a prefix of its posts in the order, so "the slots before this
    arc" are the same numbers as on all arcs, and the second cut is rule 2 with F on the arcs rule 2
    kept first. At 100,000 employees (5,680 candidates x 5,264 posts, 4.0 million pairs) rule 1
    alone kept 3.1 million arcs for the flow; rule 2 keeps 2.2 million, rule 1 then 1.3 million,
    and rule 2 with the maximum flow (1,502 against the bound 2,367) 0.94 million, where the
    min-cost flow takes 0.52 s instead of 0.76 (docs/BENCHMARKS.md, "The plan through the database").
    """
    return _prune(problem, arcs, origin_cap, post_cap, group_cap)[0]


def _prune(
    problem: Problem,
    arcs: np.ndarray,
    origin_cap: np.ndarray,
    post_cap: np.ndarray,
    group_cap: np.ndarray | None = None,
) -> tuple[np.ndarray, int | None]:
    """`prune`, with the most people any plan moves when rule 2 worked it out (else None)."""
    total = len(problem.arc_fit)
    if len(arcs) == 0:
        return arcs, None
    # The arcs' facts, read once (all arcs, as when nothing is pinned, need no copy).
    every = len(arcs) == total
    cand = problem.arc_cand if every else problem.arc_cand[arcs]
    post = problem.arc_post if every else problem.arc_post[arcs]
    fit = problem.arc_fit if every else problem.arc_fit[arcs]
    keep_per_origin = np.minimum(origin_cap, int(post_cap.sum()))
    origin = problem.candidate_origin[cand]
    usable = (post_cap[post] > 0) & (keep_per_origin[origin] > 0)
    if not usable.all():
        arcs, cand, post, fit, origin = arcs[usable], cand[usable], post[usable], fit[usable], origin[usable]
        if len(arcs) == 0:
            return arcs, None
    no_binding_cap = True
    if group_cap is not None and len(group_cap):
        room = np.bincount(problem.post_group, weights=post_cap, minlength=len(group_cap))
        no_binding_cap = not (group_cap < room).any()  # else rule 2's exchange could break a cap
    before = None
    tie = cand
    if no_binding_cap:
        sel, before, bound = _best_posts_per_candidate(problem, cand, post, fit, origin_cap, post_cap)
        arcs, post, fit, origin = arcs[sel], post[sel], fit[sel], origin[sel]
        # Rule 2 hands its arcs over by candidate: the stable sort below keeps that order in ties.
        tie = np.zeros(len(arcs), dtype=np.int64)
    # Rule 1: best fit first inside each (post, origin) group; ties broken by candidate.
    key = post * (len(origin_cap) + 1) + origin
    order = _group_order(key, fit, tie, np.zeros(len(arcs), dtype=np.int64))
    kept = order[_rank_in_runs(key[order]) < keep_per_origin[origin[order]]]
    most = None
    if before is not None:
        most = _most_moves(problem, arcs[kept], origin_cap, post_cap)
        if most < bound:
            kept = kept[before[kept] < most]
    return _sorted_subset(arcs[kept], total), most


def _sorted_subset(arcs: np.ndarray, total: int) -> np.ndarray:
    """`np.sort(arcs)` for distinct arc indices below `total`, by a mask (linear, no sort)."""
    mask = np.zeros(total, dtype=bool)
    mask[arcs] = True
    return np.flatnonzero(mask)


def _rank_in_runs(values: np.ndarray) -> np.ndarray:
    """0, 1, 2... inside each run of equal values of an array already grouped by them."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=new[1:])
    return _rank_after_starts(np.flatnonzero(new), len(values))


def _rank_after_starts(starts: np.ndarray, length: int) -> np.ndarray:
    """0, 1, 2... inside runs beginning at `starts` (ascending, the first 0) of `length` items."""
    return np.arange(length) - np.repeat(starts, np.diff(np.r_[starts, length]))


def _best_posts_per_candidate(
    problem: Problem,
    cand: np.ndarray,
    post: np.ndarray,
    fit: np.ndarray,
    origin_cap: np.ndarray,
    post_cap: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Rule 2 of `prune` on the arcs (cand, post, fit): each candidate's pairs best first, kept while
    the slots before them are fewer than the bound F read off the arcs. Returns the kept positions
    (by candidate, best first), the slots before each of them, and F."""
    with_pair = np.zeros(problem.n_candidates, dtype=bool)
    with_pair[cand] = True
    per_origin = np.bincount(problem.candidate_origin[with_pair], minlength=len(origin_cap))
    most_moves = int(min(post_cap.sum(), np.minimum(origin_cap, per_origin).sum()))
    order = _group_order(cand, fit, post, np.zeros(len(cand), dtype=np.int64))
    slots = post_cap[post[order]]
    before = np.cumsum(slots)
    before -= slots
    # Each candidate's run starts where the runs of the candidates before it end.
    counts = np.bincount(cand, minlength=problem.n_candidates)
    counts = counts[counts > 0]
    starts = np.cumsum(counts) - counts
    before -= np.repeat(before[starts], counts)
    keep = before < most_moves
    return order[keep], before[keep], most_moves


def _most_moves(problem: Problem, arcs: np.ndarray, origin_cap: np.ndarray, post_cap: np.ndarray) -> int:
    """The most people any plan on `arcs` moves: a maximum flow source -> origins -> candidates ->
    posts -> sink (agency caps left out: `prune` asks only when none binds). 0.13 s on 1.3 million
    arcs, and the min-cost flow then needs no maximum flow of its own (`_min_cost_flow`)."""
    k, n = len(origin_cap), problem.n_candidates
    cands = problem.arc_cand[arcs]
    posts = problem.arc_post[arcs]
    used_cands = _used(cands, n)
    used_posts = _used(posts, problem.n_posts)
    source, o0, c0 = 0, 1, 1 + k
    p0 = c0 + n
    sink = p0 + problem.n_posts
    tails = np.concatenate(
        [np.zeros(k, dtype=np.int64), o0 + problem.candidate_origin[used_cands], c0 + cands, p0 + used_posts]
    )
    heads = np.concatenate([o0 + np.arange(k), c0 + used_cands, p0 + posts, np.full(len(used_posts), sink)])
    caps = np.concatenate(
        [origin_cap, np.ones(len(used_cands) + len(arcs), dtype=np.int64), post_cap[used_posts]]
    )
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(tails, heads, caps)
    status = flow.solve(source, sink)
    if status != flow.OPTIMAL:
        raise RuntimeError(f"maximum flow ended with status {status}")
    return int(flow.optimal_flow())


def solve(problem: Problem, *, use_pruning: bool = True) -> Solution:
    """Most slots filled, then the largest total fit, with the pinned pairs forced."""
    started = time.perf_counter()
    origin_cap, post_cap, group_cap, free, pins = place_pins(problem)
    arcs, most = _prune(problem, free, origin_cap, post_cap, group_cap) if use_pruning else (free, None)
    chosen = pins
    flow_stats = {"arcs_scored": int(len(problem.arc_fit)), "arcs_in_network": int(len(arcs))}
    if len(arcs):
        flowing, network_stats = _min_cost_flow(problem, arcs, origin_cap, post_cap, group_cap, most)
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
    problem: Problem,
    arcs: np.ndarray,
    origin_cap: np.ndarray,
    post_cap: np.ndarray,
    group_cap: np.ndarray,
    most: int | None = None,
) -> tuple[np.ndarray, dict]:
    """The `arcs` that carry flow in a maximum flow of minimum cost (cost = -fit), and the network's
    figures. One unit of flow is one move, so the most flow is the most slots filled. `most`, when
    known, is that maximum flow (`_most_moves` on these arcs' network): the flow of exactly that much
    at least cost is then solved directly (`solve`), without the search for the maximum
    (`solve_max_flow_with_min_cost`); the same optimum."""
    net = _network(problem, arcs, origin_cap, post_cap, group_cap)
    costs = net.costs
    if most is not None:
        # A flow of exactly `most` units crosses exactly `most` candidate -> post arcs, so adding one
        # constant to each of their costs adds the same to every such flow's cost: the same optimum.
        # Costs from 0 (the best fit) up solve faster than -fit: 0.42 s against 0.50 at 100,000
        # employees.
        costs = costs.copy()
        costs[net.pair_start : net.pair_start + len(arcs)] += int(problem.arc_fit[arcs].max())
    mcf = min_cost_flow.SimpleMinCostFlow()
    arc_ids = mcf.add_arcs_with_capacity_and_unit_cost(net.tails, net.heads, net.caps, costs)
    supply = int(min(net.candidates, post_cap.sum())) if most is None else int(most)
    mcf.set_node_supply(net.source, supply)
    mcf.set_node_supply(net.sink, -supply)
    status = mcf.solve() if most is not None else mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    flows = mcf.flows(arc_ids[net.pair_start : net.pair_start + len(arcs)])
    stats = {
        "nodes": int(net.sink + 1),
        "network_arcs": int(len(net.tails)),
        "max_flow": int(mcf.maximum_flow()) if most is None else int(flows.sum()),
        "status": "optimal",
    }
    return arcs[flows > 0], stats


def _used(values: np.ndarray, size: int) -> np.ndarray:
    """`np.unique(values)` for values in range(size), by counting (no sort)."""
    return np.flatnonzero(np.bincount(values, minlength=size))


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
    used_cands = _used(cands, n)
    used_posts = _used(problem.arc_post[arcs], m)
    used_groups = _used(problem.post_group[used_posts], g)
    used_origins = _used(problem.candidate_origin[used_cands], k)
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
