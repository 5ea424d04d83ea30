"""Merit evidence of talent-based placement (issue 20 point 8): what an auditor (Inspektorat, the KASN/BKN
merit audit) asks of a key post and of every decided move into one: the talent box, the scores with the
dates of their sources, the rank in the talent pool, the candidate chosen and any override with its
written reason. On a page (`/mutasi/bukti-merit/`) and as XLSX (`core.xlsx.safe_row`: names and reasons
typed by people stay text, never a formula).

Two parts: the succession plans (talenta's `succession_evidence`) and the decided transfers into key
posts with the plan in force at their decision (the newest plan made before it). Who reads it is
`talenta.permissions.may_read_merit_evidence` (the readers of succession plans, for the whole region). A
fixed number of queries whatever the size.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.formatting import date_long, datetime_local
from core.types import Actor
from core.xlsx import header_row, safe_row
from instansi.models import Agency, Region
from mutasi.choices import Status
from mutasi.eligibility.checklist import rule_label
from mutasi.models import TransferRequest
from talenta import permissions as talent_permissions
from talenta.choices import CandidateRole
from talenta.models import SuccessionPlan
from talenta.selectors.evidence import (
    PersonFacts,
    PlanFacts,
    key_post_position_ids,
    people_facts,
    plans_by_position,
    succession_evidence,
)

DECIDED_STATUSES = (Status.APPROVED, Status.DECREED, Status.COMPLETED, Status.REJECTED)
LIMIT = 5000  # transfers in one report; narrow it by year or agency for more


@dataclass
class TransferEvidence:
    request: TransferRequest
    plan: PlanFacts | None  # the plan in force at the decision (None: the key post had none yet)
    mover: PersonFacts | None
    talent_check: dict | None  # the talent rule as stored with the request's checklist

    @property
    def overridden(self) -> list[str]:
        codes = (self.request.eligibility_snapshot or {}).get("overridden", []) + (
            self.request.eligibility_rechecked or {}
        ).get("overridden", [])
        return [rule_label(c) for c in dict.fromkeys(codes)]


@dataclass
class MeritEvidence:
    region: Region
    agencies: list[Agency]
    agency_id: int | None
    year: int | None
    plans: list[PlanFacts]
    transfers: list[TransferEvidence]


def _talent_check(request: TransferRequest) -> dict | None:
    for snapshot in (request.eligibility_rechecked, request.eligibility_snapshot):
        for item in (snapshot or {}).get("items", []):
            if item.get("code") == "talent_box":
                return item
    return None


def _plan_in_force(plans: list[SuccessionPlan], request: TransferRequest) -> SuccessionPlan | None:
    when = request.decided_at
    return next((p for p in plans if when is None or p.created_at <= when), None)


def merit_evidence(
    *, viewer: Actor, region: Region, agency_id: int | None = None, year: int | None = None
) -> MeritEvidence:
    """Both parts for a reader of the merit evidence (403 otherwise); `agency_id` narrows them (404 for
    an agency not in the region), `year` narrows the transfers to those decided that year."""
    talent_permissions.require_merit_evidence_reader(viewer)
    agencies = list(Agency.objects.filter(region=region).order_by("name").only("id", "name", "short_name"))
    if agency_id is not None and agency_id not in {a.pk for a in agencies}:
        raise Http404
    plans = succession_evidence(viewer=viewer, region=region, agency_id=agency_id)
    requests = (
        TransferRequest.objects.filter(
            status__in=DECIDED_STATUSES,
            destination_position_id__in=key_post_position_ids(region=region),
        )
        .select_related("employee", "destination_position", "destination_agency", "overridden_by", "decree")
        .order_by("-decided_at", "-pk")
    )
    if agency_id is not None:
        requests = requests.filter(destination_agency_id=agency_id)
    if year is not None:
        requests = requests.filter(decided_at__year=year)
    requests = list(requests[:LIMIT])
    by_position = plans_by_position(position_ids={r.destination_position_id for r in requests})
    in_force = {r.pk: _plan_in_force(by_position.get(r.destination_position_id, []), r) for r in requests}
    movers: dict[int, dict] = {}
    for r in requests:
        if in_force[r.pk] is not None:
            movers.setdefault(in_force[r.pk].pk, {})[r.employee_id] = r.employee
    facts = people_facts(plans=list({p.pk: p for p in in_force.values() if p}.values()), extra=movers)
    transfers = []
    for r in requests:
        plan = facts.get(in_force[r.pk].pk) if in_force[r.pk] else None
        transfers.append(
            TransferEvidence(
                request=r,
                plan=plan,
                mover=plan.people.get(r.employee_id) if plan else None,
                talent_check=_talent_check(r),
            )
        )
    return MeritEvidence(
        region=region, agencies=agencies, agency_id=agency_id, year=year, plans=plans, transfers=transfers
    )


# --- XLSX ------------------------------------------------------------------------------------------

PERSON_HEADERS = (
    "Peringkat",
    "Ukuran kelompok talenta",
    "NIP",
    "Nama",
    "Kotak",
    "Skor kecocokan",
    "Selisih dari kandidat utama",
    "Skor kinerja",
    "Predikat SKP",
    "Tahun SKP",
    "Skor potensi",
    "Status penilaian",
    "Tanggal penilaian",
    "Asesor/lembaga",
    "Penilaian berlaku sampai",
)


def person_values(person: PersonFacts | None, plan: PlanFacts | None) -> list:
    """The columns of PERSON_HEADERS for one person in one plan (blank where a fact is missing)."""
    if person is None or plan is None:
        return [""] * len(PERSON_HEADERS)
    c, e = person.candidate, person.entry
    assessment = e.assessment if e is not None else None
    return [
        c.rank if c else "",
        plan.pool_size,
        person.employee.nip,
        person.employee.full_name,
        e.box if e is not None and e.box is not None else _("perlu diperiksa manual"),
        float(c.score) if c else "",
        float(c.gap) if c else "",
        float(e.performance_score) if e is not None and e.performance_score is not None else "",
        " / ".join(x for x in (e.get_predicate_last_display(), e.get_predicate_prev_display()) if x)
        if e
        else "",
        ", ".join(str(y) for y in plan.plan.grid.skp_years),
        float(e.potential_score) if e is not None and e.potential_score is not None else "",
        e.get_potential_state_display() if e is not None else "",
        date_long(assessment.assessed_on) if assessment else "",
        assessment.assessor if assessment else "",
        date_long(e.assessment_valid_until) if e is not None and e.assessment_valid_until else "",
    ]


def _role(person: PersonFacts, plan: PlanFacts) -> str:
    roles = []
    if person.candidate is not None and person.candidate.role != CandidateRole.POOL:
        roles.append(person.candidate.get_role_display())
    if plan.plan.main_candidate_id == person.employee.pk:
        roles.append(_("dipilih BKPSDM"))
    return ", ".join(roles) or _("di luar kelompok talenta")


def merit_evidence_xlsx(evidence: MeritEvidence) -> bytes:
    """Two sheets: "Rencana suksesi" (one row per person a plan named) and "Mutasi jabatan kunci" (one row
    per decided transfer). Write-only, so memory stays flat."""
    wb = Workbook(write_only=True)
    plans = wb.create_sheet(_("Rencana suksesi"))
    plans.append(
        safe_row(plans, [_("Bukti merit manajemen talenta — %(region)s") % {"region": evidence.region}])
    )
    plans.append(
        header_row(
            plans,
            [
                _("Perangkat daerah"),
                _("Jabatan kunci"),
                _("Rencana"),
                _("Per tanggal"),
                _("Kotak talenta per"),
                _("Peran"),
                *(_(h) for h in PERSON_HEADERS),
                _("Dikonfirmasi oleh"),
                _("Waktu konfirmasi"),
                _("Mengubah urutan sistem"),
                _("Alasan konfirmasi"),
            ],
        )
    )
    for facts in evidence.plans:
        plan = facts.plan
        position = plan.key_post.position
        for person in facts.named or [None]:
            plans.append(
                safe_row(
                    plans,
                    [
                        position.agency.name,
                        position.title,
                        plan.pk,
                        date_long(plan.as_of),
                        date_long(plan.grid.as_of),
                        _role(person, facts) if person else _("tidak ada kandidat"),
                        *person_values(person, facts),
                        str(plan.confirmed_by or ""),
                        datetime_local(plan.confirmed_at, empty=""),
                        _("ya") if plan.overrides_ranking else _("tidak"),
                        plan.confirm_reason,
                    ],
                )
            )
    moves = wb.create_sheet(_("Mutasi jabatan kunci"))
    moves.append(
        header_row(
            moves,
            [
                _("Nomor usulan"),
                _("Status"),
                _("Diputuskan"),
                _("Nomor SK"),
                _("Perangkat daerah tujuan"),
                _("Jabatan kunci tujuan"),
                _("Cek talenta saat keputusan"),
                _("Rencana suksesi yang berlaku"),
                _("Kandidat utama rencana"),
                *(_(h) for h in PERSON_HEADERS),
                _("Aturan yang dikecualikan"),
                _("Alasan pengecualian"),
                _("Dikecualikan oleh"),
            ],
        )
    )
    for t in evidence.transfers:
        r = t.request
        main = t.plan.people.get(t.plan.plan.main_candidate_id) if t.plan else None
        main = main or (t.plan.system_main if t.plan else None)
        mover = t.mover or (PersonFacts(employee=r.employee, candidate=None, entry=None) if t.plan else None)
        moves.append(
            safe_row(
                moves,
                [
                    r.number or f"#{r.pk}",
                    r.get_status_display(),
                    datetime_local(r.decided_at, empty=""),
                    r.decree.number if r.decree_id and r.decree.number else "",
                    r.destination_agency.name if r.destination_agency else "",
                    r.destination_position.title,
                    (t.talent_check or {}).get("reason", ""),
                    t.plan.plan.pk if t.plan else _("belum ada rencana suksesi"),
                    main.employee.full_name if main else "",
                    *person_values(mover, t.plan),
                    ", ".join(t.overridden),
                    r.override_reason,
                    str(r.overridden_by or ""),
                ],
            )
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
