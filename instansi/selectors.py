"""Reads of organisation data, with the access rules of core.access."""

from django.db.models import Prefetch

from core import access
from instansi.models import Employee, PlacementHistory


def employee_profile(*, viewer) -> Employee | None:
    me = access.employee_of(viewer)
    if me is None:
        return None
    return (
        Employee.objects.select_related("position__agency", "position__unit", "position__superior")
        .prefetch_related(Prefetch("placements", queryset=PlacementHistory.objects.order_by("-start")))
        .get(pk=me.pk)
    )
