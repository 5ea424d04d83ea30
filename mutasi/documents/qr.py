"""The QR code on a decree, drawn fast (speed code behind a named seam, docs/ARCHITECTURE.md).

Plain path it stands in for: reportlab's `QrCodeWidget` in a `Drawing`, drawn per document. Figure
(benchmarks/decree.py, 500 transfers): with the widget, one decree with its 500 petikan took 352 s, the
widget encoding the address twice per document and drawing ~750 shape objects each time; encoding once
per address (`qr_runs`, cached) and drawing the dark runs as one path brought it to about 20 s.
tests/mutasi/test_decree_qr.py checks that the modules are exactly those of reportlab's widget.
"""

from __future__ import annotations

import functools
import itertools

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors


@functools.lru_cache(maxsize=64)
def qr_runs(value: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR code of `value` as (module count, dark runs (row, first column, length)). Encoded once
    per address: a decree and its petikan carry the same one (reportlab's encoder, issue 17 benchmark:
    drawing the widget per document took most of the time)."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(value)
    qr.make()
    runs = []
    for r, row in enumerate(qr.modules):
        c = 0
        for dark, group in itertools.groupby(bool(m) for m in row):
            n = len(list(group))
            if dark:
                runs.append((r, c, n))
            c += n
    return qr.getModuleCount(), tuple(runs)


def draw_qr(canv, value: str, *, x: float, y: float, size: float) -> None:
    """The QR code as one filled path (quiet zone of 2 modules) with its lower-left corner at (x, y)."""
    count, runs = qr_runs(value)
    box = size / (count + 4)
    path = canv.beginPath()
    for r, c, n in runs:
        path.rect(x + (c + 2) * box, y + size - (r + 3) * box, n * box, box)
    canv.saveState()
    canv.setFillColor(colors.black)
    canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()
