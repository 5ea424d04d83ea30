"""Reads of the employee's consultation (issue 21): what the employee reads before answering (the
proposed destination and why: the need at both ends from the latest workload run, the plan's fit
breakdown, their talent box), and the answer as every later approver and the timeline show it. The
objection's category, reasons and documents only for `permissions.may_read_objection`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from core.types import Actor
from mutasi import permissions, proposals
from mutasi.choices import SILENCE_TEXT, ConsultationAnswer, DocumentKind, Initiator, Stage, VoiceHeard
from mutasi.models import ApprovalStep, Attachment, Consultation, TransferRequest
from mutasi.selectors.transfers import gap_after_move, post_gap
from talenta.models import KeyPost, SuccessionCandidate, TalentGridEntry
from talenta.rules import FOLLOW_UP
from talenta.selectors.grid import latest_grid
from workload.selectors import latest_finished_run


@dataclass
class ConsultationView:
    """One request's consultation as the viewer may see it."""

    consultation: Consultation
    step: ApprovalStep
    answer_label: str
    private: bool  # the viewer may read the category, reasons and documents
    documents: list[Attachment] = field(default_factory=list)


def answer_label(consultation: Consultation | None) -> str:
    """The answer in words (a card, the timeline); the silence text when the nightly job recorded it."""
    if consultation is None or not consultation.answer:
        return _("Menunggu tanggapan pegawai")
    if consultation.answer == ConsultationAnswer.SILENT:
        return str(SILENCE_TEXT)
    return str(consultation.get_answer_display())


def consultation_of(*, viewer: Actor, request: TransferRequest) -> ConsultationView | None:
    """The consultation of the request's latest round with an employee stage (`request` from
    `transfer_get`: its steps come with their consultations and its documents are prefetched)."""
    steps = [s for s in request.steps.all() if s.stage == Stage.EMPLOYEE]
    step = max(steps, key=lambda s: s.round, default=None)
    consultation = getattr(step, "consultation", None) if step is not None else None
    if consultation is None:
        return None
    private = permissions.may_read_objection(viewer, request)
    documents = (
        [a for a in request.attachments.all() if a.kind == DocumentKind.OBJECTION]
        if private and consultation.is_objection
        else []
    )
    return ConsultationView(
        consultation=consultation,
        step=step,
        answer_label=answer_label(consultation),
        private=private,
        documents=documents,
    )


def _talent(request: TransferRequest) -> dict | None:
    """The employee's own place in the latest talent grid of the destination's region, with what the
    box asks of development, and their rank when the destination is a key post with a plan."""
    destination = request.destination_position
    agency = request.destination_agency or request.origin_agency
    if agency is None:
        return None
    grid = latest_grid(region_id=agency.region_id)
    entry = (
        TalentGridEntry.objects.filter(grid=grid, employee_id=request.employee_id)
        .select_related("grid")
        .first()
        if grid is not None
        else None
    )
    candidate = None
    if destination is not None and destination.is_managerial:
        key_post = KeyPost.objects.filter(position_id=destination.pk, is_active=True).first()
        plan = key_post.plans.order_by("-pk").first() if key_post else None
        if plan is not None:
            candidate = SuccessionCandidate.objects.filter(plan=plan, employee_id=request.employee_id).first()
    if entry is None and candidate is None:
        return None
    return {
        "entry": entry,
        "follow_up": FOLLOW_UP.get(entry.box) if entry is not None and entry.box else "",
        "candidate": candidate,
    }


def why(*, request: TransferRequest) -> dict:
    """What the employee reads before answering: the destination, the need at both ends before and
    after the move (holders - required from the latest workload run; negative = shortage), the plan's
    fit breakdown when the request came from a plan, and their talent box."""
    origin = post_gap(request.origin_position)
    destination = post_gap(request.destination_position)
    if origin:
        origin["gap_after"] = gap_after_move(origin["gap"], leaving=True)
        origin["agency"] = request.origin_agency_name
    if destination:
        destination["gap_after"] = gap_after_move(destination["gap"], incoming=destination["incoming"])
        destination["agency"] = request.destination_agency.name if request.destination_agency else ""
    agency = request.destination_agency or request.origin_agency
    run = latest_finished_run(region_id=agency.region_id) if agency is not None else None
    fit = proposals.fit_for([request.pk]).get(request.pk) if request.initiated_by == Initiator.PLAN else None
    return {
        "origin": origin,
        "destination": destination,
        "run": run,
        "fit": fit,
        "talent": _talent(request),
    }


def inbox_consultations(rows: list[dict], *, viewer: Actor) -> None:
    """Add to each inbox row (`inbox_files`) the employee's answer in the request's current round and,
    for the employee's own stage, why the move is proposed. One query for the answers, and none when
    every row was asked for by the employee themself (no consultation stage)."""
    asked = [r for r in rows if r["request"].initiated_by != Initiator.EMPLOYEE]
    if not asked:
        return
    found = {
        c.request_id: c
        for c in Consultation.objects.filter(request_id__in=[r["request"].pk for r in asked])
        .select_related("step")
        .order_by("step__round")
    }
    fits = proposals.fit_for([r["request"].pk for r in asked if r["step"].stage == Stage.EMPLOYEE])
    for row in asked:
        request = row["request"]
        consultation = found.get(request.pk)
        if consultation is not None and consultation.step.round != request.round:
            consultation = None
        row["consultation"] = consultation
        row["answer_label"] = answer_label(consultation)
        if row["step"].stage == Stage.EMPLOYEE:
            row["fit"] = fits.get(request.pk)


def voice_heard_summary(evaluations) -> list[dict]:
    """Issue 21 point 5: how many moved employees said their objection or wish was heard, per answer
    (of the evaluations the viewer sees), so the region sees whether consultation works."""
    counts = dict(
        evaluations.exclude(voice_heard="")
        .values("voice_heard")
        .annotate(n=Count("pk"))
        .values_list("voice_heard", "n")
    )
    return [
        {"code": code, "label": label, "count": counts.get(code, 0)} for code, label in VoiceHeard.choices
    ]
