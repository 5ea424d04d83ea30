"""From SIASN's field names to Simutasi's values, one record at a time, the same for the web service and
the spreadsheet: `UnitTree` (ref-unor -> agencies and units), `normalise` (a data-utama record ->
values or the reasons it is refused) and `compare` (field by field against the row here)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from instansi.choices import AgencyKind, EmployeeStatus
from instansi.nip import nip_agreement_errors, parse_nip

GENDERS = {
    "M": "L",
    "L": "L",
    "PRIA": "L",
    "LAKI-LAKI": "L",
    "F": "P",
    "P": "P",
    "WANITA": "P",
    "PEREMPUAN": "P",
}
JF_LEVELS = (
    "Ahli Pertama",
    "Ahli Muda",
    "Ahli Madya",
    "Ahli Utama",
    "Pemula",
    "Terampil",
    "Mahir",
    "Penyelia",
)
STATUSES = frozenset(EmployeeStatus.values)  # (`.values` builds a new list at every call)
# What an import writes on an employee, and compares field by field.
EMPLOYEE_FIELDS = (
    "siasn_id", "name", "front_title", "back_title", "birth_date", "gender", "status", "golongan", "tmt_cpns",
    "education_level", "position_code", "position_since", "is_active",
)  # fmt: skip
HISTORY_FIELDS = ("under_sanction", "sanction_until", "on_study_assignment", "study_until")


def parse_date(value) -> dt.date | None:
    """SIASN dates are dd-mm-yyyy; spreadsheets may also hold real dates or ISO text; some history
    rows carry a date as an ISO timestamp of midnight ("2016-04-01T00:00:00Z", `tmtGolongan` as a
    public client of rw-golongan shows it), read as its date."""
    if value.__class__ is str:
        return _parse_date_text(value)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return _parse_date_text(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _parse_date_text(value: str) -> dt.date | None:
    """`parse_date` of a text, remembered: an import reads three dates a record and the apply two more,
    most of them met before (100,000 employees: 500,000 parses of about 20,000 dates; 1.3 s of the
    preview's 15.5 s profiled). Dates are immutable; a text that is no date raises each time."""
    if value == "":
        return None
    text = value.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():  # ISO, without strptime
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(text) from None
    if len(text) > 10 and text[10] in "T " and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
        try:  # an ISO timestamp: its date, the time only checked to be one
            return dt.datetime.fromisoformat(text).date()
        except ValueError:
            raise ValueError(text) from None
    if (
        len(text) == 10 and text[2] == "-" and text[5] == "-" and text.replace("-", "").isdigit()
    ):  # dd-mm-yyyy
        try:
            return dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))
        except ValueError:
            raise ValueError(text) from None
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def text(value) -> str:
    if value.__class__ is str:  # most values: the checks below cost more than the strip
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def short_code(prefix: str, *parts: str, length: int = 12) -> str:
    digest = hashlib.sha1("|".join(parts).encode(), usedforsecurity=False).hexdigest()[:length].upper()
    return f"{prefix}{digest}"


def agency_kind(name: str) -> str:
    lowered = name.lower()
    for word, kind in (
        ("sekretariat", AgencyKind.SEKRETARIAT), ("dinas", AgencyKind.DINAS), ("badan", AgencyKind.BADAN),
        ("inspektorat", AgencyKind.INSPEKTORAT), ("kecamatan", AgencyKind.KECAMATAN),
        ("kelurahan", AgencyKind.KELURAHAN), ("rumah sakit", AgencyKind.RSUD), ("rsud", AgencyKind.RSUD),
        ("polisi pamong", AgencyKind.SATPOL),
    ):  # fmt: skip
        if word in lowered:
            return kind
    return AgencyKind.LAINNYA


