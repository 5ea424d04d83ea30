"""NIP (Nomor Induk Pegawai) rules, REGULATION.md section 4.

18 digits `YYYYMMDD YYYYMM G NNN`: birth date, year+month of TMT CPNS, gender (1 male, 2 female),
sequence. Each failure has its own message so HR can fix the record at a glance.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

GENDER_BY_DIGIT = {"1": "L", "2": "P"}


def parse_nip(nip: str) -> tuple[dt.date, tuple[int, int], str, str]:
    """Return (birth date, (TMT year, month), gender code L/P, sequence) or raise ValidationError."""
    nip = (nip or "").strip()
    if not nip.isdigit():
        raise ValidationError(_("NIP hanya boleh berisi angka."), code="nip_not_digits")
    if len(nip) != 18:
        raise ValidationError(
            _("NIP harus 18 digit, bukan %(n)d digit.") % {"n": len(nip)}, code="nip_length"
        )
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir pada NIP (%(raw)s) bukan tanggal yang valid.") % {"raw": nip[0:8]},
            code="nip_birth_date",
        )
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12 or tmt_year < 1900:
        raise ValidationError(
            _("TMT CPNS pada NIP (%(raw)s) bukan tahun-bulan yang valid.") % {"raw": nip[8:14]},
            code="nip_tmt",
        )
    if (tmt_year, tmt_month) < (birth.year + 18, birth.month):
        raise ValidationError(
            _("TMT CPNS pada NIP (%(tmt)s) lebih awal dari usia 18 tahun (lahir %(birth)s).")
            % {"tmt": f"{tmt_year}-{tmt_month:02d}", "birth": birth.isoformat()},
            code="nip_tmt_before_18",
        )
    gender_digit = nip[14]
    if gender_digit not in GENDER_BY_DIGIT:
        raise ValidationError(
            _(
                "Digit jenis kelamin pada NIP (digit ke-15) harus 1 (laki-laki) atau 2 (perempuan), bukan %(d)s."
            )
            % {"d": gender_digit},
            code="nip_gender",
        )
    return birth, (tmt_year, tmt_month), GENDER_BY_DIGIT[gender_digit], nip[15:18]


def validate_nip(value: str) -> None:
    parse_nip(value)


def nip_agreement_errors(nip: str, *, birth_date: dt.date | None, gender: str | None) -> list[str]:
    """Messages for a NIP that is well-formed but disagrees with the record's birth date or gender."""
    try:
        birth, _tmt, nip_gender, _seq = parse_nip(nip)
    except ValidationError:
        return []  # the field validator reports the format error itself
    errors = []
    if birth_date and birth != birth_date:
        errors.append(
            _("NIP tidak sesuai dengan tanggal lahir: NIP menyebut %(nip)s, data pegawai %(data)s.")
            % {"nip": birth.strftime("%d-%m-%Y"), "data": birth_date.strftime("%d-%m-%Y")}
        )
    if gender and nip_gender != gender:
        errors.append(
            _("NIP tidak sesuai dengan jenis kelamin: digit ke-15 menyebut %(nip)s, data pegawai %(data)s.")
            % {
                "nip": _("laki-laki") if nip_gender == "L" else _("perempuan"),
                "data": _("laki-laki") if gender == "L" else _("perempuan"),
            }
        )
    return errors


def format_nip(nip: str) -> str:
    """`198609262015051001` -> `19860926 201505 1 001`."""
    if len(nip or "") != 18:
        return nip
    return f"{nip[0:8]} {nip[8:14]} {nip[14]} {nip[15:18]}"


def make_nip(*, birth_date: dt.date, tmt: dt.date, gender: str, seq: int) -> str:
    return f"{birth_date:%Y%m%d}{tmt:%Y%m}{'1' if gender == 'L' else '2'}{seq % 1000:03d}"


def mask_nip(nip: str) -> str:
    """The NIP as shown to a viewer whose work does not need it (issue 19, finding 9): the birth date,
    the TMT and the gender digit hidden, the sequence kept (`***************001`)."""
    nip = nip or ""
    return "*" * max(len(nip) - 3, 0) + nip[-3:]


def mask_nip_display(nip: str) -> str:
    """`mask_nip` grouped like `format_nip`: `******** ****** * 001`."""
    return f"******** ****** * {(nip or '')[-3:]}"
