"""The merit evidence (issue 20 point 8): a page and its XLSX export.
Validate the query, call the selector, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from mutasi.exports import merit_evidence_xlsx
from mutasi.selectors import merit
from workload.selectors import viewer_region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request) -> dict:
    """`opd` and `tahun` from the query: whole numbers or absent (anything else is a 400); `sk` one decree
    number (text, at most as long as the field)."""
    out = {}
    for param, key in (("opd", "agency_id"), ("tahun", "year")):
        value = request.GET.get(param, "")
        if value == "":
            out[key] = None
        elif value.isdigit() and len(value) <= 9:
            out[key] = int(value)
        else:
            raise BadRequest(_("Isian %(field)s harus berupa angka.") % {"field": param})
    number = request.GET.get("sk", "").strip()
    if len(number) > 100:
        raise BadRequest(_("Nomor SK paling panjang 100 karakter."))
    out["decree_number"] = number
    return out


def _evidence(request):
    return merit.merit_evidence(
        viewer=request.user, region=viewer_region(viewer=request.user), **_filters(request)
    )


@login_required
def merit_evidence(request):
    """/mutasi/bukti-merit/: the succession plans of the key posts, the decided moves into them and the
    trace of every decree of the period."""
    evidence = _evidence(request)
    query = urlencode({k: v for k, v in request.GET.items() if k in ("opd", "tahun", "sk") and v})
    return render(request, "mutasi/merit.html", {"evidence": evidence, "query": query})


@login_required
def merit_evidence_export(request):
    evidence = _evidence(request)
    response = HttpResponse(merit_evidence_xlsx(evidence), content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="bukti-merit-talenta-{stamp}.xlsx"'
    return response
