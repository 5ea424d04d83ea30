"""The fast QR drawing of decrees (mutasi.documents.qr) encodes exactly what reportlab's widget does."""

import itertools

from reportlab.graphics.barcode.qr import QrCodeWidget

from mutasi.documents.qr import qr_runs


def _widget_runs(value: str):
    widget = QrCodeWidget(value, barLevel="M")
    widget.qr.make()
    runs = []
    for r, row in enumerate(widget.qr.modules):
        c = 0
        for dark, group in itertools.groupby(bool(m) for m in row):
            n = len(list(group))
            if dark:
                runs.append((r, c, n))
            c += n
    return widget.qr.getModuleCount(), tuple(runs)


def test_the_same_modules_as_reportlabs_widget():
    for value in (
        "http://127.0.0.1:8000/verifikasi/abc/",
        "https://simutasi.example.go.id/verifikasi/" + "x" * 43 + "/",
    ):
        assert qr_runs(value) == _widget_runs(value)
