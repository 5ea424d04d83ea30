"""The employee-side rules of REGULATION.md 1.2: what the employee's own record allows, whatever
the destination. Each rule is a function of the employee, the region's Policy and the day; the
data they need from other tables (SKP predicates, open requests) is loaded by the caller."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import date_long, quantity
from instansi.choices import EmployeeStatus
from instansi.models import Employee, Policy
from mutasi.choices import Initiator, TransferKind
from mutasi.eligibility.checklist import Check, disabled, manual
from mutasi.eligibility.dates import add_months, years_between

GOOD_PREDICATES = frozenset({"sangat_baik", "baik"})
PREDICATE_LABELS = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang/Misconduct",
    "sangat_kurang": "Sangat Kurang",
}


def _status_pns(e: Employee, policy: Policy) -> Check:
    # Perban BKN 5/2019 Pasal 3: only a PNS can be transferred (not a CPNS, not a PPPK).
    if not policy.rule_status_pns:
        return disabled("status_pns")
    if e.status == EmployeeStatus.PNS:
        return Check("status_pns", True, _("Berstatus PNS."), e.status)
    return Check(
        "status_pns",
        False,
        _("Berstatus %(status)s; hanya PNS yang dapat dimutasi (Perban BKN 5/2019 Pasal 3).")
        % {"status": e.get_status_display()},
        e.status,
    )


def _min_years(e: Employee, policy: Policy, today: dt.date) -> Check:
    # PP 11/2017 Pasal 190(3): at least Policy.min_years_in_post years in the current post.
    minimum = policy.min_years_in_post
    if not e.position_since:
        return Check("min_years_in_post", False, _("TMT jabatan saat ini belum tercatat."), None)
    years = years_between(e.position_since, today)
    if years >= minimum:
        return Check(
            "min_years_in_post",
            True,
            _("%(years)s tahun dalam jabatan (minimal %(min)s tahun).")
            % {"years": quantity(years), "min": quantity(minimum)},
            float(years),
        )
    return Check(
        "min_years_in_post",
        False,
        _("Baru %(years)s tahun dalam jabatan; minimal %(min)s tahun (PP 11/2017 Pasal 190 ayat 3).")
        % {"years": quantity(years), "min": quantity(minimum)},
        float(years),
    )


def _due_for_rotation(e: Employee, policy: Policy, today: dt.date) -> Check:
    # A signal only (REGULATION.md 1.2): more than Policy.max_years_in_post years -> due for rotation.
    if not e.position_since:
        return Check("due_for_rotation", True, _("TMT jabatan belum tercatat."), None, blocking=False)
    years = years_between(e.position_since, today)
    if years > policy.max_years_in_post:
        reason = _("Sudah %(years)s tahun dalam jabatan (lebih dari %(max)s tahun): sudah waktunya rotasi.")
    else:
        reason = _("%(years)s tahun dalam jabatan; belum melewati %(max)s tahun.")
    return Check(
        "due_for_rotation",
        True,
        reason % {"years": quantity(years), "max": quantity(policy.max_years_in_post)},
        float(years),
        blocking=False,
    )


def _new_appointee_lock(
    e: Employee, policy: Policy, today: dt.date, kind: str | None, initiated_by: str
) -> Check:
    # PermenPANRB 6/2024 Pasal 59: CASN from Policy.new_appointee_from_year may not ask to move to
    # another instansi for Policy.new_appointee_lock_years years (own initiative only).
    code = "new_appointee_lock"
    if kind is not None and (kind != TransferKind.OUTGOING or initiated_by != Initiator.EMPLOYEE):
        return Check(code, True, _("Tidak berlaku: bukan permintaan sendiri pindah ke instansi lain."))
    if not e.tmt_cpns or e.tmt_cpns.year < policy.new_appointee_from_year:
        return Check(
            code,
            True,
            _("Bukan CASN angkatan %(year)s atau sesudahnya.") % {"year": policy.new_appointee_from_year},
        )
    free_on = add_months(e.tmt_cpns, 12 * policy.new_appointee_lock_years)
    if today >= free_on:
        return Check(
            code,
            True,
            _("Masa %(n)s tahun sejak TMT CPNS sudah lewat.") % {"n": policy.new_appointee_lock_years},
        )
    return Check(
        code,
        False,
        _(
            "CASN angkatan %(year)s tidak boleh pindah ke instansi lain atas permintaan sendiri sebelum "
            "%(date)s (%(n)s tahun sejak TMT CPNS; PermenPANRB 6/2024 Pasal 59)."
        )
        % {"year": e.tmt_cpns.year, "date": date_long(free_on), "n": policy.new_appointee_lock_years},
        free_on.isoformat(),
    )


def _no_sanction(e: Employee, policy: Policy, today: dt.date) -> Check:
    # Perban BKN 5/2019: not serving a disciplinary sanction and not in a court case.
    if not policy.rule_no_sanction:
        return disabled("no_sanction")
    if e.under_sanction and (e.sanction_until is None or e.sanction_until >= today):
        until = e.sanction_until.isoformat() if e.sanction_until else _("waktu belum ditentukan")
        return Check(
            "no_sanction",
            False,
            _("Sedang menjalani hukuman disiplin sampai %(until)s.")
            % {"until": date_long(e.sanction_until) if e.sanction_until else until},
            until,
        )
    if e.in_court_case:
        return Check("no_sanction", False, _("Sedang dalam perkara di pengadilan."), None)
    return _siasn_histories_stale("no_sanction", e, policy) or Check(
        "no_sanction", True, _("Tidak sedang menjalani hukuman disiplin atau perkara.")
    )


def _siasn_histories_stale(code: str, e: Employee, policy: Policy) -> Check | None:
    """A "needs a manual check" when the region reads these histories from SIASN
    (Policy.siasn_max_age_days) and this employee's were never read, or too long ago."""
    max_age = policy.siasn_max_age_days
    if max_age is None:
        return None
    if e.siasn_checked_at is None:
        return manual(code, _("Riwayat dari SIASN belum pernah diambil untuk pegawai ini: periksa manual."))
    age = (timezone.now() - e.siasn_checked_at).days
    if age > max_age:
        return manual(
            code,
            _("Riwayat dari SIASN terakhir diambil %(days)d hari lalu (batas %(max)d hari): periksa manual.")
            % {"days": age, "max": max_age},
        )
    return None


