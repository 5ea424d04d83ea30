"""Who may see or do what in the transfer workflow (mutasi): every visibility rule and every action
right of the app, in one module.

Built on the shared role rules of core.access. Used as the django-fsm-2 transition permissions
(mutasi.models), by the selectors (what a viewer sees), by the services (what an actor may do) and by
the pages (which buttons show). It imports neither selectors nor services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_fsm import has_transition_perm

from core import access
from core.types import Actor
from core.viewer import viewer_flag
from instansi.choices import SpecialRole
from instansi.models import Employee, Position
from mutasi.choices import Decision, DecreeStatus, Stage, Status, TransferKind
from mutasi.models import (
    ApprovalStep,
    Consultation,
    Decree,
    Delegation,
    PostTransferEvaluation,
    TransferRequest,
)

User = get_user_model()

# --- acting officials (Plt/Plh) ----------------------------------------------------------------------

ACTS_FOR_TODAY = "acts_for_today"


def acts_for_today_sql() -> tuple[str, Callable[[], list]]:
    """A viewer flag (core.viewer): the user row `u` is the delegate of a delegation in force today.
    The condition of `Delegation.objects.active_on` in SQL (tests/mutasi/test_permission_table.py
    checks that both agree), so the many viewers who act for no one cost no delegation query."""
    qn = connection.ops.quote_name
    meta = Delegation._meta
    column = {name: qn(meta.get_field(name).column) for name in ("delegate", "start", "end", "revoked_at")}
    sql = (
        f"EXISTS (SELECT 1 FROM {qn(meta.db_table)} d WHERE d.{column['delegate']} = u.id "  # noqa: S608
        f"AND d.{column['start']} <= %s AND d.{column['end']} >= %s AND d.{column['revoked_at']} IS NULL)"
    )

    def params() -> list:
        today = timezone.localdate()
        return [today, today]

    return sql, params


def may_act_for_others(user: Actor | None, on: dt.date | None = None) -> bool:
    """False when the user surely holds no delegation on `on`: known from the viewer flag (loaded
    with the roles) for today; for another day, or without the flag, the caller must query."""
    if on is not None and on != timezone.localdate():
        return True
    return viewer_flag(user, ACTS_FOR_TODAY) is not False


def delegated_post_ids(user: Actor | None, on: dt.date | None = None) -> list[int]:
    """The posts the user acts for (Plt/Plh) on `on`."""
    if not may_act_for_others(user, on):
        return []
    return list(Delegation.objects.active_on(on).filter(delegate=user).values_list("position_id", flat=True))


def acting_post_ids(viewer: Actor, on: dt.date | None = None) -> set[int]:
    """The post the viewer holds plus the posts they act for on `on` (today by default)."""
    me = access.employee_of(viewer)
    posts = set(
        Delegation.objects.active_on(on).filter(delegate=viewer).values_list("position_id", flat=True)
    )
    if me is not None and me.is_active and me.position_id:
        posts.add(me.position_id)
    return posts


def post_holders(position_id: int | None) -> list[Actor]:
    """The active accounts holding a post."""
    if position_id is None:
        return []
    return list(
        User.objects.filter(employee__position_id=position_id, employee__is_active=True, is_active=True)
    )


def _acts_for_post(user: Actor, position_id: int, on: dt.date | None) -> bool:
    return (
        may_act_for_others(user, on)
        and Delegation.objects.active_on(on).filter(delegate=user, position_id=position_id).exists()
    )


def _holds_post(user: Actor, position_id: int | None) -> bool:
    me = access.employee_of(user)
    return me is not None and me.is_active and position_id is not None and me.position_id == position_id


def may_delegate(actor: Actor, position: Position) -> bool:
    """HR names a Plt/Plh for any post; anyone else only for the post they hold themself, so an agency
    head delegates their own head post and nobody else's (DESIGN.md 1, "acting officials"). Only
    posts that decide a stage need an acting official: heads, supervisors, Sekda, the PPK."""
    if access.is_hr(actor):
        return True
    return _decides_a_stage(actor) and _holds_post(actor, position.pk)


def _decides_a_stage(actor: Actor) -> bool:
    return access.has_role(
        actor, access.AGENCY_HEAD, access.SUPERVISOR, access.SECRETARY, access.REGIONAL_HEAD
    )


def may_open_request_list(viewer: Actor) -> bool:
    """The request list in the menu: employees (their own requests), HR and the auditor. Deciders reach
    the requests they decide from the inbox."""
    return access.has_role(viewer, access.EMPLOYEE, access.HR, access.AUDITOR)


def may_open_inbox(viewer: Actor) -> bool:
    """The inbox in the menu: whoever decides a stage by their post, BKPSDM and the performance team."""
    return _decides_a_stage(viewer) or access.has_role(viewer, access.HR, access.PERFORMANCE_TEAM)


def may_name_delegates(actor: Actor) -> bool:
    """Whether `may_delegate` can allow the actor any post at all: HR, or the holder of a post that
    decides a stage. Asked before the API reads which post (core.api_permissions.MayEverAct)."""
    return access.is_hr(actor) or _decides_a_stage(actor)


def delegation_is_open(delegation: Delegation, today: dt.date) -> bool:
    """Not revoked and not over: it may still be ended early."""
    return delegation.revoked_at is None and delegation.end >= today


def may_end_delegation(actor: Actor, delegation: Delegation, today: dt.date) -> bool:
    """The "end" button: whoever may name a Plt/Plh for the post, while the delegation is open."""
    return delegation_is_open(delegation, today) and may_delegate(actor, delegation.position)


def visible_delegations(viewer: Actor, qs: QuerySet[Delegation]) -> QuerySet[Delegation]:
    """Region readers see every delegation; others the ones naming them and the ones for their post."""
    if access.reads_region(viewer):
        return qs
    me = access.employee_of(viewer)
    condition = Q(delegate=viewer)
    if me is not None and me.position_id:
        condition |= Q(position_id=me.position_id)
    return qs.filter(condition)


def may_open_delegations(viewer: Actor, *, may_name_any: bool) -> bool:
    """The Plt/Plh page: whoever may name an acting official for some post (`may_name_any`, from the
    posts `may_delegate` allows), region readers, and delegates reading their own appointments."""
    if may_name_any or access.reads_region(viewer):
        return True
    return visible_delegations(viewer, Delegation.objects.all()).exists()


# --- transfer requests: who sees them ------------------------------------------------------------


def deciding_steps(viewer: Actor, on: dt.date | None = None) -> Q:
    """Steps the viewer decides (as a condition on ApprovalStep): their post, the posts they act for,
    their groups (HR for hr_verification, the performance team), and their own consultation stage of a
    move they did not ask for (issue 21: they answer it). Empty Q: none."""
    condition = Q()
    me = access.employee_of(viewer)
    if me is not None:
        condition |= Q(stage=Stage.EMPLOYEE, request__employee_id=me.pk)
    if me is not None and me.position_id:
        condition |= Q(approver_position_id=me.position_id)
    if delegated := delegated_post_ids(viewer, on):
        condition |= Q(approver_position_id__in=delegated)
    groups = [g for g in (access.HR, access.PERFORMANCE_TEAM) if access.has_role(viewer, g)]
    if groups:
        condition |= Q(approver_group__in=groups)
    return condition


def visible_transfers(viewer: Actor | None, qs: QuerySet | None = None) -> QuerySet[TransferRequest]:
    """Region readers (HR, auditor, Sekda, regional head) see every request; others see their own,
    the ones they created, the ones of the agency they head, and the ones with a step for their post,
    a post they act for, or their group."""
    qs = TransferRequest.objects.all() if qs is None else qs
    if viewer is None or not viewer.is_authenticated:
        return qs.none()
    if access.reads_region(viewer):
        return qs
    condition = Q(created_by=viewer)
    me = access.employee_of(viewer)
    if me is not None:
        condition |= Q(employee_id=me.pk)
    if head_of := access.headed_agency_id(viewer):
        condition |= Q(origin_agency_id=head_of) | Q(destination_agency_id=head_of)
    if steps := deciding_steps(viewer):
        condition |= Q(pk__in=ApprovalStep.objects.filter(steps).values("request_id"))
    return qs.filter(condition)


def visible_decrees(viewer: Actor, qs: QuerySet[Decree]) -> QuerySet[Decree]:
    """Those concerned: HR and region readers, the employees in it, heads of origin/destination, and
    the official named to sign it. A draft (konsep, not yet issued) is HR's working copy: only the
    readers of the register (HR, the auditor) see it."""
    if not may_read_register(viewer):
        qs = qs.exclude(status=DecreeStatus.DRAFT)
    if access.reads_region(viewer):
        return qs
    condition = Q(pk__in=visible_transfers(viewer).filter(decree__isnull=False).values("decree_id"))
    if (me := access.employee_of(viewer)) is not None:
        condition |= Q(signer_id=me.pk)
    return qs.filter(condition)


def may_read_exceptions(viewer: Actor) -> bool:
    """Flagged overrides (HR approving over a failed rule): HR and the auditor only."""
    return access.has_role(viewer, access.HR, access.AUDITOR)


# --- transfer requests: the transition permissions (mutasi.models) --------------------------------


def is_applicant(request: TransferRequest, user: Actor) -> bool:
    """The employee themself, or whoever created the draft (an agency head or HR)."""
    me = access.employee_of(user)
    return (me is not None and me.pk == request.employee_id) or request.created_by_id == user.pk


def is_applicant_or_hr(request: TransferRequest, user: Actor) -> bool:
    """Submit, resubmit, edit, withdraw: the applicant, or HR."""
    return access.is_hr(user) or is_applicant(request, user)


def is_hr(request: TransferRequest, user: Actor) -> bool:
    """The transition permission of cancel and mark_decreed: the rule of `may_issue_decrees`."""
    return may_issue_decrees(user)


def is_system(request: TransferRequest, user: Actor | None) -> bool:
    """Execution on TMT: the daily job (no user) or HR running it by hand."""
    return user is None or access.is_hr(user)


def current_step(request: TransferRequest) -> ApprovalStep | None:
    """The pending step of the current round (from the prefetched steps when present)."""
    steps = [s for s in request.steps.all() if s.round == request.round]
    return next(
        (
            s
            for s in sorted(steps, key=lambda s: s.order)
            if s.decision == Decision.PENDING and s.activated_at
        ),
        None,
    )


def may_decide_step(user: Actor | None, step: ApprovalStep, *, on: dt.date | None = None) -> bool:
    """Only the resolved approver of the step, their delegate within the delegation's dates, or, for
    group stages, a member of the group (HR for hr_verification) may decide it (DESIGN.md 4)."""
    if user is None or not user.is_authenticated:
        return False
    if step.stage == Stage.EMPLOYEE:
        return (
            False  # the employee answers their consultation; nobody approves it (`may_answer_consultation`)
        )
    if step.approver_group:
        return access.has_role(user, step.approver_group)
    if step.approver_position_id is None:
        return False
    return _holds_post(user, step.approver_position_id) or _acts_for_post(user, step.approver_position_id, on)


def on_behalf_of(user: Actor, step: ApprovalStep) -> Actor | None:
    """Whom a decider of `step` acts for: the holder of the post when a delegate decides; None when the
    holder or a member of the group decides."""
    if step.approver_group or _holds_post(user, step.approver_position_id):
        return None
    holders = post_holders(step.approver_position_id)
    return holders[0] if holders else None


def decides_current_step(request: TransferRequest, user: Actor | None) -> bool:
    """Approve, reject, return: whoever may decide the request's current step."""
    step = current_step(request)
    return step is not None and may_decide_step(user, step)


