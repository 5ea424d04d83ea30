"""Fit score of every (candidate, destination post) pair, computed for all pairs at once with numpy.

DESIGN.md 6: the score is made of visible parts, each weighted by the region's Policy
(`weight_education`, `weight_competency`, `weight_performance`, `weight_rotation`,
`weight_preference`, `penalty_cross_agency`, `min_fit`):

- education: half the weight for the field (in the post's required fields) and, only when the field
  matches, half for the level (in the post's required levels; half of that when over-qualified);
- competency: share of the post's competency tags the candidate holds;
- performance: mean value of the SKP predicates of the last `Policy.skp_years_required` years
  (REGULATION.md 1.2, Perban 5/2019);
- rotation: years in post against `Policy.max_years_in_post`, full once the employee is due for
  rotation (REGULATION.md 1.2, PP 11/2017 Pasal 190(3));
- talent, only into a managerial or key post (issue 20, `Policy.weight_talent`): the candidate's box in
  the latest finished talent grid, box 9 the full weight, box 1 none, linear between; no box ("needs a
  manual check") gets nothing. A box 1-3 employee is never placed into such a post (below);
- the employee's stated view of the destination (issue 21, standing `mutasi.PlacementPreference`
  rows): `weight_preference` when the move follows a wish, minus `penalty_dislike` when it goes
  against a dislike (`dislike_penalty`). A wish or dislike names an agency, a unit (a place) or a
  post; the most specific statement that names the destination decides, and it counts once (a wish
  for Dinas Kesehatan and a dislike of its Puskesmas A: a post in Puskesmas A is against the wish of
  the employee, any other Dinkes post follows it; at the same level a dislike outweighs a wish). A
  circumstance that does not protect (its category is not one of `Policy.protecting_categories`, or
  it lacks the document the policy asks for) counts as a dislike of the moves it stands against when
  the employee stated nothing about the destination: the move is "against" and pays
  `penalty_dislike` once; a wish for the destination outweighs it (the employee asked for the place);
- minus a penalty for a move across agencies to a post its own agency could fill by rotation (an
  insider reaches the minimum fit): a rotation is cheaper for the agency and needs fewer approvals.

Some pairs are never proposed whatever their score (issue 21): every move of an employee with a
protecting circumstance of scope "any move", moves to another agency under one of scope "other
agency" (`CandidateTable.protected`), and the (employee, post) pairs the employee objected to
(`CandidateTable.objected_posts`), and every pair of a box 1-3 employee (`CandidateTable.talent_box`)
with a managerial or key post (`PostTable.talent_post`).

Every part is an integer number of hundredths of a point, and the total is their exact sum, so the
exact solver, the baselines, the stored plan and the breakdown shown to HR agree to the last digit.
Pairs below `min_fit` are dropped here: they are never proposed (issue 6, point 2).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from instansi.choices import EDUCATION_RANK

# Value of one year's SKP predicate (REGULATION.md 3); a missing appraisal counts as nothing.
PREDICATE_VALUE = {
    "sangat_baik": 1.0,
    "baik": 0.75,
    "butuh_perbaikan": 0.25,
    "kurang": 0.0,
    "sangat_kurang": 0.0,
}

PARTS = (
    "education_level",
    "education_field",
    "competency",
    "performance",
    "rotation",
    "talent",
    "preference",
    "dislike_penalty",
    "cross_agency_penalty",
)

# Which moves a circumstance stands against (mutasi.choices.CircumstanceScope), as numbers.
SCOPE_NONE, SCOPE_OTHER_AGENCY, SCOPE_ANY_MOVE = 0, 1, 2
SCOPE_CODES = {"": SCOPE_NONE, "other_agency": SCOPE_OTHER_AGENCY, "any_move": SCOPE_ANY_MOVE}
# The employee's stated view of a move (planning.choices.StatedView), as numbers.
VIEW_NONE, VIEW_WISH, VIEW_DISLIKE, VIEW_CIRCUMSTANCE = 0, 1, 2, 3
VIEW_CODES = ("none", "wish", "dislike", "circumstance")
# Talent boxes that may not go into a managerial or key post (issue 20: "never box 1-3").
LOW_BOX_MAX = 3
# What a wish or dislike names, from the least to the most specific.
LEVELS = ("", "agency", "unit", "position")
KIND_CODES = {"wish": VIEW_WISH, "dislike": VIEW_DISLIKE}

HUNDREDTHS = 100


@dataclass(frozen=True)
class Weights:
    """Policy weights in points (defaults = instansi.Policy defaults; they sum to 100)."""

    education: float = 30
    competency: float = 25
    performance: float = 20
    rotation: float = 10
    preference: float = 15
    penalty_dislike: float = 15
    talent: float = 10
    penalty_cross_agency: float = 5
    min_fit: float = 40
    max_years_in_post: float = 5

    @classmethod
    def from_policy(cls, policy) -> Weights:
        return cls(
            education=float(policy.weight_education),
            competency=float(policy.weight_competency),
            performance=float(policy.weight_performance),
            rotation=float(policy.weight_rotation),
            preference=float(policy.weight_preference),
            penalty_dislike=float(policy.penalty_dislike),
            talent=float(policy.weight_talent),
            penalty_cross_agency=float(policy.penalty_cross_agency),
            min_fit=float(policy.min_fit),
            max_years_in_post=float(policy.max_years_in_post),
        )

    @classmethod
    def from_dict(cls, data: dict) -> Weights:
        names = cls.__dataclass_fields__
        return cls(**{k: float(v) for k, v in data.items() if k in names})

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    def h(self, name: str) -> int:
        """A weight in hundredths of a point."""
        return round(getattr(self, name) * HUNDREDTHS)


@dataclass
class CandidateTable:
    """The candidates, one entry per employee (parallel sequences)."""

    employee_id: np.ndarray
    origin: np.ndarray  # index into the origin posts
    agency_id: np.ndarray
    education_level: Sequence[str]
    education_field: Sequence[str]
    competencies: Sequence[Iterable[str]]
    predicates: Sequence[Sequence[str | None]]  # SKP predicates of the last years
    years_in_post: np.ndarray
    # Issue 21: the employee's standing wishes and dislikes, (kind, level, target id) with kind
    # "wish"/"dislike" and level "agency"/"unit"/"position"; empty = none stated.
    views: Sequence[Iterable[tuple[str, str, int]]] = ()
    # Strongest scope ("", "other_agency", "any_move") of the protecting circumstances in force (no
    # pair in it is ever proposed) and of the other circumstances (a dislike-like cost); () = none.
    protected: Sequence[str] = ()
    soft_circumstance: Sequence[str] = ()
    objected_posts: Sequence[Iterable[int]] = ()  # posts (ids) the employee objected to moving into
    # Issue 20: the box (1-9) of the latest talent grid, 0 = none ("needs a manual check"); () = none.
    talent_box: Sequence[int] = ()

    def __len__(self) -> int:
        return len(self.employee_id)


@dataclass
class PostTable:
    """The destination posts with a shortage."""

    position_id: np.ndarray
    agency_id: np.ndarray
    shortage: np.ndarray
    required_levels: Sequence[Iterable[str]]
    required_fields: Sequence[Iterable[str]]
    competency_tags: Sequence[Iterable[str]]
    unit_id: np.ndarray | None = None  # the post's unit (a place), -1 none; None = no units known
    # Issue 20: a managerial or key post, where talent counts and boxes 1-3 may not go; None = none.
    talent_post: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.position_id)


@dataclass
class Scores:
    """Pairs reaching the minimum fit (sparse), plus per-post facts used to explain empty slots."""

    cand: np.ndarray  # int64
    post: np.ndarray  # int64
    fit: np.ndarray  # int64, hundredths
    penalised: np.ndarray  # bool: the cross-agency penalty applied to this pair
    best_fit: np.ndarray  # (m,) best fit any candidate reaches for the post (hundredths, -1 none)
    internal_ok: np.ndarray  # (m,) an insider of the post's agency reaches the minimum fit
    extra: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.cand)


@functools.lru_cache(maxsize=8192)
def _norm(text: str) -> str:
    # Cached: at 100,000 employees 37,000 field names and tags, a few hundred distinct spellings.
    return " ".join((text or "").split()).casefold()


class _Encoded:
    """Candidates and posts turned into numeric arrays over shared vocabularies."""

    def __init__(self, candidates: CandidateTable, posts: PostTable, weights: Weights, years: int):
        self.n, self.m = len(candidates), len(posts)
        self._profile: np.ndarray | None = None
        self._table: np.ndarray | None = None
        self._encode_education(candidates, posts)
        self._encode_competencies(candidates, posts)
        self._encode_agencies(candidates, posts)
        self._encode_views(candidates, posts)
        self._encode_candidate_parts(candidates, weights, years)
        self._build_lookup_tables(weights)

    def _encode_education(self, candidates: CandidateTable, posts: PostTable) -> None:
        m = self.m
        n_levels = len(EDUCATION_RANK)
        # Education level: rank of the candidate; -1 (unknown) maps to an always-False column.
        self.rank = np.array(
            [EDUCATION_RANK.get(lv, -1) for lv in candidates.education_level], dtype=np.int64
        )
        self.rank_col = np.where(self.rank < 0, n_levels, self.rank)
        self.level_ok = np.zeros((n_levels + 1, m), dtype=bool)  # [rank, post]
        self.max_level = np.full(m, 10**6, dtype=np.int64)
        self.has_levels = np.zeros(m, dtype=bool)
        for j, levels in enumerate(posts.required_levels):
            ranks = [EDUCATION_RANK[lv] for lv in levels or () if lv in EDUCATION_RANK]
            if ranks:
                self.has_levels[j] = True
                self.level_ok[ranks, j] = True
                self.max_level[j] = max(ranks)
        # Education field: one vocabulary of normalised field names.
        fields: dict[str, int] = {}
        post_fields = [
            [fields.setdefault(_norm(f), len(fields)) for f in fs or () if _norm(f)]
            for fs in posts.required_fields
        ]
        self.field_col = np.array(
            [fields.get(_norm(f), len(fields)) for f in candidates.education_field], dtype=np.int64
        )
        self.field_ok = np.zeros((len(fields) + 1, m), dtype=bool)
        self.has_fields = np.zeros(m, dtype=bool)
        for j, cols in enumerate(post_fields):
            if cols:
                self.has_fields[j] = True
                self.field_ok[cols, j] = True

    def _encode_competencies(self, candidates: CandidateTable, posts: PostTable) -> None:
        n, m = self.n, self.m
        # Competencies: tag vocabulary from the posts; a candidate's other tags cannot score.
        tags: dict[str, int] = {}
        self.tag_names: list[str] = []  # first spelling seen, shown to HR as suggested training
        post_tags = []
        for ts in posts.competency_tags:
            cols = set()
            for t in ts or ():
                key = _norm(t)
                if key and key not in tags:
                    tags[key] = len(tags)
                    self.tag_names.append(" ".join(t.split()))
                if key:
                    cols.add(tags[key])
            post_tags.append(sorted(cols))
        self.post_tags = post_tags
        self.post_tag_matrix = np.zeros((len(tags), m), dtype=np.float32)
        for j, cols in enumerate(post_tags):
            self.post_tag_matrix[cols, j] = 1.0
        self.post_tag_count = self.post_tag_matrix.sum(axis=0)
        self.cand_tag_matrix = np.zeros((n, len(tags)), dtype=np.float32)
        for i, ts in enumerate(candidates.competencies):
            cols = [tags[t] for t in (_norm(x) for x in ts or ()) if t in tags]
            if cols:
                self.cand_tag_matrix[i, cols] = 1.0

    def _encode_agencies(self, candidates: CandidateTable, posts: PostTable) -> None:
        # Agencies: destination agencies are the columns of the agency-level view matrix.
        agencies = {int(a): k for k, a in enumerate(np.unique(posts.agency_id))} if self.m else {}
        self.n_agencies = len(agencies)
        self.agency_index = agencies
        self.post_agency_col = np.array([agencies[int(a)] for a in posts.agency_id], dtype=np.int64)
        self.cand_agency_col = np.array(
            [agencies.get(int(a), -1) for a in candidates.agency_id], dtype=np.int64
        )

    def _encode_views(self, candidates: CandidateTable, posts: PostTable) -> None:
        """Wishes, dislikes, circumstances and objections as sparse (candidate, column, code) entries,
        one set per level; `_stated_block` turns them into the deciding statement per pair of a block."""
        n, m = self.n, self.m
        unit_ids = np.asarray(posts.unit_id, dtype=np.int64) if posts.unit_id is not None else np.full(m, -1)
        units = {int(u): k for k, u in enumerate(np.unique(unit_ids[unit_ids >= 0]))}
        self.n_units = len(units)
        # A post without a unit reads the last (never stated) column.
        self.post_unit_col = np.array([units.get(int(u), len(units)) for u in unit_ids], dtype=np.int64)
        columns = {
            "agency": self.agency_index,
            "unit": units,
            "position": {int(p): j for j, p in enumerate(posts.position_id)},
        }
        entries: dict[str, list[tuple[int, int, int]]] = {"agency": [], "unit": [], "position": []}
        for i, views in enumerate(candidates.views or ()):
            for kind, level, target in views or ():
                col = columns.get(level, {}).get(int(target))
                if col is not None and kind in KIND_CODES:
                    # One number per statement: the more specific level first, then dislike over wish
                    # (the max of these is the deciding statement; see `_stated_block`).
                    entries[level].append((i, col, 4 * LEVELS.index(level) + KIND_CODES[kind]))
        self.entries = {
            level: np.asarray(rows, dtype=np.int64).reshape(-1, 3) for level, rows in entries.items()
        }
        objected = [
            (i, columns["position"][int(p)])
            for i, posts_ in enumerate(candidates.objected_posts or ())
            for p in posts_ or ()
            if int(p) in columns["position"]
        ]
        self.objected = np.asarray(objected, dtype=np.int64).reshape(-1, 2)

        def scopes(values: Sequence[str]) -> np.ndarray:
            out = np.zeros(n, dtype=np.int8)
            if len(values):
                out[:] = [SCOPE_CODES.get(v or "", SCOPE_NONE) for v in values]
            return out

        self.protected = scopes(candidates.protected)
        self.soft = scopes(candidates.soft_circumstance)
        self.box = np.zeros(n, dtype=np.int64)
        if len(candidates.talent_box):
            self.box[:] = np.asarray(candidates.talent_box, dtype=np.int64)
        self.talent_post = (
            np.asarray(posts.talent_post, dtype=bool) if posts.talent_post is not None else np.zeros(m, bool)
        )
        self.talent_cols = np.flatnonzero(self.talent_post)
        # Boxes 1-3 may not go into a managerial or key post (issue 20; REGULATION.md 5).
        self.low_box = (
            (self.box >= 1) & (self.box <= LOW_BOX_MAX) if self.talent_post.any() else np.zeros(n, bool)
        )
        self.stated_rows = np.unique(
            np.concatenate([e[:, 0] for e in self.entries.values()] + [np.flatnonzero(self.soft)])
        ).astype(np.int64)

    @staticmethod
    def _scatter(entries: np.ndarray, rows: np.ndarray, width: int) -> np.ndarray:
        """Dense [len(rows), width] codes from (candidate, column, code) entries; `rows` sorted, unique.
        Where a candidate states both a wish and a dislike of one target, the dislike wins (max)."""
        out = np.zeros((len(rows), width), dtype=np.int8)
        if len(entries) and len(rows):
            mine = np.isin(entries[:, 0], rows)
            if mine.any():
                local = np.searchsorted(rows, entries[mine, 0])
                np.maximum.at(out, (local, entries[mine, 1]), entries[mine, 2].astype(np.int8))
        return out

    def _same_agency(self, rows: np.ndarray) -> np.ndarray:
        return self.cand_agency_col[rows][:, None] == self.post_agency_col[None, :]

    def _stated_block(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
        """The deciding statement of `rows` (sorted, unique) x all posts as one int8 per pair:
        4 x level + view (`view = c & 3`, `level = c >> 2`): the max over the post, unit and agency
        statements naming the destination, else VIEW_CIRCUMSTANCE where a non-protecting circumstance
        stands against the move. Only candidates who stated something are worked out: returns their
        positions in `rows` (None = all of them) and their rows of codes."""
        stated = np.isin(rows, self.stated_rows)
        local = np.flatnonzero(stated)
        sub = rows[local]
        code = self._scatter(self.entries["agency"], sub, max(self.n_agencies, 1))[:, self.post_agency_col]
        np.maximum(
            code, self._scatter(self.entries["unit"], sub, self.n_units + 1)[:, self.post_unit_col], out=code
        )
        np.maximum(code, self._scatter(self.entries["position"], sub, self.m), out=code)
        soft = self.soft[sub]
        if soft.any():
            k = np.flatnonzero(soft)
            against = (soft[k] == SCOPE_ANY_MOVE)[:, None] | (
                (soft[k] == SCOPE_OTHER_AGENCY)[:, None] & ~self._same_agency(sub[k])
            )
            code[k] = np.where((code[k] == 0) & against, VIEW_CIRCUMSTANCE, code[k])
        return (None if len(local) == len(rows) else local), code

    def allowed(self, rows: np.ndarray) -> np.ndarray | None:
        """[len(rows), m]: False where a protecting circumstance or an objection forbids the pair, or a
        box 1-3 employee would go into a managerial or key post; None when nothing in `rows` is."""
        ok = np.ones((len(rows), self.m), dtype=bool)
        return ok if self.forbid(rows, ok, False) else None

    def forbid(self, rows: np.ndarray, block: np.ndarray, value) -> bool:
        """Set `value` in the cells of `block` ([len(rows), m], `rows` sorted) whose pair is left out
        (`allowed`), touching only the rows concerned; False when no pair of `rows` is."""
        hard = self.protected[rows]
        mine = np.isin(self.objected[:, 0], rows) if len(self.objected) else np.zeros(0, dtype=bool)
        low = np.flatnonzero(self.low_box[rows])
        if not hard.any() and not mine.any() and not len(low):
            return False
        if len(low) and len(self.talent_cols):
            block[np.ix_(low, self.talent_cols)] = value
        block[hard == SCOPE_ANY_MOVE] = value
        k = np.flatnonzero(hard == SCOPE_OTHER_AGENCY)
        if len(k):
            sub = block[k]
            sub[~self._same_agency(rows[k])] = value
            block[k] = sub
        block[np.searchsorted(rows, self.objected[mine, 0]), self.objected[mine, 1]] = value
        return True

    def _encode_candidate_parts(self, candidates: CandidateTable, weights: Weights, years: int) -> None:
        # Per-candidate parts (do not depend on the post).
        perf = np.array(
            [
                sum(PREDICATE_VALUE.get(p or "", 0.0) for p in list(preds)[:years]) / years if years else 0.0
                for preds in candidates.predicates
            ],
            dtype=np.float64,
        )
        max_years = weights.max_years_in_post or 1.0
        rot = np.clip(
            np.nan_to_num(np.asarray(candidates.years_in_post, dtype=np.float64)) / max_years, 0.0, 1.0
        )
        self.perf_h = np.rint(weights.h("performance") * perf).astype(np.int64)
        self.rot_h = np.rint(weights.h("rotation") * rot).astype(np.int64)

    def _build_lookup_tables(self, weights: Weights) -> None:
        n_levels = len(EDUCATION_RANK)
        # Lookup tables [value, post] -> points (hundredths), so the block and the paired paths
        # compute every part by the same arithmetic.
        half_edu = weights.h("education") / 2
        ranks = np.r_[np.arange(n_levels), -1][:, None]  # the last row is "unknown level"
        level = np.where(~self.has_levels | self.level_ok, 1.0, np.where(ranks > self.max_level, 0.5, 0.0))
        self.level_table = np.rint(half_edu * level).astype(np.int32)
        # The level only counts for the right field: a D-III in Transportasi is not half a nurse.
        self.field_match = ~self.has_fields | self.field_ok  # [field, post]
        self.half_edu = np.int32(round(half_edu))
        w_comp = weights.h("competency")
        self.comp_scale = np.where(self.post_tag_count > 0, w_comp / np.maximum(self.post_tag_count, 1), 0.0)
        self.comp_base = np.where(self.post_tag_count > 0, 0.0, float(w_comp))
        self.w_pref = np.int32(weights.h("preference"))
        self.w_dislike = np.int32(weights.h("penalty_dislike"))
        # Talent in a managerial or key post: the box's share of the weight, box 9 full, box 1 none;
        # no box ("needs a manual check") gets nothing, never a guess.
        box_share = np.clip(np.arange(10) - 1, 0, 8) / 8
        self.talent_h = np.rint(weights.h("talent") * box_share).astype(np.int32)[self.box]
        # Points of a statement code (`_stated_block`): the wish bonus and the dislike cost.
        view = np.arange(16) & 3
        self.wish_points = np.where(view == VIEW_WISH, self.w_pref, 0).astype(np.int32)
        self.against_points = np.where(view >= VIEW_DISLIKE, -self.w_dislike, 0).astype(np.int32)
        self.view_points = self.wish_points + self.against_points

    def _profiles(self) -> np.ndarray:
        """Per candidate, the number of its profile: what the competency and education parts read of
        a candidate (tags held, field, level). Candidates of one profile score these parts alike on
        every post (at 100,000 employees 5,680 candidates have 224 profiles)."""
        if self._profile is None:
            held = np.packbits(self.cand_tag_matrix > 0, axis=1).astype(np.int64)
            key = np.column_stack([self.rank_col, self.field_col, held]) if self.n else np.zeros((0, 2))
            self._profile = np.unique(key, axis=0, return_inverse=True)[1].reshape(-1).astype(np.int64)
        return self._profile

    def _profile_points(self, rows: np.ndarray) -> np.ndarray:
        """Competency and education points (hundredths) of `rows` x all posts."""
        overlap = (self.cand_tag_matrix[rows] @ self.post_tag_matrix).astype(np.float64)
        total = np.rint(overlap * self.comp_scale + self.comp_base).astype(np.int32)
        match = self.field_match[self.field_col[rows]]
        total += np.where(match, self.level_table[self.rank_col[rows]] + self.half_edu, 0).astype(np.int32)
        return total

    def _profile_table(self) -> np.ndarray | None:
        """Competency and education points of every profile x all posts, worked out once for all the
        blocks (at 100,000 employees 224 x 5,264 cells, 0.3 s of CPU less than once per block); None
        when the table would be larger than a block (then each block works out its own profiles)."""
        if self._table is None:
            profile = self._profiles()
            count = int(profile.max()) + 1 if len(profile) else 0
            if count * self.m > _BLOCK_CELLS:
                return None
            first = np.zeros(count, dtype=np.int64)
            first[profile[::-1]] = np.arange(self.n)[::-1]  # one candidate of each profile
            self._table = self._profile_points(first)
        return self._table

    def block(self, rows: np.ndarray) -> np.ndarray:
        """Total score (hundredths, before the cross-agency penalty) of `rows` x all posts. The
        competency and education points are worked out once per profile (`_profiles`,
        `_profile_table`) and copied to its candidates: the same integers, a fraction of the
        arithmetic."""
        table = self._profile_table()
        if table is not None:
            total = table[self._profiles()[rows]]
        else:
            profiles, inverse = np.unique(self._profiles()[rows], return_inverse=True)
            first = np.zeros(len(profiles), dtype=np.int64)
            first[inverse[::-1]] = np.arange(len(rows))[::-1]  # one row of each profile
            total = self._profile_points(rows[first])[inverse.reshape(-1)]
        if len(self.talent_cols):  # only the managerial and key posts' columns
            total[:, self.talent_cols] += self.talent_h[rows][:, None]
        local, code = self._stated_block(rows)
        if local is None:
            total += self.view_points[code]
        elif len(local):
            total[local] += self.view_points[code]
        total += (self.perf_h[rows] + self.rot_h[rows]).astype(np.int32)[:, None]
        return total

    def views(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Statement codes (`_stated_block`) of the pairs (rows[k], cols[k]), by the block arithmetic."""
        code = np.zeros(len(rows), dtype=np.int8)
        unique, inverse = np.unique(rows, return_inverse=True)
        step = _chunk_rows(self.m)
        for start in range(0, len(unique), step):
            chunk = unique[start : start + step]
            local, block = self._stated_block(chunk)
            where = np.full(len(chunk), -1, dtype=np.int64)
            where[np.arange(len(chunk)) if local is None else local] = np.arange(len(block))
            k = np.flatnonzero((inverse >= start) & (inverse < start + len(chunk)))
            k = k[where[inverse[k] - start] >= 0]
            code[k] = block[where[inverse[k] - start], cols[k]]
        return code

    def parts(self, rows: np.ndarray, cols: np.ndarray) -> dict[str, np.ndarray]:
        """Each part (hundredths) of the pairs (rows[k], cols[k])."""
        code = self.views(rows, cols)
        wish, against = self.wish_points[code], self.against_points[code]
        match = self.field_match[self.field_col[rows], cols]
        overlap = np.einsum("ij,ji->i", self.cand_tag_matrix[rows], self.post_tag_matrix[:, cols]).astype(
            np.float64
        )
        return {
            "education_level": np.where(match, self.level_table[self.rank_col[rows], cols], 0).astype(
                np.int64
            ),
            "education_field": np.where(match, int(self.half_edu), 0).astype(np.int64),
            "competency": np.rint(overlap * self.comp_scale[cols] + self.comp_base[cols]).astype(np.int64),
            "performance": self.perf_h[rows],
            "rotation": self.rot_h[rows],
            "talent": (self.talent_h[rows] * self.talent_post[cols]).astype(np.int64),
            "preference": wish.astype(np.int64),
            "dislike_penalty": against.astype(np.int64),
        }


