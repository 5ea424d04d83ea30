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


def test_the_qr_code_printed_on_the_decree_and_the_petikan_reads_back_as_the_verification_address(
    world, submitted, settings
):
    """The code is read from the rendered page image (not from the text printed under it)."""
    from mutasi.documents import verify_url
    from mutasi.models import DecreeExtract
    from tests.mutasi.conftest import approve_all
    from tests.mutasi.decree_helpers import issue, qr_addresses, read

    settings.PUBLIC_BASE_URL = "http://127.0.0.1:8000"
    decree = issue(world, [approve_all(world, submitted)])
    address = verify_url(decree.verify_token)
    assert address == f"http://127.0.0.1:8000/verifikasi/{decree.verify_token}/"
    assert address in qr_addresses(read(decree.pdf))  # body and lampiran
    assert qr_addresses(read(DecreeExtract.objects.get(decree=decree).pdf)) == [address]