@dataclass
class UnitTree:
    """ref-unor rows: the instansi at the root, its children are agencies (OPD), deeper rows units."""

    rows: dict[str, dict]
    root: str | None
    agency_of: dict[str, str] = field(default_factory=dict)  # unor id -> agency unor id

    @classmethod
    def build(cls, rows: list[dict], *, instansi_id: str = "") -> UnitTree:
        by_id = {text(r.get("Id")): r for r in rows if text(r.get("Id"))}
        root = instansi_id if instansi_id in by_id else None
        if root is None:
            roots = [i for i, r in by_id.items() if text(r.get("DiatasanId")) not in by_id]
            root = roots[0] if len(roots) == 1 else None
        tree = cls(rows=by_id, root=root)
        for unor_id in by_id:
            tree.agency_of[unor_id] = tree._find_agency(unor_id)
        return tree

    def _find_agency(self, unor_id: str) -> str:
        seen = set()
        current = unor_id
        while current in self.rows and current not in seen:
            seen.add(current)
            parent = text(self.rows[current].get("DiatasanId"))
            if parent == self.root:
                return current
            current = parent
        return ""

    def agencies(self) -> list[dict]:
        return [r for i, r in self.rows.items() if text(r.get("DiatasanId")) == self.root and i != self.root]

    def units(self) -> list[dict]:
        """Units below agencies, parents before children."""
        out, depth = [], {}

        def level(i: str) -> int:
            if i not in depth:
                parent = text(self.rows[i].get("DiatasanId"))
                depth[i] = 0 if parent == self.root or parent not in self.rows else level(parent) + 1
            return depth[i]

        for i in self.rows:
            if i != self.root and self.agency_of.get(i) and self.agency_of[i] != i:
                out.append((level(i), i))
        return [self.rows[i] for _lvl, i in sorted(out)]

    def unit_parent(self, unor_id: str) -> str | None:
        parent = text(self.rows[unor_id].get("DiatasanId"))
        return None if parent == self.agency_of.get(unor_id) else parent


def position_kind_key(record: dict) -> str:
    jenis = text(record.get("jenisJabatan") or record.get("jenisJabatanId"))
    if jenis == "1":
        return f"1/{text(record.get('eselonId'))}"
    if jenis == "2":
        title = text(record.get("jabatanNama"))
        level = next((lvl for lvl in JF_LEVELS if title.endswith(lvl)), "")
        return f"2/{level}"
    return jenis


@functools.lru_cache(maxsize=1 << 14)  # a few thousand posts for 100,000 employees: one digest each
def position_code(unor_id: str, title: str, kind: str) -> str:
    return short_code("SIASN-", unor_id, title.lower(), kind, length=20)


def _histories(record: dict, mappings: dict, today: dt.date) -> dict:
    """Blocking flags from rw-hukdis and rw-tubel when the histories were read (else nothing)."""
    histories = record.get("_histories")
    if histories is None:
        return {}
    out = {"under_sanction": False, "sanction_until": None, "on_study_assignment": False, "study_until": None}
    for row in histories.get("rw-hukdis", []):
        until = parse_date(row.get("akhirHukumTanggal"))
        severity = mappings["sanction_kind"].get(text(row.get("jenisHukumanId")))
        if severity and severity != "ringan" and (until is None or until >= today):
            out["under_sanction"] = True
            if until and (out["sanction_until"] is None or until.isoformat() > out["sanction_until"]):
                out["sanction_until"] = until.isoformat()
    for row in histories.get("rw-tubel", []):
        until = parse_date(row.get("tanggalSelesai"))
        start = parse_date(row.get("tanggalMulai"))
        if (start is None or start <= today) and (until is None or until >= today):
            out["on_study_assignment"] = True
            out["study_until"] = until.isoformat() if until else None
    return out


# --- rw-jabatan, rw-golongan, rw-skp22 (issue 16 point 2) -------------------------------------------
# Field names: ../shared/INTEGRATIONS.md and the fake for rw-jabatan and rw-skp22 (the same names as
# `unorjabatan/save` and `skp22/save`); rw-golongan's (`golonganId`, `tmtGolongan`, `skNomor`) as a
# public client reads them. A malformed row is refused with its reason and the employee's other data
# (and other rows) are still imported.
HISTORY_KEYS = {"rw-jabatan": "placements", "rw-golongan": "ranks", "rw-skp22": "skp"}
KEPT_RAW = ("rw-golongan", "rw-hukdis", "rw-cltn", "rw-tubel")  # stored as siasn.SiasnHistory rows


