"""Workload pages (issue 4): the agency head dashboard, the regional overview, the XLSX export.

Views validate, ask a selector (which applies workload.permissions and reads stored results in a fixed number
of queries) and draw the charts with workload.svg. Nothing is recomputed on page load.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from workload import exports, permissions, selectors, svg

# The run-dependent part of the agency dashboard is rendered once per (finished run, agency, table
# page) and kept in the Django cache (Redis in production): a finished run's results never change
# (DESIGN.md 5: dashboards read the latest run, never recompute), and a new run has a new key, so
# nothing needs invalidating. The run's finish time is in the key too, so a reused id (a test database
# rolled back) can never serve another run's figures. Searches are not cached (unbounded keys). The
# time limit only bounds how long a renamed post or unit keeps its old name on the page.
DASHBOARD_CACHE_SECONDS = 6 * 3600
# Raised when workload/_dashboard_body.html changes shape (2: its sections fold on a phone; 3: dates
# through the formatting layer), so a body
# cached before a deployment is not served after it.
DASHBOARD_CACHE_VERSION = 3


def _run_labels(runs) -> list[str]:
    """Day/month of each run; the run number when two runs fall on one day."""
    days = [formats.date_format(r["finished_at"], "d/m") for r in runs]
    return days if len(set(days)) == len(days) else [f"#{r['id']}" for r in runs]


def _post_label(row) -> str:
    # Many posts share a title (a nurse in every puskesmas): the unit tells them apart.
    unit = row.position.unit
    return f"{row.position.title} · {unit.name}" if unit else row.position.title


def _dashboard_charts(summary: selectors.DashboardSummary) -> dict:
    charts: dict = {}
    if summary.chart_units:
        charts["units"] = svg.paired_bars(
            [svg.PairRow(u.unit.name, u.required or 0, u.current) for u in summary.chart_units],
            first_label=_("Kebutuhan"),
            second_label=_("Pegawai saat ini"),
            title=_("Kebutuhan dan pegawai saat ini: unit kerja dengan selisih terbesar"),
        )
    if summary.chart_posts:
        charts["positions"] = svg.paired_bars(
            [svg.PairRow(_post_label(p), p.required or 0, p.current) for p in summary.chart_posts],
            first_label=_("Kebutuhan"),
            second_label=_("Pegawai saat ini"),
            title=_("Kebutuhan dan pegawai saat ini per jabatan"),
        )
    items = [(f"PJ {band}", count, f"s-pj-{band.lower()}") for band, count in summary.pj_counts]
    items.append((_("Kosong"), summary.ej_empty, "s-pj-none"))
    charts["pj"] = svg.columns(items, title=_("Sebaran prestasi kerja jabatan (PJ)"))
    if len(summary.trend) >= 2:
        charts["trend"] = svg.trend_lines(
            _run_labels([{"id": t.run_id, "finished_at": t.run.finished_at} for t in summary.trend]),
            [
                ("req", _("Kebutuhan"), [t.required or 0 for t in summary.trend]),
                ("cur", _("Pegawai saat ini"), [t.current for t in summary.trend]),
            ],
            title=_("Tren kebutuhan dan pegawai per analisis"),
        )
    return charts


@login_required
def dashboard(request):
    """/dasbor/: the agency head's own agency; region readers who head none go to the overview."""
    if permissions.dashboard_goes_to_overview(request.user):
        # HR, the auditor and the regional head have no agency of their own, so this address names
        # nothing for them. A redirect rather than an agency picker: the regional overview is their
        # page (their menu leads there), it ranks every agency and links each one's dashboard (once
        # a run has finished; before that no dashboard has workload figures), and a second list of
        # agencies would be one more page to keep in step with it. Sekda heads the Sekretariat
        # Daerah and keeps that agency's dashboard here, like any agency head (the overview is in
        # his menu). Everyone else gets the selector's 403. The selector asks the same two
        # questions; the answers are cached on the user, so this adds no query.
        return redirect("workload:overview")
    return _render_dashboard(request, selectors.workload_dashboard(viewer=request.user))


