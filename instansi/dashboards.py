"""Workload pages (issue 4): the agency head dashboard, the regional overview, the XLSX export.

Views validate, ask a selector (which applies core.access and reads stored results in a fixed number
of queries) and draw the charts with instansi.svg. Nothing is recomputed on page load.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from core import access
from instansi import exports, svg
from instansi import workload_selectors as selectors

CHART_POSITIONS = 12  # the posts with the largest gaps; the table below lists every post


def _run_labels(runs) -> list[str]:
    """Day/month of each run; the run number when two runs fall on one day."""
    days = [formats.date_format(r["finished_at"], "d/m") for r in runs]
    return days if len(set(days)) == len(days) else [f"#{r['id']}" for r in runs]


def _post_label(row) -> str:
    # Many posts share a title (a nurse in every puskesmas): the unit tells them apart.
    unit = row.position.unit
    return f"{row.position.title} · {unit.name}" if unit else row.position.title


def _dashboard_charts(board: selectors.AgencyDashboard) -> dict:
    charts: dict = {}
    analysed_units = [u for u in board.units if u.analysed]
    if analysed_units:
        charts["units"] = svg.paired_bars(
            [svg.PairRow(u.unit.name, u.required or 0, u.current) for u in analysed_units],
            first_label=_("Kebutuhan"),
            second_label=_("Pegawai saat ini"),
            title=_("Kebutuhan dan pegawai saat ini per unit kerja"),
        )
    analysed = sorted(
        (p for p in board.positions if p.analysed), key=lambda p: (-abs(p.gap), p.position.title)
    )[:CHART_POSITIONS]
    if analysed:
        charts["positions"] = svg.paired_bars(
            [svg.PairRow(_post_label(p), p.required or 0, p.current) for p in analysed],
            first_label=_("Kebutuhan"),
            second_label=_("Pegawai saat ini"),
            title=_("Kebutuhan dan pegawai saat ini per jabatan"),
        )
    if board.run is not None:
        items = [(f"PJ {band}", count, f"s-pj-{band.lower()}") for band, count in board.pj_counts]
        items.append((_("Kosong"), board.ej_empty, "s-pj-none"))
        charts["pj"] = svg.columns(items, title=_("Sebaran prestasi kerja jabatan (PJ)"))
    if len(board.trend) >= 2:
        charts["trend"] = svg.trend_lines(
            _run_labels([{"id": t.run_id, "finished_at": t.run.finished_at} for t in board.trend]),
            [
                ("req", _("Kebutuhan"), [t.required or 0 for t in board.trend]),
                ("cur", _("Pegawai saat ini"), [t.current for t in board.trend]),
            ],
            title=_("Tren kebutuhan dan pegawai per analisis"),
        )
    return charts


@login_required
def dashboard(request):
    """/dasbor/: the agency head's own agency."""
    return _render_dashboard(request, selectors.workload_dashboard(viewer=request.user))


@login_required
def dashboard_agency(request, agency_id: int):
    """/dasbor/opd/<id>/: any agency for region readers, the own agency for its head (403 otherwise)."""
    return _render_dashboard(request, selectors.workload_dashboard(viewer=request.user, agency_id=agency_id))


def _render_dashboard(request, board: selectors.AgencyDashboard):
    return render(
        request,
        "instansi/dashboard.html",
        {
            "board": board,
            "charts": _dashboard_charts(board),
            "reads_region": access.reads_region(request.user),
            "is_hr": access.is_hr(request.user),
        },
    )


@login_required
def overview(request):
    """/ikhtisar/: the regional overview for HR, auditor, Sekda and the regional head."""
    region = request.GET.get("wilayah")
    ov = selectors.workload_overview(
        viewer=request.user, region_id=int(region) if region and region.isdigit() else None
    )
    charts: dict = {}
    ranked = sorted(ov.agencies, key=lambda r: (-r.shortage, -r.surplus, r.agency.name))
    if ranked:
        charts["agencies"] = svg.diverging_bars(
            [
                svg.SplitRow(
                    r.agency.short_name or r.agency.name,
                    r.shortage,
                    r.surplus,
                    reverse("instansi:workload-dashboard-agency", args=[r.agency_id]),
                )
                for r in ranked
            ],
            left_label=_("Kekurangan"),
            right_label=_("Kelebihan"),
            title=_("Kekurangan dan kelebihan pegawai per perangkat daerah"),
        )
    if len(ov.trend) >= 2:
        charts["trend"] = svg.trend_lines(
            _run_labels([{"id": t["run_id"], "finished_at": t["run__finished_at"]} for t in ov.trend]),
            [
                ("req", _("Kebutuhan"), [t["required"] or 0 for t in ov.trend]),
                ("cur", _("Pegawai saat ini"), [t["current"] or 0 for t in ov.trend]),
                ("short", _("Kekurangan"), [t["shortage"] or 0 for t in ov.trend]),
            ],
            title=_("Tren daerah per analisis"),
        )
    return render(
        request,
        "instansi/overview.html",
        {"ov": ov, "ranked": ranked, "charts": charts, "is_hr": access.is_hr(request.user)},
    )


@login_required
def export_run(request, run_id: int):
    """XLSX "Form C / Form D" of a finished run; `?opd=<id>` limits it to one agency."""
    agency = request.GET.get("opd")
    run, rows = selectors.workload_export(
        viewer=request.user, run_id=run_id, agency_id=int(agency) if agency and agency.isdigit() else None
    )
    response = HttpResponse(exports.run_workbook(run=run, rows=rows), content_type=exports.CONTENT_TYPE)
    suffix = f"-opd{agency}" if agency and agency.isdigit() else ""
    response["Content-Disposition"] = f'attachment; filename="abk-{run.pk}{suffix}.xlsx"'
    return response