def _history_rows(histories: dict, kind: str) -> list:
    rows = histories.get(kind) or []
    return rows if isinstance(rows, list) else [rows]


def _row_date(row: dict, column: str) -> tuple[dt.date | None, bool]:
    """(the date, whether the cell was readable: empty counts as readable)."""
    try:
        return parse_date(row.get(column)), True
    except ValueError:
        return None, False


def _rows_of(kind: str, rows: list, refused: list[str]):
    """(row number, row) of each row that is a mapping; any other is refused."""
    for n, row in enumerate(rows, 1):
        if isinstance(row, dict):
            yield n, row
        else:
            refused.append(_refuse(kind, n, [_("baris bukan data riwayat")]))


def _refuse(kind: str, n: int, problems: list[str]) -> str:
    reason = "; ".join(problems) + "."
    return _("%(kind)s baris ke-%(n)d ditolak: %(reason)s") % {"kind": kind, "n": n, "reason": reason}


def _unmapped(column: str, code: str) -> str:
    return _("kode %(column)s '%(code)s' belum dipetakan (Admin > Pemetaan kode SIASN)") % {
        "column": column,
        "code": code or "-",
    }


def _bad_date(label: str, column: str, row: dict) -> str:
    return _("%(label)s (%(column)s) kosong atau tidak valid: %(v)s") % {
        "label": label,
        "column": column,
        "v": text(row.get(column)) or "-",
    }


def _placements(rows: list, tree: UnitTree, refused: list[str]) -> list[dict]:
    """Definitive placements (jenisPenugasanId D or empty) by TMT; an acting assignment (Plt, Plh ...) is
    not a post of one's own and is left out. The end of each is the day before the next one's TMT; the
    last is open."""
    by_start: dict[str, dict] = {}
    for n, row in _rows_of("rw-jabatan", rows, refused):
        if (text(row.get("jenisPenugasanId")).upper() or "D") != "D":
            continue
        start, _ok = _row_date(row, "tmtJabatan")
        decree_date, decree_ok = _row_date(row, "tanggalSk")
        title = text(row.get("namaJabatan"))
        problems = [
            message
            for failed, message in (
                (not text(row.get("id")), _("ID riwayat (id) kosong")),
                (start is None, _bad_date(_("TMT jabatan"), "tmtJabatan", row)),
                (not decree_ok, _bad_date(_("tanggal SK"), "tanggalSk", row)),
                (not title, _("nama jabatan (namaJabatan) kosong")),
            )
            if failed
        ]
        if problems:
            refused.append(_refuse("rw-jabatan", n, problems))
            continue
        agency = tree.rows.get(tree.agency_of.get(text(row.get("unorId")), ""), {})
        by_start[start.isoformat()] = {
            "siasn_id": text(row.get("id"))[:64],
            "start": start.isoformat(),
            "end": None,
            "title": title[:200],
            "agency": (text(agency.get("NamaUnor")) or text(row.get("unorNama")) or "-")[:200],
            "decree_number": text(row.get("nomorSk"))[:100],
            "decree_date": decree_date.isoformat() if decree_date else None,
        }
    out = [by_start[s] for s in sorted(by_start)]
    for before, after in zip(out, out[1:], strict=False):
        before["end"] = (dt.date.fromisoformat(after["start"]) - dt.timedelta(days=1)).isoformat()
    return out


