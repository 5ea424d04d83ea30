"""Reads of the transfer requests: the list and one request, the approver's inbox and the applicant's
file, the audit trail, the flagged exceptions, attachments and the posts a request can target. Who may
see what is decided by mutasi.permissions; API views and pages only call these."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import CharField, Prefetch, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from core import access
from core.filter_sets import filtered
from core.models import AuditEvent
from core.paging import text_search
from core.types import Actor
from instansi.models import Employee, PlacementHistory, Position
from mutasi import eligibility, permissions
from mutasi.choices import Decision, DocumentKind
from mutasi.eligibility.checklist import rule_label
from mutasi.filters import TransferFilter
from mutasi.models import ApprovalStep, Attachment, TransferRequest
from mutasi.permissions import visible_transfers
from talenta.models import SuccessionPlan


def _list_qs() -> QuerySet[TransferRequest]:
    return TransferRequest.objects.select_related(
        "employee", "origin_agency", "destination_agency", "destination_position", "decree"
    )


def transfer_list(
    *, viewer: Actor, filters: dict | None = None, strict: bool = False
) -> QuerySet[TransferRequest]:
    qs = visible_transfers(viewer, _list_qs())
    return filtered(TransferFilter, filters, qs, strict=strict)


# The columns the request list page shows (mutasi/list.html): the request's own, the employee's name
# and NIP, the destination post and agency. Loading only these (and not the origin agency or the
# decree, which the page does not show) halves the page's ORM work at 100 rows.
LIST_PAGE_FIELDS = (
    "number",
    "status",
    "current_stage",
    "origin_position_title",
    "origin_agency_name",
    "external_instansi",
    "employee__front_title",
    "employee__name",
    "employee__back_title",
    "employee__nip",
    "destination_position__title",
    "destination_agency__name",
)


def transfer_list_page(*, viewer: Actor, filters: dict | None = None, page=1, per_page: int = 50) -> Page:
    """One page of the request list page: what `transfer_list` selects (search and status included),
    newest first, with only the columns the page shows, and the count of all matches."""
    qs = TransferRequest.objects.select_related("employee", "destination_agency", "destination_position")
    qs = filtered(TransferFilter, filters, visible_transfers(viewer, qs), strict=False)
    return Paginator(qs.only(*LIST_PAGE_FIELDS), per_page).get_page(page)


def _detail_prefetches(*, for_page: bool) -> list:
    # Attachments of one request in (kind, id) order: the Meta ordering starts with "request", which
    # Django follows to the request's own ordering through a join that changes nothing within a request.
    attachments = Attachment.objects.order_by("kind", "id")
    if for_page:  # the page: approver posts, uploaders and the evaluations are shown too
        steps = ApprovalStep.objects.select_related(
            "actor", "on_behalf_of", "approver_position", "consultation"
        )
        return [
            Prefetch("steps", queryset=steps.order_by("round", "order")),
            Prefetch("attachments", queryset=attachments.select_related("uploaded_by")),
            "evaluations",
        ]
    # The API answer (mutasi.api.serializers) names the deciders and nothing else of the related rows.
    steps = ApprovalStep.objects.select_related("actor", "on_behalf_of", "consultation").order_by(
        "round", "order"
    )
    return [Prefetch("steps", queryset=steps), Prefetch("attachments", queryset=attachments)]


def hide_private_documents(*, viewer: Actor, request: TransferRequest) -> TransferRequest:
    """Drop the employee's objection documents (issue 21) from the request's prefetched documents
    unless the viewer may read the objection (`permissions.may_read_objection`): the page, the API
    answer and the documents list all read them from there. No query when there are none."""
    cache = getattr(request, "_prefetched_objects_cache", {})
    documents = cache.get("attachments")
    if documents is None or not any(a.kind == DocumentKind.OBJECTION for a in documents):
        return request
    if not permissions.may_read_objection(viewer, request):
        cache["attachments"] = documents.exclude(kind=DocumentKind.OBJECTION)
    return request


# What the API's answer of one request (mutasi.api.serializers.TransferDetailOutput) reads of the
# related rows: the employee, the destination post and agency, the decree. Not joining the origin
# agency and post and both ends' units, which only the page shows, cost 1.2 ms less per answer
# (2026-12-06, 100,000 employees: reading the request 4.5 -> 3.4 ms of CPU).
API_DETAIL_RELATED = ("employee", "destination_agency", "destination_position", "decree")


def transfer_get(*, viewer: Actor, pk: int, for_page: bool = True) -> TransferRequest:
    """One request the viewer may see (404 otherwise) with its steps and documents; the page also
    shows the post-transfer evaluations and both ends' units, the API's answer of one request does not
    (`for_page=False`: one query less, four joins less)."""
    if for_page:
        # The page names both ends as post, unit and agency (issue 18 point 5).
        qs = _list_qs().select_related("origin_position__unit", "destination_position__unit")
    else:
        qs = TransferRequest.objects.select_related(*API_DETAIL_RELATED)
    qs = visible_transfers(viewer, qs).prefetch_related(*_detail_prefetches(for_page=for_page))
    try:
        transfer = qs.get(pk=pk)
    except TransferRequest.DoesNotExist:
        raise Http404
    return hide_private_documents(viewer=viewer, request=transfer)


def transfer_for_action(*, viewer: Actor, pk: int) -> TransferRequest:
    """The request an action names, if the viewer may see it (404 otherwise): the row alone, one query,
    read before the input (core.api_permissions.ActsOn). The action's rule (`services.transfer_check`)
    reads the steps only where it needs them; the service then locks and reads the row itself."""
    try:
        return visible_transfers(viewer, TransferRequest.objects.all()).get(pk=pk)
    except TransferRequest.DoesNotExist:
        raise Http404


def transfer_with_details(request: TransferRequest, *, viewer: Actor) -> TransferRequest:
    """The request a service just changed and returned, with the steps and documents the API answer
    shows (two queries instead of reading the request again)."""
    prefetch_related_objects([request], *_detail_prefetches(for_page=False))
    return hide_private_documents(viewer=viewer, request=request)


# What the inbox's search box reads: the request number, the employee's name or the start of the NIP
# (as the request list), and the posts and agencies of both ends of the move.
INBOX_SEARCH_FIELDS = (
    "request__number",
    "request__employee__name",
    "request__origin_position_title",
    "request__origin_agency_name",
    "request__destination_position__title",
    "request__destination_position__agency__name",
    "request__external_instansi",
)


def transfer_inbox(*, viewer: Actor, today: dt.date | None = None, q: str = "") -> QuerySet[ApprovalStep]:
    """Steps waiting for the viewer: their post, posts they act for (Plt/Plh today), their groups.
    `q` narrows them (number, name, NIP, either end's post or agency) after that rule, so a search
    never reaches a step the viewer may not decide."""
    condition = permissions.deciding_steps(viewer, today or timezone.localdate())
    if not condition:
        return ApprovalStep.objects.none()
    steps = (
        ApprovalStep.objects.filter(condition, decision=Decision.PENDING, activated_at__isnull=False)
        # What the inbox page and API show: the employee's name, the destination post and its agency
        # (the origin is shown from the names stored on the request). Each join left out here is
        # planning work PostgreSQL does not do on every inbox request.
        .select_related("request__employee", "request__destination_position__agency")
        .order_by("due_date", "pk")
    )
    return text_search(steps, q, fields=INBOX_SEARCH_FIELDS, nip_fields=("request__employee__nip",))


def transfer_audit(*, request: TransferRequest) -> QuerySet[AuditEvent]:
    """Every change of a request in time order; `request` comes from `transfer_get` (access-checked)."""
    return (
        AuditEvent.objects.for_target(request)
        .select_related("actor", "on_behalf_of")
        .order_by("created_at", "id")
    )


def exceptions_list(*, viewer: Actor) -> QuerySet[AuditEvent]:
    """Flagged overrides (HR approving over a failed rule, approvals against the employee's objection
    and HR's override of a protecting one, and HR naming another main candidate than a succession
    plan's ranking, talenta): HR and the auditor only."""
    if not permissions.may_read_exceptions(viewer):
        raise PermissionDenied
    return (
        AuditEvent.objects.filter(
            flagged=True,
            target_type__in=[ContentType.objects.get_for_model(m) for m in (TransferRequest, SuccessionPlan)],
        )
        .select_related("actor", "on_behalf_of")
        .order_by("-created_at", "-id")
    )


def exceptions_rows(*, viewer: Actor, limit: int = 200) -> list[dict]:
    """The exceptions report's rows, newest first: each flagged event with its transfer request (the
    viewer may see) or marked as a succession override (talenta), and the failed rules by name."""
    events = list(exceptions_list(viewer=viewer)[:limit])
    transfer_type = ContentType.objects.get_for_model(TransferRequest).pk
    ids = [int(e.target_id) for e in events if e.target_type_id == transfer_type]
    requests = transfers_by_id(viewer=viewer, ids=ids)
    return [
        {
            "event": e,
            "transfer": requests.get(int(e.target_id)) if e.target_type_id == transfer_type else None,
            "succession": e.target_type_id != transfer_type,
            "failed": [rule_label(code) for code in (e.data or {}).get("failed", [])],
            # Issue 21: an approval against the employee's objection, HR's override of a protecting one.
            "objection": e.action in ("consultation.against", "consultation.override"),
        }
        for e in events
    ]


def attachment_get(*, viewer: Actor, pk: int) -> Attachment:
    """An attachment of a request the viewer may see; 404 otherwise (no hint it exists). A document of
    the employee's objection only for those who may read the objection (issue 21)."""
    try:
        attachment = Attachment.objects.select_related("request").get(
            pk=pk, request__in=visible_transfers(viewer).values("pk")
        )
    except Attachment.DoesNotExist:
        raise Http404
    if attachment.kind == DocumentKind.OBJECTION and not permissions.may_read_objection(
        viewer, attachment.request
    ):
        raise Http404
    return attachment


def swap_post_ids(*, viewer: Actor) -> set[int]:
    """Posts whose holders have an open request for the viewer's own post: moving there is a swap
    even when the post is full (REGULATION.md 1.2 "or a swap")."""
    me = access.employee_of(viewer)
    if me is None or not me.position_id:
        return set()
    return set(
        TransferRequest.objects.filter(
            status__in=eligibility.SWAP_PARTNER_STATUSES,
            destination_position_id=me.position_id,
            employee__is_active=True,
            employee__position__isnull=False,
        )
        .exclude(employee_id=me.pk)
        .values_list("employee__position_id", flat=True)
    )


def destination_search(
    *, viewer: Actor, q: str = "", agency: int | None = None, only_need: bool = True, limit: int = 30
):
    """Posts a request can target, with their need (ABK) and requirements, for the request form; a
    full post appears too when moving there would be a swap (`swap` true)."""
    if viewer is None or not viewer.is_authenticated:
        return []
    swaps = swap_post_ids(viewer=viewer)
    qs = Position.objects.select_related("agency", "unit").filter(
        Q(required_staff__isnull=False) | Q(pk__in=swaps)
    )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(agency__name__icontains=q))
    if agency:
        qs = qs.filter(agency_id=agency)
    positions = list(qs.order_by("agency__name", "title")[: limit * 4])
    counts = eligibility.need_counts([p.pk for p in positions])
    rows = []
    for p in positions:
        holders, incoming = counts[p.pk]
        free = (p.required_staff or 0) - holders - incoming
        swap = free <= 0 and p.pk in swaps
        if only_need and free <= 0 and not swap:
            continue
        rows.append({"position": p, "holders": holders, "incoming": incoming, "free": free, "swap": swap})
        if len(rows) >= limit:
            break
    return rows


def gap_after_move(
    gap: int | None, *, leaving: bool = False, incoming: int = 0, counted: bool = False
) -> int | None:
    """A post's gap (holders - need) once this move is made: the origin loses the mover; the
    destination gains the requests already approved into it (`incoming`) and the mover, unless the
    mover is one of those (`counted`: the request is approved or decreed). None: no need known."""
    if gap is None:
        return None
    if leaving:
        return gap - 1
    return gap + incoming + (0 if counted else 1)


def post_gap(position: Position | None) -> dict | None:
    if position is None:
        return None
    holders, incoming = eligibility.need_counts([position.pk])[position.pk]
    required = position.required_staff
    return {
        "position": position,
        "title": position.title,
        "required": required,
        "holders": holders,
        "incoming": incoming,
        "gap": None if required is None else holders - required,
    }


def applicant_file(*, viewer: Actor, request: TransferRequest) -> dict:
    """What an approver needs: post, history, SKP predicates, eligibility now, and what the move does
    to the gaps (holders - required) of the origin and destination posts."""
    employee = (
        Employee.objects.select_related("position__agency", "position__superior")
        .prefetch_related(Prefetch("placements", queryset=PlacementHistory.objects.order_by("-start")))
        .get(pk=request.employee_id)
    )
    if not access.can_see_private(viewer, employee) and not permissions.decides_current_step(request, viewer):
        raise PermissionDenied
    today = timezone.localdate()
    policy = eligibility.policy_for(employee.position.agency.region_id if employee.position_id else None)
    years = max(policy.skp_years_required, 3)
    predicates = eligibility.predicates_many([employee.pk], list(range(today.year - years, today.year)))[
        employee.pk
    ]
    origin = post_gap(request.origin_position)
    destination = post_gap(request.destination_position)
    # What the move does: origin loses one holder, destination gains one (already counted in
    # `incoming` once the request is approved or decreed).
    counted = request.status in ("approved", "decreed")
    if origin:
        origin["gap_after"] = gap_after_move(origin["gap"], leaving=True)
    if destination:
        destination["gap_after"] = gap_after_move(
            destination["gap"], incoming=destination["incoming"], counted=counted
        )
    checklist = eligibility.check(
        employee=employee,
        destination=request.destination_position,
        kind=request.kind,
        initiated_by=request.initiated_by,
        request_id=request.pk,
        today=today,
    )
    return {
        "employee": employee,
        "placements": list(employee.placements.all()),
        "predicates": [
            {"year": y, "code": p, "label": eligibility.PREDICATE_LABELS.get(p, "-") if p else "-"}
            for y, p in sorted(predicates.items(), reverse=True)
        ],
        "checklist": checklist,
        "origin": origin,
        "destination": destination,
    }


def transfers_by_id(*, viewer: Actor, ids: list[int]) -> dict[int, TransferRequest]:
    return {t.pk: t for t in visible_transfers(viewer, _list_qs()).filter(pk__in=ids)}


def inbox_files(steps: list[ApprovalStep]) -> list[dict]:
    """The applicant's file for every inbox row in a constant number of queries: history, SKP
    predicates, the eligibility snapshot taken at submission, and the gaps of origin and destination
    before and after the move (holders - required; negative = shortage)."""
    if not steps:
        return []
    today = timezone.localdate()
    employee_ids = {s.request.employee_id for s in steps}
    placements: dict[int, list[PlacementHistory]] = {i: [] for i in employee_ids}
    for p in PlacementHistory.objects.filter(employee_id__in=employee_ids).order_by("-start"):
        placements[p.employee_id].append(p)
    years = list(range(today.year - 3, today.year))
    predicates = eligibility.predicates_many(employee_ids, years)
    post_ids = {s.request.origin_position_id for s in steps} | {
        s.request.destination_position_id for s in steps
    }
    post_ids.discard(None)
    # Both ends' posts with their unit and agency: the card names each end as post · unit · agency (a
    # plan's moves often join two posts of one title in different units).
    posts = {p.pk: p for p in Position.objects.filter(pk__in=post_ids).select_related("agency", "unit")}
    counts = eligibility.need_counts(post_ids)
    rows = []
    for step in steps:
        r = step.request

        def gap(position_id, delta):
            post = posts.get(position_id)
            if post is None:
                return None
            holders, incoming = counts[position_id]
            required = post.required_staff
            before = None if required is None else holders - required
            return {
                "title": post.title,
                "agency": post.agency.name,
                "required": required,
                "holders": holders,
                "incoming": incoming,
                "gap": before,
                "gap_after": gap_after_move(before, leaving=True)
                if delta < 0
                else gap_after_move(before, incoming=incoming, counted=False),
            }

        rows.append(
            {
                "step": step,
                "request": r,
                "placements": placements[r.employee_id][:4],
                "predicates": [
                    (
                        y,
                        eligibility.PREDICATE_LABELS.get(p, "-") if p else "-",
                        p in eligibility.GOOD_PREDICATES,
                    )
                    for y, p in sorted(predicates[r.employee_id].items(), reverse=True)
                ],
                "eligibility": (r.eligibility_snapshot or {}).get("items", []),
                "origin_post": posts.get(r.origin_position_id),
                "destination_post": posts.get(r.destination_position_id),
                "origin": gap(r.origin_position_id, -1),
                "destination": gap(r.destination_position_id, +1),
                "overdue": step.due_date is not None and step.due_date < today,
            }
        )
    return rows


def audit_rows_of_agency(agency_id: int) -> Q:
    """The audit rows about requests from or to an agency (the audit trail's agency filter)."""
    ids = (
        TransferRequest.objects.filter(Q(origin_agency_id=agency_id) | Q(destination_agency_id=agency_id))
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    return Q(target_type=ContentType.objects.get_for_model(TransferRequest), target_id__in=ids)
