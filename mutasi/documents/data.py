"""What a decree document says, as plain values: built from the database (`decree_document`) or from
sample values for HR's preview (`sample_document`). The layout modules read only these values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.utils.formats import date_format

from instansi.choices import Golongan
from mutasi.choices import PaperSize, SignerMode
from mutasi.documents import defaults

_REGION_PREFIXES = ("Pemerintah Kabupaten ", "Pemerintah Kota ", "Pemerintah Provinsi ", "Pemerintah ")
_AREA_WORDS = {"kabupaten": "Kabupaten", "kota": "Kota", "provinsi": "Provinsi"}


@dataclass(frozen=True)
class Entry:
    """One employee's line of the lampiran (and their petikan)."""

    nip: str
    name: str
    rank: str  # pangkat, golongan/ruang: "Penata Muda, III/a"
    old_post: str
    old_unit: str
    new_post: str
    new_unit: str
    tmt: dt.date


@dataclass(frozen=True)
class Signer:
    mode: str  # mutasi.choices.SignerMode
    title: str  # the signer's own post, e.g. "Sekretaris Daerah"
    name: str
    rank: str
    nip: str


@dataclass(frozen=True)
class DecreeDocument:
    head: str  # "Walikota Manna": the official whose decree it is
    area: str  # "Kota Manna"
    number: str
    date: dt.date
    tmt: dt.date
    subject: str
    city: str
    menimbang: list[str]
    mengingat: list[str]
    decisions: list[str]
    tembusan: list[str]
    entries: list[Entry]
    signer: Signer
    emblem: bytes | None = None
    paper: str = PaperSize.A4
    verify_url: str = ""
    electronic: bool = True
    extra: dict = field(default_factory=dict)

    def only(self, entry: Entry) -> DecreeDocument:
        """The same decree reduced to one employee's entry (the petikan)."""
        return replace(self, entries=[entry])


def long_date(value: dt.date | None) -> str:
    return date_format(value, "j F Y") if value else "-"


def place_name(region_name: str) -> str:
    """ "Pemerintah Kota Manna" -> "Manna"."""
    for prefix in _REGION_PREFIXES:
        if region_name.startswith(prefix):
            return region_name[len(prefix) :]
    return region_name


def area_name(region_name: str, kind_label: str) -> str:
    """ "Pemerintah Kota Manna" -> "Kota Manna"."""
    name = region_name.removeprefix("Pemerintah ")
    return name if name.split(" ", 1)[0].lower() in _AREA_WORDS else f"{kind_label} {name}"


def rank_of(golongan: str) -> str:
    """ "III/a" -> "Penata Muda, III/a" (pangkat, golongan/ruang)."""
    if not golongan:
        return "-"
    try:
        label = str(Golongan(golongan).label)
    except ValueError:
        return golongan
    code, _sep, pangkat = label.partition(" ")
    return f"{pangkat}, {code}" if pangkat else code


def lines(text: str, default: str, values: dict[str, str]) -> list[str]:
    """The template's items, one a line (the default when HR left the field empty), placeholders
    filled by plain replacement (never str.format: HR's text may contain braces)."""
    source = text.strip() or default
    out = []
    for line in source.splitlines():
        line = line.strip()
        if not line:
            continue
        for key, value in values.items():
            line = line.replace("{" + key + "}", value)
        out.append(line)
    return out


def texts(template, *, head: str, area: str, tmt: dt.date, count: int) -> dict:
    """The template's texts (or the defaults) with the placeholders filled."""
    values = {"kepala": head, "daerah": area, "tmt": long_date(tmt), "jumlah": str(count)}
    get = (lambda name: getattr(template, name, "") or "") if template is not None else (lambda name: "")
    return {
        "subject": (get("subject") or defaults.SUBJECT).strip(),
        "menimbang": lines(get("menimbang"), defaults.MENIMBANG, values),
        "mengingat": lines(get("mengingat"), defaults.MENGINGAT, values),
        "decisions": lines(get("decisions"), defaults.DECISIONS, values),
        "tembusan": lines(get("tembusan"), defaults.TEMBUSAN, values),
    }


def heading_names(region, template) -> tuple[str, str, str]:
    """(head "Walikota Manna", area "Kota Manna", city "Manna") of a region."""
    place = (getattr(template, "place_name", "") or "").strip() or place_name(region.name)
    head = f"{region.head_title} {place}"
    area = area_name(region.name, region.get_kind_display())
    city = (getattr(template, "city", "") or "").strip() or place
    return head, area, city


def emblem_bytes(template) -> bytes | None:
    if template is None or not template.emblem:
        return None
    with template.emblem.open("rb") as fh:
        return fh.read()


def signer_mode(mode: str) -> str:
    return mode if mode in SignerMode.values else SignerMode.HEAD