def _no_study_or_bond(e: Employee, policy: Policy, today: dt.date) -> Check:
    # Perban BKN 5/2019: not on study assignment (tugas belajar) or in a service bond (ikatan dinas).
    if not policy.rule_no_study:
        return disabled("no_study_or_bond")
    if e.on_study_assignment and (e.study_until is None or e.study_until >= today):
        until = e.study_until.isoformat() if e.study_until else None
        return Check(
            "no_study_or_bond",
            False,
            _("Sedang tugas belajar sampai %(until)s.")
            % {"until": date_long(until) if until else _("waktu belum ditentukan")},
            until,
        )
    if e.in_service_bond and (e.bond_until is None or e.bond_until >= today):
        until = e.bond_until.isoformat() if e.bond_until else None
        return Check(
            "no_study_or_bond",
            False,
            _("Masih terikat ikatan dinas sampai %(until)s.")
            % {"until": date_long(until) if until else _("waktu belum ditentukan")},
            until,
        )
    return _siasn_histories_stale("no_study_or_bond", e, policy) or Check(
        "no_study_or_bond", True, _("Tidak sedang tugas belajar atau ikatan dinas.")
    )


def _performance(predicates: dict[int, str | None], policy: Policy) -> Check:
    # Perban BKN 5/2019: predicate at least "Baik" in each of the last Policy.skp_years_required years.
    if policy.skp_years_required == 0:
        return disabled("performance")
    shown = ", ".join(
        f"{year}: {PREDICATE_LABELS.get(p, '-') if p else _('belum ada')}"
        for year, p in sorted(predicates.items())
    )
    missing = [y for y, p in sorted(predicates.items()) if not p]
    weak = [y for y, p in sorted(predicates.items()) if p and p not in GOOD_PREDICATES]
    if weak:
        year = weak[-1]
        return Check(
            "performance",
            False,
            _(
                "Predikat SKP tahun %(year)s %(pred)s; wajib minimal Baik %(n)s tahun terakhir (Perban BKN 5/2019)."
            )
            % {
                "year": year,
                "pred": PREDICATE_LABELS.get(predicates[year], predicates[year]),
                "n": policy.skp_years_required,
            },
            shown,
        )
    if missing:
        return Check(
            "performance",
            False,
            _("SKP tahun %(years)s belum ada atau belum dinilai; wajib minimal Baik %(n)s tahun terakhir.")
            % {"years": ", ".join(map(str, missing)), "n": policy.skp_years_required},
            shown,
        )
    return Check(
        "performance",
        True,
        _("Predikat SKP minimal Baik %(n)s tahun terakhir (%(shown)s).")
        % {"n": policy.skp_years_required, "shown": shown},
        shown,
    )


