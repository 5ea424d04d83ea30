"""The approval chain: building the steps of a round and deciding them (DESIGN.md 4)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit, workflow
from core.exceptions import DomainError, TransitionNotAllowed
from core.services import Message, notify, notify_many
from core.types import Actor
from instansi.models import Policy, Position, default_stage_deadlines
from mutasi import eligibility, permissions
from mutasi.choices import Decision, Initiator, Milestone, Stage, StageCondition, Status, TransferKind
from mutasi.models import ApprovalChain, ApprovalStep, TransferRequest
from mutasi.services import objection as consultation_rules
from mutasi.services.common import (
    add_working_days,
    applicant_users,
    documents_error,
    eligibility_override,
    head_users,
    hr_users,
    lock,
    missing_documents,
    region_id_of,
    request_checklist,
    request_url,
    resolve_stage,
)

DEFAULT_DEADLINE_DAYS = 5
# What an approval reads of the request's relations: the applicant with the accounts every stage
# notifies (the employee's own and the creator's), the destination post and agency (the region's
# Policy, the answer). The origin agency and the destination's agency are read when a path needs them
# (an outgoing move, HR verification, the final notification): every approval pays for each join in
# the lock's plan, those paths are one stage of the chain each.
APPROVE_RELATED = ("employee__user", "created_by", "destination_agency", "destination_position")
# What an approval may change on the request (`_verify`, `_final_checks`, the transition, the next
# stage): one UPDATE of these instead of every column.
APPROVE_FIELDS = [
    "status",
    "current_stage",
    "decided_at",
    "override_reason",
    "overridden_by",
    "eligibility_rechecked",
    "pilkada_letter_number",
    "updated_at",
]


def chain_stages(request: TransferRequest) -> list[str]:
    """The stages that apply to this request, from the ApprovalChain HR maintains.

    Conditions of DESIGN.md 4: the supervisor only when the employee initiated the request; the
    employee's own stage (consultation, issue 21) only when they did not; the performance team only
    when the destination is JPT, administrator or pengawas.
    """
    chain = ApprovalChain.objects.filter(kind=request.kind).first()
    if chain is None:
        raise DomainError(_("Rantai persetujuan untuk jenis mutasi ini belum diatur BKPSDM."))
    managerial = bool(request.destination_position and request.destination_position.is_managerial)
    stages = []
    for row in chain.stages.order_by("order"):
        if row.condition == StageCondition.EMPLOYEE_INITIATED and request.initiated_by != Initiator.EMPLOYEE:
            continue
        if (
            row.condition == StageCondition.NOT_EMPLOYEE_INITIATED
            and request.initiated_by == Initiator.EMPLOYEE
        ):
            continue
        if row.condition == StageCondition.MANAGERIAL_DESTINATION and not managerial:
            continue
        stages.append(row.stage)
    return stages


def start_round(request: TransferRequest, *, actor: Actor, today: dt.date) -> list[ApprovalStep]:
    """Create the steps of the current submission round with their resolved approver posts."""
    steps = []
    for stage in chain_stages(request):
        if stage == Stage.EMPLOYEE:
            user = request.employee.user
            if user is None or not user.is_active:
                continue  # nobody to ask here (no account): the chain starts at the next stage
        position, group, title = resolve_stage(stage, request)
        if not group and position is None and stage != Stage.EMPLOYEE:
            if stage == Stage.SUPERVISOR:
                continue  # the employee has no post above theirs: the origin head recommends
            raise DomainError(
                _("Pemutus tahap %(stage)s tidak ditemukan; hubungi BKPSDM.") % {"stage": Stage(stage).label}
            )
        steps.append(
            ApprovalStep(
                request=request,
                round=request.round,
                order=len(steps) + 1,
                stage=stage,
                approver_position=position,
                approver_title=title,
                approver_group=group,
            )
        )
    if all(s.stage == Stage.EMPLOYEE for s in steps):
        raise DomainError(_("Rantai persetujuan kosong."))
    created = ApprovalStep.objects.bulk_create(steps)
    if created[0].pk is None:  # backends without RETURNING: read them back
        created = list(request.steps.filter(round=request.round).order_by("order"))
    activate(created[0], request=request, today=today)
    return created


def _stage_days(request: TransferRequest, stage: str) -> int:
    """Working days allowed for `stage` by the Policy of the request's region (`eligibility.policy_for`
    semantics: the regulation defaults when the region has no Policy yet). Only that column is read:
    activating a step needs nothing else of the Policy, and it happens on every approval."""
    region_id = region_id_of(request)
    found = (
        list(Policy.objects.filter(region_id=region_id).values_list("stage_deadlines", flat=True))
        if region_id
        else []
    )
    deadlines = found[0] if found else default_stage_deadlines()
    return (deadlines or {}).get(stage, DEFAULT_DEADLINE_DAYS)


def activate(
    step: ApprovalStep, *, request: TransferRequest, today: dt.date, save_request: bool = True
) -> None:
    """Make `step` the current one: due date from Policy.stage_deadlines (working days), notify.

    `save_request=False`: the caller saves the request itself (with `current_stage` set here) in the
    UPDATE it writes anyway."""
    step.activated_at = timezone.now()
    step.due_date = add_working_days(today, _stage_days(request, step.stage))
    step.save(update_fields=["activated_at", "due_date"])
    request.current_stage = step.stage
    if save_request:
        request.save(update_fields=["current_stage", "updated_at"])
    url = request_url(request)
    stage = step.get_stage_display()
    if step.stage == Stage.EMPLOYEE:
        consultation_rules.consultation_open(step, request=request)
        return
    approvers = permissions.step_deciders(step, on=today)
    if approvers:
        first = Message(
            recipients=approvers,
            title=_("Usulan mutasi %(n)s menunggu keputusan Anda") % {"n": request.number},
            body=_("Tahap %(stage)s, tenggat %(due)s.") % {"stage": stage, "due": step.due_date},
            url=url,
        )
    else:
        first = Message(
            recipients=hr_users(),
            title=_("Tidak ada pemutus untuk usulan %(n)s") % {"n": request.number},
            body=_("Jabatan %(post)s kosong; tunjuk Plt/Plh.") % {"post": step.approver_title},
            url=url,
        )
    applicant = Message(
        recipients=applicant_users(request),
        title=_("Usulan %(n)s masuk tahap %(stage)s") % {"n": request.number, "stage": stage},
        url=url,
    )
    notify_many([first, applicant])


def _locked_steps(request: TransferRequest) -> list[ApprovalStep]:
    """Every step of the request (all rounds, in timeline order), locked, with the people the answer
    names. One read serves the decision (current, next and decided steps of the round, and the
    transition permission, which reads them as the request's prefetched steps) and the API answer
    (`transfer_approve` hands it over). Deciders already queue on the request's row lock; the steps'
    own lock also keeps the reminder job (which locks a step, not the request) out."""
    steps = list(
        ApprovalStep.objects.select_for_update(of=("self",))
        .select_related("actor", "on_behalf_of", "consultation")
        .filter(request=request)
        .order_by("round", "order")
    )
    request._prefetched_objects_cache = {**getattr(request, "_prefetched_objects_cache", {}), "steps": steps}
    return steps


def decidable_step(request: TransferRequest, transition, *, actor: Actor, step_id: int | None):
    """Return (current step, on_behalf_of) if `actor` may decide it by `transition` (the request's
    bound approve, reject or return_to_applicant); in the services the steps come from `_locked_steps`,
    before the input is read (`transfer_check`, the API) from the request as the viewer sees it.

    409 when the step the actor could decide was already decided (a double click or a second
    approver clicking at the same time), 403 when the actor has no right at all. The status is told
    first: outside review there is no step whose decider could be asked.
    """
    if request.status != Status.IN_REVIEW:
        raise TransitionNotAllowed(
            _("Usulan berstatus %(status)s; tidak ada tahap yang menunggu keputusan.")
            % {"status": request.get_status_display()}
        )
    current = permissions.current_step(request)
    if current is None:
        raise TransitionNotAllowed()
    # One decision per step: the steps were read under lock, so a concurrent decider that got there
    # first has already committed and this one sees the step decided (or the next one pending).
    if step_id is not None and step_id != current.pk:
        raise TransitionNotAllowed(_("Tahap ini sudah diputuskan."))
    try:
        workflow.require_transition(transition, actor, never=_("Anda bukan pemutus tahap ini."))
    except PermissionDenied:
        decided = [
            s for s in request.steps.all() if s.round == request.round and s.decision != Decision.PENDING
        ]
        if any(permissions.may_decide_step(actor, s) for s in decided):
            raise TransitionNotAllowed(_("Tahap ini sudah diputuskan."))
        raise
    return current, permissions.on_behalf_of(actor, current)


def _record_step(step: ApprovalStep, *, decision: str, actor: Actor, behalf: Actor | None, note: str) -> None:
    step.decision = decision
    step.actor = actor
    step.on_behalf_of = behalf
    step.note = note
    step.decided_at = timezone.now()
    step.save(update_fields=["decision", "actor", "on_behalf_of", "note", "decided_at"])


def _verify(request: TransferRequest, *, actor: Actor, override_reason: str, today: dt.date) -> None:
    """hr_verification: documents and eligibility re-checked (DESIGN.md 4); HR may override a failed
    rule with a written reason, flagged in the audit trail (`eligibility_override`)."""
    if missing := missing_documents(request):
        raise documents_error(missing)
    checklist = request_checklist(request, today=today)
    if not checklist.passed and not override_reason.strip():
        raise DomainError(
            errors={
                "override_reason": [
                    _(
                        "Syarat tidak terpenuhi (%(codes)s); persetujuan hanya dengan alasan pengecualian tertulis."
                    )
                    % {"codes": ", ".join(c.code for c in checklist.failed)}
                ],
                "eligibility": [f"{c.code}: {c.reason}" for c in checklist.failed],
            }
        )
    request.eligibility_rechecked = eligibility_override(
        request, checklist, actor=actor, reason=override_reason, stage=Stage.HR_VERIFICATION
    )


def _overridden(request: TransferRequest, code: str) -> bool:
    return code in (request.eligibility_snapshot or {}).get("overridden", []) or code in (
        request.eligibility_rechecked or {}
    ).get("overridden", [])


def _final_checks(
    request: TransferRequest, *, step: ApprovalStep, pilkada_letter_number: str, today: dt.date
) -> None:
    policy = eligibility.policy_for(region_id_of(request))
    if step.stage == Stage.REGIONAL_HEAD and eligibility.in_pilkada_window(policy, today):
        # UU 10/2016 Pasal 71: inside the window the Minister's written approval is required.
        if not pilkada_letter_number.strip():
            raise DomainError(
                _("Dalam masa Pilkada: isi nomor surat persetujuan Menteri Dalam Negeri."),
                field="pilkada_letter_number",
            )
        limit = TransferRequest._meta.get_field("pilkada_letter_number").max_length
        if len(pilkada_letter_number.strip()) > limit:
            raise DomainError(
                _("Nomor surat paling panjang %(n)s karakter.") % {"n": limit}, field="pilkada_letter_number"
            )
        request.pilkada_letter_number = pilkada_letter_number.strip()
    if request.kind in (TransferKind.OUTGOING, TransferKind.INCOMING):
        missing = [m for m in Milestone.values if m not in (request.milestones or {})]
        if missing:
            raise DomainError(
                _("Tahapan eksternal belum dicatat BKPSDM: %(m)s.")
                % {"m": ", ".join(str(Milestone(m).label) for m in missing)},
                field="milestones",
            )
    if request.destination_position_id and not _overridden(request, "destination_need"):
        # Capacity under a row lock on the destination post: two requests never both take the last
        # vacancy (DESIGN.md 4). The lock serialises concurrent final approvals into one post.
        position = Position.objects.select_for_update().get(pk=request.destination_position_id)
        need = eligibility.destination_need(
            position,
            policy,
            exclude_request_id=request.pk,
            employee_id=request.employee_id,
            origin_position_id=request.origin_position_id,
            swap_statuses=eligibility.SWAP_PARTNER_STATUSES_FINAL,
        )
        if not need.passed:
            raise TransitionNotAllowed(
                _("Formasi jabatan tujuan sudah terisi: %(reason)s Usulan tidak dapat disetujui.")
                % {"reason": need.reason}
            )


@transaction.atomic
def transfer_approve(
    *,
    request_id: int,
    actor: Actor,
    note: str = "",
    override_reason: str = "",
    pilkada_letter_number: str = "",
    against_objection_reason: str = "",
    step_id: int | None = None,
    today: dt.date | None = None,
) -> TransferRequest:
    """Approve the current stage; the last stage approves the request (capacity under lock).

    When the employee objected at their own stage (issue 21): a protecting objection HR has not
    overridden refuses every approval (409); any other objection needs `against_objection_reason`
    (400 without it), kept on the step and written as a flagged audit row (the exceptions report).

    The returned request carries its steps as saved here (`request.steps.all()` reads no more)."""
    today = today or timezone.localdate()
    request = lock(request_id, related=APPROVE_RELATED)
    steps = _locked_steps(request)
    step, behalf = decidable_step(request, request.approve, actor=actor, step_id=step_id)
    objection = consultation_rules.standing_objection(request, steps)
    against = consultation_rules.require_against_reason(objection, against_objection_reason)
    if step.stage == Stage.HR_VERIFICATION:
        _verify(request, actor=actor, override_reason=override_reason, today=today)
    later = next((s for s in steps if s.round == request.round and s.order > step.order), None)
    from_status = request.status
    if later is None:
        _final_checks(request, step=step, pilkada_letter_number=pilkada_letter_number, today=today)
        request.approve()
        request.decided_at = timezone.now()
    else:
        request.current_stage = later.stage  # written with the request below, activated after the audit row
    request.save(update_fields=APPROVE_FIELDS)
    if against:
        step.against_objection_reason = against
        step.save(update_fields=["against_objection_reason"])
    _record_step(step, decision=Decision.APPROVED, actor=actor, behalf=behalf, note=note)
    audit.record(
        actor=actor,
        on_behalf_of=behalf,
        action="transfer.approve",
        target=request,
        from_state=from_status,
        to_state=request.status,
        note=note,
        data={"stage": step.stage, "step": step.pk},
    )
    if against:
        consultation_rules.record_against(request, step=step, objection=objection, actor=actor, behalf=behalf)
    if later is not None:
        activate(later, request=request, today=today, save_request=False)
    else:
        notify(
            recipients=[*applicant_users(request), *head_users(request), *hr_users()],
            title=_("Usulan mutasi %(n)s disetujui") % {"n": request.number},
            body=_("Menunggu penerbitan SK oleh BKPSDM."),
            url=request_url(request),
        )
    # The answer shows every step: the ones read and changed here are handed over (`_locked_steps`)
    # instead of being read again.
    return request


def _end_with(
    decision: str, *, request_id: int, actor: Actor, note: str, step_id: int | None
) -> TransferRequest:
    request = lock(request_id)
    _locked_steps(request)
    transition = request.reject if decision == Decision.REJECTED else request.return_to_applicant
    step, behalf = decidable_step(request, transition, actor=actor, step_id=step_id)
    # The answer reads the steps again: the pending ones of the round are closed below by an UPDATE.
    del request._prefetched_objects_cache["steps"]
    from_status = request.status
    if decision == Decision.REJECTED:
        request.reject()
        request.decided_at = timezone.now()
    else:
        request.return_to_applicant()
    request.save()
    _record_step(step, decision=decision, actor=actor, behalf=behalf, note=note)
    request.steps.filter(round=request.round, decision=Decision.PENDING).update(decision=Decision.CLOSED)
    action = "transfer.reject" if decision == Decision.REJECTED else "transfer.return"
    audit.record(
        actor=actor,
        on_behalf_of=behalf,
        action=action,
        target=request,
        from_state=from_status,
        to_state=request.status,
        note=note,
        data={"stage": step.stage, "step": step.pk},
    )
    title = (
        _("Usulan mutasi %(n)s ditolak pada tahap %(stage)s")
        if decision == Decision.REJECTED
        else _("Usulan mutasi %(n)s dikembalikan pada tahap %(stage)s untuk dilengkapi")
    )
    notify(
        recipients=[*applicant_users(request), *head_users(request)],
        title=title % {"n": request.number, "stage": step.get_stage_display()},
        body=note,
        url=request_url(request),
    )
    return request


@transaction.atomic
def transfer_reject(
    *, request_id: int, actor: Actor, note: str, step_id: int | None = None, today: dt.date | None = None
) -> TransferRequest:
    """Reject at the current stage; a written reason is required (DESIGN.md 4). `today` is accepted
    like the other decisions' but changes nothing: the decision right is that of the current day."""
    if not note or not note.strip():
        raise DomainError(_("Alasan penolakan wajib diisi."), field="note")
    return _end_with(
        Decision.REJECTED, request_id=request_id, actor=actor, note=note.strip(), step_id=step_id
    )


@transaction.atomic
def transfer_return(
    *, request_id: int, actor: Actor, note: str, step_id: int | None = None, today: dt.date | None = None
) -> TransferRequest:
    """Return to the applicant, who answers and resubmits (a new round); a note is required. `today`
    as in `transfer_reject`."""
    if not note or not note.strip():
        raise DomainError(_("Catatan pengembalian wajib diisi."), field="note")
    return _end_with(
        Decision.RETURNED, request_id=request_id, actor=actor, note=note.strip(), step_id=step_id
    )


@transaction.atomic
def steps_verify_bulk(
    *, request_ids: list[int], actor: Actor, note: str = ""
) -> tuple[list[int], dict[int, str]]:
    """Admin bulk action: approve hr_verification on many requests; each one in its own savepoint so a
    failing request (missing document, failed rule) does not stop the others."""
    access.require_role(actor, access.HR)
    done, failed = [], {}
    for pk in request_ids:
        try:
            with transaction.atomic():
                request = TransferRequest.objects.get(pk=pk)
                if request.current_stage != Stage.HR_VERIFICATION:
                    raise TransitionNotAllowed(_("Bukan pada tahap verifikasi BKPSDM."))
                transfer_approve(request_id=pk, actor=actor, note=note)
            done.append(pk)
        except (DomainError, PermissionDenied) as exc:
            failed[pk] = str(getattr(exc, "message", exc))
    return done, failed
