"""The Indonesian message catalogue is complete for our own text (issue 18 point 1).

Our source text is written in Bahasa Indonesia and wrapped in gettext, so a msgid of our code needs no entry in
locale/id/LC_MESSAGES/django.po; English msgids (the libraries' screens, a label somebody wrote in English) do.
The checks:
- every catalogue of the project (locale/ and any app's locale/) has no fuzzy and no untranslated entry, and the
  committed .mo is what `msgfmt` compiles from the .po (a .po edited without recompiling fails);
- every msgid that xgettext extracts from our Python code and templates (as `makemessages` would) either has a
  translation in a catalogue or reads as Indonesian (no English word from ENGLISH_WORDS).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import templatize

ROOT = Path(settings.BASE_DIR)
APPS = ["core", "instansi", "workload", "kinerja", "talenta", "mutasi", "planning", "siasn", "config"]
# The keywords Django's makemessages hands to xgettext, on top of xgettext's own (_, gettext, ngettext).
KEYWORDS = [
    "gettext_noop",
    "gettext_lazy",
    "ngettext_lazy:1,2",
    "pgettext:1c,2",
    "npgettext:1c,2,3",
    "pgettext_lazy:1c,2",
    "npgettext_lazy:1c,2,3",
]
# Words that give away an English label. Words Indonesian shares with English (status, data, target, unit,
# total, format, normal, login, token, email, override) are left out on purpose.
_ENGLISH = """
    the of and or to for with from by on at is are was were be been this that these those not yes
    an as it its if then else when which who what where how all any each every some other more most less
    add added change changed delete deleted edit view save saved select selected search filter filters show
    name names title date time year month day days hour hours minute minutes created updated modified last
    first next previous new old active enabled disabled inactive history historical reason type user users
    employee employees agency agencies position positions region regions plan plans run runs grid
    request requests decree decrees approval approved rejected returned withdrawn
    cancelled completed pending failed sent received message messages number count description note notes
    file files document documents upload uploaded download export import item items row rows column columns
    field fields value values required optional invalid error errors warning please must should
    cannot can will would may might has have had does do did done your you our their his her
    score level kind stage decision actor owner period result results task tasks schedule scheduled
    password address phone birth gender education competency competencies candidate candidates
    succession talent post posts key report reports mismatch outbox record records mapping