def step_deciders(step: ApprovalStep, *, on: dt.date | None = None) -> list[Actor]:
    """Everyone who may decide the step on `on`: the post's holders and delegates, or the group; for the
    employee's own stage, the employee's account (they answer it)."""
    if step.stage == Stage.EMPLOYEE:
        user = step.request.employee.user
        return [user] if user is not None and user.is_active else []
    if step.approver_group:
        return list(User.objects.filter(is_active=True, groups__name=step.approver_group).distinct())
    delegations = Delegation.objects.active_on(on).filter(position_id=step.approver_position_id)
    return post_holders(step.approver_position_id) + [
        d.delegate for d in delegations.select_related("delegate")
    ]


# --- the employee's consultation (issue 21) ------------------------------------------------------------


def is_consulted_employee(request: TransferRequest, user: Actor | None) -> bool:
    """The employee the request would move (their own account), who answers its consultation stage."""
    if user is None or not user.is_authenticated:
        return False
    me = access.employee_of(user)
    return me is not None and me.pk == request.employee_id


def consultation_step(request: TransferRequest) -> ApprovalStep | None:
    """The employee stage of the request's current round (from the prefetched steps when present)."""
    steps = [s for s in request.steps.all() if s.round == request.round and s.stage == Stage.EMPLOYEE]
    return steps[0] if steps else None


