"""The nine-box grid as server-rendered SVG (issue 20 point 9), drawn with the workload charts' helpers
(workload/svg.py: the same 400-unit viewBox that scales from a 375px phone to a desktop, escaped labels,
colours from simutasi.css classes `s-box-*`)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from talenta.choices import PerformanceBand, PotentialBand
from talenta.rules import LOW_BOXES, PERFORMANCE_ORDER, POTENTIAL_ORDER, RubricValues
from workload import svg

READY_BOXES = frozenset({7, 8, 9})


def _tier(box: int) -> str:
    return "ready" if box in READY_BOXES else "low" if box in LOW_BOXES else "mid"


def nine_box(
    values: RubricValues, counts: dict[int, int], *, href: Callable[[int], str] | None = None, title: str = ""
) -> SafeString:
    """Three rows (performance, above on top) by three columns (potential, high on the right); each
    cell shows its box number and how many employees it holds, a link to the names when `href` is given
    and the cell is not empty."""
    left, top, cell, gap = 46, 8, 114, 4
    body = []
    for row, performance in enumerate(reversed(PERFORMANCE_ORDER)):
        y = top + row * (cell + gap)
        for col, potential in enumerate(POTENTIAL_ORDER):
            x = left + col * (cell + gap)
            box = values.box(performance, potential)
            n = counts.get(box, 0)
            label = _("Kotak %(box)d: %(n)d pegawai (kinerja %(perf)s, potensi %(pot)s)") % {
                "box": box,
                "n": n,
                "perf": PerformanceBand(performance).label.lower(),
                "pot": PotentialBand(potential).label.lower(),
            }
            shape = (
                f'<rect class="s-box-{_tier(box)}" x="{x}" y="{y}" width="{cell}" height="{cell}" rx="6">'
                f"<title>{escape(label)}</title></rect>"
                f'<text class="s-box-no" x="{x + 8}" y="{y + 20}">{box}</text>'
                f'<text class="s-box-count" x="{x + cell / 2}" y="{y + cell / 2 + 14}" text-anchor="middle">{n}</text>'
            )
            if href is not None and n:
                shape = f'<a href="{escape(href(box))}" aria-label="{escape(label)}">{shape}</a>'
            body.append(shape)
    size = top + 3 * cell + 2 * gap
    rows = {
        PerformanceBand.ABOVE: _("Di atas"),
        PerformanceBand.MEETS: _("Sesuai"),
        PerformanceBand.BELOW: _("Di bawah"),
    }
    for row, performance in enumerate(reversed(PERFORMANCE_ORDER)):
        y = top + row * (cell + gap) + cell / 2
        body.append(
            f'<text class="s-label" x="34" y="{y:.0f}" text-anchor="middle" transform="rotate(-90 34 {y:.0f})">'
            f"{escape(rows[performance])}</text>"
        )
    middle = top + 1.5 * cell + gap
    body.append(
        f'<text class="s-legend" x="12" y="{middle:.0f}" text-anchor="middle" transform="rotate(-90 12 {middle:.0f})">'
        f"{escape(_('Kinerja'))} →</text>"
    )
    for col, potential in enumerate(POTENTIAL_ORDER):
        x = left + col * (cell + gap) + cell / 2
        body.append(
            f'<text class="s-label" x="{x:.0f}" y="{size + 18}" text-anchor="middle">{escape(PotentialBand(potential).label)}</text>'
        )
    body.append(
        f'<text class="s-legend" x="{left + 1.5 * cell + gap:.0f}" y="{size + 38}" text-anchor="middle">'
        f"{escape(_('Potensi'))} →</text>"
    )
    return svg._svg(size + 46, body, title or _("Kotak talenta (nine-box)"))
