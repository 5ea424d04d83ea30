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
from talenta.choices import PerformanceBand, PotentialBand

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
