"""Issue 17 "Must show": the decree, its lampiran and a petikan rendered to PNG (pdftoppm, Debian's
poppler-utils) in docs/screenshots/, from a decree issued through the service; their text is read back
and holds the parts of REGULATION.md 6 in order (the full check is in test_decree_form.py)."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw
from pypdf import PdfReader

from mutasi.models import DecreeExtract, DecreeTemplate
from tests.mutasi.conftest import approve_all, submit_mover
from tests.mutasi.decree_helpers import assert_in_order, issue, pdf_text, read

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not shutil.which("pdftoppm") and not os.environ.get("CI"),
        reason="needs pdftoppm (apt-get install poppler-utils); never skipped in CI",
    ),
]


def _emblem() -> bytes:
    """A stand-in for the region's emblem (HR uploads the real one in the admin)."""
    image = Image.new("RGBA", (240, 280), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(20, 10), (220, 10), (220, 160), (120, 270), (20, 160)], fill=(20, 90, 50), outline="black")
    draw.ellipse((80, 50, 160, 130), fill=(230, 190, 40))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _png(pdf: bytes, page: int, name: str) -> Path:
    target = SCREENSHOTS / name
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    source = target.with_suffix(".pdf")
    source.write_bytes(pdf)
    try:
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "70",
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(source),
                str(target.with_suffix("")),
            ],
            check=True,
            timeout=60,
        )
    finally:
        source.unlink()
    assert target.stat().st_size > 10_000
    return target


def test_decree_lampiran_and_petikan_as_png(world, submitted):
    template = DecreeTemplate(region=world.region)
    template.emblem.save("lambang.png", ContentFile(_emblem()), save=False)
    template.save()
    for employee, name, golongan in ((world.pegawai_emp, "Siti Aminah", "III/a"),):
        employee.name, employee.back_title, employee.golongan = name, "S.KM.", golongan
        employee.save(update_fields=["name", "back_title", "golongan"])
    other = submit_mover(world, "mover")
    other.employee.name, other.employee.golongan = "Rahmat Hidayat", "II/c"
    other.employee.save(update_fields=["name", "golongan"])
    walikota = world.walikota.employee
    walikota.name, walikota.front_title = "Ahmad Yani", "H."
    walikota.save(update_fields=["name", "front_title"])
    decree = issue(world, [approve_all(world, submitted), approve_all(world, other)])
    data = read(decree.pdf)
    pages = PdfReader(io.BytesIO(data)).pages
    lampiran_page = next(
        i for i, p in enumerate(pages, 1) if "LAMPIRAN KEPUTUSAN" in (p.extract_text() or "")
    )
    _png(data, 1, "decree-sk.png")
    _png(data, lampiran_page, "decree-lampiran.png")
    petikan = read(DecreeExtract.objects.get(decree=decree, request=submitted).pdf)
    _png(petikan, 1, "decree-petikan.png")

    text = " ".join(pdf_text(data).split())
    assert_in_order(
        text,
        [
            "WALIKOTA MANNA",
            "KEPUTUSAN WALIKOTA MANNA",
            "NOMOR",
            "TENTANG",
            "DENGAN RAHMAT TUHAN YANG MAHA ESA",
            "Menimbang",
            "Mengingat",
            "MEMUTUSKAN:",
            "Menetapkan",
            "KESATU",
            "Ditetapkan di Manna",
            "WALIKOTA MANNA,",
            "H. AHMAD YANI",
            "Tembusan:",
            "LAMPIRAN KEPUTUSAN",
            "Siti Aminah",
            "Penata Muda, III/a",
            "Ditetapkan di Manna",
            "H. AHMAD YANI",
        ],
    )
    assert walikota.nip_display not in text
    petikan_text = " ".join(pdf_text(petikan).split())
    assert_in_order(
        petikan_text, ["PETIKAN", "KEPUTUSAN WALIKOTA MANNA", "Siti Aminah, S.KM.", "H. AHMAD YANI"]
    )
    assert "Rahmat Hidayat" not in petikan_text