def may_answer_consultation(request: TransferRequest, user: Actor | None, *, today: dt.date) -> bool:
    """The answer form: the employee themself, while their stage is the current one and not past its
    deadline (the nightly job records silence after it)."""
    step = current_step(request) if request.status == Status.IN_REVIEW else None
    return (
        step is not None
        and step.stage == Stage.EMPLOYEE
        and is_consulted_employee(request, user)
        and (step.due_date is None or step.due_date >= today)
    )


def may_override_objection(user: Actor | None) -> bool:
    """Let a request go ahead despite a protecting objection (with a written reason): HR (BKPSDM)."""
    return user is not None and access.is_hr(user)


def is_decider_of(request: TransferRequest, user: Actor | None) -> bool:
    """Whoever decides (or decided) a stage of the request in any round: its post holders, their
    Plt/Plh today, the members of its group stages. `request.steps` may be prefetched."""
    return any(may_decide_step(user, s) for s in request.steps.all() if s.stage != Stage.EMPLOYEE)


def may_read_objection(viewer: Actor | None, request: TransferRequest) -> bool:
    """The employee's objection (category, reasons, documents) is private: the employee, HR and the
    deciders of that request only (issue 21). Others see that the employee objected, not why."""
    if viewer is None or not viewer.is_authenticated:
        return False
    return access.is_hr(viewer) or is_consulted_employee(request, viewer) or is_decider_of(request, viewer)


