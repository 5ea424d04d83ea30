"""Rules of PermenPANRB 6/2022 as data and pure functions (REGULATION.md section 3).

Nothing here touches the database: services and selectors call these functions, tests pin them, and
the "Kriteria penilaian" page renders the same tables, so what employees read is what the code does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.choices import Aspect, OrgRating, Predicate, Rating

# --- Predicate matrix (REGULATION.md 3): (results, behaviour) -> predicate. ---
MATRIX: dict[tuple[str, str], str] = {
    (Rating.ABOVE, Rating.BELOW): Predicate.KURANG,
    (Rating.ABOVE, Rating.AS_EXPECTED): Predicate.BAIK,
    (Rating.ABOVE, Rating.ABOVE): Predicate.SANGAT_BAIK,
    (Rating.AS_EXPECTED, Rating.BELOW): Predicate.KURANG,
    (Rating.AS_EXPECTED, Rating.AS_EXPECTED): Predicate.BAIK,
    (Rating.AS_EXPECTED, Rating.ABOVE): Predicate.BAIK,
    (Rating.BELOW, Rating.BELOW): Predicate.SANGAT_KURANG,
    (Rating.BELOW, Rating.AS_EXPECTED): Predicate.BUTUH_PERBAIKAN,
    (Rating.BELOW, Rating.ABOVE): Predicate.BUTUH_PERBAIKAN,
}

# Order used by tables and charts, best first.
PREDICATE_ORDER = [
    Predicate.SANGAT_BAIK,
    Predicate.BAIK,
    Predicate.BUTUH_PERBAIKAN,
    Predicate.KURANG,
    Predicate.SANGAT_KURANG,
]
RATING_ORDER = [Rating.ABOVE, Rating.AS_EXPECTED, Rating.BELOW]
AT_LEAST_BAIK = frozenset({Predicate.SANGAT_BAIK, Predicate.BAIK})


def predicate_for(*, results: str, behaviour: str) -> str:
    """The predicate of a results and a behaviour rating; it is never typed in by hand."""
    return MATRIX[(Rating(results), Rating(behaviour))]


def is_at_least_baik(code: str | None) -> bool:
    """Transfer eligibility (Perban 5/2019): predicate at least "Baik"."""
    return code in AT_LEAST_BAIK


def matrix_rows() -> list[dict]:
    """The matrix as rows for the criteria page: results rating down, behaviour across."""
    behaviours = [Rating.BELOW, Rating.AS_EXPECTED, Rating.ABOVE]
    return [
        {
            "results": results,
            "cells": [MATRIX[(results, behaviour)] for behaviour in behaviours],
        }
        for results in RATING_ORDER
    ]


# --- Unit head: "for the unit head, the unit's rating is the results rating" (REGULATION.md 3). ---
UNIT_HEAD_RESULTS: dict[str, str] = {
    OrgRating.ISTIMEWA: Rating.ABOVE,
    OrgRating.BAIK: Rating.AS_EXPECTED,
    OrgRating.BUTUH_PERBAIKAN: Rating.BELOW,
    OrgRating.KURANG: Rating.BELOW,
    OrgRating.SANGAT_KURANG: Rating.BELOW,
}


# --- Objective suggestion: indicator achievement (REGULATION.md 3, "older rule"). ---
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def achievement(*, aspect: str, target: Decimal | None, realised: Decimal | None) -> Decimal | None:
    """Capaian (%): realised / target x 100; for a time indicator lower is better, so target / realised.

    None when there is nothing to compute (no realisation yet, or a zero denominator).
    """
    if target is None or realised is None:
        return None
    target, realised = Decimal(target), Decimal(realised)
    if aspect == Aspect.TIME:
        if realised <= 0:
            return None
        value = target / realised * HUNDRED
    else:
        if target <= 0:
            return None
        value = realised / target * HUNDRED
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def average(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    return (sum(present, Decimal(0)) / len(present)).quantize(CENT, rounding=ROUND_HALF_UP)


def suggest_results_rating(*, average_achievement: Decimal | None, below: Decimal, above: Decimal) -> str:
    """Saran rating hasil kerja from the average achievement and the region's Policy thresholds
    (defaults: under 90% di bawah, over 110% di atas; the limits themselves are "sesuai").
    Empty when no indicator has a realisation yet."""
    if average_achievement is None:
        return ""
    if average_achievement < below:
        return Rating.BELOW
    if average_achievement > above:
        return Rating.ABOVE
    return Rating.AS_EXPECTED


# --- Distribution rules: organisational performance caps individual predicates (REGULATION.md 3). ---
# "some Butuh Perbaikan and/or Kurang must appear" (unit rating Baik) is read as: at least one such
# predicate once the set has SOME_REQUIRED_FROM members; a smaller team cannot be forced to have a weak
# performer (docs/ARCHITECTURE.md, Kinerja).
SOME_REQUIRED_FROM = 5

MAX, MIN, SOME, NONE = "max", "min", "some", "none"


@dataclass(frozen=True)
class DistributionRule:
    org_rating: str
    kind: str  # MAX / MIN percent of the set, SOME = at least one (from SOME_REQUIRED_FROM), NONE = zero
    predicates: frozenset[str]
    percent: int = 0

    @property
    def predicate_names(self) -> str:
        labels = [str(Predicate(p).label) for p in PREDICATE_ORDER if p in self.predicates]
        return _(" dan/atau ").join(labels)

    @property
    def description(self) -> str:
        names = self.predicate_names
        if self.kind == MAX:
            return _("paling banyak %(p)s%% %(names)s") % {"p": self.percent, "names": names}
        if self.kind == MIN:
            return _("paling sedikit %(p)s%% %(names)s") % {"p": self.percent, "names": names}
        if self.kind == SOME:
            return _("harus ada %(names)s (bila anggota unit %(n)s orang atau lebih)") % {
                "names": names,
                "n": SOME_REQUIRED_FROM,
            }
        return _("tidak boleh ada %(names)s") % {"names": names}

    def violated_by(self, count: int, total: int) -> bool:
        # Integer arithmetic: a set exactly at the limit passes.
        if self.kind == MAX:
            return count * 100 > self.percent * total
        if self.kind == MIN:
            return count * 100 < self.percent * total
        if self.kind == SOME:
            return total >= SOME_REQUIRED_FROM and count == 0
        return count > 0


def _rule(org: str, kind: str, percent: int, *predicates: str) -> DistributionRule:
    return DistributionRule(org_rating=org, kind=kind, predicates=frozenset(predicates), percent=percent)


P = Predicate
DISTRIBUTION_RULES: dict[str, list[DistributionRule]] = {
    OrgRating.ISTIMEWA: [_rule(OrgRating.ISTIMEWA, MAX, 70, P.SANGAT_BAIK)],
    OrgRating.BAIK: [
        _rule(OrgRating.BAIK, MAX, 70, P.BAIK),
        _rule(OrgRating.BAIK, SOME, 0, P.BUTUH_PERBAIKAN, P.KURANG),
    ],
    OrgRating.BUTUH_PERBAIKAN: [
        _rule(OrgRating.BUTUH_PERBAIKAN, MIN, 60, P.BUTUH_PERBAIKAN),
        _rule(OrgRating.BUTUH_PERBAIKAN, MAX, 10, P.SANGAT_BAIK),
    ],
    OrgRating.KURANG: [
        _rule(OrgRating.KURANG, MIN, 60, P.KURANG),
        _rule(OrgRating.KURANG, MIN, 10, P.BUTUH_PERBAIKAN),
        _rule(OrgRating.KURANG, MAX, 10, P.SANGAT_BAIK),
    ],
    OrgRating.SANGAT_KURANG: [
        _rule(OrgRating.SANGAT_KURANG, MIN, 60, P.SANGAT_KURANG),
        _rule(OrgRating.SANGAT_KURANG, MIN, 10, P.KURANG, P.BUTUH_PERBAIKAN),
        _rule(OrgRating.SANGAT_KURANG, NONE, 0, P.SANGAT_BAIK),
    ],
}


@dataclass(frozen=True)
class Violation:
    rule: DistributionRule
    count: int
    total: int
    scope: str = ""

    @property
    def percent(self) -> Decimal:
        if not self.total:
            return Decimal(0)
        return (Decimal(self.count) * HUNDRED / self.total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def message(self) -> str:
        text = _("Aturan predikat unit '%(org)s': %(rule)s (saat ini %(c)s dari %(t)s = %(pct)s%%)") % {
            "org": OrgRating(self.rule.org_rating).label,
            "rule": self.rule.description,
            "c": self.count,
            "t": self.total,
            "pct": f"{self.percent.normalize():f}".replace(".", ","),
        }
        return f"{self.scope}: {text}" if self.scope else text


def check_distribution(*, org_rating: str, predicates: Iterable[str], scope: str = "") -> list[Violation]:
    """Every distribution rule the set of predicates breaks, with its counts (empty list = allowed)."""
    counts = Counter(p for p in predicates if p)
    total = sum(counts.values())
    if total == 0:
        return []
    violations = []
    for rule in DISTRIBUTION_RULES[OrgRating(org_rating)]:
        count = sum(counts[p] for p in rule.predicates)
        if rule.violated_by(count, total):
            violations.append(Violation(rule=rule, count=count, total=total, scope=scope))
    return violations


def distribution_rows() -> list[dict]:
    """The rules as rows for the criteria page."""
    return [
        {"org_rating": OrgRating(org).label, "rules": [r.description for r in rules_]}
        for org, rules_ in DISTRIBUTION_RULES.items()
    ]


CORE_VALUE_HINTS = {
    "berorientasi_pelayanan": gettext_lazy(
        "Memahami dan memenuhi kebutuhan masyarakat; ramah, cekatan, solutif; terus memperbaiki layanan."
    ),
    "akuntabel": gettext_lazy(
        "Jujur, bertanggung jawab, cermat, disiplin; memakai kekayaan negara secara efisien."
    ),
    "kompeten": gettext_lazy("Terus belajar dan mengembangkan kapabilitas; membantu orang lain belajar."),
    "harmonis": gettext_lazy(
        "Menghargai setiap orang apa pun latar belakangnya; membangun lingkungan kerja kondusif."
    ),
    "loyal": gettext_lazy(
        "Setia pada Pancasila, UUD 1945, NKRI dan pemerintahan yang sah; menjaga nama baik."
    ),
    "adaptif": gettext_lazy(
        "Cepat menyesuaikan diri menghadapi perubahan; terus berinovasi; bertindak proaktif."
    ),
    "kolaboratif": gettext_lazy("Memberi kesempatan berbagai pihak berkontribusi; terbuka bekerja sama."),
}
