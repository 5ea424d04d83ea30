"""The nine-box grid page with its drill-down, the talent card (own and by entry), starting a grid."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.paging import list_page, search_text
from talenta import charts, permissions
from talenta.selectors import grid as selectors
from talenta.services.grid import talent_grid_start
from workload.selectors import viewer_region

PAGE_SIZE = 50


def _param(request, name: str) -> int | None:
    value = request.GET.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit():
        raise Http404
    return int(value)


def _query(**params) -> str:
    kept = {k: v for k, v in params.items() if v is not None}
    return f"?{urlencode(kept)}" if kept else ""


@login_required
def grid_page(request):
    """/talenta/: the grid of the viewer's scope (region readers, the performance team, an agency head
    for their agency); anyone else has only their own card, so goes there."""
    if not permissions.may_read_grid(request.user):
        return redirect("talenta:my-card")
    grid_id, agency_id = _param(request, "grid"), _param(request, "opd")
    view = selectors.grid_view(viewer=request.user, grid_id=grid_id, agency_id=agency_id)
    chart = None
    if view.grid is not None:
        query = _query(grid=view.grid.pk, opd=view.agency.pk if view.agency else None)
        chart = charts.nine_box(
            view.values, view.counts, href=lambda box: reverse("talenta:box", args=[box]) + query
        )
    return render(
        request,
        "talenta/grid.html",
        {
            "view": view,
            "chart": chart,
            "needs_check": view.counts.get(selectors.NEEDS_CHECK, 0),
            "needs_check_url": reverse("talenta:box", args=[selectors.NEEDS_CHECK])
            + _query(grid=view.grid.pk if view.grid else None, opd=view.agency.pk if view.agency else None),
            "grids": selectors.grid_list(viewer=request.user)[:10],
            **permissions.page_flags(request.user),
        },
    )


@login_required
def box_page(request, box: int):
    """/talenta/kotak/<box>/: the names in one box (0: those needing a manual check), in the viewer's scope."""
    grid = selectors.grid_get(viewer=request.user, grid_id=_param(request, "grid"))
    if grid is None:
        raise Http404
    agency_id = _param(request, "opd")
    entries = selectors.box_entries(
        viewer=request.user, grid=grid, box=box, agency_id=agency_id, q=search_text(request.GET)
    )
    paging = list_page(request, entries, per_page=PAGE_SIZE)
    return render(
        request,
        "talenta/box.html",
        {
            "grid": grid,
            "box": box,
            "page": paging["page"],
            "pager": paging,
            "query": _query(grid=grid.pk, opd=agency_id),
            "agency_id": agency_id,
        },
    )


def _card(request, entry, *, own: bool):
    return render(
        request,
        "talenta/card.html",
        {"entry": entry, "own": own, "hints": selectors.card_hints(entry) if entry else []},
    )


@login_required
def my_card(request):
    """/talenta/saya/: the employee's own box, the data it came from and what would move them."""
    return _card(request, selectors.my_entry(viewer=request.user), own=True)


@login_required
def entry_card(request, entry_id: int):
    """/talenta/kartu/<id>/: one entry's card; 404 unless it is the viewer's own or in their scope."""
    entry = selectors.entry_get(viewer=request.user, entry_id=entry_id)
    return _card(request, entry, own=entry.employee.user_id == request.user.pk)


@login_required
@require_POST
def grid_start(request):
    """HR starts the region's grid: one background job (Celery)."""
    if not permissions.may_compute_grid(request.user):
        raise PermissionDenied
    grid = talent_grid_start(actor=request.user, region=viewer_region(viewer=request.user))
    messages.success(request, _("Kotak talenta #%(id)d sedang dihitung.") % {"id": grid.pk})
    return redirect("talenta:grid")