def _ranks(rows: list, mappings: dict, refused: list[str], kept: list[dict]) -> list[dict]:
    out = []
    for n, row in _rows_of("rw-golongan", rows, refused):
        start, _ok = _row_date(row, "tmtGolongan")
        golongan = mappings["golongan"].get(text(row.get("golonganId")))
        problems = [_bad_date(_("TMT golongan"), "tmtGolongan", row)] if start is None else []
        if golongan is None:
            problems.append(_unmapped("golonganId", text(row.get("golonganId"))))
        if problems:
            refused.append(_refuse("rw-golongan", n, problems))
            continue
        kept.append(row)
        out.append({"siasn_id": text(row.get("id"))[:64], "start": start.isoformat(), "golongan": golongan,
                    "decree_number": text(row.get("skNomor"))[:100]})  # fmt: skip
    return sorted(out, key=lambda r: (r["start"], r["siasn_id"]))


def _skp(rows: list, mappings: dict, refused: list[str], today: dt.date) -> list[dict]:
    """One predicate a year (a later row of the same year replaces an earlier one, as SIASN lists them)."""
    by_year: dict[int, dict] = {}
    for n, row in _rows_of("rw-skp22", rows, refused):
        year_text, code = text(row.get("tahun")), text(row.get("kuadranKinerjaNilai"))
        year = int(year_text) if year_text.isdigit() else None
        predicate = mappings["skp_predicate"].get(code)
        problems = [] if year and 2000 <= year <= today.year else [_bad_date(_("tahun"), "tahun", row)]
        if predicate is None:
            problems.append(_unmapped("kuadranKinerjaNilai", code))
        if problems:
            refused.append(_refuse("rw-skp22", n, problems))
            continue
        by_year[year] = {"year": year, "predicate": predicate, "siasn_id": text(row.get("id"))[:64]}
    return [by_year[y] for y in sorted(by_year)]


def history_values(record: dict, *, tree: UnitTree, mappings: dict, today: dt.date) -> dict:
    """placements (rw-jabatan), ranks (rw-golongan), skp (rw-skp22), the raw rows kept as SiasnHistory
    and `history_refused` (the reasons of the rows refused), or {} when no history was read."""
    histories = record.get("_histories")
    if histories is None:
        return {}
    refused: list[str] = []
    kept_ranks: list[dict] = []
    out = {
        "placements": _placements(_history_rows(histories, "rw-jabatan"), tree, refused),
        "ranks": _ranks(_history_rows(histories, "rw-golongan"), mappings, refused, kept_ranks),
        "skp": _skp(_history_rows(histories, "rw-skp22"), mappings, refused, today),
    }
    out["histories"] = {
        kind: kept_ranks
        if kind == "rw-golongan"
        else [r for r in _history_rows(histories, kind) if isinstance(r, dict)]
        for kind in KEPT_RAW
    }
    if refused:
        out["history_refused"] = refused
    return out


def history_changes(here: dict, incoming: dict) -> dict:
    """kind -> [here, SIASN] summaries for each history read whose rows differ from the ones here.
    The open (last) placement's end is not compared: SIASN gives none, and a post closed here by a
    transfer Simutasi executed stays closed until SIASN lists the new one."""
    out = {}
    for kind, key in HISTORY_KEYS.items():
        if key not in incoming:
            continue
        ident = "year" if key == "skp" else "siasn_id"
        mine = {r[ident]: r for r in here.get(key, [])}
        theirs = incoming[key]
        new = changed = 0
        for i, row in enumerate(theirs):
            old = mine.get(row[ident])
            if old is None:
                new += 1
            elif key == "placements" and i == len(theirs) - 1:
                changed += {**old, "end": None} != row
            else:
                changed += old != row
        gone = len(set(mine) - {r[ident] for r in theirs})
        if new or changed or gone:
            out[kind] = [
                _("%(n)d baris") % {"n": len(mine)},
                _("%(n)d baris: %(new)d baru, %(changed)d berubah, %(gone)d dihapus")
                % {"n": len(theirs), "new": new, "changed": changed, "gone": gone},
            ]
    return out


