"""Merit evidence (issue 20 point 8; REGULATION.md 5, KASN's merit-system index: "the evidence is the
chain from need (ABK) and talent to each decision"). Gathered here for the page (`/mutasi/bukti-merit/`)
and for the XLSX written by `mutasi.exports.merit_evidence_xlsx`.

Three parts:
- the succession plans of the key posts (talenta's `succession_evidence`);
- the decided transfers into key posts with the plan in force at their decision (the newest plan made
  before it): the talent box, the scores with the dates of their sources, the rank, the override;
- the decree trace: every transfer a decree (SK) of the period decreed, one row each, traced to its basis:
  the need (ABK) at the destination in the workload run in force at the decision (the newest run finished
  before it), the eligibility result as stored with the request and any override with its reason and
  who, the talent box and succession rank when the destination is a key or managerial post, and each
  approval stage with who decided, when and how long it took; with totals counted by the database.

Who reads it is `talenta.permissions.may_read_merit_evidence` (the readers of succession plans, for the
whole region). A fixed number of queries whatever the size.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.formatting import datetime_local, duration_words, need_words
from core.types import Actor
from instansi.models import Agency, Region
from mutasi.choices import Status, TransferKind
from mutasi.eligibility.checklist import answer_label, rule_label
from mutasi.models import ApprovalStep, Consultation, TransferRequest
from mutasi.selectors.consultation import answer_label as consultation_answer
from mutasi.selectors.transfers import gap_after_move
from talenta import permissions as talent_permissions
from talenta.models import KeyPost, SuccessionPlan
from talenta.selectors.evidence import (
    PersonFacts,
    PlanFacts,
    key_post_position_ids,
    people_facts,
    plans_by_position,
    succession_evidence,
)
from workload.models import WorkloadLevel, WorkloadResult, WorkloadRun, WorkloadRunStatus

DECIDED_STATUSES = (Status.APPROVED, Status.DECREED, Status.COMPLETED, Status.REJECTED)
LIMIT = 5000  # transfers in one part of a report; narrow it by year, agency or decree number for more


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
class StageTrace:
    """One approval stage of a decreed transfer: who decided, when, and how long it waited."""

    step: ApprovalStep

    @property
    def duration(self) -> dt.timedelta | None:
        s = self.step
        return s.decided_at - s.activated_at if s.decided_at and s.activated_at else None

    @property
    def duration_text(self) -> str:
        return duration_words(self.duration)

    @property
    def who(self) -> str:
        s = self.step
        if s.actor is None:
            return ""
        who = s.actor.display_name
        if s.on_behalf_of is not None:
            who += " " + _("a.n. %(who)s") % {"who": s.on_behalf_of.display_name}
        return who

    @property
    def consultation(self) -> Consultation | None:
        return getattr(self.step, "consultation", None)

    @property
    def answer(self) -> str:
        """At the employee's own stage: their answer in words (never their private reasons)."""
        return consultation_answer(self.consultation) if self.consultation is not None else ""

    @property
    def overrides(self) -> list[str]:
        """Going ahead against the employee: the approver's reason for approving over an objection, and
        HR's reason for continuing over a protecting one, with who."""
        out = []
        if self.step.against_objection_reason:
            out.append(
                _("disetujui meski pegawai keberatan: %(r)s") % {"r": self.step.against_objection_reason}
            )
        c = self.consultation
        if c is not None and c.override_reason:
            who = c.overridden_by.display_name if c.overridden_by else ""
            out.append(
                _("dilanjutkan BKPSDM meski keberatan melindungi: %(r)s (%(who)s)")
                % {"r": c.override_reason, "who": who}
            )
        return out

    @property
    def text(self) -> str:
        """One line for a spreadsheet cell: stage, decision, who, when, how long, any override."""
        s = self.step
        label = s.get_stage_display()
        if s.round > 1:
            label += " " + _("(putaran %(n)s)") % {"n": s.round}
        parts = [s.get_decision_display()]
        if self.answer:
            parts.append(_("tanggapan pegawai: %(a)s") % {"a": self.answer})
        if self.who:
            parts.append(self.who)
        if s.decided_at:
            parts.append(datetime_local(s.decided_at))
        if self.duration is not None:
            parts.append(_("lama %(d)s") % {"d": self.duration_text})
        parts.extend(self.overrides)
        return f"{label}: {', '.join(parts)}"


