"""Transfer eligibility: every rule of REGULATION.md 1.2 as a check with a stable code.

Each check reads its value from the region's `instansi.Policy`, so HR changes the rule in the admin,
never in code. A check is `blocking` unless it is a signal (`due_for_rotation`) or enforced later
(`pilkada_window`, enforced at the regional_head stage).

`check()` evaluates one employee against one destination (the request form, the API, submission and
hr_verification). `check_many()` evaluates the employee-side rules for many employees in a constant
number of queries (the plan optimiser, DESIGN.md 6).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from instansi.choices import EmployeeStatus
from instansi.models import Employee, Policy, Position
from mutasi.choices import OPEN_STATUSES, Initiator, Status, TransferKind

GOOD_PREDICATES = frozenset({"sangat_baik", "baik"})
PREDICATE_LABELS = {
    "sangat_baik": "Sangat Baik",
    "baik": "Baik",
    "butuh_perbaikan": "Butuh Perbaikan",
    "kurang": "Kurang/Misconduct",
    "sangat_kurang": "Sangat Kurang",
}
# Stable codes in the order the checklist shows them.
CODES = (
    "status_pns",
    "min_years_in_post",
    "due_for_rotation",
    "new_appointee_lock",
    "no_sanction",
    "no_study_or_bond",
    "performance",
    "no_audit_finding",
    "destination_need",
    "single_open_request",
    "retirement_margin",
    "pilkada_window",
)
EMPLOYEE_SIDE_CODES = frozenset(CODES) - {"destination_need", "pilkada_window"}


@dataclass
class Check:
    code: str
    passed: bool
    reason: str
    value: str | int | float | None = None
    blocking: bool = True

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Checklist:
    items: list[Check] = field(default_factory=list)
    checked_on: str = ""

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.items if c.blocking)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.items if c.blocking and not c.passed]

    def get(self, code: str) -> Check | None:
        return next((c for c in self.items if c.code == code), None)

    def as_list(self) -> list[dict]:
        return [c.as_dict() for c in self.items]

    def snapshot(self) -> dict:
        return {"checked_on": self.checked_on, "passed": self.passed, "items": self.as_list()}


def policy_for(region_id: int | None) -> Policy:
    """The region's Policy, or the regulation defaults when the region has none yet."""
    policy = Policy.objects.filter(region_id=region_id).first() if region_id else None
    return policy or Policy()


def _disabled(code: str) -> Check:
    return Check(code, True, _("Aturan ini dinonaktifkan dalam kebijakan daerah."))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    # Clamp to the month's last day (e.g. 31 Jan + 1 month -> 28/29 Feb).
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def _years_between(start: dt.date, end: dt.date) -> Decimal:
    return (Decimal((end - start).days) / Decimal("365.25")).quantize(Decimal("0.01"))


# --- employee-side rules ---------------------------------------------------------------------------


def _status_pns(e: Employee, policy: Policy) -> Check:
    # Perban BKN 5/2019 Pasal 3: only a PNS can be transferred (not a CPNS, not a PPPK).
    if not policy.rule_status_pns:
        return _disabled("status_pns")
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
    years = _years_between(e.position_since, today)
    if years >= minimum:
        return Check(
            "min_years_in_post",
            True,
            _("%(years)s tahun dalam jabatan (minimal %(min)s tahun).") % {"years": years, "min": minimum},
            float(years),
        )
    return Check(
        "min_years_in_post",
        False,
        _("Baru %(years)s tahun dalam jabatan; minimal %(min)s tahun (PP 11/2017 Pasal 190 ayat 3).")
        % {"years": years, "min": minimum},
        float(years),
    )


def _due_for_rotation(e: Employee, policy: Policy, today: dt.date) -> Check:
    # A signal only (REGULATION.md 1.2): more than Policy.max_years_in_post years -> due for rotation.
    if not e.position_since:
        return Check("due_for_rotation", True, _("TMT jabatan belum tercatat."), None, blocking=False)
    years = _years_between(e.position_since, today)
    if years > policy.max_years_in_post:
        reason = _("Sudah %(years)s tahun dalam jabatan (lebih dari %(max)s tahun): sudah waktunya rotasi.")
    else:
        reason = _("%(years)s tahun dalam jabatan; belum melewati %(max)s tahun.")
    return Check(
        "due_for_rotation",
        True,
        reason % {"years": years, "max": policy.max_years_in_post},
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
    free_on = _add_months(e.tmt_cpns, 12 * policy.new_appointee_lock_years)
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
        % {"year": e.tmt_cpns.year, "date": free_on.isoformat(), "n": policy.new_appointee_lock_years},
        free_on.isoformat(),
    )


