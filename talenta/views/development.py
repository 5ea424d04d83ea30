"""Development needs from the latest grid (/talenta/pengembangan/): counts per agency and action, the
names of one action, the XLSX of them all. Validate the query, call the selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from talenta import permissions
from talenta.choices import DevelopmentAction
from talenta.selectors import development as selectors

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request) -> dict:
    """`opd` (a whole number) and `aksi` (a development action code); anything else is a 400."""
    agency = request.GET.get("opd", "")
    action = request.GET.get("aksi", "")
    if agency and not (agency.isdigit() and len(agency) <= 9):
        raise BadRequest(_("Isian opd harus berupa angka."))
    if action and action not in DevelopmentAction.values:
        raise BadRequest(_("Isian aksi tidak dikenal."))
    return {"agency_id": int(agency) if agency else None, "action": action or None}


@login_required
def development_page(request):
    filters = _filters(request)
    view = selectors.development_view(viewer=request.user, agency_id=filters["agency_id"])
    page = None
    if filters["action"] and view.grid is not None:
        _view, entries = selectors.development_entries(viewer=request.user, **filters)
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("hal"))
        for entry in page.object_list:
            entry.note = selectors.note_of(entry)
    kept = {"opd": filters["agency_id"], "aksi": filters["action"]}
    return render(
        request,
        "talenta/development.html",
        {
            "view": view,
            "actions": DevelopmentAction.choices,
            "action": filters["action"],
            "action_label": DevelopmentAction(filters["action"]).label if filters["action"] else "",
            "page": page,
            "query": urlencode({k: v for k, v in kept.items() if v is not None}),
            **permissions.page_flags(request.user),
        },
    )


@login_required
def development_export(request):
    content = selectors.development_xlsx(viewer=request.user, **_filters(request))
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="kebutuhan-pengembangan-{stamp}.xlsx"'
    return response
