"""Helpers shared by the mutasi services: calendars, approver resolution, people to notify."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core import access
from instansi.models import Position
from mutasi.choices import Stage
from mutasi.models import ApprovalStep, Delegation, TransferRequest

User = get_user_model()

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


def region_id_of(request: TransferRequest) -> int | None:
    agency = request.destination_agency or request.origin_agency
    return agency.region_id if agency is not None else None


def holders_of(position_id: int | None) -> list[User]:
    if position_id is None:
        return []
    return list(
        User.objects.filter(employee__position_id=position_id, employee__is_active=True, is_active=True)
    )


ACTS_FOR_TODAY = "acts_for_today"


def acts_for_today_sql() -> tuple[str, Callable[[], list]]:
    """A viewer flag (core.access): the user row `u` holds a delegation valid today (SQL, parameters)."""
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


def may_act_for_others(user, on: dt.date | None = None) -> bool:
    """False when the user surely holds no delegation on `on`: known from the viewer flag (loaded
    with the roles) for today; for another day, or without the flag, the caller must query."""
    if on is not None and on != timezone.localdate():
        return True
    return access.viewer_flag(user, ACTS_FOR_TODAY) is not False


def active_delegations(*, user=None, position_id: int | None = None, on: dt.date | None = None):
    on = on or timezone.localdate()
    qs = Delegation.objects.filter(start__lte=on, end__gte=on, revoked_at__isnull=True)
    if user is not None:
        qs = qs.filter(delegate=user)
    if position_id is not None:
        qs = qs.filter(position_id=position_id)
    return qs


def step_approvers(step: ApprovalStep, *, on: dt.date | None = None) -> list[User]:
    """Everyone who may decide the step today: the post's holders and delegates, or the group."""
    if step.approver_group:
        return list(User.objects.filter(is_active=True, groups__name=step.approver_group).distinct())
    users = holders_of(step.approver_position_id)
    users += [
        d.delegate
        for d in active_delegations(position_id=step.approver_position_id, on=on).select_related("delegate")
    ]
    return users


def resolve_stage(stage: str, request: TransferRequest) -> tuple[Position | None, str, str]:
    """(approver post, approver group, title shown on the timeline) for one stage of a request."""
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


def decision_right(user, step: ApprovalStep, *, on: dt.date | None = None) -> tuple[bool, User | None]:
    """May `user` decide `step`? Returns (allowed, on_behalf_of).

    Only the resolved approver, their delegate within the delegation's dates, or, for group stages,
    a member of the group (HR for hr_verification) may act (DESIGN.md 4).
    """
    if user is None or not user.is_authenticated:
        return False, None
    if step.approver_group:
        return access.has_role(user, step.approver_group), None
    if step.approver_position_id is None:
        return False, None
    me = access.employee_of(user)
    if me is not None and me.is_active and me.position_id == step.approver_position_id:
        return True, None
    if (
        may_act_for_others(user, on)
        and active_delegations(user=user, position_id=step.approver_position_id, on=on).exists()
    ):
        holder = holders_of(step.approver_position_id)
        return True, holder[0] if holder else None
    return False, None


def request_url(request: TransferRequest) -> str:
    return reverse("mutasi:detail", args=[request.pk])


def applicant_users(request: TransferRequest) -> list[User]:
    users = []
    employee = request.employee
    if employee.user_id:
        users.append(employee.user)
    if request.created_by_id and request.created_by_id != employee.user_id:
        users.append(request.created_by)
    return users


def head_users(request: TransferRequest) -> list[User]:
    users: list[User] = []
    for agency in (request.origin_agency, request.destination_agency):
        if agency is not None and agency.head_position_id:
            users += holders_of(agency.head_position_id)
    return users


hr_users = access.hr_users