def may_upload_now(request: TransferRequest, user: Actor) -> bool:
    """Whoever may submit the request uploads while it is a draft or returned; HR also in review."""
    if request.status in (Status.DRAFT, Status.RETURNED):
        return True
    return access.is_hr(user) and request.status == Status.IN_REVIEW


def may_record_milestones(user: Actor) -> bool:
    """External milestones (BKN review, the other PPK's letter) are recorded by HR."""
    return access.is_hr(user)


def can_record_milestone(request: TransferRequest, user: Actor) -> bool:
    """HR, on an outgoing or incoming request in review."""
    return (
        may_record_milestones(user)
        and request.status == Status.IN_REVIEW
        and request.kind in (TransferKind.OUTGOING, TransferKind.INCOMING)
    )


def transfer_actions(request: TransferRequest, user: Actor) -> dict[str, bool]:
    """The buttons of the detail page: the transitions the user may take now, and the milestone form.
    `request` carries its prefetched steps (mutasi.selectors.transfer_get)."""
    return {
        "can_answer": may_answer_consultation(request, user, today=timezone.localdate()),
        "can_override_objection": may_override_objection(user)
        and _blocking_consultation(request) is not None,
        "can_decide": has_transition_perm(request.approve, user),
        "editable": has_transition_perm(request.submit, user),
        "can_withdraw": has_transition_perm(request.withdraw, user),
        "can_cancel": has_transition_perm(request.cancel, user),
        "can_record_milestone": can_record_milestone(request, user),
    }


def _blocking_consultation(request: TransferRequest) -> Consultation | None:
    """The protecting objection of the current round HR has not overridden (request in review)."""
    if request.status != Status.IN_REVIEW:
        return None
    step = consultation_step(request)
    consultation = getattr(step, "consultation", None) if step is not None else None
    return consultation if consultation is not None and consultation.is_blocking else None


# --- decrees ----------------------------------------------------------------------------------------


def may_issue_decrees(user: Actor) -> bool:
    """Issue a decree, and cancel an approved or decreed request: HR (BKPSDM)."""
    return access.is_hr(user)


def may_sign(signer: Employee, *, region_id: int, on: dt.date) -> bool:
    """The regional head or the Sekda of the decree's region, or whoever acts for the regional head's
    post (Plt/Plh) on the decree date (REGULATION.md 1.1)."""
    position = signer.position
    if position is None or not signer.is_active:
        return False
    signing_roles = (SpecialRole.REGIONAL_HEAD, SpecialRole.SECRETARY)
    if position.special_role in signing_roles and position.agency.region_id == region_id:
        return True
    return (
        bool(signer.user_id)
        and Delegation.objects.active_on(on)
        .filter(
            delegate_id=signer.user_id,
            position__special_role=SpecialRole.REGIONAL_HEAD,
            position__agency__region_id=region_id,
        )
        .exists()
    )