def _no_sanction(e: Employee, policy: Policy, today: dt.date) -> Check:
    # Perban BKN 5/2019: not serving a disciplinary sanction and not in a court case.
    if not policy.rule_no_sanction:
        return _disabled("no_sanction")
    if e.under_sanction and (e.sanction_until is None or e.sanction_until >= today):
        until = e.sanction_until.isoformat() if e.sanction_until else _("waktu belum ditentukan")
        return Check(
            "no_sanction",
            False,
            _("Sedang menjalani hukuman disiplin sampai %(until)s.") % {"until": until},
            until,
        )
    if e.in_court_case:
        return Check("no_sanction", False, _("Sedang dalam perkara di pengadilan."), None)
    return Check("no_sanction", True, _("Tidak sedang menjalani hukuman disiplin atau perkara."))


def _no_study_or_bond(e: Employee, policy: Policy, today: dt.date) -> Check:
    # Perban BKN 5/2019: not on study assignment (tugas belajar) or in a service bond (ikatan dinas).
    if not policy.rule_no_study:
        return _disabled("no_study_or_bond")
    if e.on_study_assignment and (e.study_until is None or e.study_until >= today):
        until = e.study_until.isoformat() if e.study_until else None
        return Check(
            "no_study_or_bond",
            False,
            _("Sedang tugas belajar sampai %(until)s.") % {"until": until or _("waktu belum ditentukan")},
            until,
        )
    if e.in_service_bond and (e.bond_until is None or e.bond_until >= today):
        until = e.bond_until.isoformat() if e.bond_until else None
        return Check(
            "no_study_or_bond",
            False,
            _("Masih terikat ikatan dinas sampai %(until)s.")
            % {"until": until or _("waktu belum ditentukan")},
            until,
        )
    return Check("no_study_or_bond", True, _("Tidak sedang tugas belajar atau ikatan dinas."))


def _performance(predicates: dict[int, str | None], policy: Policy) -> Check:
    # Perban BKN 5/2019: predicate at least "Baik" in each of the last Policy.skp_years_required years.
    if policy.skp_years_required == 0:
        return _disabled("performance")
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
        return _disabled("no_audit_finding")
    if e.open_audit_finding:
        since = e.audit_finding_date.isoformat() if e.audit_finding_date else None
        return Check(
            "no_audit_finding",
            False,
            _("Masih ada temuan Inspektorat yang belum selesai (sejak %(d)s).") % {"d": since or "-"},
            since,
        )
    return Check("no_audit_finding", True, _("Bebas temuan Inspektorat."))


def _single_open_request(open_numbers: list[str], policy: Policy) -> Check:
    # System rule (REGULATION.md 1.2): one open transfer request per employee.
    if not policy.rule_single_open_request:
        return _disabled("single_open_request")
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
    limit = _add_months(today, policy.retirement_margin_months)
    if limit < bup:
        return Check(
            "retirement_margin",
            True,
            _("Batas usia pensiun %(d)s.") % {"d": bup.isoformat()},
            bup.isoformat(),
        )
    return Check(
        "retirement_margin",
        False,
        _("Kurang dari %(m)s bulan sebelum batas usia pensiun (%(d)s).")
        % {"m": policy.retirement_margin_months, "d": bup.isoformat()},
        bup.isoformat(),
    )


# --- destination-side rules ------------------------------------------------------------------------


def destination_load(position: Position, *, exclude_request_id: int | None = None) -> tuple[int, int]:
    """(current holders, approved or decreed incoming requests not yet executed) of a post."""
    from mutasi.models import TransferRequest

    holders = Employee.objects.filter(position=position, is_active=True).count()
    incoming = (
        TransferRequest.objects.filter(
            destination_position=position, status__in=(Status.APPROVED, Status.DECREED)
        )
        .exclude(pk=exclude_request_id)
        .count()
    )
    return holders, incoming


# A swap partner counts while it is open; at the final approval it must have been submitted, so a
# draft that may never be sent cannot carry someone into a full post (REGULATION.md 1.2 "or a swap").
SWAP_PARTNER_STATUSES = OPEN_STATUSES
SWAP_PARTNER_STATUSES_FINAL = (Status.IN_REVIEW, Status.APPROVED, Status.DECREED)


def swap_partner(
    *,
    employee_id: int | None,
    origin_position_id: int | None,
    destination_id: int | None,
    request_id: int | None = None,
    statuses=SWAP_PARTNER_STATUSES,
):
    """The open request in the opposite direction that makes a move into a full post a swap: a holder
    of the destination post asks for the applicant's origin post. A request already linked to another
    swap is not offered twice (REGULATION.md 1.2, "required staff > current holders, or a swap")."""
    from mutasi.models import TransferRequest

    if not (employee_id and origin_position_id and destination_id):
        return None
    qs = (
        TransferRequest.objects.filter(
            status__in=statuses,
            destination_position_id=origin_position_id,
            employee__position_id=destination_id,
            employee__is_active=True,
        )
        .exclude(employee_id=employee_id)
        .exclude(pk=request_id)
    )
    linked_free = Q(swap_with__isnull=True)
    if request_id:
        linked_free |= Q(swap_with_id=request_id)
    # The partner this request is already linked to comes first; then the oldest submission.
    partners = list(qs.filter(linked_free).order_by("submitted_at", "pk")[:20])
    if request_id:
        partners.sort(key=lambda r: r.swap_with_id != request_id)
    return partners[0] if partners else None


