"""The one place where text meets a PDF (reportlab): escaping, the paragraph factory and the fonts.

reportlab's `Paragraph` reads its text as markup: `<b>`, `<font>`, `<a href>` and `<img src=...>`,
the last of which makes reportlab OPEN THE FILE (or URL) it names. Every text a user typed (an
employee's name, a position or agency title, the external agency of an outgoing transfer, the signer's
name, the decree texts HR edits) is therefore data, never markup (issue 17, point 1):

- `esc(value)` turns any value into literal Paragraph text: XML special characters escaped, control
  characters dropped, line breaks kept as `<br/>`;
- `para(markup, style)` is the only way the documents build a Paragraph: the markup is our own template
  with user values passed through `esc`; it refuses any markup that could open a file or a link
  (`<img`, `href=`, `src=`), so a future template mistake fails loudly instead of reading the disk;
- `fonts()` registers a Unicode TrueType family (DejaVu Serif, settings.PDF_FONT_DIR) so names in any
  script come out as the literal characters; without it the PDF falls back to Times (Latin-1 only).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as _xml_escape

from django.conf import settings
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

# Markup that makes reportlab fetch something: never allowed in a paragraph we build.
# (Escaped user text has no "<" left, so only tags of our own templates are looked at.)
_TAG = re.compile(r"<[^>]*>")
_FORBIDDEN = re.compile(r"^<\s*/?\s*(img|a|link)\b|\b(src|href)\s*=", re.IGNORECASE)


def _keep_char(ch: str) -> bool:
    # Control and format characters (NUL, bidi overrides, zero-width joiners...) carry no visible text
    # and some break reportlab's XML parser: dropped. Tabs and line breaks become spaces / <br/>.
    return ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}


def esc(value: object) -> str:
    """`value` as literal text inside Paragraph markup (None -> empty)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = "".join(ch for ch in text if _keep_char(ch)).replace("\t", " ")
    text = _xml_escape(text, {'"': "&quot;", "'": "&#39;"})
    return "<br/>".join(line.strip() for line in text.splitlines()) if "\n" in text else text


class UnsafeMarkup(ValueError):
    """Raised when a document template (our code) would make reportlab open a file or a link."""


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of OUR markup (user values inside it already passed through `esc`)."""
    if any(_FORBIDDEN.search(tag) for tag in _TAG.findall(markup)):
        raise UnsafeMarkup("PDF markup must not reference files or links")
    return Paragraph(markup, style)


def text(value: object, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of literal text."""
    return para(esc(value), style)


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str


@functools.cache
def fonts() -> Fonts:
    """The document family: DejaVu Serif when its files are found (full Unicode), else Times.
    Regular and bold are in Debian's fonts-dejavu-core; italics (fonts-dejavu-extra) are optional."""
    folder = Path(getattr(settings, "PDF_FONT_DIR", "") or "/usr/share/fonts/truetype/dejavu")
    regular, bold = folder / "DejaVuSerif.ttf", folder / "DejaVuSerif-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        return Fonts("Times-Roman", "Times-Bold", "Times-Italic")
    italic, bold_italic = folder / "DejaVuSerif-Italic.ttf", folder / "DejaVuSerif-BoldItalic.ttf"
    files = {
        "SimutasiSerif": regular,
        "SimutasiSerif-Bold": bold,
        "SimutasiSerif-Italic": italic if italic.is_file() else regular,
        "SimutasiSerif-BoldItalic": bold_italic if bold_italic.is_file() else bold,
    }
    for name, path in files.items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        "SimutasiSerif",
        normal="SimutasiSerif",
        bold="SimutasiSerif-Bold",
        italic="SimutasiSerif-Italic",
        boldItalic="SimutasiSerif-BoldItalic",
    )
    return Fonts("SimutasiSerif", "SimutasiSerif-Bold", "SimutasiSerif-Italic")