def _place(agency, agency_text: str, post, post_text: str) -> tuple[str, str, str]:
    return (
        agency.name if agency else agency_text,
        post.unit.name if post and post.unit else "",
        post.title if post else post_text,
    )


@dataclass
class DecreeTrace(TransferEvidence):
    """One decreed transfer traced to its basis (the decree part of the evidence). `plan`/`mover` as in
    TransferEvidence when the destination is a key post; `need` the destination's ABK figures in the
    run in force at the decision (None: no result, "tidak ada hasil ABK")."""

    into_key_post: bool = False
    run: WorkloadRun | None = None
    need: dict | None = None
    stages: list[StageTrace] = field(default_factory=list)

    @property
    def origin_parts(self) -> tuple[str, str, str]:
        """(agency, unit, post) of the origin, from the request's own snapshot where the post is gone."""
        r = self.request
        return _place(r.origin_agency, r.origin_agency_name, r.origin_position, r.origin_position_title)

    @property
    def destination_parts(self) -> tuple[str, str, str]:
        """(agency or other instansi, unit, post) of the destination."""
        r = self.request
        return _place(r.destination_agency, r.external_instansi, r.destination_position, "")

    @property
    def origin_text(self) -> str:
        return " · ".join(x for x in self.origin_parts if x)

    @property
    def destination_text(self) -> str:
        return " · ".join(x for x in self.destination_parts if x)

    @property
    def need_text(self) -> str:
        """The destination's need before and after the move in words ("kurang 2 → kurang 1"), as the
        approver's card says it (`core.formatting.need_words`)."""
        if self.need is None:
            return str(NO_WORKLOAD_RESULT)
        return f"{need_words(self.need['gap'])} → {need_words(self.need['gap_after'])}"

    @property
    def eligibility_snapshot(self) -> dict:
        """The newest stored checklist (at verification if HR rechecked it, else at submission)."""
        return self.request.eligibility_rechecked or self.request.eligibility_snapshot or {}

    @property
    def eligibility_answer(self) -> str:
        answer = self.eligibility_snapshot.get("answer", "")
        return answer_label(answer) if answer else _("tidak ada hasil cek tersimpan")

    @property
    def eligibility_text(self) -> str:
        text = self.eligibility_answer
        if self.overridden:
            text += "; " + _("dikecualikan: %(rules)s") % {"rules": ", ".join(self.overridden)}
        return text

    @property
    def talent_text(self) -> str:
        return (self.talent_check or {}).get("reason", "")

    @property
    def duration(self) -> dt.timedelta | None:
        r = self.request
        return r.decided_at - r.submitted_at if r.decided_at and r.submitted_at else None


NO_WORKLOAD_RESULT = _lazy("tidak ada hasil ABK")


@dataclass
class DecreeTotals:
    """Counted by the database over every decreed transfer of the filter (not only the rows shown)."""

    transfers: int = 0
    decrees: int = 0
    with_override: int = 0
    into_key_posts: int = 0
    cancelled: int = 0
    against_objection: int = 0
    per_agency: list[tuple[str, int]] = field(default_factory=list)
    per_kind: list[tuple[str, int]] = field(default_factory=list)

    @property
    def headline(self) -> list[tuple[str, int]]:
        """The headline totals as (label, figure): the same words on the page and in the XLSX."""
        return [
            (_("Mutasi ber-SK"), self.transfers),
            (_("Nomor SK"), self.decrees),
            (_("Dengan pengecualian syarat"), self.with_override),
            (_("Dilanjutkan meski pegawai keberatan"), self.against_objection),
            (_("Ke jabatan kunci"), self.into_key_posts),
            (_("Dibatalkan bersama SK-nya"), self.cancelled),
        ]


@dataclass
class MeritEvidence:
    region: Region
    agencies: list[Agency]
    agency_id: int | None
    year: int | None
    plans: list[PlanFacts]
    transfers: list[TransferEvidence]
    decree_number: str = ""
    decrees: list[DecreeTrace] = field(default_factory=list)
    totals: DecreeTotals = field(default_factory=DecreeTotals)

    @property
    def decrees_truncated(self) -> bool:
        return self.totals.transfers > len(self.decrees)


def _talent_check(request: TransferRequest) -> dict | None:
    for snapshot in (request.eligibility_rechecked, request.eligibility_snapshot):
        for item in (snapshot or {}).get("items", []):
            if item.get("code") == "talent_box":
                return item
    return None


