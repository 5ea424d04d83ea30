"""Two reference solvers for the same `Problem`, used by the tests and benchmarks/planning.py.

- `greedy`: what a careful person does in a spreadsheet, best pair first. Fast, never better than
  the exact plan and sometimes strictly worse (it can block a slot only one candidate could fill).
- `exact_milp`: an independent exact solver. It shares nothing with the flow solver but the
  `Problem`: a 0/1 integer programme solved by HiGHS through `scipy.optimize.milp`, maximising
  M x (slots filled) + (total fit) with M larger than any total fit, which is the same lexicographic
  objective. Pins are lower bounds (x = 1), not a pre-placement, and no arc is pruned.
"""

from __future__ import annotations

import time

import numpy as np
from scipy import optimize, sparse

from planning.solver import InfeasiblePins, Problem, Solution, place_pins


def greedy(problem: Problem) -> Solution:
    """Pinned pairs first, then the remaining pairs by fit (best first) while capacities allow."""
    started = time.perf_counter()
    origin_cap, post_cap, group_cap, free, pins = place_pins(problem)
    origin_cap, post_cap, group_cap = origin_cap.tolist(), post_cap.tolist(), group_cap.tolist()
    used = np.zeros(problem.n_candidates, dtype=bool)
    used[problem.arc_cand[pins]] = True
    used = used.tolist()
    order = free[np.lexsort((free, -problem.arc_fit[free]))]
    cand = problem.arc_cand[order].tolist()
    post = problem.arc_post[order].tolist()
    origin_of = problem.candidate_origin.tolist()
    group_of = problem.post_group.tolist()
    chosen = []
    slots_left = sum(post_cap)
    for e, i, j in zip(order.tolist(), cand, post, strict=True):
        if slots_left == 0:
            break
        if used[i] or post_cap[j] == 0:
            continue
        o, g = origin_of[i], group_of[j]
        if origin_cap[o] == 0 or group_cap[g] == 0:
            continue
        used[i] = True
        post_cap[j] -= 1
        origin_cap[o] -= 1
        group_cap[g] -= 1
        slots_left -= 1
        chosen.append(e)
    arcs = np.concatenate([pins, np.asarray(chosen, dtype=np.int64)])
    return Solution.of(problem, arcs, solver="greedy", seconds=round(time.perf_counter() - started, 4))


def exact_milp(problem: Problem, *, time_limit: float | None = None) -> Solution:
    """The lexicographic optimum by integer programming (HiGHS), independent of the flow solver."""
    started = time.perf_counter()
    e = len(problem.arc_fit)
    pins = np.unique(problem.pinned)
    if len(np.unique(problem.arc_cand[pins])) != len(pins):
        raise InfeasiblePins("an employee is pinned to two posts")
    if e == 0:
        return Solution.of(problem, pins, solver="scipy_milp", seconds=0.0, status="optimal")
    n, k, m = problem.n_candidates, len(problem.origin_capacity), problem.n_posts
    g = len(problem.group_capacity)
    cols = np.arange(e)
    rows = np.concatenate(
        [
            problem.arc_cand,  # one move per employee
            n + problem.candidate_origin[problem.arc_cand],  # origin keeps its required staff
            n + k + problem.arc_post,  # a post receives at most its shortage
            n + k + m + problem.post_group[problem.arc_post],  # optional agency caps
        ]
    )
    matrix = sparse.csr_array((np.ones(4 * e), (rows, np.tile(cols, 4))), shape=(n + k + m + g, e))
    upper = np.concatenate(
        [np.ones(n), problem.origin_capacity, problem.post_capacity, np.minimum(problem.group_capacity, e)]
    ).astype(float)
    # M exceeds any achievable total fit, so one more slot always beats any gain in fit.
    big_m = float(min(n, problem.n_slots) * max(int(problem.arc_fit.max()), 1) + 1)
    lower_x = np.zeros(e)
    lower_x[pins] = 1.0
    options = {"disp": False, "mip_rel_gap": 0.0}
    if time_limit is not None:
        options["time_limit"] = time_limit
    result = optimize.milp(
        c=-(big_m + problem.arc_fit.astype(float)),
        constraints=optimize.LinearConstraint(matrix, -np.inf, upper),
        integrality=np.ones(e),
        bounds=optimize.Bounds(lower_x, np.ones(e)),
        options=options,
    )
    if result.x is None:
        return Solution(
            arcs=np.zeros(0, dtype=np.int64),
            filled=0,
            total_fit=0,
            stats={
                "solver": "scipy_milp",
                "status": result.message,
                "seconds": time.perf_counter() - started,
            },
        )
    chosen = np.flatnonzero(result.x > 0.5)
    return Solution.of(
        problem,
        chosen,
        solver="scipy_milp",
        status="optimal" if result.status == 0 else str(result.message),
        seconds=round(time.perf_counter() - started, 4),
    )
