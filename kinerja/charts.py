"""Server-rendered SVG chart geometry (no JavaScript, no CDN): the template draws what this returns."""

from kinerja.choices import Predicate

# Colours follow the badge palette of static/css/simutasi.css (ok / warn / bad).
PREDICATE_COLOURS = {
    Predicate.SANGAT_BAIK: "#1e7d3a",
    Predicate.BAIK: "#4f9d5d",
    Predicate.BUTUH_PERBAIKAN: "#b26a00",
    Predicate.KURANG: "#d0643c",
    Predicate.SANGAT_KURANG: "#b3261e",
}


def predicate_bars(
    counts: dict, *, width: int = 600, bar_height: int = 28, gap: int = 10, label_width: int = 170
) -> dict:
    """Horizontal bars, one per predicate, scaled to the largest count."""
    biggest = max(counts.values(), default=0) or 1
    total = sum(counts.values())
    room = width - label_width - 70
    bars = []
    for i, (code, n) in enumerate(counts.items()):
        y = i * (bar_height + gap)
        bars.append(
            {
                "label": Predicate(code).label,
                "count": n,
                "percent": round(n * 100 / total, 1) if total else 0,
                "y": y,
                "text_y": y + bar_height * 0.68,
                "width": round(n * room / biggest, 1),
                "value_x": label_width + round(n * room / biggest, 1) + 6,
                "colour": PREDICATE_COLOURS[code],
            }
        )
    return {
        "width": width,
        "height": len(bars) * (bar_height + gap),
        "bar_height": bar_height,
        "label_width": label_width,
        "bars": bars,
    }