def _plan_in_force(plans: list[SuccessionPlan], request: TransferRequest) -> SuccessionPlan | None:
    when = request.decided_at
    return next((p for p in plans if when is None or p.created_at <= when), None)


def _talent_facts(requests: list[TransferRequest]) -> dict[int, tuple[PlanFacts | None, PersonFacts | None]]:
    """Per request into a key post: the plan in force at its decision with its facts, and the mover's
    place in it. Four queries whatever the number of requests (none without any)."""
    by_position = plans_by_position(position_ids={r.destination_position_id for r in requests})
    in_force = {r.pk: _plan_in_force(by_position.get(r.destination_position_id, []), r) for r in requests}
    movers: dict[int, dict] = {}
    for r in requests:
        if in_force[r.pk] is not None:
            movers.setdefault(in_force[r.pk].pk, {})[r.employee_id] = r.employee
    facts = people_facts(plans=list({p.pk: p for p in in_force.values() if p}.values()), extra=movers)
    out = {}
    for r in requests:
        plan = facts.get(in_force[r.pk].pk) if in_force[r.pk] else None
        out[r.pk] = (plan, plan.people.get(r.employee_id) if plan else None)
    return out


def decreed_transfers(*, region: Region, agency_id: int | None, year: int | None, decree_number: str = ""):
    """Every transfer a decree of the region put into effect (its decree numbered: issued, signed or
    later cancelled), of `year` (the decree's date), from or to `agency_id`, of one decree number."""
    qs = TransferRequest.objects.filter(decree__region=region, decree__isnull=False)
    if agency_id is not None:
        qs = qs.filter(Q(destination_agency_id=agency_id) | Q(origin_agency_id=agency_id))
    if year is not None:
        qs = qs.filter(decree__date__year=year)
    if decree_number:
        qs = qs.filter(decree__number=decree_number)
    return qs


def decree_totals(qs, *, region: Region) -> DecreeTotals:
    """The totals of the decree trace, counted by the database: four queries."""
    into_key = Q(destination_position_id__in=key_post_position_ids(region=region))
    against_employee = Q(
        Exists(ApprovalStep.objects.filter(request_id=OuterRef("pk")).exclude(against_objection_reason=""))
    ) | Q(Exists(Consultation.objects.filter(request_id=OuterRef("pk")).exclude(override_reason="")))
    figures = qs.aggregate(
        transfers=Count("pk"),
        decrees=Count("decree_id", distinct=True),
        with_override=Count("pk", filter=Q(overridden_by__isnull=False)),
        into_key_posts=Count("pk", filter=into_key),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
    )
    per_agency = [
        (row["destination_agency__name"] or _("Instansi lain (mutasi keluar)"), row["n"])
        for row in qs.values("destination_agency__name")
        .annotate(n=Count("pk"))
        .order_by("destination_agency__name")
    ]
    kinds = dict(TransferKind.choices)
    per_kind = [
        (str(kinds.get(row["kind"], row["kind"])), row["n"])
        for row in qs.values("kind").annotate(n=Count("pk")).order_by("kind")
    ]
    figures["against_objection"] = qs.filter(against_employee).count()
    return DecreeTotals(**figures, per_agency=per_agency, per_kind=per_kind)


def _runs_in_force(region: Region, requests: list[TransferRequest]) -> dict[int, WorkloadRun | None]:
    """Per request: the region's newest workload run finished at or before its decision (its submission
    when undecided). One query."""
    runs = list(
        WorkloadRun.objects.filter(
            region=region, status=WorkloadRunStatus.FINISHED, finished_at__isnull=False
        )
        .only("pk", "finished_at", "region_id")
        .order_by("finished_at", "pk")
    )
    ends = [r.finished_at for r in runs]
    out = {}
    for r in requests:
        when = r.decided_at or r.submitted_at
        i = bisect.bisect_right(ends, when) if when else 0
        out[r.pk] = runs[i - 1] if i else None
    return out