def normalise(record: dict, *, tree: UnitTree, mappings: dict, today: dt.date) -> tuple[dict, list[str]]:
    """(values to write, reasons to refuse). Values are JSON-ready (dates as ISO text)."""
    reasons: list[str] = []
    nip = text(record.get("nipBaru"))
    try:
        _birth, _tmt, nip_gender, _seq = parse_nip(nip)
    except ValidationError as exc:
        return {"nip": nip}, [_("NIP tidak valid: %(e)s") % {"e": " ".join(exc.messages)}]
    try:
        birth = parse_date(record.get("tglLahir"))
    except ValueError:
        birth = None
    if birth is None:
        reasons.append(
            _("Tanggal lahir (tglLahir) kosong atau tidak valid: %(v)s.")
            % {"v": text(record.get("tglLahir")) or "-"}
        )
    gender = GENDERS.get(text(record.get("jenisKelamin")).upper(), nip_gender)
    reasons.extend(nip_agreement_errors(nip, birth_date=birth, gender=gender))
    name = text(record.get("nama"))
    if not name:
        reasons.append(_("Nama (nama) kosong."))
    unor_id = text(record.get("unorId"))
    if unor_id not in tree.rows or not tree.agency_of.get(unor_id):
        reasons.append(_("Unor %(id)s (%(name)s) tidak dikenal di pohon unor SIASN (ref-unor).")
                       % {"id": unor_id or "-", "name": text(record.get("unorNama")) or "-"})  # fmt: skip
    codes = {
        "golongan": ("golongan", text(record.get("golRuangAkhirId")), "golRuangAkhirId"),
        "education_level": (
            "education",
            text(record.get("tkPendidikanTerakhirId")),
            "tkPendidikanTerakhirId",
        ),
        "position_kind": ("position_kind", position_kind_key(record), "jenisJabatan"),
    }
    mapped = {}
    for target, (kind, code, column) in codes.items():
        value = mappings[kind].get(code)
        if value is None and not (target == "golongan" and code == ""):
            reasons.append(
                _("Kode %(column)s '%(code)s' belum dipetakan (Admin > Pemetaan kode SIASN).")
                % {"column": column, "code": code or "-"}
            )
        mapped[target] = value or ""
    dates = {}
    for target, column in (("tmt_cpns", "tmtCpns"), ("position_since", "tmtJabatan")):
        try:
            day = parse_date(record.get(column))
            dates[target] = day.isoformat() if day else None
        except ValueError:
            reasons.append(
                _("Tanggal %(c)s tidak valid: %(v)s.") % {"c": column, "v": text(record.get(column))}
            )
    status = text(record.get("statusPegawai")).lower() or EmployeeStatus.PNS
    if status not in STATUSES:
        reasons.append(_("Status pegawai (statusPegawai) '%(v)s' tidak dikenal.") % {"v": status})
    try:
        flags = _histories(record, mappings, today)
    except ValueError:
        flags = {}
        reasons.append(_("Riwayat hukuman disiplin atau tugas belajar memuat tanggal yang tidak valid."))
    title = text(record.get("jabatanNama"))
    if not title:
        reasons.append(_("Nama jabatan (jabatanNama) kosong."))
    if reasons:
        return {"nip": nip, "name": name}, reasons
    history = history_values(record, tree=tree, mappings=mappings, today=today)
    current = [p for p in history.get("placements", []) if p["start"] <= today.isoformat()]
    if current:  # the years-in-post rule counts from the TMT of the current post in rw-jabatan
        dates["position_since"] = current[-1]["start"]
    if not mapped["golongan"] and history.get("ranks"):
        mapped["golongan"] = history["ranks"][-1]["golongan"]
    values = {
        "nip": nip,
        "siasn_id": text(record.get("id")) or None,
        "name": name,
        "front_title": text(record.get("gelarDepan")),
        "back_title": text(record.get("gelarBelakang")),
        "birth_date": birth.isoformat(),
        "gender": gender,
        "status": status,
        "golongan": mapped["golongan"],
        "education_level": mapped["education_level"],
        "is_active": text(record.get("kedudukanPnsNama")).lower() in ("", "aktif"),
        "unor_id": unor_id,
        "agency_unor_id": tree.agency_of[unor_id],
        "position_title": title,
        "position_kind": mapped["position_kind"],
        "position_code": position_code(unor_id, title, mapped["position_kind"]),
        **dates,
        **flags,
        **history,
    }
    return values, []


