"""Talent management rules as data (REGULATION.md 5, PermenPANRB 3/2020).

The rubric is the region's `talenta.Rubric` row; a grid and a succession plan keep a frozen copy of it
(`Rubric.snapshot()`), and everything that computes reads that copy through `RubricValues`, never the
live row: a past grid recomputed from its copy gives the same boxes, whatever HR has changed since.

All arithmetic is done in whole hundredths, so a score exactly on a threshold is on the same side in
PostgreSQL, SQLite and Python (no float rounding at the band edges).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kinerja.choices import Predicate
from talenta.choices import DevelopmentAction, PerformanceBand, PotentialBand, PotentialState

# The numbering used in practice (REGULATION.md 5): by performance row, potential column low/middle/high.
# A policy default (seen in public implementations, not confirmed from the regulation's annex), editable.
DEFAULT_BOXES = {
    PerformanceBand.ABOVE: [4, 7, 9],
    PerformanceBand.MEETS: [2, 5, 8],
    PerformanceBand.BELOW: [1, 3, 6],
}
POTENTIAL_ORDER = (PotentialBand.LOW, PotentialBand.MIDDLE, PotentialBand.HIGH)
PERFORMANCE_ORDER = (PerformanceBand.BELOW, PerformanceBand.MEETS, PerformanceBand.ABOVE)

# Points per SKP predicate; the performance score is the mean of the last two years. Our choice
# (REGULATION.md 5 names the predicates as the source, not a scale).
DEFAULT_PREDICATE_POINTS = {
    Predicate.SANGAT_BAIK: 5,
    Predicate.BAIK: 4,
    Predicate.BUTUH_PERBAIKAN: 3,
    Predicate.KURANG: 2,
    Predicate.SANGAT_KURANG: 1,
}
SKP_YEARS = 2  # "the SKP predicates of the last two years" (REGULATION.md 5)

# Follow-up per box (issue 20 point 7): what the grid position asks of development.
FOLLOW_UP = {
    9: "Siap dipromosikan; masukkan ke rencana suksesi jabatan kunci.",
    8: "Siap dengan pengembangan; penugasan menantang dan pelatihan kepemimpinan.",
    7: "Siap dengan pengembangan; pengembangan kompetensi teknis.",
    6: "Kembangkan kinerja: mentoring dan target kinerja yang jelas.",
    5: "Pertahankan; rotasi untuk memperluas pengalaman.",
    4: "Pertahankan kinerja; pelatihan untuk meningkatkan potensi.",
    3: "Coaching kinerja.",
    2: "Pertahankan; pelatihan teknis.",
    1: "Coaching dan pembinaan kinerja, bukan promosi.",
}

# The development action each cell of the grid asks for (issue 20 point 7), as a record HR and the
# agency head count per agency (talenta.selectors.development): the reading of FOLLOW_UP, one action per
# cell. Keyed by the bands, not the box number, so a region that renumbers its boxes keeps the meaning.
DEVELOPMENT_BY_CELL = {
    (PerformanceBand.ABOVE, PotentialBand.HIGH): DevelopmentAction.PROMOTION,  # box 9 by default
    (PerformanceBand.MEETS, PotentialBand.HIGH): DevelopmentAction.LEADERSHIP,  # 8
    (PerformanceBand.ABOVE, PotentialBand.MIDDLE): DevelopmentAction.TECHNICAL,  # 7
    (PerformanceBand.BELOW, PotentialBand.HIGH): DevelopmentAction.COACHING,  # 6
    (PerformanceBand.MEETS, PotentialBand.MIDDLE): DevelopmentAction.ROTATION,  # 5
    (PerformanceBand.ABOVE, PotentialBand.LOW): DevelopmentAction.POTENTIAL,  # 4
    (PerformanceBand.BELOW, PotentialBand.MIDDLE): DevelopmentAction.COACHING,  # 3
    (PerformanceBand.MEETS, PotentialBand.LOW): DevelopmentAction.TECHNICAL,  # 2
    (PerformanceBand.BELOW, PotentialBand.LOW): DevelopmentAction.COACHING,  # 1
}


def development_action(performance_band: str | None, potential_band: str | None, potential_state: str) -> str:
    """The action of one grid entry: by its cell, or for an entry without a box the missing data to
    supply (an assessment first: a training unit can schedule it; else the final SKP)."""
    if performance_band and potential_band:
        return DEVELOPMENT_BY_CELL[(performance_band, potential_band)]
    if potential_state != PotentialState.VALID:
        return DevelopmentAction.ASSESSMENT
    return DevelopmentAction.SKP


def hundredths(value) -> int:
    """A score (Decimal, int or text) as whole hundredths, rounded half up."""
    return int((Decimal(str(value)) * 100).quantize(Decimal("1"), rounding="ROUND_HALF_UP"))


@dataclass(frozen=True)
class RubricValues:
    """The rubric a computation uses, read from a frozen snapshot (or the live row's snapshot)."""

    performance_above_from: int  # hundredths of a point (mean of the two predicates' points)
    performance_meets_from: int
    potential_high_from: int  # hundredths of a point on the 0-100 assessment scale
    potential_middle_from: int
    weight_managerial: int
    weight_sociocultural: int
    weight_technical: int
    validity_years: int
    predicate_points: dict[str, int]
    boxes: dict[str, list[int]]
    fit_weights: dict[str, int]
    reserves: int

    @classmethod
    def from_snapshot(cls, snap: dict) -> RubricValues:
        return cls(
            performance_above_from=hundredths(snap["performance_above_from"]),
            performance_meets_from=hundredths(snap["performance_meets_from"]),
            potential_high_from=hundredths(snap["potential_high_from"]),
            potential_middle_from=hundredths(snap["potential_middle_from"]),
            weight_managerial=int(snap["weights"]["managerial"]),
            weight_sociocultural=int(snap["weights"]["sociocultural"]),
            weight_technical=int(snap["weights"]["technical"]),
            validity_years=int(snap["assessment_validity_years"]),
            predicate_points={k: int(v) for k, v in snap["predicate_points"].items()},
            boxes={k: [int(b) for b in v] for k, v in snap["boxes"].items()},
            fit_weights={k: int(v) for k, v in snap["fit_weights"].items()},
            reserves=int(snap["reserves"]),
        )

    @property
    def weight_sum(self) -> int:
        return self.weight_managerial + self.weight_sociocultural + self.weight_technical

    def box(self, performance: str, potential: str) -> int:
        return self.boxes[performance][POTENTIAL_ORDER.index(potential)]

    def box_cells(self) -> list[tuple[str, str, int]]:
        """(performance band, potential band, box) for the nine cells."""
        return [(pb, qb, self.box(pb, qb)) for pb in PERFORMANCE_ORDER for qb in POTENTIAL_ORDER]


def validity_end(assessed_on: dt.date, years: int) -> dt.date:
    """Default `valid until` of an assessment: the same day `years` later (29 February -> 28)."""
    try:
        return assessed_on.replace(year=assessed_on.year + years)
    except ValueError:
        return assessed_on.replace(year=assessed_on.year + years, day=28)


def skp_years_for(as_of: dt.date) -> list[int]:
    """The closed SKP years a grid on `as_of` reads, newest first."""
    return [as_of.year - 1 - i for i in range(SKP_YEARS)]


# --- Succession (issue 20 point 4) -------------------------------------------------------------------

# Boxes whose holders get coaching, not promotion (REGULATION.md 5): never a main candidate or a reserve.
LOW_BOXES = frozenset({1, 2, 3})
# A candidate's post may be at most this many classes (kelas jabatan) below the key post.
GRADE_SPAN = 3


@dataclass(frozen=True)
class PoolRequirement:
    """Who may be in the talent pool of a key post of one kind: the kinds of post that feed it, the
    lowest rank (golongan) and the years of service since TMT CPNS. Policy defaults after PP 11/2017
    (requirements of JPT, administrator and pengawas posts), not a quotation of it."""

    feeder_kinds: frozenset[str]
    min_golongan: str
    min_service_years: int


POOL_REQUIREMENTS = {
    "jpt_utama": PoolRequirement(frozenset({"jpt_madya", "jpt_utama"}), "IV/d", 15),
    "jpt_madya": PoolRequirement(frozenset({"jpt_pratama", "jpt_madya", "ahli_utama"}), "IV/c", 12),
    "jpt_pratama": PoolRequirement(
        frozenset({"administrator", "jpt_pratama", "ahli_madya", "ahli_utama"}), "IV/a", 10
    ),
    "administrator": PoolRequirement(
        frozenset({"pengawas", "administrator", "ahli_muda", "ahli_madya"}), "III/c", 5
    ),
    "pengawas": PoolRequirement(
        frozenset(
            {"pelaksana", "pengawas", "ahli_pertama", "ahli_muda", "fungsional_mahir", "fungsional_penyelia"}
        ),
        "III/b",
        4,
    ),
}
# Any other key post (a fungsional post HR marks as key): feeders of the same family, like a pengawas post.
DEFAULT_POOL_REQUIREMENT = POOL_REQUIREMENTS["pengawas"]

# Integrity from discipline history: a sanction that ended within this many years weighs more.
RECENT_SANCTION_YEARS = 5
INTEGRITY_CLEAN = 10000
INTEGRITY_RECENT_SANCTION = 5000
INTEGRITY_OLD_SANCTION = 7500
INTEGRITY_OPEN_FINDING_PENALTY = 2500
# Qualification: education level, education field, competency overlap (hundredths of the part).
QUALIFICATION_SHARES = {"level": 40, "field": 30, "competency": 30}


def performance_part(performance_score) -> int:
    """Performance as 0-100 (hundredths): the 1-5 predicate mean scaled; missing SKP -> 0."""
    if performance_score is None:
        return 0
    return max(0, min(10000, (hundredths(performance_score) - 100) * 100 // 4))


def qualification_part(
    *, level_ok: bool, required_fields: list, field: str, tags: list, competencies: list
) -> tuple[int, dict]:
    """Qualification as 0-100 (hundredths) and its pieces: education level meets the post, field among
    the post's fields (or the post names none), share of the post's competency tags the employee has."""
    field_ok = not required_fields or field.casefold() in {f.casefold() for f in required_fields}
    wanted = {t.casefold() for t in tags}
    have = {c.casefold() for c in competencies}
    overlap = 10000 if not wanted else len(wanted & have) * 10000 // len(wanted)
    shares = QUALIFICATION_SHARES
    value = (
        shares["level"] * (10000 if level_ok else 0)
        + shares["field"] * (10000 if field_ok else 0)
        + shares["competency"] * overlap
    ) // 100
    return value, {"level_ok": level_ok, "field_ok": field_ok, "competency_overlap": overlap}


def integrity_part(*, sanction_until: dt.date | None, open_finding: bool, as_of: dt.date) -> int:
    """Integrity as 0-100 (hundredths) from the discipline history: a past sanction lowers it (more if
    recent), an open Inspektorat finding lowers it further. A current sanction keeps the employee out
    of the pool altogether."""
    value = INTEGRITY_CLEAN
    if sanction_until is not None and sanction_until < as_of:
        recent = sanction_until >= validity_end(as_of, -RECENT_SANCTION_YEARS)
        value = INTEGRITY_RECENT_SANCTION if recent else INTEGRITY_OLD_SANCTION
    if open_finding:
        value = max(0, value - INTEGRITY_OPEN_FINDING_PENALTY)
    return value


def fit_score(parts: dict[str, int], weights: dict[str, int]) -> int:
    """The weighted mean of the parts, in hundredths (rounded half up)."""
    total = sum(weights.values()) or 1
    return (2 * sum(weights[k] * parts[k] for k in weights) + total) // (2 * total)
