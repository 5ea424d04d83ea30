"""Reads of the delegations (Plt/Plh): the ones the viewer may see and the posts they may name an
acting official for. Who may see or do what: mutasi.permissions."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from core import access
from core.paging import text_search
from core.types import Actor
from instansi.models import Position
from mutasi import permissions
from mutasi.models import Delegation


def delegation_list(*, viewer: Actor, q: str = "") -> QuerySet[Delegation]:
    """The Plt/Plh the viewer may see, newest first; `q` searches the post, its agency and the acting
    person (account name, name or the start of the NIP)."""
    qs = (
        Delegation.objects.select_related("position__agency", "delegate", "created_by")
        .annotate(active_today=Exists(Delegation.objects.active_on().filter(pk=OuterRef("pk"))))
        .order_by("-start", "-id")
    )
    return text_search(
        permissions.visible_delegations(viewer, qs),
        q,
        fields=(
            "position__title",
            "position__agency__name",
            "delegate__username",
            "delegate__employee__name",
        ),
        nip_fields=("delegate__employee__nip",),
    )


def delegation_get(*, viewer: Actor, pk: int) -> Delegation:
    try:
        return delegation_list(viewer=viewer).get(pk=pk)
    except Delegation.DoesNotExist:
        raise Http404


def delegable_positions(*, viewer: Actor):
    """Posts the viewer may name a Plt/Plh for: any head or approver post for HR, else their own post
    when it decides a stage (mutasi.permissions.may_delegate)."""

    if access.is_hr(viewer):
        return (
            Position.objects.filter(
                Q(is_head=True)
                | Q(special_role__in=["secretary", "regional_head"])
                | Q(pk__in=Position.objects.filter(superior__isnull=False).values("superior_id"))
            )
            .select_related("agency")
            .order_by("agency__name", "title")
        )
    me = access.employee_of(viewer)
    if me is None or me.position is None or not permissions.may_delegate(viewer, me.position):
        return Position.objects.none()
    return Position.objects.filter(pk=me.position_id).select_related("agency")