_BLOCK_CELLS = 4_000_000


def _chunk_rows(m: int, budget: int = _BLOCK_CELLS) -> int:
    # Keep each (rows x posts) block around a few million cells: bounded memory at 50,000 x 5,000.
    return max(1, budget // max(m, 1))


def score_pairs(
    candidates: CandidateTable, posts: PostTable, weights: Weights, *, skp_years: int = 2, on_progress=None
) -> tuple[Scores, _Encoded]:
    """All allowed pairs reaching `weights.min_fit`, with their fit in hundredths of a point."""
    enc = _Encoded(candidates, posts, weights, skp_years)
    n, m = enc.n, enc.m
    min_fit = weights.h("min_fit")
    best = np.full(m, -1, dtype=np.int64)
    internal_ok = np.zeros(m, dtype=bool)
    cand_parts, post_parts, fit_parts, same_parts = [], [], [], []
    step = _chunk_rows(m)
    for start in range(0, n, step):
        rows = np.arange(start, min(n, start + step))
        base = enc.block(rows)
        keep = base >= min_fit
        # A pair left out for the employee is not even a "best fit" (only the rows concerned).
        if enc.forbid(rows, base, -1):
            enc.forbid(rows, keep, False)
        np.maximum(best, base.max(axis=0, initial=-1), out=best)
        r, c, kept_fit = _kept_cells(keep, base)
        block_agency = enc.cand_agency_col[rows]
        same = block_agency[r] == enc.post_agency_col[c]
        internal_ok[c[same]] = True  # an insider of the post's agency reaches the minimum
        cand_parts.append(rows[r])
        post_parts.append(c)
        fit_parts.append(kept_fit)
        same_parts.append(same)
        if on_progress is not None:
            on_progress(min(n, start + step), n)
    if cand_parts:
        cand = np.concatenate(cand_parts).astype(np.int64, copy=False)
        post = np.concatenate(post_parts).astype(np.int64, copy=False)
        fit = np.concatenate(fit_parts).astype(np.int64)
        same = np.concatenate(same_parts)
    else:
        cand = post = fit = np.zeros(0, dtype=np.int64)
        same = np.zeros(0, dtype=bool)
    penalised = cross_agency_penalised(enc, internal_ok, cand, post, same=same)
    fit = fit - np.where(penalised, weights.h("penalty_cross_agency"), 0)
    keep = fit >= min_fit
    scores = Scores(
        cand=cand[keep],
        post=post[keep],
        fit=fit[keep],
        penalised=penalised[keep],
        best_fit=best,
        internal_ok=internal_ok,
    )
    return scores, enc


def _kept_cells(keep: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`np.nonzero(keep)` and `values` there, for 2-D arrays of one shape: rows, columns and values of
    the True cells in row-major order. Found as flat positions (rows and columns by one division):
    at 100,000 employees (8 blocks of 710 x 5,264 cells, 4.0 million kept) 0.03-0.05 s instead of
    0.16-0.19 s for the 2-D `nonzero` and `values[r, c]`; the same arrays (`tests/planning/
    test_scoring.py`)."""
    flat = np.flatnonzero(keep)
    width = keep.shape[1]
    r = flat // width
    return r, flat - r * width, np.take(values, flat)


def cross_agency_penalised(
    enc: _Encoded,
    internal_ok: np.ndarray,
    cand: np.ndarray,
    post: np.ndarray,
    *,
    same: np.ndarray | None = None,
) -> np.ndarray:
    """Which pairs (cand[k], post[k]) pay `penalty_cross_agency`: a move across agencies into a post
    an insider of its agency could fill (`internal_ok`, `Scores.internal_ok`). The penalty only
    lowers a fit. `same`: whether each pair stays in its agency, when the caller has it already."""
    if same is None:
        same = enc.cand_agency_col[cand] == enc.post_agency_col[post]
    return ~same & internal_ok[post]


def explain(
    enc: _Encoded, weights: Weights, cand_idx: np.ndarray, post_idx: np.ndarray, penalised: np.ndarray
) -> tuple[list[dict], list[list[str]]]:
    """Breakdown and missing competencies (suggested training) of the chosen pairs. The breakdown
    holds each part of PARTS in points (they sum to the fit) and the employee's stated view of the
    move: `view` (VIEW_CODES) and `view_level` (what the deciding statement named, LEVELS)."""
    cand_idx = np.asarray(cand_idx, dtype=np.int64)
    post_idx = np.asarray(post_idx, dtype=np.int64)
    if len(cand_idx) == 0:
        return [], []
    parts = enc.parts(cand_idx, post_idx)
    parts["cross_agency_penalty"] = -np.where(penalised, weights.h("penalty_cross_agency"), 0).astype(
        np.int64
    )
    code = enc.views(cand_idx, post_idx).astype(np.int64)
    view, level = code & 3, code >> 2
    rows = [
        {
            **{name: int(parts[name][k]) / HUNDREDTHS for name in PARTS},
            "view": VIEW_CODES[int(view[k])],
            "view_level": LEVELS[int(level[k])],
        }
        for k in range(len(cand_idx))
    ]
    missing = []
    for i, j in zip(cand_idx.tolist(), post_idx.tolist(), strict=True):
        held = enc.cand_tag_matrix[i]
        missing.append([enc.tag_names[t] for t in enc.post_tags[j] if not held[t]])
    return rows, missing