def _no_audit_finding(e: Employee, policy: Policy) -> Check:
    # Perban BKN 5/2019: bebas temuan Inspektorat.
    if not policy.rule_no_audit_finding:
        return disabled("no_audit_finding")
    if e.open_audit_finding:
        since = e.audit_finding_date.isoformat() if e.audit_finding_date else None
        return Check(
            "no_audit_finding",
            False,
            _("Masih ada temuan Inspektorat yang belum selesai (sejak %(d)s).")
            % {"d": date_long(since) if since else "-"},
            since,
        )
    return Check("no_audit_finding", True, _("Bebas temuan Inspektorat."))


def _single_open_request(open_numbers: list[str], policy: Policy) -> Check:
    # System rule (REGULATION.md 1.2): one open transfer request per employee.
    if not policy.rule_single_open_request:
        return disabled("single_open_request")
    if open_numbers:
        return Check(
            "single_open_request",
            False,
            _("Masih ada usulan mutasi lain yang terbuka: %(n)s.") % {"n": ", ".join(open_numbers)},
            open_numbers[0],
        )
    return Check("single_open_request", True, _("Tidak ada usulan mutasi lain yang terbuka."))


def _retirement_margin(e: Employee, policy: Policy, today: dt.date) -> Check:
    # Policy.retirement_margin_months before the BUP (PP 11/2017 Pasal 239); REGULATION.md 1.2 default 12.
    bup = e.retirement_date
    limit = add_months(today, policy.retirement_margin_months)
    if limit < bup:
        return Check(
            "retirement_margin",
            True,
            _("Batas usia pensiun %(d)s.") % {"d": date_long(bup)},
            bup.isoformat(),
        )
    return Check(
        "retirement_margin",
        False,
        _("Kurang dari %(m)s bulan sebelum batas usia pensiun (%(d)s).")
        % {"m": policy.retirement_margin_months, "d": date_long(bup)},
        bup.isoformat(),
    )


def employee_checks(
    e: Employee,
    policy: Policy,
    today: dt.date,
    *,
    predicates: dict[int, str | None],
    open_numbers: list[str],
    kind: str | None,
    initiated_by: str,
) -> list[Check]:
    return [
        _status_pns(e, policy),
        _min_years(e, policy, today),
        _due_for_rotation(e, policy, today),
        _new_appointee_lock(e, policy, today, kind, initiated_by),
        _no_sanction(e, policy, today),
        _no_study_or_bond(e, policy, today),
        _performance(predicates, policy),
        _no_audit_finding(e, policy),
        _single_open_request(open_numbers, policy),
        _retirement_margin(e, policy, today),
    ]
