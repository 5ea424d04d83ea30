"""Server-rendered SVG charts (no JavaScript, no CDN: intranets are often offline, DESIGN.md 2).

Charts are drawn in a 400-unit-wide viewBox and scale to their container (`svg.chart` in
simutasi.css), so one drawing serves a 375px phone and a desktop. Bars are horizontal with the label
on its own line above them: long Indonesian post titles stay readable on a phone. Colours come from
CSS classes (`s-req`, `s-cur`, `s-short`, `s-surp`, `s-line-*`) appended to simutasi.css.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 400
LABEL_CHARS = 58


def _label(text: str) -> str:
    text = str(text)
    return escape(text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…")


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _svg(height: float, body: list[str], title: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every label and title went through escape()
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _row_label(label: str, href: str, y: float) -> str:
    """The label line above a row's bars; a link when the row has an address."""
    text = _label(label)
    if href:
        text = f'<a href="{escape(href)}">{text}</a>'
    return f'<text class="s-label" x="0" y="{y + 13:.1f}">{text}</text>'


def _legend(items: Sequence[tuple[str, str]], y: float = 14) -> list[str]:
    out, x = [], 0.0
    for css, text in items:
        out.append(f'<rect class="{css}" x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" rx="2"/>')
        out.append(f'<text class="s-legend" x="{x + 14:.1f}" y="{y:.1f}">{escape(text)}</text>')
        x += 26 + 7.5 * len(text)
    return out


@dataclass(frozen=True)
class PairRow:
    label: str
    first: float  # e.g. required staff
    second: float  # e.g. current holders
    href: str = ""


def paired_bars(rows: Sequence[PairRow], *, first_label: str, second_label: str, title: str) -> SafeString:
    """Two horizontal bars per row (required vs current), the row label on the line above."""
    top, label_h, bar_h, gap = 26, 18, 10, 9
    row_h = label_h + 2 * bar_h + 2 + gap
    peak = max([max(r.first, r.second) for r in rows] + [1])
    span = WIDTH - 36  # room for the value after the bar
    body = _legend([("s-req", first_label), ("s-cur", second_label)])
    y = top
    for r in rows:
        body.append(_row_label(r.label, r.href, y))
        for i, (css, value) in enumerate((("s-req", r.first), ("s-cur", r.second))):
            by = y + label_h + i * (bar_h + 2)
            w = span * float(value) / peak
            body.append(
                f'<rect class="{css}" x="0" y="{by:.1f}" width="{max(w, 0.5):.1f}" height="{bar_h}" rx="2">'
                f"<title>{escape(first_label if i == 0 else second_label)}: {_num(value)}</title></rect>"
            )
            body.append(f'<text class="s-value" x="{w + 4:.1f}" y="{by + 9:.1f}">{_num(value)}</text>')
        y += row_h
    return _svg(y + 4, body, title)


@dataclass(frozen=True)
class SplitRow:
    label: str
    shortage: int
    surplus: int
    href: str = ""


def diverging_bars(rows: Sequence[SplitRow], *, left_label: str, right_label: str, title: str) -> SafeString:
    """Shortage to the left of a centre line, surplus to the right: where staff lack and exceed."""
    top, label_h, bar_h, gap = 26, 18, 12, 8
    row_h = label_h + bar_h + gap
    centre = WIDTH / 2
    peak = max([max(r.shortage, r.surplus) for r in rows] + [1])
    half = centre - 30
    body = _legend([("s-short", left_label), ("s-surp", right_label)])
    y = top
    for r in rows:
        body.append(_row_label(r.label, r.href, y))
        by = y + label_h
        left = half * r.shortage / peak
        right = half * r.surplus / peak
        if r.shortage:
            body.append(
                f'<rect class="s-short" x="{centre - left:.1f}" y="{by:.1f}" width="{left:.1f}" '
                f'height="{bar_h}" rx="2"><title>{escape(left_label)}: {r.shortage}</title></rect>'
            )
            body.append(
                f'<text class="s-value" x="{centre - left - 4:.1f}" y="{by + 10:.1f}" '
                f'text-anchor="end">-{r.shortage}</text>'
            )
        if r.surplus:
            body.append(
                f'<rect class="s-surp" x="{centre:.1f}" y="{by:.1f}" width="{right:.1f}" height="{bar_h}" '
                f'rx="2"><title>{escape(right_label)}: {r.surplus}</title></rect>'
            )
            body.append(
                f'<text class="s-value" x="{centre + right + 4:.1f}" y="{by + 10:.1f}">+{r.surplus}</text>'
            )
        y += row_h
    body.append(f'<line class="s-axis" x1="{centre}" y1="{top}" x2="{centre}" y2="{y:.1f}"/>')
    return _svg(y + 4, body, title)


def columns(items: Sequence[tuple[str, int, str]], *, title: str) -> SafeString:
    """Vertical columns with counts, e.g. the PJ bands A-E: (label, count, css class)."""
    height, base, top = 170, 140, 18
    n = max(len(items), 1)
    slot = WIDTH / n
    peak = max([c for _l, c, _css in items] + [1])
    body = []
    for i, (label, count, css) in enumerate(items):
        h = (base - top) * count / peak
        x = i * slot + slot * 0.2
        w = slot * 0.6
        body.append(
            f'<rect class="{css}" x="{x:.1f}" y="{base - h:.1f}" width="{w:.1f}" height="{max(h, 0.5):.1f}" '
            f'rx="2"><title>{escape(label)}: {count}</title></rect>'
        )
        body.append(
            f'<text class="s-value" x="{x + w / 2:.1f}" y="{base - h - 4:.1f}" text-anchor="middle">{count}</text>'
        )
        body.append(
            f'<text class="s-label" x="{x + w / 2:.1f}" y="{base + 18:.1f}" text-anchor="middle">'
            f"{_label(label)}</text>"
        )
    body.append(f'<line class="s-axis" x1="0" y1="{base}" x2="{WIDTH}" y2="{base}"/>')
    return _svg(height, body, title)


def trend_lines(
    labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[float]]], *, title: str
) -> SafeString:
    """Lines over the last runs: series = (css class, legend text, values per label)."""
    height, left, right, top, base = 210, 34, 8, 28, 170
    values = [v for _c, _t, vals in series for v in vals]
    low, high = (min(values + [0]), max(values + [1]))
    if high == low:
        high = low + 1
    n = len(labels)
    step = (WIDTH - left - right) / max(n - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, base - (base - top) * (v - low) / (high - low)

    body = _legend([(f"s-line-{css}", text) for css, text, _v in series])
    for frac in (0, 0.5, 1):
        v = low + (high - low) * frac
        _x, y = xy(0, v)
        body.append(f'<line class="s-grid" x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}"/>')
        body.append(f'<text class="s-value" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{v:.0f}</text>')
    for css, text, vals in series:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(vals)))
        body.append(f'<polyline class="s-line s-line-{css}" points="{points}"/>')
        for i, v in enumerate(vals):
            x, y = xy(i, v)
            body.append(
                f'<circle class="s-line-{css}" cx="{x:.1f}" cy="{y:.1f}" r="3">'
                f"<title>{escape(text)} {escape(labels[i])}: {_num(v)}</title></circle>"
            )
    every = max(1, round(n / 5))  # at most ~5 date labels: they must fit on a phone
    for i, label in enumerate(labels):
        if i % every == 0 or i == n - 1:
            x, _y = xy(i, low)
            body.append(
                f'<text class="s-label" x="{x:.1f}" y="{base + 18}" text-anchor="middle">{escape(label)}</text>'
            )
    return _svg(height, body, title)