def destination_need(
    position: Position | None,
    policy: Policy,
    *,
    exclude_request_id: int | None = None,
    employee_id: int | None = None,
    origin_position_id: int | None = None,
    swap_statuses=SWAP_PARTNER_STATUSES,
) -> Check:
    """Perban BKN 5/2019 (Anjab/ABK): the destination's required staff exceeds its holders plus the
    moves already approved into it, or the move is a swap with a holder of the destination who asks
    for the applicant's post (given `employee_id` and `origin_position_id`). `required_staff` None
    means the post was never analysed."""
    code = "destination_need"
    if position is None:
        return Check(code, True, _("Tidak berlaku: tujuan di instansi lain."))
    if not policy.rule_destination_need:
        return _disabled(code)
    if position.required_staff is None:
        return Check(code, False, _("Jabatan tujuan belum dianalisis beban kerjanya (ABK)."), None)
    holders, incoming = destination_load(position, exclude_request_id=exclude_request_id)
    free = position.required_staff - holders - incoming
    figures = {"req": position.required_staff, "cur": holders, "inc": incoming}
    if free > 0:
        return Check(
            code,
            True,
            _("Kebutuhan %(req)s, terisi %(cur)s, dalam proses masuk %(inc)s: masih ada formasi.") % figures,
            free,
        )
    partner = swap_partner(
        employee_id=employee_id,
        origin_position_id=origin_position_id,
        destination_id=position.pk,
        request_id=exclude_request_id,
        statuses=swap_statuses,
    )
    if partner is not None:
        return Check(
            code,
            True,
            _(
                "Kebutuhan %(req)s, terisi %(cur)s, dalam proses masuk %(inc)s: formasi penuh, tetapi "
                "pemegang jabatan tujuan mengusulkan pindah ke jabatan Anda (%(n)s): dihitung sebagai "
                "pertukaran."
            )
            % {**figures, "n": partner.number or f"#{partner.pk}"},
            free,
        )
    return Check(
        code,
        False,
        _("Kebutuhan %(req)s, terisi %(cur)s, dalam proses masuk %(inc)s: tidak ada formasi kosong.")
        % figures,
        free,
    )


def pilkada_window(policy: Policy, today: dt.date) -> Check:
    """UU 10/2016 Pasal 71: inside the window the final approval needs the Minister's letter number.
    Shown at submission as information; enforced at the regional_head stage."""
    start, end = policy.pilkada_start, policy.pilkada_end
    if start and end and start <= today <= end:
        return Check(
            "pilkada_window",
            True,
            _(
                "Dalam masa Pilkada (%(s)s s.d. %(e)s): persetujuan akhir memerlukan nomor surat persetujuan "
                "Menteri Dalam Negeri (UU 10/2016 Pasal 71)."
            )
            % {"s": start.isoformat(), "e": end.isoformat()},
            "inside",
            blocking=False,
        )
    return Check("pilkada_window", True, _("Di luar masa Pilkada."), "outside", blocking=False)


def in_pilkada_window(policy: Policy, today: dt.date) -> bool:
    return bool(
        policy.pilkada_start and policy.pilkada_end and policy.pilkada_start <= today <= policy.pilkada_end
    )


# --- data loading (constant number of queries) ----------------------------------------------------


def _skp_years(policy: Policy, today: dt.date) -> list[int]:
    # The last N completed appraisal years before the current one.
    n = policy.skp_years_required
    return list(range(today.year - n, today.year))


def predicates_many(employee_ids: Iterable[int], years: list[int]) -> dict[int, dict[int, str | None]]:
    """Predicates per employee and year in one query (kinerja's contract: FINAL appraisals only)."""
    from kinerja.selectors import predicates_by_employee

    ids = list(employee_ids)
    if not years:
        return {i: {} for i in ids}
    found = predicates_by_employee(employee_ids=ids, years=len(years), until_year=max(years))
    return {i: {y: found.get(i, {}).get(y) for y in years} for i in ids}


def _predicates_one(employee_id: int, years: list[int]) -> dict[int, str | None]:
    if not years:
        return {}
    from kinerja.selectors import employee_predicates

    found = employee_predicates(employee_id=employee_id, years=len(years), until_year=max(years))
    return {y: found.get(y) for y in years}


