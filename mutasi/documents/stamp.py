"""The visible signature image BSrE stamps on a decree (a PNG made with Pillow): the words of an
electronic signature and the signer's name. The QR code is part of the document itself (render.py)."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont


def signature_image(name: str) -> bytes:
    image = Image.new("RGB", (600, 160), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=22)
    lines = ["Ditandatangani secara elektronik oleh", name[:60], "Balai Sertifikasi Elektronik (BSrE), BSSN"]
    for i, line in enumerate(lines):
        draw.text((16, 16 + i * 44), line, fill="black", font=font)
    draw.rectangle((2, 2, 597, 157), outline="black", width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
