"""The optimiser respects what employees said (issue 21, point 4, Must show): a move against a
protecting circumstance or an objected pair is never proposed, a wish gets its bonus and a dislike
(or a circumstance that does not protect) its cost, and the flow plan stays equal to the independent
exact solver (scipy milp) with these in the objective. With them, talent (issue 20, point 6): a
managerial or key post gives talent its weight by the box, and no box 1-3 employee goes into one. Checked against a plain-Python reading of the
rules written here, not against the scorer's own arithmetic."""

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from planning import baselines, solver, synthetic
from planning.scoring import PARTS, CandidateTable, PostTable, Weights, explain, score_pairs
from tests.planning.test_solver import assert_feasible

# --- a plain reading of the rules (planning.scoring's module docstring) ------------------------------


def naive_view(cands: CandidateTable, posts: PostTable, i: int, j: int) -> str:
    """The most specific statement naming the destination decides (a dislike beats a wish at one
    level); else a non-protecting circumstance against the move; else no view."""
    targets = {
        "position": int(posts.position_id[j]),
        "unit": int(posts.unit_id[j]),
        "agency": int(posts.agency_id[j]),
    }
    for level in ("position", "unit", "agency"):
        kinds = {k for k, lv, t in cands.views[i] if lv == level and int(t) == targets[level]}
        if kinds:
            return "dislike" if "dislike" in kinds else "wish"
    soft = cands.soft_circumstance[i]
    if soft == "any_move" or (soft == "other_agency" and cands.agency_id[i] != posts.agency_id[j]):
        return "circumstance"
    return "none"


def naive_forbidden(cands: CandidateTable, posts: PostTable, i: int, j: int) -> bool:
    hard = cands.protected[i]
    other_agency = cands.agency_id[i] != posts.agency_id[j]
    objected = int(posts.position_id[j]) in {int(p) for p in cands.objected_posts[i]}
    low_box_into_key_post = bool(posts.talent_post[j]) and 1 <= cands.talent_box[i] <= 3  # issue 20
    return (
        hard == "any_move" or (hard == "other_agency" and other_agency) or objected or low_box_into_key_post
    )


def naive_talent(cands: CandidateTable, posts: PostTable, weights: Weights, i: int, j: int) -> int:
    """Issue 20: in a managerial or key post, box 9 earns the whole weight, box 1 nothing, linear."""
    box = cands.talent_box[i]
    if not posts.talent_post[j] or box < 1:
        return 0
    return round(weights.h("talent") * (box - 1) / 8)


def bonus(view: str, weights: Weights) -> int:
    return {"wish": weights.h("preference"), "none": 0}.get(view, -weights.h("penalty_dislike"))


# --- random regions with random statements ------------------------------------------------------------

SCOPES = st.sampled_from(["", "", "", "other_agency", "any_move"])


@st.composite
def stated_regions(draw, max_candidates=40, max_slots=12):
    n = draw(st.integers(2, max_candidates))
    region = synthetic.generate(n, draw(st.integers(1, max_slots)), seed=draw(st.integers(0, 10_000)))
    posts, cands = region.posts, region.candidates
    targets = {
        "agency": sorted({int(a) for a in posts.agency_id}),
        "unit": sorted({int(u) for u in posts.unit_id}),
        "position": posts.position_id.tolist(),
    }
    statement = st.sampled_from(["agency", "unit", "position"]).flatmap(
        lambda level: st.tuples(
            st.sampled_from(["wish", "dislike"]), st.just(level), st.sampled_from(targets[level])
        )
    )
    views = draw(st.lists(st.lists(statement, max_size=4), min_size=n, max_size=n))
    protected = draw(st.lists(SCOPES, min_size=n, max_size=n))
    soft = draw(st.lists(SCOPES, min_size=n, max_size=n))
    objected = draw(
        st.lists(st.lists(st.sampled_from(targets["position"]), max_size=2), min_size=n, max_size=n)
    )
    boxes = draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))
    key = draw(st.lists(st.booleans(), min_size=len(posts), max_size=len(posts)))
    posts = replace(posts, talent_post=np.array(key, dtype=bool))
    weights = Weights(
        preference=draw(st.integers(0, 30)),
        penalty_dislike=draw(st.integers(0, 30)),
        talent=draw(st.integers(0, 30)),
        min_fit=35,
    )
    cands = replace(
        cands,
        views=views,
        protected=protected,
        soft_circumstance=soft,
        objected_posts=objected,
        talent_box=boxes,
    )
    return replace(region, candidates=cands, posts=posts, weights=weights)


@settings(max_examples=80, deadline=None)
@given(stated_regions())
def test_no_forbidden_pair_is_scored_each_view_gets_its_bonus_or_cost_and_the_parts_sum_to_the_fit(region):
    cands, posts, weights = region.candidates, region.posts, region.weights
    scores, enc = score_pairs(cands, posts, weights)
    parts, _ = explain(enc, weights, scores.cand, scores.post, scores.penalised)
    for i, j, fit, part in zip(
        scores.cand.tolist(), scores.post.tolist(), scores.fit.tolist(), parts, strict=True
    ):
        assert not naive_forbidden(cands, posts, i, j)
        view = naive_view(cands, posts, i, j)
        assert part["view"] == view
        assert round(part["preference"] * 100) == max(bonus(view, weights), 0)
        assert round(part["dislike_penalty"] * 100) == min(bonus(view, weights), 0)
        assert round(part["talent"] * 100) == naive_talent(cands, posts, weights, i, j)
        assert round(sum(part[p] for p in PARTS) * 100) == fit
        assert fit >= weights.h("min_fit")
    # Nothing allowed is lost: every allowed pair reaching the minimum without statements, and whose
    # stated view does not lower it, is still scored (the rules only take away what they name).
    plain = replace(cands, views=(), protected=(), soft_circumstance=(), objected_posts=(), talent_box=())
    base, _ = score_pairs(plain, posts, replace(weights, min_fit=-10_000, penalty_cross_agency=0))
    with_views = {
        (int(c), int(p)): int(f) for c, p, f in zip(scores.cand, scores.post, scores.fit, strict=True)
    }
    penalised = {
        (int(c), int(p)) for c, p, x in zip(scores.cand, scores.post, scores.penalised, strict=True) if x
    }
    for i, j, raw in zip(base.cand.tolist(), base.post.tolist(), base.fit.tolist(), strict=True):
        expected = (
            raw + bonus(naive_view(cands, posts, i, j), weights) + naive_talent(cands, posts, weights, i, j)
        )
        if naive_forbidden(cands, posts, i, j):
            assert (i, j) not in with_views
        elif (i, j) in with_views:
            pen = weights.h("penalty_cross_agency") if (i, j) in penalised else 0
            assert with_views[(i, j)] == expected - pen
        else:
            assert expected < weights.h("min_fit") + weights.h("penalty_cross_agency")


