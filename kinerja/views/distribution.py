"""Pages open to readers of results: the appraisal criteria and the predicate distribution of an
agency."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from kinerja import charts, permissions, selectors
from kinerja.choices import Predicate


@login_required
def criteria(request):
    """Kriteria penilaian: open to every signed-in user (transparency, issue 3 point 5)."""
    return render(request, "kinerja/criteria.html", selectors.criteria(viewer=request.user))


@login_required
def distribution(request):
    """Predicate distribution of an agency (its head; HR and region readers may pick any agency)."""
    agency = request.GET.get("opd")
    period = request.GET.get("periode")
    agency_id = int(agency) if agency and agency.isdigit() else None
    period_id = int(period) if period and period.isdigit() else None
    if agency_id is None and permissions.must_choose_distribution_agency(request.user):
        # HR, the auditor and the regional head read every agency and head none: with none chosen
        # they get the list to choose from, not a refusal. Sekda heads the Sekretariat Daerah and,
        # like any agency head, starts on his own agency (the page's agency selector offers the
        # others), as on /dasbor/ and in the distribution API.
        return render(
            request,
            "kinerja/distribution_agencies.html",
            {"agencies": selectors.distribution_agencies(viewer=request.user), "period_id": period_id},
        )
    data = selectors.agency_distribution(viewer=request.user, agency_id=agency_id, period_id=period_id)
    data["chart"] = charts.predicate_bars(data["counts"])
    data["agencies"] = (
        selectors.distribution_agencies(viewer=request.user)
        if permissions.may_pick_distribution_agency(request.user)
        else []
    )
    data["predicate_labels"] = [Predicate(p).label for p in data["counts"]]
    return render(request, "kinerja/distribution.html", data)