def current_values(employee) -> dict:
    """The same keys as `normalise` for a row here (with its position's code)."""
    values = {
        "siasn_id": employee.siasn_id,
        "name": employee.name,
        "front_title": employee.front_title,
        "back_title": employee.back_title,
        "birth_date": employee.birth_date.isoformat() if employee.birth_date else None,
        "gender": employee.gender,
        "status": employee.status,
        "golongan": employee.golongan,
        "tmt_cpns": employee.tmt_cpns.isoformat() if employee.tmt_cpns else None,
        "education_level": employee.education_level,
        "position_code": employee.position.code if employee.position_id else None,
        "position_since": employee.position_since.isoformat() if employee.position_since else None,
        "is_active": employee.is_active,
        "under_sanction": employee.under_sanction,
        "sanction_until": employee.sanction_until.isoformat() if employee.sanction_until else None,
        "on_study_assignment": employee.on_study_assignment,
        "study_until": employee.study_until.isoformat() if employee.study_until else None,
    }
    return values


def compare(here: dict, incoming: dict) -> dict:
    """field -> [here, SIASN] for every field SIASN gave that differs."""
    fields = EMPLOYEE_FIELDS + tuple(f for f in HISTORY_FIELDS if f in incoming)
    return {f: [here.get(f), incoming.get(f)] for f in fields if here.get(f) != incoming.get(f)}


# --- riwayat potensi (rw-potensi) -> talenta's assessments (issue 20 point 2) ------------------------
# NOT CONFIRMED: the public clients we read call `/pns/rw-potensi/{nip}` but none shows its fields. These
# names follow SIASN's style elsewhere (camelCase, dd-mm-yyyy dates); a difference found on the training
# host is one edit here (docs/INTEGRATIONS.md).
POTENTIAL_FIELDS = {
    "assessed_on": "tanggalPenilaian",
    "managerial": "nilaiManajerial",
    "sociocultural": "nilaiSosialKultural",
    "technical": "nilaiTeknis",
    "assessor": "lembagaPenilai",
    "valid_until": "berlakuSampai",
}


def potential_result(row: dict) -> tuple[dict | None, list[str]]:
    """(values of one assessment, reasons to refuse the row): a date, three scores 0-100, a validity not
    before the date. The assessor defaults to "SIASN" when the row names none."""
    from decimal import Decimal, InvalidOperation

    reasons: list[str] = []
    f = POTENTIAL_FIELDS
    try:
        assessed_on = parse_date(row.get(f["assessed_on"]))
    except ValueError:
        assessed_on = None
    if assessed_on is None:
        reasons.append(_("Tanggal penilaian (%(f)s) kosong atau tidak valid.") % {"f": f["assessed_on"]})
    scores = {}
    for key in ("managerial", "sociocultural", "technical"):
        try:
            value = Decimal(str(row.get(f[key])).replace(",", ".")).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            value = None
        if value is None or not value.is_finite() or not 0 <= value <= 100:
            reasons.append(_("Nilai %(f)s harus angka 0-100.") % {"f": f[key]})
        scores[key] = value
    try:
        valid_until = parse_date(row.get(f["valid_until"]))
    except ValueError:
        valid_until = None
        reasons.append(_("Tanggal berlaku (%(f)s) tidak valid.") % {"f": f["valid_until"]})
    if valid_until and assessed_on and valid_until < assessed_on:
        reasons.append(_("Tanggal berlaku sebelum tanggal penilaian."))
    if reasons:
        return None, reasons
    return {
        "assessed_on": assessed_on,
        **scores,
        "assessor": text(row.get(f["assessor"])) or "SIASN",
        "valid_until": valid_until,
    }, []