@settings(max_examples=80, deadline=None)
@given(stated_regions())
def test_with_statements_in_the_objective_the_flow_plan_equals_the_milp_optimum_and_breaks_no_protection(
    region,
):
    problem = synthetic.problem_of(region)  # scored with the region's statements and weights
    flow = solver.solve(problem)
    milp = baselines.exact_milp(problem)
    assert_feasible(problem, flow)
    assert (flow.filled, flow.total_fit) == (milp.filled, milp.total_fit)
    for i, j in zip(problem.arc_cand[flow.arcs].tolist(), problem.arc_post[flow.arcs].tolist(), strict=True):
        assert not naive_forbidden(region.candidates, region.posts, i, j)


# --- crafted cases: how the statements combine ----------------------------------------------------------

POSTS = PostTable(
    position_id=np.array([100, 101, 200]),
    agency_id=np.array([2, 2, 1]),
    unit_id=np.array([20, 21, 10]),
    shortage=np.array([1, 1, 1]),
    required_levels=[[], [], []],
    required_fields=[[], [], []],
    competency_tags=[[], [], []],
)


def people(*rows):
    n = len(rows)
    return CandidateTable(
        employee_id=np.arange(1, n + 1),
        origin=np.zeros(n, dtype=np.int64),
        agency_id=np.ones(n, dtype=np.int64),  # everyone works in agency 1 (post 200 is a rotation)
        education_level=["s1"] * n,
        education_field=["Manajemen"] * n,
        competencies=[[]] * n,
        predicates=[["baik", "baik"]] * n,
        years_in_post=np.full(n, 5.0),
        views=[r.get("views", []) for r in rows],
        protected=[r.get("protected", "") for r in rows],
        soft_circumstance=[r.get("soft", "") for r in rows],
        objected_posts=[r.get("objected", []) for r in rows],
    )


def views_of(cands):
    weights = Weights(penalty_cross_agency=0)
    scores, enc = score_pairs(cands, POSTS, weights)
    parts, _ = explain(enc, weights, scores.cand, scores.post, scores.penalised)
    return {
        (int(c), int(POSTS.position_id[p])): (
            b["view"],
            b["view_level"],
            b["preference"],
            b["dislike_penalty"],
        )
        for c, p, b in zip(scores.cand, scores.post, parts, strict=True)
    }


def test_the_most_specific_statement_decides_and_counts_once():
    got = views_of(
        people(
            # A wish for agency 2 but a dislike of its unit 21: post 101 is against, post 100 follows.
            {"views": [("wish", "agency", 2), ("dislike", "unit", 21)]},
            # A wish for agency 2, its unit 20 and post 100: the bonus counts once.
            {"views": [("wish", "agency", 2), ("wish", "unit", 20), ("wish", "position", 100)]},
            # Both a wish and a dislike of one post: the dislike wins.
            {"views": [("wish", "position", 200), ("dislike", "position", 200)]},
        )
    )
    assert got[(0, 100)] == ("wish", "agency", 15.0, 0.0)
    assert got[(0, 101)] == ("dislike", "unit", 0.0, -15.0)
    assert got[(0, 200)] == ("none", "", 0.0, 0.0)
    assert got[(1, 100)] == ("wish", "position", 15.0, 0.0)
    assert got[(1, 101)] == ("wish", "agency", 15.0, 0.0)
    assert got[(2, 200)] == ("dislike", "position", 0.0, -15.0)


def test_a_circumstance_that_does_not_protect_costs_like_a_dislike_unless_the_employee_wished_for_the_place():
    got = views_of(
        people({"soft": "other_agency", "views": [("wish", "position", 101)]}, {"soft": "any_move"})
    )
    assert got[(0, 100)] == ("circumstance", "", 0.0, -15.0)  # another agency
    assert got[(0, 101)] == ("wish", "position", 15.0, 0.0)  # asked for it
    assert got[(0, 200)] == ("none", "", 0.0, 0.0)  # a rotation inside agency 1
    assert got[(1, 200)] == ("circumstance", "", 0.0, -15.0)


def test_protecting_circumstances_and_objections_leave_out_exactly_the_moves_they_name():
    got = views_of(
        people(
            {"protected": "other_agency", "views": [("wish", "agency", 2)]},  # a wish does not lift it
            {"protected": "any_move"},
            {"objected": [100]},
            {},
        )
    )
    assert {p for c, p in got if c == 0} == {200}
    assert {p for c, p in got if c == 1} == set()
    assert {p for c, p in got if c == 2} == {101, 200}
    assert {p for c, p in got if c == 3} == {100, 101, 200}
