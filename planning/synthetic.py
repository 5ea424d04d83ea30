"""Synthetic regions for the property tests and benchmarks/planning.py (no database).

Shaped like the real data: education fields with their own competency tags, posts that ask for one
or two fields, a band of education levels and a few tags, candidates who mostly hold a field and
tags of their current post, SKP predicates of eligible employees (Baik or better), years in post,
a few stated wishes (agencies, as the old single-kind preference had them), and the rest of what
issue 21 gives the optimiser: wishes and dislikes of units and posts, dislikes of agencies,
circumstances (protecting or not, either scope) and objections to a post. Deterministic for a
given seed; the issue-21 parts come from a second stream, so the rest of a region is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planning.scoring import CandidateTable, PostTable, Weights, score_pairs
from planning.solver import Problem, build_problem

FIELDS = [
    "Kedokteran",
    "Keperawatan",
    "Kebidanan",
    "Kesehatan Masyarakat",
    "Farmasi",
    "Teknik Sipil",
    "Teknik Elektro",
    "Teknik Mesin",
    "Transportasi",
    "Teknik Informatika",
    "Statistika",
    "Akuntansi",
    "Manajemen",
    "Ekonomi Pembangunan",
    "Administrasi Negara",
    "Hukum",
    "Ilmu Pemerintahan",
    "Pendidikan",
    "Psikologi",
    "Pertanian",
    "Peternakan",
    "Perikanan",
    "Kehutanan",
    "Sosiologi",
]
TAGS_PER_FIELD = 6
GENERAL_TAGS = [
    "pelayanan publik",
    "komputer perkantoran",
    "penyusunan laporan",
    "kearsipan",
    "pengadaan barang/jasa",
    "komunikasi",
    "analisis data",
    "manajemen risiko",
]
LEVELS = ["sma", "d3", "d4", "s1", "profesi", "s2"]


@dataclass
class SyntheticRegion:
    candidates: CandidateTable
    posts: PostTable
    origin_capacity: np.ndarray
    weights: Weights


def field_tags(field: str) -> list[str]:
    return [f"{field} {k}" for k in range(1, TAGS_PER_FIELD + 1)]


def generate(
    n_candidates: int, n_slots: int, *, seed: int = 0, n_agencies: int | None = None
) -> SyntheticRegion:
    rng = np.random.default_rng(seed)
    n_agencies = n_agencies or max(3, min(60, n_slots // 20 + 3))
    # Destination posts: shortage 1-4 each until the slots are reached.
    shortages: list[int] = []
    while sum(shortages) < n_slots:
        shortages.append(int(min(rng.integers(1, 5), n_slots - sum(shortages))))
    m = len(shortages)
    post_field = rng.integers(0, len(FIELDS), m)
    post_agency = rng.integers(0, n_agencies, m)
    required_fields, required_levels, tags = [], [], []
    for j in range(m):
        fs = [FIELDS[post_field[j]]]
        if rng.random() < 0.3:
            fs.append(FIELDS[rng.integers(0, len(FIELDS))])
        required_fields.append(fs)
        low = int(rng.integers(0, len(LEVELS) - 1))
        required_levels.append(LEVELS[low : low + int(rng.integers(1, 4))])
        own = field_tags(FIELDS[post_field[j]])
        chosen = list(rng.choice(own, size=int(rng.integers(3, 6)), replace=False))
        if rng.random() < 0.5:
            chosen.append(GENERAL_TAGS[rng.integers(0, len(GENERAL_TAGS))])
        tags.append(chosen)
    posts = PostTable(
        position_id=np.arange(1, m + 1, dtype=np.int64),
        agency_id=post_agency.astype(np.int64) + 1,
        shortage=np.asarray(shortages, dtype=np.int64),
        required_levels=required_levels,
        required_fields=required_fields,
        competency_tags=tags,
    )
    # Origin posts: about six candidates each, releasing between one and all but one of them.
    k = max(1, n_candidates // 6)
    origin_field = rng.integers(0, len(FIELDS), k)
    origin_agency = rng.integers(0, n_agencies, k) + 1
    origin = rng.integers(0, k, n_candidates)
    holders = np.bincount(origin, minlength=k)
    origin_capacity = np.array([int(rng.integers(1, max(2, h))) if h else 0 for h in holders], dtype=np.int64)
    cand_field, cand_level, cand_tags, predicates, prefs = [], [], [], [], []
    pred_choices = np.array(["sangat_baik", "baik"])
    for i in range(n_candidates):
        f = origin_field[origin[i]] if rng.random() < 0.7 else rng.integers(0, len(FIELDS))
        cand_field.append(FIELDS[f])
        cand_level.append(LEVELS[int(rng.integers(0, len(LEVELS)))])
        own = field_tags(FIELDS[f])
        t = list(rng.choice(own, size=int(rng.integers(2, 6)), replace=False))
        t += list(rng.choice(GENERAL_TAGS, size=int(rng.integers(0, 3)), replace=False))
        cand_tags.append(t)
        predicates.append(list(rng.choice(pred_choices, size=2, p=[0.3, 0.7])))
        prefs.append(list(rng.choice(n_agencies, size=int(rng.integers(0, 4)), replace=False) + 1))
    post_unit = (post_agency.astype(np.int64) + 1) * 10 + rng.integers(0, 3, m)
    posts.unit_id = post_unit
    views, protected, soft, objected = _stated_views(np.random.default_rng(seed + 1), prefs, posts)
    candidates = CandidateTable(
        employee_id=np.arange(1, n_candidates + 1, dtype=np.int64),
        origin=origin.astype(np.int64),
        agency_id=origin_agency[origin].astype(np.int64),
        education_level=cand_level,
        education_field=cand_field,
        competencies=cand_tags,
        predicates=predicates,
        years_in_post=rng.uniform(2, 12, n_candidates),
        views=views,
        protected=protected,
        soft_circumstance=soft,
        objected_posts=objected,
    )
    return SyntheticRegion(
        candidates=candidates, posts=posts, origin_capacity=origin_capacity, weights=Weights()
    )


def _stated_views(rng, prefs: list, posts: PostTable) -> tuple[list, list, list, list]:
    """Per candidate: wishes and dislikes (agency, unit, post), the scope of a protecting and of a
    non-protecting circumstance, and the posts objected to."""
    agencies = np.unique(posts.agency_id)
    units = np.unique(posts.unit_id)
    views, protected, soft, objected = [], [], [], []
    for agency_wishes in prefs:
        v = [("wish", "agency", int(a)) for a in agency_wishes]
        for kind, level, pool, share in (
            ("dislike", "agency", agencies, 0.15),
            ("wish", "unit", units, 0.10),
            ("dislike", "unit", units, 0.08),
            ("wish", "position", posts.position_id, 0.05),
            ("dislike", "position", posts.position_id, 0.05),
        ):
            if rng.random() < share:
                v.append((kind, level, int(rng.choice(pool))))
        views.append(v)
        protected.append(str(rng.choice(["", "other_agency", "any_move"], p=[0.93, 0.04, 0.03])))
        soft.append(str(rng.choice(["", "other_agency", "any_move"], p=[0.92, 0.05, 0.03])))
        objected.append([int(rng.choice(posts.position_id))] if rng.random() < 0.03 else [])
    return views, protected, soft, objected


def problem_of(region: SyntheticRegion, *, agency_caps: dict[int, int] | None = None) -> Problem:
    scores, _ = score_pairs(region.candidates, region.posts, region.weights)
    problem, _ = build_problem(
        candidate_origin=region.candidates.origin,
        origin_capacity=region.origin_capacity,
        post_capacity=region.posts.shortage,
        post_agency_id=region.posts.agency_id,
        arc_cand=scores.cand,
        arc_post=scores.post,
        arc_fit=scores.fit,
        agency_caps=agency_caps,
    )
    return problem