def may_sign_decree(user: Actor, decree: Decree) -> bool:
    """Sign a decree (TTE) or see it in the signing queue: the official the decree names as its signer,
    only them. The decree's text carries that person's name and title (a.n./Plt./Plh. included), so
    nobody else's certificate may go on it; another signer means HR issues another decree."""
    me = access.employee_of(user)
    return me is not None and me.pk == decree.signer_id


def signing_queue(user: Actor, qs: QuerySet[Decree]) -> QuerySet[Decree]:
    """The decrees waiting for this user's signature (`may_sign_decree` as a filter)."""
    me = access.employee_of(user)
    if me is None:
        return qs.none()
    return qs.filter(signer_id=me.pk, status=DecreeStatus.ISSUED)


def may_open_signing_queue(user: Actor) -> bool:
    """The signing queue in the menu: those who sign decrees by office (the regional head, Sekda). An
    acting signer (Plt/Plh) reaches it from the notification of the decree to sign."""
    return access.has_role(user, access.REGIONAL_HEAD, access.SECRETARY)


def may_ever_sign(user: Actor) -> bool:
    """The signing API's first question (core.api_permissions): has the user any decree to sign? Whoever
    has none is refused before the passphrase and the list are read."""
    return signing_queue(user, Decree.objects.all()).exists()


def may_upload_wet_signed(user: Actor) -> bool:
    """Upload the scan of a decree signed on paper (regions without TTE): HR (BKPSDM)."""
    return access.is_hr(user)


def may_cancel_decree(user: Actor) -> bool:
    """Cancel a decree in the register (with a reason; its number is never given again): HR."""
    return access.is_hr(user)


def may_read_register(user: Actor) -> bool:
    """The decree register (every number of a year with its status): HR and the auditor."""
    return access.has_role(user, access.HR, access.AUDITOR)


def may_download_petikan(user: Actor, extract) -> bool:
    """A petikan (one employee's extract of a decree): that employee, and HR. Nobody else: it carries
    the employee's NIP and pangkat."""
    return may_download_petikan_of(user, extract.request.employee_id)


def may_download_petikan_of(user: Actor, employee_id: int) -> bool:
    """`may_download_petikan` for the petikan of that employee (no query: the request page's link)."""
    if access.is_hr(user):
        return True
    me = access.employee_of(user)
    return me is not None and me.pk == employee_id


# --- post-transfer evaluations ------------------------------------------------------------------


def evaluator_post_ids(evaluation: PostTransferEvaluation) -> set[int]:
    """The posts whose holder rates: the head of the destination agency and the direct superior of the
    new post ("the new head", DESIGN.md 3)."""
    destination = evaluation.request.destination_position
    if destination is None:
        return set()
    return {destination.agency.head_position_id, destination.superior_id} - {None}


def rating_right(
    user: Actor, evaluation: PostTransferEvaluation, *, on: dt.date | None = None
) -> tuple[bool, Actor | None]:
    """(allowed, on_behalf_of): the holder of an evaluator post, or their Plt/Plh within its dates."""
    posts = evaluator_post_ids(evaluation)
    me = access.employee_of(user)
    if me is not None and me.is_active and me.position_id in posts:
        return True, None
    for delegation in Delegation.objects.active_on(on).filter(delegate=user, position_id__in=posts):
        holders = post_holders(delegation.position_id)
        return True, holders[0] if holders else None
    return False, None


def evaluation_deciders(evaluation: PostTransferEvaluation, *, on: dt.date | None = None) -> list[Actor]:
    """Who may rate: the holders of the evaluator posts and their delegates on `on`."""
    users = []
    for post_id in sorted(evaluator_post_ids(evaluation)):
        users += post_holders(post_id)
        delegations = Delegation.objects.active_on(on).filter(position_id=post_id).select_related("delegate")
        users += [d.delegate for d in delegations]
    return users


def is_evaluated_employee(evaluation: PostTransferEvaluation, user: Actor) -> bool:
    return evaluation.employee.user_id == user.pk


def can_rate(evaluation: PostTransferEvaluation, *, acting_posts: set[int], today: dt.date) -> bool:
    """The rating form: due, not rated yet, and the viewer holds or acts for an evaluator post
    (`acting_posts` from `acting_post_ids`, read once per page)."""
    due = evaluation.due_date <= today
    return due and evaluation.rated_at is None and bool(evaluator_post_ids(evaluation) & acting_posts)


