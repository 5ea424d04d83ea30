"""Demo appraisals for `seed_demo` (DESIGN.md section 8, issue 3 point 8).

Two closed years (current year - 1 and - 2) of FINAL annual SKP for every PNS/PPPK employee with a
post, and the current year open with SKP in progress for the demo accounts and their colleagues.

Spread: each agency gets an organisational rating (mostly Baik, some Istimewa) and its predicates are
drawn to respect that rating's distribution rules (REGULATION.md 3): most Baik, some Sangat Baik, a
few Butuh Perbaikan. The agency head's results rating follows the agency's rating; `pegawai` and the
other demo accounts get Baik or better, so `pegawai` is eligible for a transfer.

Fast at scale: the bulk is `bulk_create` of Appraisal rows only (ratings, predicate, snapshot);
RHK, indicators, behaviour ratings and feedback are written for a small sample. Idempotent: an
employee who already has an SKP for a period is skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from core import audit
from core.models import User
from instansi.models import Employee, Region
from kinerja import rules
from kinerja.choices import AppraisalStatus, Aspect, CoreValue, OrgRating, PlanKind, Predicate, Rating
from kinerja.models import (
    Appraisal,
    AppraisalPeriod,
    BehaviourRating,
    FeedbackNote,
    Indicator,
    OrganisationPerformance,
    ResultPlan,
)
from kinerja.services.batches import APPRAISED_STATUSES, SNAPSHOT_FIELDS, snapshot_values

RANDOM_SEED = 20220601
BATCH = 5000
DEMO_USERNAMES = (
    "pegawai",
    "atasan",
    "kadishub",
    "kadinkes",
    "bkpsdm",
    "tpk",
    "auditor",
    "sekda",
    "walikota",
)
P, R = Predicate, Rating


def seed(*, region: Region, stdout=None, employees: int = 0) -> None:
    """Build the demo appraisals of `region` (idempotent)."""
    say = stdout.write if stdout is not None else (lambda s: None)
    rnd = random.Random(RANDOM_SEED)
    today = timezone.localdate()
    hr_user = User.objects.filter(username="bkpsdm").first()
    protected = _demo_employee_ids()
    rows = list(
        Employee.objects.filter(
            position__agency__region=region, status__in=APPRAISED_STATUSES, is_active=True
        )
        .order_by("id")
        .values(*SNAPSHOT_FIELDS)
    )
    holders = dict(
        Employee.objects.filter(position__agency__region=region, is_active=True)
        .values("position_id")
        .annotate(first=Min("id"))
        .values_list("position_id", "first")
    )
    for year in (today.year - 2, today.year - 1):
        with transaction.atomic():
            made = _closed_year(region, year, rows, holders, protected, hr_user, rnd)
        say(f"  SKP {year}: {made} SKP final dibuat")
    with transaction.atomic():
        _detail_sample(region, today.year - 1, protected, rnd)
        made = _open_year(region, today.year, rows, holders, protected, rnd)
        audit.record(
            actor=None,
            action="demo.seed_kinerja",
            target=region,
            note=f"Data demo kinerja: {len(rows)} pegawai dinilai, {made} SKP berjalan {today.year}.",
        )
    say(f"  SKP {today.year}: {made} SKP berjalan (draf/diajukan/disepakati)")


def _demo_employee_ids() -> dict[str, int]:
    return dict(
        Employee.objects.filter(user__username__in=DEMO_USERNAMES).values_list("user__username", "id")
    )


def _period(region: Region, year: int, *, is_open: bool) -> AppraisalPeriod:
    period, _ = AppraisalPeriod.objects.get_or_create(
        region=region,
        year=year,
        defaults={"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31), "is_open": is_open},
    )
    return period


def predicate_counts(org_rating: str, n: int) -> dict[str, int]:
    """How many of each predicate an agency of n members gets; within the rules of its rating."""
    if org_rating == OrgRating.ISTIMEWA:
        sb = min(math.floor(0.7 * n), round(0.35 * n))
        bp = round(0.04 * n)
        return {P.SANGAT_BAIK: sb, P.BUTUH_PERBAIKAN: bp, P.BAIK: n - sb - bp}
    # Baik: at most 70% Baik, at least one Butuh Perbaikan from SOME_REQUIRED_FROM members.
    bp = max(1, round(0.07 * n)) if n >= rules.SOME_REQUIRED_FROM else 0
    kurang = round(0.01 * n) if n >= 50 else 0
    baik = min(math.floor(0.7 * n), n - bp - kurang)
    return {P.BAIK: baik, P.BUTUH_PERBAIKAN: bp, P.KURANG: kurang, P.SANGAT_BAIK: n - baik - bp - kurang}


def _ratings(predicate: str, *, forced_results: str | None, rnd: random.Random) -> tuple[str, str]:
    """A (results, behaviour) pair that gives `predicate` through the matrix."""
    options = [pair for pair, p in rules.MATRIX.items() if p == predicate]
    if forced_results:
        options = [pair for pair in options if pair[0] == forced_results] or options
    # Most "Baik" are sesuai/sesuai; the rest of the cells appear now and then.
    if (R.AS_EXPECTED, R.AS_EXPECTED) in options and rnd.random() < 0.7:
        return R.AS_EXPECTED, R.AS_EXPECTED
    return rnd.choice(sorted(options))


ACHIEVEMENT_RANGE = {R.ABOVE: (111, 128), R.AS_EXPECTED: (91, 109), R.BELOW: (62, 89)}


def _closed_year(region, year, rows, holders, protected, hr_user, rnd) -> int:
    period = _period(region, year, is_open=False)
    if period.is_open:
        AppraisalPeriod.objects.filter(pk=period.pk).update(is_open=False)
    existing = set(Appraisal.objects.filter(period=period).values_list("employee_id", flat=True))
    by_agency: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_agency[row["position__agency_id"]].append(row)
    ops = dict(
        OrganisationPerformance.objects.filter(period=period, unit__isnull=True).values_list(
            "agency_id", "rating"
        )
    )
    new_ops = []
    for agency_id in sorted(by_agency):
        if agency_id not in ops:
            ops[agency_id] = OrgRating.ISTIMEWA if rnd.random() < 0.25 else OrgRating.BAIK
            new_ops.append(
                OrganisationPerformance(
                    period=period, agency_id=agency_id, rating=ops[agency_id], set_by=hr_user
                )
            )
    OrganisationPerformance.objects.bulk_create(new_ops)

    protected_ids = set(protected.values())
    rated_at = timezone.make_aware(dt.datetime(year, 12, 20, 9, 0))
    final_at = timezone.make_aware(dt.datetime(year + 1, 1, 31, 15, 0))
    new: list[dict] = []
    for agency_id, members in sorted(by_agency.items()):
        if all(m["id"] in existing for m in members):
            continue
        org_rating = ops[agency_id]
        pool = [p for p, k in predicate_counts(org_rating, len(members)).items() for _ in range(k)]
        rnd.shuffle(pool)
        # Heads and demo accounts first take a good predicate from the pool (pegawai must be >= Baik;
        # a head's results rating must match the agency's rating: Baik -> sesuai -> predicate Baik).
        first = [m for m in members if m["position__is_head"] or m["id"] in protected_ids]
        for m in first:
            wanted = P.BAIK if (m["position__is_head"] and org_rating == OrgRating.BAIK) else None
            idx = next(
                (i for i, p in enumerate(pool) if (p == wanted if wanted else rules.is_at_least_baik(p))),
                None,
            )
            m["_predicate"] = pool.pop(idx) if idx is not None else P.BAIK
        for m in members:
            if m.get("_predicate") is None:
                m["_predicate"] = pool.pop()
        for m in members:
            predicate = m.pop("_predicate")
            if m["id"] in existing:
                continue
            forced = rules.UNIT_HEAD_RESULTS[org_rating] if m["position__is_head"] else None
            results, behaviour = _ratings(predicate, forced_results=forced, rnd=rnd)
            low, high = ACHIEVEMENT_RANGE[results]
            new.append(
                {
                    "period_id": period.pk,
                    **snapshot_values(m, holders),
                    "status": AppraisalStatus.FINAL,
                    "average_achievement": Decimal(rnd.randint(low * 10, high * 10)) / 10,
                    "results_suggested": results,
                    "results_rating": results,
                    "behaviour_rating": behaviour,
                    "predicate": predicate,
                    "submitted_at": rated_at - dt.timedelta(days=330),
                    "agreed_at": rated_at - dt.timedelta(days=325),
                    "rated_at": rated_at,
                    "responded_at": rated_at + dt.timedelta(days=3),
                    "finalised_at": final_at,
                    "finalised_by_id": hr_user.pk if hr_user else None,
                }
            )
    insert_appraisals(new)
    return len(new)


def insert_appraisals(rows: list[dict]) -> None:
    """Insert plain Appraisal rows fast. PostgreSQL: one COPY (building 100,000 model instances and
    their INSERT parameters costs more than the database work); elsewhere `bulk_create`. Rows are
    pre-filtered against existing SKP, so no conflict is expected."""
    if not rows:
        return
    now = timezone.now()
    for row in rows:
        row.setdefault("created_at", now)
        row.setdefault("updated_at", now)
    if connection.vendor != "postgresql":
        Appraisal.objects.bulk_create(
            (Appraisal(**row) for row in rows), batch_size=BATCH, ignore_conflicts=True
        )
        return
    fields = {f.attname: f for f in Appraisal._meta.concrete_fields if not f.primary_key}
    columns = list(fields)
    defaults = {name: f.get_default() for name, f in fields.items()}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_copy_value(row.get(name, defaults[name])) for name in columns])
    buffer.seek(0)
    quoted = ", ".join(connection.ops.quote_name(c) for c in (fields[n].column for n in columns))
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(Appraisal._meta.db_table)} ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            buffer,
        )


def _copy_value(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


SAMPLE_PLANS = [
    (
        "Terlaksananya pengawasan dan pembinaan angkutan umum dalam trayek",
        [
            (Aspect.QUANTITY, "Jumlah trayek yang diawasi", Decimal("24"), "trayek"),
            (Aspect.QUALITY, "Persentase laporan pengawasan tanpa revisi", Decimal("90"), "%"),
        ],
    ),
    (
        "Tersusunnya data armada angkutan umum yang mutakhir",
        [(Aspect.TIME, "Waktu penyelesaian pemutakhiran data", Decimal("30"), "hari")],
    ),
]
SAMPLE_NOTES = [
    "Laporan pengawasan triwulan I lengkap dan tepat waktu; pertahankan.",
    "Perlu koordinasi lebih awal dengan Bidang Lalu Lintas untuk trayek baru.",
    "Pemutakhiran data armada selesai lebih cepat dari target. Baik sekali.",
]


def _sample_ids(protected: dict[str, int]) -> list[int]:
    """Demo accounts and the colleagues of `pegawai` (same unit), at most a dozen SKP."""
    ids = list(protected.values())
    pegawai = protected.get("pegawai")
    if pegawai:
        unit_id = Employee.objects.filter(pk=pegawai).values_list("position__unit_id", flat=True).first()
        if unit_id:
            ids += list(
                Employee.objects.filter(position__unit_id=unit_id, status__in=APPRAISED_STATUSES)
                .exclude(pk__in=ids)
                .order_by("id")
                .values_list("id", flat=True)[:8]
            )
    return ids


def _write_plans(
    appraisal: Appraisal, *, realised_factor: float | None, rnd: random.Random, parent=None
) -> list:
    plans = []
    for order, (text, indicators) in enumerate(SAMPLE_PLANS, start=1):
        plan = ResultPlan.objects.create(
            appraisal=appraisal,
            kind=PlanKind.MAIN if order == 1 else PlanKind.ADDITIONAL,
            description=text,
            order=order,
            parent=parent if order == 1 else None,
        )
        Indicator.objects.bulk_create(
            Indicator(
                result_plan=plan,
                aspect=aspect,
                description=desc,
                target=target,
                unit_label=unit,
                realised=None
                if realised_factor is None
                else (
                    target / Decimal(str(realised_factor))
                    if aspect == Aspect.TIME
                    else target * Decimal(str(realised_factor))
                ).quantize(Decimal("1")),
                evidence_url="" if realised_factor is None else "https://drive.mannakota.go.id/bukti/skp",
            )
            for aspect, desc, target, unit in indicators
        )
        plans.append(plan)
    return plans


def _detail_sample(region: Region, year: int, protected: dict[str, int], rnd: random.Random) -> None:
    """RHK, indicators and behaviour ratings for the sample's last closed year (what pages show)."""
    sample = Appraisal.objects.filter(
        period__region=region,
        period__year=year,
        employee_id__in=_sample_ids(protected),
        result_plans__isnull=True,
    ).distinct()
    factor = {R.ABOVE: 1.2, R.AS_EXPECTED: 1.0, R.BELOW: 0.8}
    for appraisal in sample:
        _write_plans(appraisal, realised_factor=factor[appraisal.results_rating], rnd=rnd)
        BehaviourRating.objects.bulk_create(
            BehaviourRating(
                appraisal=appraisal,
                value=value,
                rating=appraisal.behaviour_rating,
                note="Konsisten ditunjukkan sepanjang tahun."
                if value == CoreValue.BERORIENTASI_PELAYANAN
                else "",
            )
            for value in CoreValue.values
        )
        FeedbackNote.objects.create(appraisal=appraisal, date=dt.date(year, 6, 30), note=SAMPLE_NOTES[0])


