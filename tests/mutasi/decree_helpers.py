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
