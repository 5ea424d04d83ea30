"""The fit score: each visible part, computed by hand for a few pairs (issue 6, point 1)."""

import numpy as np

from planning.scoring import PARTS, CandidateTable, PostTable, Weights, explain, score_pairs


def table(**people):
    rows = list(people.values())
    return CandidateTable(
        employee_id=np.arange(1, len(rows) + 1),
        origin=np.zeros(len(rows), dtype=np.int64),
        agency_id=np.array([r["agency"] for r in rows]),
        education_level=[r["level"] for r in rows],
        education_field=[r["field"] for r in rows],
        competencies=[r.get("tags", []) for r in rows],
        predicates=[r.get("skp", ["baik", "baik"]) for r in rows],
        years_in_post=np.array([r.get("years", 5.0) for r in rows]),
        views=[[("wish", "agency", a) for a in r.get("prefs", [])] for r in rows],
    )


POSTS = PostTable(
    position_id=np.array([100, 200]),
    agency_id=np.array([2, 1]),
    shortage=np.array([1, 1]),
    required_levels=[["s1"], []],
    required_fields=[["Kesehatan Masyarakat"], []],
    competency_tags=[["Data Kesehatan", "pengolahan data"], []],
)


def by_pair(scores, enc, weights):
    parts, missing = explain(enc, weights, scores.cand, scores.post, scores.penalised)
    return {
        (int(c), int(p)): (int(f), part, miss)
        for c, p, f, part, miss in zip(scores.cand, scores.post, scores.fit, parts, missing, strict=True)
    }


def test_each_part_follows_the_policy_weights():
    people = table(
        siti={
            "agency": 1,
            "level": "s1",
            "field": "kesehatan  masyarakat",
            "tags": ["data kesehatan"],
            "skp": ["sangat_baik", "baik"],
            "years": 2.5,
            "prefs": [2],
        },
        budi={"agency": 1, "level": "s2", "field": "Kesehatan Masyarakat", "tags": [], "years": 7},
        tono={"agency": 1, "level": "d3", "field": "Transportasi", "years": 1},
    )
    weights = Weights()
    scores, enc = score_pairs(people, POSTS, weights)
    pairs = by_pair(scores, enc, weights)

    fit, parts, missing = pairs[(0, 0)]
    # level 15 + field 15 + competency 25 x 1/2 + SKP 20 x (1 + 0.75)/2 + rotation 10 x 2.5/5 + preference 15
    assert parts == {
        "education_level": 15.0,
        "education_field": 15.0,
        "competency": 12.5,
        "performance": 17.5,
        "rotation": 5.0,
        "talent": 0.0,
        "preference": 15.0,
        "dislike_penalty": 0.0,
        "cross_agency_penalty": 0.0,
        "view": "wish",
        "view_level": "agency",
    }
    assert fit == 8000 and missing == ["pengolahan data"]
    fit, parts, _ = pairs[(1, 0)]
    assert parts["education_level"] == 7.5  # over-qualified: half the level points
    assert parts["rotation"] == 10.0  # due for rotation after Policy.max_years_in_post
    # Tono's field does not match: no education points, 0 competency -> 15 + 0 + 0 < 40, not proposed.
    assert (2, 0) not in pairs
    # Post 200 asks for nothing: every part but preference is full, all three people reach it.
    assert {c for c, p in pairs if p == 1} == {0, 1, 2}


def test_the_cross_agency_penalty_applies_only_when_an_insider_could_fill_the_post():
    people = table(
        insider={"agency": 2, "level": "s1", "field": "Kesehatan Masyarakat"},
        outsider={"agency": 1, "level": "s1", "field": "Kesehatan Masyarakat"},
    )
    weights = Weights()
    scores, enc = score_pairs(people, POSTS, weights)
    pairs = by_pair(scores, enc, weights)
    assert pairs[(0, 0)][1]["cross_agency_penalty"] == 0.0
    assert pairs[(1, 0)][1]["cross_agency_penalty"] == -5.0
    assert pairs[(0, 0)][0] - pairs[(1, 0)][0] == 500
    # For post 200 (agency 1) the roles swap: the agency-1 candidate is the insider.
    assert pairs[(0, 1)][1]["cross_agency_penalty"] == -5.0
    assert pairs[(1, 1)][1]["cross_agency_penalty"] == 0.0


def test_a_higher_minimum_fit_drops_more_pairs():
    people = table(a={"agency": 1, "level": "s1", "field": "Kesehatan Masyarakat"})
    low, _ = score_pairs(people, POSTS, Weights(min_fit=40))
    high, _ = score_pairs(people, POSTS, Weights(min_fit=80))
    assert len(low) == 2 and len(high) == 1
    assert high.best_fit.tolist() == low.best_fit.tolist()


