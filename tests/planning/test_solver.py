"""The exact solver against an independent exact solver and a greedy baseline (issue 6, Must show)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from planning import baselines, solver, synthetic
from planning.scoring import Weights
from planning.solver import NO_CAP, Problem, build_problem


@st.composite
def problems(draw, max_candidates=14, max_posts=6, with_pins=False, capped=True):
    """A random region in solver terms: candidates in origin posts, posts in agencies, scored pairs.
    `capped=False`: no agency caps (where the per-candidate pruning rule applies)."""
    n = draw(st.integers(1, max_candidates))
    k = draw(st.integers(1, max(1, n // 2)))
    m = draw(st.integers(1, max_posts))
    g = draw(st.integers(1, m))
    origin = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    origin_cap = draw(st.lists(st.integers(0, 3), min_size=k, max_size=k))
    post_cap = draw(st.lists(st.integers(1, 3), min_size=m, max_size=m))
    post_group = draw(st.lists(st.integers(0, g - 1), min_size=m, max_size=m))
    cap = st.one_of(st.just(int(NO_CAP)), st.integers(0, 3)) if capped else st.just(int(NO_CAP))
    group_cap = draw(st.lists(cap, min_size=g, max_size=g))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, m - 1), st.integers(4000, 10000)),
            max_size=n * m,
            unique_by=lambda t: (t[0], t[1]),
        )
    )
    problem = Problem(
        candidate_origin=origin,
        origin_capacity=origin_cap,
        post_capacity=post_cap,
        post_group=post_group,
        group_capacity=group_cap,
        arc_cand=[p[0] for p in pairs],
        arc_post=[p[1] for p in pairs],
        arc_fit=[p[2] for p in pairs],
    )
    if with_pins and pairs:
        # Pins taken from a feasible plan (greedy's), as HR pins moves the solver proposed.
        chosen = baselines.greedy(problem).arcs
        picked = draw(st.lists(st.sampled_from(chosen.tolist()), unique=True)) if len(chosen) else []
        problem.pinned = np.asarray(picked, dtype=np.int64)
    return problem


def assert_feasible(problem: Problem, sol) -> None:
    """Every constraint of issue 6, point 2, checked from scratch."""
    cands = problem.arc_cand[sol.arcs]
    posts = problem.arc_post[sol.arcs]
    assert len(np.unique(sol.arcs)) == len(sol.arcs)
    assert len(np.unique(cands)) == len(cands), "one move per employee"
    assert (np.bincount(posts, minlength=problem.n_posts) <= problem.post_capacity).all(), (
        "at most the shortage"
    )
    out = np.bincount(problem.candidate_origin[cands], minlength=len(problem.origin_capacity))
    assert (out <= problem.origin_capacity).all(), "origin never below its required staff"
    into = np.bincount(problem.post_group[posts], minlength=len(problem.group_capacity))
    assert (into <= problem.group_capacity).all(), "agency caps"
    assert set(problem.pinned.tolist()) <= set(sol.arcs.tolist()), "pinned moves are kept"
    assert sol.filled == len(sol.arcs)
    assert sol.total_fit == int(problem.arc_fit[sol.arcs].sum())


@settings(max_examples=150, deadline=None)
@given(problems(with_pins=True))
def test_the_flow_plan_fills_as_many_slots_with_as_much_fit_as_the_independent_milp_optimum(problem):
    flow = solver.solve(problem)
    milp = baselines.exact_milp(problem)
    assert_feasible(problem, flow)
    assert_feasible(problem, milp)
    assert (flow.filled, flow.total_fit) == (milp.filled, milp.total_fit)


@settings(max_examples=150, deadline=None)
@given(problems(with_pins=True))
def test_the_flow_plan_is_never_below_greedy_first_in_slots_then_in_fit(problem):
    flow = solver.solve(problem)
    greedy = baselines.greedy(problem)
    assert_feasible(problem, greedy)
    assert flow.filled >= greedy.filled
    if flow.filled == greedy.filled:
        assert flow.total_fit >= greedy.total_fit


@settings(max_examples=60, deadline=None)
@given(problems(max_candidates=20, max_posts=8))
def test_pruning_dominated_pairs_never_changes_the_optimum(problem):
    pruned = solver.solve(problem, use_pruning=True)
    full = solver.solve(problem, use_pruning=False)
    assert (pruned.filled, pruned.total_fit) == (full.filled, full.total_fit)


@settings(max_examples=150, deadline=None)
@given(problems(max_candidates=24, max_posts=8, with_pins=True, capped=False))
def test_the_per_candidate_pruning_rule_keeps_the_optimum_of_the_independent_milp(problem):
    """Rule 2 of `solver.prune` (a candidate's best posts up to as many slots as anyone can fill)
    applies without agency caps: the pruned flow still equals the milp on every pair."""
    flow = solver.solve(problem)
    milp = baselines.exact_milp(problem)
    assert_feasible(problem, flow)
    assert (flow.filled, flow.total_fit) == (milp.filled, milp.total_fit)


def test_the_per_candidate_rule_drops_pairs_no_plan_needs_and_not_under_a_binding_agency_cap():
    # Two candidates of one origin post that releases one person; five posts of one slot each, in
    # two agencies. At most one person moves, so each candidate needs only its best post.
    def problem(group_cap):
        return Problem(
            candidate_origin=[0, 0],
            origin_capacity=[1],
            post_capacity=[1, 1, 1, 1, 1],
            post_group=[0, 0, 0, 1, 1],
            group_capacity=group_cap,
            arc_cand=[0, 0, 0, 1, 1, 1],
            arc_post=[0, 1, 3, 2, 3, 4],
            arc_fit=[9000, 8000, 7000, 6000, 9500, 5000],
        )

    free = problem([NO_CAP, NO_CAP])
    oc, pc, gc, arcs, _pins = solver.place_pins(free)
    kept = solver.prune(free, arcs, oc, pc, gc)
    assert [(int(free.arc_cand[a]), int(free.arc_post[a])) for a in kept] == [(0, 0), (1, 3)]
    assert (solver.solve(free).filled, solver.solve(free).total_fit) == (1, 9500)
    # Agency 1 takes nobody: candidate 1's best post is out of reach, so rule 2 stays off and keeps
    # its post 2 (rule 1 still drops candidate 0 for post 3, where candidate 1 fits better).
    capped = problem([NO_CAP, 0])
    oc, pc, gc, arcs, _pins = solver.place_pins(capped)
    kept = solver.prune(capped, arcs, oc, pc, gc)
    assert [(int(capped.arc_cand[a]), int(capped.arc_post[a])) for a in kept] == [
        (0, 0),
        (0, 1),
        (1, 2),
        (1, 3),
        (1, 4),
    ]
    assert (solver.solve(capped).filled, solver.solve(capped).total_fit) == (1, 9000)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(20, 120), st.integers(4, 25))
def test_on_scored_synthetic_regions_flow_equals_milp_and_no_pair_is_below_the_minimum_fit(seed, n, slots):
    region = synthetic.generate(n, slots, seed=seed)
    problem = synthetic.problem_of(region, agency_caps={1: 2})
    flow = solver.solve(problem)
    milp = baselines.exact_milp(problem)
    greedy = baselines.greedy(problem)
    assert_feasible(problem, flow)
    assert (flow.filled, flow.total_fit) == (milp.filled, milp.total_fit)
    assert (flow.filled, flow.total_fit) >= (greedy.filled, greedy.total_fit)
    assert (problem.arc_fit[flow.arcs] >= Weights().h("min_fit")).all()


def crafted():
    """Ani fits both posts, Budi only the first: best pair first gives Ani the first post and
    leaves the second empty; the optimum sends Ani to the second and Budi to the first."""
    return build_problem(
        candidate_origin=np.array([0, 1]),
        origin_capacity=np.array([1, 1]),
        post_capacity=np.array([1, 1]),
        post_agency_id=np.array([10, 20]),
        arc_cand=np.array([0, 0, 1]),
        arc_post=np.array([0, 1, 0]),
        arc_fit=np.array([9000, 8000, 7000]),
    )[0]


def test_on_a_crafted_instance_greedy_fills_fewer_slots_than_the_exact_plan():
    problem = crafted()
    greedy = baselines.greedy(problem)
    flow = solver.solve(problem)
    assert (greedy.filled, greedy.total_fit) == (1, 9000)
    assert (flow.filled, flow.total_fit) == (2, 15000)
    assert sorted(zip(problem.arc_cand[flow.arcs].tolist(), problem.arc_post[flow.arcs].tolist())) == [
        (0, 1),
        (1, 0),
    ]


def test_on_a_crafted_instance_greedy_has_less_fit_for_the_same_slots():
    # Two posts, two people, all four pairs allowed: best-first takes 95 then must accept 40.
    problem = build_problem(
        candidate_origin=np.array([0, 1]),
        origin_capacity=np.array([1, 1]),
        post_capacity=np.array([1, 1]),
        post_agency_id=np.array([1, 1]),
        arc_cand=np.array([0, 0, 1, 1]),
        arc_post=np.array([0, 1, 0, 1]),
        arc_fit=np.array([9500, 9000, 8800, 4000]),
    )[0]
    greedy = baselines.greedy(problem)
    flow = solver.solve(problem)
    assert greedy.filled == flow.filled == 2
    assert greedy.total_fit == 13500 < flow.total_fit == 17800


def test_an_origin_post_never_releases_more_than_its_surplus():
    problem = build_problem(
        candidate_origin=np.array([0, 0, 0]),
        origin_capacity=np.array([1]),
        post_capacity=np.array([3]),
        post_agency_id=np.array([1]),
        arc_cand=np.array([0, 1, 2]),
        arc_post=np.array([0, 0, 0]),
        arc_fit=np.array([6000, 7000, 8000]),
    )[0]
    sol = solver.solve(problem)
    assert sol.filled == 1
    assert problem.arc_cand[sol.arcs].tolist() == [2]


def test_a_pinned_pair_is_forced_and_an_excluded_pair_never_proposed():
    problem, missing = build_problem(
        candidate_origin=np.array([0, 1]),
        origin_capacity=np.array([1, 1]),
        post_capacity=np.array([1, 1]),
        post_agency_id=np.array([10, 20]),
        arc_cand=np.array([0, 0, 1]),
        arc_post=np.array([0, 1, 0]),
        arc_fit=np.array([9000, 8000, 7000]),
        pinned_pairs=[(0, 0)],
        excluded_pairs=[(0, 1)],
    )
    sol = solver.solve(problem)
    assert missing == []
    assert list(
        zip(problem.arc_cand[sol.arcs].tolist(), problem.arc_post[sol.arcs].tolist(), strict=True)
    ) == [(0, 0)]
    assert baselines.exact_milp(problem).total_fit == sol.total_fit == 9000


def test_a_pin_the_capacities_no_longer_allow_is_reported_not_forced():
    problem, missing = build_problem(
        candidate_origin=np.array([0, 0]),
        origin_capacity=np.array([1]),
        post_capacity=np.array([2]),
        post_agency_id=np.array([1]),
        arc_cand=np.array([0, 1]),
        arc_post=np.array([0, 0]),
        arc_fit=np.array([6000, 7000]),
        pinned_pairs=[(0, 0), (1, 0), (5, 0)],
    )
    assert missing == [(1, 0), (5, 0)]
    assert solver.solve(problem).arcs.tolist() == [0]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(-3, 9000), st.integers(0, 5), st.integers(0, 2)),
        max_size=60,
    ),
    st.sampled_from([1, 2**36, 2**48]),
)
def test_the_group_order_is_the_stable_sort_of_its_keys_on_each_path(rows, scale):
    """`solver._group_order` sorts by (primary, fit descending, tie, tie2), equal keys in their order,
    by one of three paths as the key's width allows (the key with the positions in its low bits and
    `np.sort`; the key and a stable argsort; the lexsort): each answers what Python's stable sort
    answers."""
    primary, fit, tie, tie2 = (np.asarray([r[i] for r in rows], dtype=np.int64) for i in range(4))
    primary = primary * scale
    expected = sorted(range(len(rows)), key=lambda i: (primary[i], -fit[i], tie[i], tie2[i]))
    assert solver._group_order(primary, fit, tie, tie2).tolist() == expected


def test_the_group_order_takes_each_path_as_the_keys_width_allows(monkeypatch):
    calls = []

    def stable(keys):  # what np.lexsort answers, last key first
        return np.array(sorted(range(len(keys[0])), key=lambda i: tuple(k[i] for k in reversed(keys))))

    monkeypatch.setattr(np, "argsort", lambda key, kind=None: calls.append("argsort") or stable((key,)))
    monkeypatch.setattr(np, "lexsort", lambda keys: calls.append("lexsort") or stable(keys))
    fit = np.array([5, 7, 5, 9])
    zero = np.zeros(4, dtype=np.int64)
    for scale, path in ((1, []), (2**58, ["argsort"]), (2**61, ["lexsort"])):
        calls.clear()
        primary = np.array([1, 0, 1, 0]) * scale
        assert solver._group_order(primary, fit, zero, zero).tolist() == [3, 1, 0, 2]
        assert calls == path