def can_answer(evaluation: PostTransferEvaluation, user: Actor, *, today: dt.date) -> bool:
    """The employee's form: due, not answered yet, and the viewer is the moved employee."""
    due = evaluation.due_date <= today
    return due and evaluation.employee_answered_at is None and is_evaluated_employee(evaluation, user)


def visible_evaluations(viewer: Actor | None, qs: QuerySet | None = None, *, posts: set[int] | None = None):
    """Region readers (HR, auditor, Sekda, regional head) see every evaluation; the employee sees
    their own; the head of the destination agency and the direct superior of the new post (or their
    Plt/Plh) see the ones they rate."""
    qs = PostTransferEvaluation.objects.all() if qs is None else qs
    if viewer is None or not viewer.is_authenticated:
        return qs.none()
    if access.reads_region(viewer):
        return qs
    me = access.employee_of(viewer)
    posts = acting_post_ids(viewer) if posts is None else posts
    condition = Q(pk__in=[])
    if me is not None:
        condition |= Q(employee_id=me.pk)
    if posts:
        condition |= Q(request__destination_agency__head_position_id__in=posts) | Q(
            request__destination_position__superior_id__in=posts
        )
    return qs.filter(condition)


def may_pick_evaluation_agency(viewer: Actor) -> bool:
    """The evaluations page's agency filter (and the training needs of the agency picked): region
    readers; everyone else sees the evaluations and training needs their own rights give them."""
    return access.reads_region(viewer)


def training_needs_agency(viewer: Actor, agency_id: int | None) -> tuple[bool, int | None]:
    """(allowed, agency to limit to): region readers read every agency's training needs (or the one
    they ask for), an agency head only their own."""
    if access.reads_region(viewer):
        return True, agency_id
    head_of = access.headed_agency_id(viewer)
    if head_of is not None and agency_id in (None, head_of):
        return True, head_of
    return False, None


# --- standing preferences and circumstances (issue 21 point 1) -------------------------------------
# Private to the employee, HR and the deciders of a move of theirs: whoever decides a step of one of
# the employee's open requests (their post, a post they act for, their group). Only the employee
# writes them.


def may_keep_preferences(user: Actor) -> bool:
    """An account with an active employee record keeps its own wishes and circumstances."""
    me = access.employee_of(user)
    return me is not None and me.is_active


def _decided_employee_ids(viewer: Actor) -> QuerySet:
    """Employees with an open request in which the viewer decides a step (any round)."""
    from mutasi.choices import OPEN_STATUSES

    steps = deciding_steps(viewer)
    if not steps:
        return TransferRequest.objects.none().values("employee_id")
    return TransferRequest.objects.filter(
        status__in=OPEN_STATUSES,
        pk__in=ApprovalStep.objects.filter(steps).values("request_id"),
    ).values("employee_id")


def standing_views_condition(viewer: Actor | None) -> Q | None:
    """The condition on `employee_id` of the preference and circumstance rows the viewer may read:
    None when they may read every row (HR), an empty result when none."""
    if viewer is None or not viewer.is_authenticated:
        return Q(pk__in=[])
    if access.is_hr(viewer):
        return None
    condition = Q(employee_id__in=_decided_employee_ids(viewer))
    if (me := access.employee_of(viewer)) is not None:
        condition |= Q(employee_id=me.pk)
    return condition


def visible_standing_views(viewer: Actor | None, qs: QuerySet) -> QuerySet:
    """Filter PlacementPreference or Circumstance rows to those the viewer may read."""
    condition = standing_views_condition(viewer)
    return qs if condition is None else qs.filter(condition)


def may_read_standing_views(viewer: Actor | None, employee_id: int) -> bool:
    """May the viewer read this employee's wishes and circumstances (the page of one employee)."""
    condition = standing_views_condition(viewer)
    if condition is None:
        return True
    me = access.employee_of(viewer)
    if me is not None and me.pk == employee_id:
        return True
    return _decided_employee_ids(viewer).filter(employee_id=employee_id).exists()


def owns_standing_view(user: Actor, row) -> bool:
    """Only the employee removes their own wish or circumstance."""
    me = access.employee_of(user)
    return me is not None and row.employee_id == me.pk