def _open_numbers(employee_ids: list[int], exclude_request_id: int | None) -> dict[int, list[str]]:
    from mutasi.models import TransferRequest

    out: dict[int, list[str]] = {i: [] for i in employee_ids}
    rows = (
        TransferRequest.objects.filter(employee_id__in=employee_ids, status__in=OPEN_STATUSES)
        .exclude(pk=exclude_request_id)
        .values_list("employee_id", "number", "pk")
    )
    for emp_id, number, pk in rows:
        out[emp_id].append(number or f"#{pk}")
    return out


def _employee_checks(
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


def _order(items: list[Check]) -> list[Check]:
    rank = {code: i for i, code in enumerate(CODES)}
    return sorted(items, key=lambda c: rank[c.code])


def check(
    *,
    employee: Employee,
    destination: Position | None,
    kind: str | None = None,
    initiated_by: str = Initiator.EMPLOYEE,
    request_id: int | None = None,
    today: dt.date | None = None,
) -> Checklist:
    """Every rule of REGULATION.md 1.2 for one employee and one destination post.

    `request_id` excludes that request from the "open request" and "approved incoming" counts, so
    re-checking a submitted request does not count it against itself.
    """
    today = today or timezone.localdate()
    region_id = None
    if employee.position_id:
        region_id = employee.position.agency.region_id
    elif destination is not None:
        region_id = destination.agency.region_id
    policy = policy_for(region_id)
    items = _employee_checks(
        employee,
        policy,
        today,
        predicates=_predicates_one(employee.pk, _skp_years(policy, today)),
        open_numbers=_open_numbers([employee.pk], request_id)[employee.pk],
        kind=kind,
        initiated_by=initiated_by,
    )
    items.append(
        destination_need(
            destination,
            policy,
            exclude_request_id=request_id,
            employee_id=employee.pk,
            origin_position_id=employee.position_id,
        )
    )
    items.append(pilkada_window(policy, today))
    return Checklist(items=_order(items), checked_on=today.isoformat())


def check_many(
    *,
    employees: Iterable[Employee | int],
    destination: Position | None = None,
    today: dt.date | None = None,
) -> dict[int, Checklist]:
    """Employee-side rules for many employees in a constant number of queries (optimiser input).

    With `destination`, the destination need is added to every checklist (one extra query pair).
    The new-appointee lock is evaluated as for an own-initiative move to another instansi only when
    that applies; the optimiser builds moves inside the region, so it reads "not applicable".
    """
    today = today or timezone.localdate()
    ids = [e.pk if isinstance(e, Employee) else int(e) for e in employees]
    rows = list(Employee.objects.filter(pk__in=ids).select_related("position__agency"))
    region_ids = {e.position.agency.region_id for e in rows if e.position_id}
    policies = {p.region_id: p for p in Policy.objects.filter(region_id__in=region_ids)}
    default = Policy()
    year_sets = {pid: _skp_years(p, today) for pid, p in policies.items()}
    all_years = sorted({y for ys in year_sets.values() for y in ys} | set(_skp_years(default, today)))
    predicates = predicates_many(ids, all_years)
    open_numbers = _open_numbers(ids, None)
    destination_check = None
    if destination is not None:
        dest_policy = policies.get(destination.agency.region_id) or policy_for(destination.agency.region_id)
        destination_check = destination_need(destination, dest_policy)
    out: dict[int, Checklist] = {}
    for e in rows:
        policy = policies.get(e.position.agency.region_id, default) if e.position_id else default
        years = _skp_years(policy, today)
        items = _employee_checks(
            e,
            policy,
            today,
            predicates={y: predicates[e.pk].get(y) for y in years},
            open_numbers=open_numbers[e.pk],
            kind=TransferKind.BETWEEN_AGENCIES,
            initiated_by=Initiator.PLAN,
        )
        if destination_check is not None:
            items.append(destination_check)
        out[e.pk] = Checklist(items=_order(items), checked_on=today.isoformat())
    return out


def need_counts(position_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(holders, approved incoming) for many posts in two queries (pages and the optimiser)."""
    from mutasi.models import TransferRequest

    ids = list(position_ids)
    holders = dict(
        Employee.objects.filter(position_id__in=ids, is_active=True)
        .values("position_id")
        .annotate(n=Count("pk"))
        .values_list("position_id", "n")
    )
    incoming = dict(
        TransferRequest.objects.filter(
            Q(destination_position_id__in=ids), status__in=(Status.APPROVED, Status.DECREED)
        )
        .values("destination_position_id")
        .annotate(n=Count("pk"))
        .values_list("destination_position_id", "n")
    )
    return {i: (holders.get(i, 0), incoming.get(i, 0)) for i in ids}