def _open_year(region, year, rows, holders, protected, rnd) -> int:
    """The current year in progress for the sample: pegawai and atasan agreed (with realisations so far
    and feedback), colleagues spread over draft / submitted / agreed."""
    period = _period(region, year, is_open=True)
    sample = _sample_ids(protected)
    existing = set(
        Appraisal.objects.filter(period=period, employee_id__in=sample).values_list("employee_id", flat=True)
    )
    by_id = {r["id"]: r for r in rows}
    now = timezone.now()
    atasan_plans = []
    made = 0
    # atasan first, so pegawai's main RHK can cascade from it.
    order = sorted(sample, key=lambda eid: 0 if eid == protected.get("atasan") else 1)
    cycle = [AppraisalStatus.AGREED, AppraisalStatus.SUBMITTED, AppraisalStatus.DRAFT]
    for i, employee_id in enumerate(order):
        if employee_id in existing or employee_id not in by_id:
            continue
        persona = employee_id in (protected.get("pegawai"), protected.get("atasan"))
        status = AppraisalStatus.AGREED if persona else cycle[i % len(cycle)]
        appraisal = Appraisal.objects.create(
            period=period,
            **snapshot_values(by_id[employee_id], holders),
            status=status,
            submitted_at=now - dt.timedelta(days=60) if status != AppraisalStatus.DRAFT else None,
            agreed_at=now - dt.timedelta(days=55) if status == AppraisalStatus.AGREED else None,
        )
        parent = atasan_plans[0] if atasan_plans and employee_id == protected.get("pegawai") else None
        plans = _write_plans(
            appraisal,
            realised_factor=1.1 if status == AppraisalStatus.AGREED else None,
            rnd=rnd,
            parent=parent,
        )
        if employee_id == protected.get("atasan"):
            atasan_plans = plans
        if status == AppraisalStatus.AGREED:
            for k, note in enumerate(SAMPLE_NOTES[:2]):
                FeedbackNote.objects.create(
                    appraisal=appraisal, date=dt.date(year, 1, 1) + dt.timedelta(days=45 + 40 * k), note=note
                )
        made += 1
    return made