def _needs(requests: list[TransferRequest], runs: dict[int, WorkloadRun | None]) -> dict[int, dict | None]:
    """Per request: the destination post's figures in the run in force (required, holders then, the gap
    before and after the move), as `mutasi/_need.html` shows them. One query."""
    pairs = {
        (runs[r.pk].pk, r.destination_position_id)
        for r in requests
        if runs[r.pk] and r.destination_position_id
    }
    found: dict[tuple[int, int], WorkloadResult] = {}
    if pairs:
        rows = WorkloadResult.objects.filter(
            level=WorkloadLevel.POSITION,
            run_id__in={run for run, _post in pairs},
            agency_id__in={r.destination_agency_id for r in requests if r.destination_agency_id},
            position_id__in={post for _run, post in pairs},
        ).only("run_id", "position_id", "required", "current", "gap", "analysed")
        found = {(row.run_id, row.position_id): row for row in rows}
    out = {}
    for r in requests:
        run = runs[r.pk]
        row = found.get((run.pk, r.destination_position_id)) if run else None
        if row is None:
            out[r.pk] = None
            continue
        gap = row.gap if row.analysed else None
        out[r.pk] = {
            "agency": r.destination_agency.name if r.destination_agency else "",
            "title": r.destination_position.title,
            "required": row.required if row.analysed else None,
            "holders": row.current,
            "incoming": 0,
            "gap": gap,
            "gap_after": gap_after_move(gap),
        }
    return out


def _stages(requests: list[TransferRequest]) -> dict[int, list[StageTrace]]:
    """Every stage each request went through (every round; a stage never reached is left out). One
    query."""
    out: dict[int, list[StageTrace]] = {r.pk: [] for r in requests}
    if not requests:
        return out
    steps = (
        ApprovalStep.objects.filter(request_id__in=list(out))
        .exclude(activated_at__isnull=True, decided_at__isnull=True)
        .select_related("actor", "on_behalf_of", "consultation__overridden_by")
        .order_by("request_id", "round", "order")
    )
    for step in steps:
        out[step.request_id].append(StageTrace(step=step))
    return out


def _into_key_posts(*, region: Region, agency_id: int | None, year: int | None) -> list[TransferRequest]:
    """The decided transfers into today's key posts, newest decision first (at most LIMIT)."""
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
    return list(requests[:LIMIT])


def _decree_rows(decreed) -> list[TransferRequest]:
    """The decreed transfers in decree order (at most LIMIT), each marked `into_key_post`."""
    return list(
        decreed.annotate(
            into_key_post=Exists(
                KeyPost.objects.filter(is_active=True, position_id=OuterRef("destination_position_id"))
            )
        )
        .select_related(
            "employee",
            "origin_agency",
            "origin_position__unit",
            "destination_agency",
            "destination_position__unit",
            "overridden_by",
            "decree",
        )
        .order_by("decree__date", "decree__seq", "number", "pk")[:LIMIT]
    )


def merit_evidence(
    *,
    viewer: Actor,
    region: Region,
    agency_id: int | None = None,
    year: int | None = None,
    decree_number: str = "",
) -> MeritEvidence:
    """The three parts for a reader of the merit evidence (403 otherwise); `agency_id` narrows them (404
    for an agency not in the region), `year` narrows the transfers into key posts to those decided that
    year and the decree trace to the decrees dated that year, `decree_number` the trace to one decree."""
    talent_permissions.require_merit_evidence_reader(viewer)
    agencies = list(Agency.objects.filter(region=region).order_by("name").only("id", "name", "short_name"))
    if agency_id is not None and agency_id not in {a.pk for a in agencies}:
        raise Http404
    plans = succession_evidence(viewer=viewer, region=region, agency_id=agency_id)
    requests = _into_key_posts(region=region, agency_id=agency_id, year=year)
    decreed = decreed_transfers(region=region, agency_id=agency_id, year=year, decree_number=decree_number)
    totals = decree_totals(decreed, region=region)
    rows = _decree_rows(decreed)
    talent = _talent_facts(requests + [r for r in rows if r.into_key_post])
    runs = _runs_in_force(region, rows)
    needs = _needs(rows, runs)
    stages = _stages(rows)

    transfers = [
        TransferEvidence(
            request=r, plan=talent[r.pk][0], mover=talent[r.pk][1], talent_check=_talent_check(r)
        )
        for r in requests
    ]
    decrees = [
        DecreeTrace(
            request=r,
            plan=talent[r.pk][0] if r.into_key_post else None,
            mover=talent[r.pk][1] if r.into_key_post else None,
            talent_check=_talent_check(r),
            into_key_post=r.into_key_post,
            run=runs[r.pk],
            need=needs[r.pk],
            stages=stages[r.pk],
        )
        for r in rows
    ]
    return MeritEvidence(
        region=region,
        agencies=agencies,
        agency_id=agency_id,
        year=year,
        plans=plans,
        transfers=transfers,
        decree_number=decree_number,
        decrees=decrees,
        totals=totals,
    )