@login_required
def dashboard_agency(request, agency_id: int):
    """/dasbor/opd/<id>/: any agency for region readers, the own agency for its head (403 otherwise)."""
    return _render_dashboard(request, selectors.workload_dashboard(viewer=request.user, agency_id=agency_id))


TABLE_DEFAULTS = {"q": "", "group": "", "page": "1", "unit_page": "1"}


def _table_params(request) -> dict[str, str]:
    group = request.GET.get("group", "")
    return {
        "q": request.GET.get("q", "").strip()[:100],
        "group": group if group in selectors.POST_GROUPS else "",
        "page": request.GET.get("page", "1"),
        "unit_page": request.GET.get("unit_page", "1"),
    }


def _cache_key(board: selectors.AgencyDashboard, params: dict[str, str]) -> str | None:
    """None when the request should not be cached: a search, or a page number that is not a small
    whole number (keys stay bounded by the number of pages)."""
    pages = (params["page"], params["unit_page"])
    if params["q"] or not all(p.isdigit() and len(p) <= 5 for p in pages):
        return None
    run = board.run
    return (
        f"instansi:dasbor:{DASHBOARD_CACHE_VERSION}:{run.pk}:{run.finished_at.timestamp():.6f}:"
        f"{board.agency.pk}:{get_language()}:{params['group']}:{int(pages[0])}:{int(pages[1])}"
    )


def _link(params: dict[str, str], anchor: str, **change) -> str:
    """The address of this page with some table parameters changed (defaults left out)."""
    merged = {**params, **{k: str(v) for k, v in change.items()}}
    query = {k: v for k, v in merged.items() if v != TABLE_DEFAULTS[k]}
    return f"?{urlencode(query)}#{anchor}" if query else f"?#{anchor}"


def _pager(page, params: dict[str, str], name: str, anchor: str) -> dict:
    return {
        "page": page,
        "prev": _link(params, anchor, **{name: page.previous_page_number()}) if page.has_previous() else "",
        "next": _link(params, anchor, **{name: page.next_page_number()}) if page.has_next() else "",
    }


def _render_body(board: selectors.AgencyDashboard, params: dict[str, str]) -> str:
    summary = selectors.workload_dashboard_summary(board=board)
    units = selectors.workload_dashboard_units(board=board, summary=summary, page=params["unit_page"])
    posts = selectors.workload_dashboard_posts(
        board=board, summary=summary, q=params["q"], group=params["group"], page=params["page"]
    )
    return render_to_string(
        "workload/_dashboard_body.html",
        {
            "board": board,
            "summary": summary,
            "charts": _dashboard_charts(summary),
            "units": units,
            "posts": posts,
            "units_pager": _pager(units, params, "unit_page", "per-unit"),
            "posts_pager": _pager(posts, params, "page", "per-jabatan"),
            "group_links": [
                (code, label, _link(params, "per-jabatan", group=code, page=1))
                for code, label in (
                    ("", _("Semua")),
                    ("shortage", _("Kekurangan")),
                    ("surplus", _("Kelebihan")),
                    ("not_analysed", _("Belum dianalisis")),
                )
            ],
            "params": params,
            "top_posts": selectors.TOP_POSTS,
        },
    )


def _render_dashboard(request, board: selectors.AgencyDashboard):
    body = ""
    if board.run is not None:
        params = _table_params(request)
        key = _cache_key(board, params)
        body = cache.get(key) if key else None
        if body is None:
            body = _render_body(board, params)
            if key:
                cache.set(key, body, DASHBOARD_CACHE_SECONDS)
    return render(
        request,
        "workload/dashboard.html",
        {
            "board": board,
            # Our own template's output, escaped when it was rendered (from the cache or just now).
            "body": mark_safe(body),  # noqa: S308
            **permissions.page_flags(request.user),
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
                    reverse("workload:dashboard-agency", args=[r.agency_id]),
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
        "workload/overview.html",
        {"ov": ov, "ranked": ranked, "charts": charts, **permissions.page_flags(request.user)},
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