def test_candidates_of_one_profile_get_the_points_each_would_get_alone():
    """`_Encoded.block` works out competency and education once per profile (tags, field, level):
    on a region where many candidates share a profile (and differ in everything else: SKP, years,
    stated views, talent box), every scored pair's parts, computed pair by pair, add up to its fit,
    and each candidate scored on its own gets the same fits."""
    from planning import synthetic

    region = synthetic.generate(400, 60, seed=7)
    c, posts = region.candidates, region.posts
    rng = np.random.default_rng(7)
    template = rng.integers(0, 12, len(c))  # 12 profiles for 400 candidates
    c.education_level = [c.education_level[t] for t in template]
    c.education_field = [c.education_field[t] for t in template]
    c.competencies = [c.competencies[t] for t in template]
    c.talent_box = rng.integers(0, 10, len(c)).tolist()
    posts.talent_post = rng.random(len(posts)) < 0.25
    scores, enc = score_pairs(c, posts, region.weights)
    assert len(np.unique(enc._profiles())) == 12 and len(scores) > 1000
    parts, _ = explain(enc, region.weights, scores.cand, scores.post, scores.penalised)
    for fit, part in zip(scores.fit.tolist(), parts, strict=True):
        assert round(sum(part[p] for p in PARTS) * 100) == fit
    rows = np.arange(len(c))
    block = enc.block(rows)
    for i in rng.choice(len(c), 20, replace=False):
        assert (enc.block(np.array([i]))[0] == block[i]).all()


def test_the_profile_table_scores_what_each_block_scores_on_its_own(monkeypatch):
    """`_Encoded._profile_table` (every profile's points once for all blocks, the plan at 100,000
    employees) and the per-block profiles it replaces give the same pairs, fits and per-post facts;
    and the left-out pairs (`_Encoded.forbid`, on their rows only) are those `allowed` marks."""
    from planning import scoring, synthetic

    region = synthetic.generate(300, 50, seed=11)
    c, posts = region.candidates, region.posts
    rng = np.random.default_rng(11)
    c.talent_box = rng.integers(0, 10, len(c)).tolist()
    posts.talent_post = rng.random(len(posts)) < 0.3
    table, enc = score_pairs(c, posts, region.weights)
    assert enc._profile_table() is not None
    monkeypatch.setattr(scoring, "_BLOCK_CELLS", 0)  # no table: each block works out its profiles
    blocks, enc2 = score_pairs(c, posts, region.weights)
    assert enc2._profile_table() is None
    for name in ("cand", "post", "fit", "penalised", "best_fit", "internal_ok"):
        assert getattr(table, name).tolist() == getattr(blocks, name).tolist()
    # The pairs left out, cell by cell: a protecting circumstance (any move; another agency), an
    # objection, a box 1-3 employee into a managerial or key post.
    rows = np.arange(len(c))
    expected = np.ones((len(c), len(posts)), dtype=bool)
    for i in rows:
        for j in range(len(posts)):
            other = int(c.agency_id[i]) != int(posts.agency_id[j])
            scope = c.protected[i] if len(c.protected) else ""
            expected[i, j] = not (
                scope == "any_move"
                or (scope == "other_agency" and other)
                or int(posts.position_id[j]) in set(c.objected_posts[i] or ())
                or (1 <= c.talent_box[i] <= 3 and bool(posts.talent_post[j]))
            )
    assert not expected.all()
    assert (enc.allowed(rows) == expected).all()
    marked = np.ones((len(c), len(posts)), dtype=bool)
    enc.forbid(rows, marked, False)
    assert (marked == expected).all()


def test_the_kept_cells_are_numpys_nonzero_and_the_values_there():
    """`scoring._kept_cells` (flat positions, the plan at 100,000 employees) answers exactly what
    `np.nonzero` and fancy indexing answer: same rows, columns and values, in the same order."""
    from planning.scoring import _kept_cells

    rng = np.random.default_rng(5)
    for shape, share in (((7, 13), 0.3), ((1, 9), 1.0), ((4, 6), 0.0), ((0, 5), 0.5), ((50, 211), 0.1)):
        values = rng.integers(-5, 9000, size=shape).astype(np.int32)
        keep = rng.random(shape) < share
        r, c, v = _kept_cells(keep, values)
        er, ec = np.nonzero(keep)
        assert r.tolist() == er.tolist() and c.tolist() == ec.tolist()
        assert v.tolist() == values[er, ec].tolist() and v.dtype == values.dtype
        assert r.dtype == er.dtype and c.dtype == ec.dtype