"""
ENGLISH_WORDS = frozenset(_ENGLISH.split())
# A hyphenated code name (upload-dok-rw, nine-box) is one token, not English words.
WORD = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z0-9]+)*")


def english_words(text: str) -> set[str]:
    # Placeholders (%(name)s, {seq}) are code names, not text.
    text = re.sub(r"%\(\w+\)[sdf]|\{[^}]*\}|%[sd]", " ", str(text))
    # Code names quoted for the reader: --options, API paths, SETTINGS_NAMES, dotted module paths
    # (mutasi.tasks.deadline_reminders_task), "parameter agency".
    text = re.sub(r"--\w+|\S*/\S*|\b[A-Z0-9]+_[A-Z0-9_]+\b|\b\w+(?:\.\w+)+\b|\bparameter \w+", " ", text)
    return {w for w in WORD.findall(text) if w.lower() in ENGLISH_WORDS}


def catalogues() -> list[Path]:
    found = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))
    for app in APPS:
        found += sorted((ROOT / app / "locale").glob("*/LC_MESSAGES/django.po"))
    return found


def parse_po(text: str) -> list[dict]:
    """Entries of a PO file: msgid, msgid_plural, msgstr (all forms joined), fuzzy flag. Header skipped."""
    entries: list[dict] = []
    current: dict = {}
    key = None
    flags = ""

    def close():
        if current.get("msgid") is not None and current["msgid"] != "":
            current["fuzzy"] = "fuzzy" in flags
            entries.append(dict(current))

    for line in text.splitlines() + [""]:
        line = line.strip()
        if not line:
            if current:
                close()
            current, key, flags = {}, None, ""
            continue
        if line.startswith("#,"):
            flags += line
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
        if match:
            key = match.group(1)
            if key.startswith("msgstr["):
                key = "msgstr"
                current["msgstr"] = current.get("msgstr", "") + "\x00"
            current[key] = current.get(key, "") + ast.literal_eval(match.group(2))
        elif line.startswith('"') and key:
            current[key] = current.get(key, "") + ast.literal_eval(line)
    return entries


def translated(entry: dict) -> bool:
    forms = entry.get("msgstr", "").split("\x00")
    forms = [f for f in forms if f or len(forms) == 1]
    return not entry["fuzzy"] and bool(forms) and all(forms)


def templatized(template: Path, root: Path, out_dir: Path) -> Path:
    """A template as the Python that makemessages hands to xgettext."""
    target = out_dir / (str(template.relative_to(root)).replace("/", "__") + ".py")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        templatize(template.read_text(encoding="utf-8"), origin=str(template)), encoding="utf-8"
    )
    return target


def xgettext(sources: list[Path], tmp_path: Path, name: str) -> list[dict]:
    """The msgids of `sources` (Python files), extracted by the xgettext call makemessages makes."""
    listing = tmp_path / f"{name}.txt"
    listing.write_text("\n".join(str(s) for s in sources), encoding="utf-8")
    pot = tmp_path / f"{name}.pot"
    subprocess.run(
        [
            "xgettext",
            "--language=Python",
            "--from-code=UTF-8",
            "--no-location",
            "--omit-header",
            "--no-wrap",
            f"--files-from={listing}",
            f"--output={pot}",
            *(f"--keyword={k}" for k in KEYWORDS),
        ],
        check=True,
        capture_output=True,
    )
    return parse_po(pot.read_text(encoding="utf-8")) if pot.exists() else []


def our_msgids(tmp_path: Path) -> list[dict]:
    """What makemessages would extract from our code and templates, by the same xgettext call."""
    sources: list[Path] = []
    for app in APPS:
        sources += [p for p in sorted((ROOT / app).rglob("*.py")) if "migrations" not in p.parts]
    templates = sorted((ROOT / "templates").rglob("*.html")) + sorted((ROOT / "templates").rglob("*.txt"))
    sources += [templatized(t, ROOT, tmp_path / "templates") for t in templates]
    return xgettext(sources, tmp_path, "our")


needs_gettext = pytest.mark.skipif(
    not shutil.which("xgettext") or not shutil.which("msgfmt"), reason="gettext"
)


def test_the_project_has_an_indonesian_catalogue():
    assert ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po" in catalogues()


@needs_gettext
@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(ROOT)))
def test_a_catalogue_has_no_fuzzy_or_untranslated_entry_and_its_mo_is_compiled(po, tmp_path):
    entries = parse_po(po.read_text(encoding="utf-8"))
    bad = [e["msgid"] for e in entries if not translated(e)]
    assert not bad, f"{po}: entries fuzzy or without translation: {bad}"
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(compiled), str(po)], check=True, capture_output=True
    )
    assert compiled.read_bytes() == po.with_suffix(".mo").read_bytes(), f"{po}: run msgfmt, the .mo is stale"


@needs_gettext
def test_every_msgid_of_our_code_is_indonesian_or_translated(tmp_path):
    known = {}
    for po in catalogues():
        known.update({e["msgid"]: e for e in parse_po(po.read_text(encoding="utf-8"))})
    extracted = our_msgids(tmp_path)
    assert len(extracted) > 500, "xgettext found too little: the extraction is broken"
    english = sorted(
        e["msgid"]
        for e in extracted
        if not (e["msgid"] in known and translated(known[e["msgid"]])) and english_words(e["msgid"])
    )
    assert not english, "English text without an Indonesian translation:\n" + "\n".join(english)


def test_the_english_detector_catches_an_english_label_and_passes_indonesian():
    assert english_words("Full name of the employee") == {"Full", "name", "of", "the", "employee"} - {"Full"}
    assert not english_words("Nama lengkap pegawai, %(name)s, {seq}; status data target unit")
