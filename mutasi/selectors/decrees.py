"""Reads of the transfer decrees (SK mutasi). Who may see one: mutasi.permissions.visible_decrees."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from core.types import Actor
from mutasi import permissions
from mutasi.models import Decree


def decree_list(*, viewer: Actor) -> QuerySet[Decree]:
    return permissions.visible_decrees(
        viewer, Decree.objects.select_related("signer", "region").order_by("-date", "-seq")
    )


def decree_get(*, viewer: Actor, pk: int) -> Decree:
    """Those concerned: HR and region readers, the employees in it, heads of origin/destination."""
    try:
        return decree_list(viewer=viewer).get(pk=pk)
    except Decree.DoesNotExist:
        raise Http404
