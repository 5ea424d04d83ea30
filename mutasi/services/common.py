"""Helpers shared by the mutasi services: the request's lock, calendars, approver resolution, required
documents, the eligibility override, people to notify."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from core import access, audit
from core.exceptions import DomainError
from core.types import Actor
from instansi.models import Position
from mutasi import eligibility
from mutasi.choices import CONSENT_DOCUMENTS, DocumentKind, Stage
from mutasi.models import TransferRequest
from mutasi.permissions import post_holders as holders_of

# Stages decided by a group rather than by the holder of one post (DESIGN.md 4).
GROUP_STAGES = {Stage.HR_VERIFICATION: access.HR, Stage.PERFORMANCE_TEAM: access.PERFORMANCE_TEAM}


def add_working_days(start: dt.date, days: int) -> dt.date:
    """`days` working days after `start`, skipping Saturdays and Sundays (Policy.stage_deadlines)."""
    day = start
    remaining = max(int(days), 0)
    while remaining:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return day


# The relations a status change reads of its request (`lock`).
LOCK_RELATED = ("employee", "origin_agency", "destination_agency", "destination_position__agency")


def lock(request_id: int, *, related: tuple[str, ...] = LOCK_RELATED) -> TransferRequest:
    """The request row locked for the rest of the transaction (every status change goes through it),
    with `related` joined (a caller that needs fewer relations passes its own: each join costs the
    database a bigger plan on every call)."""
    return TransferRequest.objects.select_for_update(of=("self",)).select_related(*related).get(pk=request_id)


def region_id_of(request: TransferRequest) -> int | None:
    agency = request.destination_agency or request.origin_agency
    return agency.region_id if agency is not None else None


def resolve_stage(stage: str, request: TransferRequest) -> tuple[Position | None, str, str]:
    """(approver post, approver group, title shown on the timeline) for one stage of a request. The
    employee's own stage (issue 21) has neither post nor group: the employee answers it."""
    if stage == Stage.EMPLOYEE:
        return None, "", request.employee.full_name[:200]
    if stage in GROUP_STAGES:
        title = {
            Stage.HR_VERIFICATION: "BKPSDM (verifikator)",
            Stage.PERFORMANCE_TEAM: "Tim Penilai Kinerja",
        }[stage]
        return None, GROUP_STAGES[stage], title
    position: Position | None = None
    if stage == Stage.SUPERVISOR:
        origin = request.origin_position
        position = origin.superior if origin is not None else None
    elif stage == Stage.ORIGIN_HEAD:
        position = request.origin_agency.head_position if request.origin_agency else None
    elif stage == Stage.DESTINATION_HEAD:
        position = request.destination_agency.head_position if request.destination_agency else None
    elif stage in (Stage.SECRETARY, Stage.REGIONAL_HEAD):
        position = (
            Position.objects.filter(special_role=stage, agency__region_id=region_id_of(request))
            .order_by("pk")
            .first()
        )
    return position, "", position.title if position is not None else ""


def request_url(request: TransferRequest) -> str:
    return reverse("mutasi:detail", args=[request.pk])


def applicant_users(request: TransferRequest) -> list[Actor]:
    users = []
    employee = request.employee
    if employee.user_id:
        users.append(employee.user)
    if request.created_by_id and request.created_by_id != employee.user_id:
        users.append(request.created_by)
    return users


def head_users(request: TransferRequest) -> list[Actor]:
    users: list[Actor] = []
    for agency in (request.origin_agency, request.destination_agency):
        if agency is not None and agency.head_position_id:
            users += holders_of(agency.head_position_id)
    return users


hr_users = access.hr_users


def missing_documents(request: TransferRequest, *, include_consents: bool = False) -> list[str]:
    """Document codes the Policy requires for this kind and that are not uploaded yet.

    Consents to release/accept are given by the heads approving their stage, so by default they are
    not asked from the applicant (our reading of REGULATION.md 1.2 "Required documents").
    """
    policy = eligibility.policy_for(region_id_of(request))
    required = [
        c for c in (policy.required_documents or {}).get(request.kind, []) if c in DocumentKind.values
    ]
    if not include_consents:
        required = [c for c in required if c not in CONSENT_DOCUMENTS]
    have = set(request.attachments.values_list("kind", flat=True))
    return [c for c in required if c not in have]


def documents_error(missing: list[str]) -> DomainError:
    labels = ", ".join(str(DocumentKind(c).label) for c in missing)
    return DomainError(_("Dokumen wajib belum diunggah: %(docs)s.") % {"docs": labels}, field="attachments")


def request_checklist(request: TransferRequest, *, today: dt.date):
    """The eligibility checklist of a request as it stands (at submission and at hr_verification)."""
    return eligibility.check(
        employee=request.employee,
        destination=request.destination_position,
        kind=request.kind,
        initiated_by=request.initiated_by,
        request_id=request.pk,
        today=today,
    )


def eligibility_override(
    request: TransferRequest, checklist, *, actor: Actor, reason: str, stage: str
) -> dict:
    """Approve over failed eligibility rules (REGULATION.md 1.2, merit over intervention, DESIGN.md 4):
    HR's written reason and name are kept on the request and a flagged audit row names the failed
    rules (the exceptions report). The caller has refused the change already when no override is
    allowed. Returns the checklist snapshot to store (with the overridden codes); a passed checklist
    is stored as it is, with no audit row."""
    failed = [c.code for c in checklist.failed]
    if failed:
        request.override_reason = reason.strip()
        request.overridden_by = actor
        audit.record(
            actor=actor,
            action="transfer.override",
            target=request,
            note=request.override_reason,
            flagged=True,
            data={"stage": stage, "failed": failed},
        )
    return {**checklist.snapshot(), "overridden": failed}
