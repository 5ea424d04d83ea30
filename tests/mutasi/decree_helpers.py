"""Shared by the decree tests (issue 17): issuing through the service, reading a PDF's text."""

import io
import re

from django.utils import timezone
from pypdf import PdfReader

from mutasi import services
from mutasi.models import Decree


def issue(world, requests, signer=None, *, day=None) -> Decree:
    day = day or timezone.localdate()
    decree = services.decree_issue(
        actor=world.bkpsdm,
        request_ids=[r.pk for r in requests],
        date=day,
        tmt=day,
        signer=signer or world.walikota.employee,
    )
    decree.refresh_from_db()
    return decree


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    """Text with every run of white space removed (reportlab breaks long words across lines)."""
    return re.sub(r"\s+", "", text)


def read(field_file) -> bytes:
    with field_file.open("rb") as fh:
        return fh.read()


def assert_in_order(text: str, parts: list[str]) -> None:
    """Every part occurs in `text`, each after the previous one."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, (
            f"{part!r} not found after position {position}: ...{text[position : position + 300]!r}"
        )
        position = found + len(part)


def qr_addresses(data: bytes, *, dpi: int = 150) -> list[str]:
    """What the QR codes of a PDF say, read from its pages as a phone camera would from paper: each page
    rendered to an image (poppler's pdftoppm) and searched by OpenCV's QR detector. One entry per page
    with a readable code."""
    import subprocess
    import tempfile
    from pathlib import Path

    import cv2  # opencv-python-headless (requirements-dev.txt): only the QR tests need it

    found = []
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "document.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(Path(folder) / "page")],
            check=True,
            capture_output=True,
        )
        detector = cv2.QRCodeDetector()
        for image in sorted(Path(folder).glob("page*.png")):
            text, _points, _code = detector.detectAndDecode(cv2.imread(str(image)))
            if text:
                found.append(text)
    return found
