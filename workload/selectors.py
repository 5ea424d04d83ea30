"""Reads of workload analysis results (ABK), with the access rules of workload.permissions (who sees
which agency, who sees the regional overview).

Pages read stored results of the latest FINISHED run and never recompute. Every read here costs a
fixed number of queries, whatever the number of employees (pinned in tests).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Abs
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access
from core.filter_sets import filtered
from core.types import Actor
from instansi.models import Agency, Policy, Region
from workload import permissions
from workload.models import WorkloadLevel, WorkloadResult, WorkloadRun, WorkloadRunStatus, WorkloadTask

TREND_RUNS = 10
PJ_BANDS = ("A", "B", "C", "D", "E")


# --- Region ---------------------------------------------------------------------------------------


def viewer_region(*, viewer: Actor, region_id: int | None = None) -> Region:
    """The region a page is about: the one asked for, else the viewer's own, else the only one."""
    if region_id is not None:
        region = Region.objects.filter(pk=region_id).first()
        if region is None:
            raise Http404
        return region
    me = access.employee_of(viewer)
    if me is not None and me.position_id is not None:
        return Region.objects.get(agency__pk=me.position.agency_id)
    region = Region.objects.order_by("pk").first()
    if region is None:
        raise Http404
    return region


# --- Runs -------------------------------------------------------------------------------------------


def latest_finished_run(*, region_id: int) -> WorkloadRun | None:
    return (
        WorkloadRun.objects.filter(region_id=region_id, status=WorkloadRunStatus.FINISHED)
        .order_by("-pk")
        .first()
    )


def is_stale(run: WorkloadRun | None, policy: Policy | None, now: dt.datetime | None = None) -> bool:
    """True when the last finished run is older than the schedule (Policy.workload_schedule_hours)."""
    if run is None or run.finished_at is None:
        return True
    hours = policy.workload_schedule_hours if policy else 24
    return (now or timezone.now()) - run.finished_at > dt.timedelta(hours=hours)


def workload_run_list(*, viewer: Actor) -> QuerySet[WorkloadRun]:
    """Runs are region-level bookkeeping: region readers and agency heads may list them."""
    permissions.require_reader(viewer)
    return WorkloadRun.objects.select_related("region", "triggered_by").order_by("-pk")


def workload_run_get(*, viewer: Actor, run_id: int) -> WorkloadRun:
    run = workload_run_list(viewer=viewer).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


# --- API lists ----------------------------------------------------------------------------------------


def workload_task_list(*, viewer: Actor, filters: dict | None = None) -> QuerySet[WorkloadTask]:
    from workload.filters import WorkloadTaskFilter

    allowed = permissions.visible_agency_ids(viewer)
    qs = WorkloadTask.objects.select_related("position__agency").order_by("position_id", "pk")
    if allowed is not None:
        qs = qs.filter(position__agency_id__in=allowed)
    return filtered(WorkloadTaskFilter, filters or {}, qs)


def workload_result_list(*, viewer: Actor, filters: dict | None = None) -> QuerySet[WorkloadResult]:
    """Results of the latest finished run of the viewer's region, or of `?run=`; filtered."""
    from workload.filters import WorkloadResultFilter

    filters = filters if filters is not None else {}
    allowed = permissions.visible_agency_ids(viewer)
    run_id = filters.get("run")  # not a FilterSet field: it picks the run, the filters pick rows
    qs = WorkloadResult.objects.select_related("run", "agency", "unit", "position")
    if run_id not in (None, ""):
        try:
            run = WorkloadRun.objects.filter(pk=int(run_id)).first()
        except (TypeError, ValueError):
            from core.exceptions import DomainError

            raise DomainError(_("Nomor analisis tidak valid."), field="run") from None
        if run is None:
            raise Http404
    else:
        run = latest_finished_run(region_id=viewer_region(viewer=viewer).pk)
        if run is None:
            return filtered(WorkloadResultFilter, filters, qs.none())  # bad parameters still a 400
    qs = qs.filter(run=run)
    if allowed is not None:
        qs = qs.filter(agency_id__in=allowed)
    return filtered(WorkloadResultFilter, filters, qs).order_by(
        "agency_id", "level", "unit_id", "position_id", "pk"
    )


# --- Agency dashboard --------------------------------------------------------------------------------

# What an agency head reads (DESIGN.md 5) is the picture, not every post: Dinas Kesehatan has 4,537 posts
# in 759 units at 100,000 employees, which as one table was 3.2 MB of HTML and 1.3 s per request.
# So the page shows the top shortages and surpluses, per-unit totals and a searchable, paginated
# per-post table; the XLSX export (Form C / Form D) keeps the full list.
TOP_POSTS = 15  # shortage and surplus lists
CHART_UNITS = 15  # units with the largest gaps in the chart
POSTS_PER_PAGE = 50
UNITS_PER_PAGE = 25
POST_GROUPS = ("shortage", "surplus", "not_analysed")


@dataclass
class AgencyDashboard:
    """Who and what the page is about: cheap, read on every request (access, run, staleness)."""

    agency: Agency
    policy: Policy | None
    run: WorkloadRun | None
    stale: bool


@dataclass
class DashboardSummary:
    """The figures of one (finished run, agency): they never change once the run is finished, so the
    page may cache them keyed on the run (workload.dashboards)."""

    agency_row: WorkloadResult | None = None
    chart_units: list[WorkloadResult] = field(default_factory=list)
    chart_posts: list[WorkloadResult] = field(default_factory=list)
    shortages: list[WorkloadResult] = field(default_factory=list)
    surpluses: list[WorkloadResult] = field(default_factory=list)
    shortage_posts: int = 0
    surplus_posts: int = 0
    not_analysed_posts: int = 0
    post_count: int = 0
    unit_count: int = 0
    pj_counts: list[tuple[str, int]] = field(default_factory=list)
    ej_empty: int = 0
    trend: list[WorkloadResult] = field(default_factory=list)


def workload_dashboard(*, viewer: Actor, agency_id: int | None = None) -> AgencyDashboard:
    """The agency head dashboard: own agency by default; region readers may open any agency.

    Queries: the agency with its region policy and the latest finished run (plus the viewer's roles).
    The figures come from `workload_dashboard_summary` and the two `*_page` selectors.
    """
    if agency_id is None:
        agency_id = permissions.default_dashboard_agency(viewer)
    permissions.require_agency_visible(viewer, agency_id)
    agency = Agency.objects.select_related("region__policy").filter(pk=agency_id).first()
    if agency is None:
        raise Http404
    policy = getattr(agency.region, "policy", None)
    run = latest_finished_run(region_id=agency.region_id)
    return AgencyDashboard(agency=agency, policy=policy, run=run, stale=is_stale(run, policy))


def _agency_rows(board: AgencyDashboard) -> QuerySet[WorkloadResult]:
    # Served by the (run, level, agency) index whatever the level filter that follows.
    return WorkloadResult.objects.filter(run=board.run, agency_id=board.agency.pk)


def workload_dashboard_summary(*, board: AgencyDashboard) -> DashboardSummary:
    """Per-agency figures of the board's run; five queries at any size: the counts and PJ
    distribution (one aggregate), the units with the largest gaps, the top shortage posts, the top
    surplus posts, the agency rows of the last runs (trend, ending with this run's)."""
    summary = DashboardSummary()
    if board.run is None:
        return summary
    posts = _agency_rows(board).filter(level=WorkloadLevel.POSITION)
    analysed = Q(analysed=True)
    counts = _agency_rows(board).aggregate(
        post_count=Count("pk", filter=Q(level=WorkloadLevel.POSITION)),
        unit_count=Count("pk", filter=Q(level=WorkloadLevel.UNIT)),
        shortage_posts=Count("pk", filter=Q(level=WorkloadLevel.POSITION, gap__lt=0) & analysed),
        surplus_posts=Count("pk", filter=Q(level=WorkloadLevel.POSITION, gap__gt=0) & analysed),
        not_analysed_posts=Count("pk", filter=Q(level=WorkloadLevel.POSITION, analysed=False)),
        ej_empty=Count("pk", filter=Q(level=WorkloadLevel.POSITION, ej__isnull=True) & analysed),
        **{
            f"pj_{band}": Count("pk", filter=Q(level=WorkloadLevel.POSITION, pj=band) & analysed)
            for band in PJ_BANDS
        },
    )
    for name in ("post_count", "unit_count", "shortage_posts", "surplus_posts", "not_analysed_posts"):
        setattr(summary, name, counts[name])
    summary.ej_empty = counts["ej_empty"]
    summary.pj_counts = [(band, counts[f"pj_{band}"]) for band in PJ_BANDS]
    # Largest gaps first, shortage or surplus: what most needs the head's attention.
    summary.chart_units = list(
        _agency_rows(board)
        .filter(level=WorkloadLevel.UNIT, analysed=True)
        .exclude(gap=0)
        .select_related("unit")
        .order_by(Abs("gap").desc(), "unit__name", "pk")[:CHART_UNITS]
    )
    summary.shortages = list(
        posts.filter(analysed=True, gap__lt=0)
        .select_related("position__unit")
        .order_by("gap", "position__title", "pk")[:TOP_POSTS]
    )
    summary.surpluses = list(
        posts.filter(analysed=True, gap__gt=0)
        .select_related("position__unit")
        .order_by("-gap", "position__title", "pk")[:TOP_POSTS]
    )
    # The chart of posts: the largest gaps of both lists (REGULATION.md 2: gap = current - required).
    summary.chart_posts = sorted(
        summary.shortages + summary.surpluses, key=lambda r: (-abs(r.gap), r.position.title)
    )[:TOP_POSTS]
    summary.trend = list(
        WorkloadResult.objects.filter(
            agency_id=board.agency.pk,
            level=WorkloadLevel.AGENCY,
            run__region_id=board.agency.region_id,
            run__status=WorkloadRunStatus.FINISHED,
            run_id__lte=board.run.pk,
        )
        .select_related("run")
        .order_by("-run_id")[:TREND_RUNS]
    )[::-1]
    if summary.trend and summary.trend[-1].run_id == board.run.pk:
        summary.agency_row = summary.trend[-1]  # this run's agency row is the trend's last point
    return summary


def _page(qs: QuerySet, per_page: int, page, count: int | None) -> Page:
    paginator = Paginator(qs, per_page)
    if count is not None:
        paginator.count = count  # known from the summary's aggregate: no COUNT query
    return paginator.get_page(page)


def workload_dashboard_units(
    *, board: AgencyDashboard, summary: DashboardSummary, page: int | str | None = 1
) -> Page:
    """One page of the per-unit totals, in unit code order: one query (the count is the summary's)."""
    qs = _agency_rows(board).filter(level=WorkloadLevel.UNIT).select_related("unit")
    if board.run is None:
        qs = qs.none()
    return _page(qs.order_by("unit__code", "unit_id", "pk"), UNITS_PER_PAGE, page, summary.unit_count)


def workload_dashboard_posts(
    *,
    board: AgencyDashboard,
    summary: DashboardSummary,
    q: str = "",
    group: str = "",
    page: int | str | None = 1,
) -> Page:
    """One page of the per-post table (unit code, post code order), optionally searched (post title
    or unit name) and limited to one of POST_GROUPS: one query, two with a search (its count)."""
    qs = _agency_rows(board).filter(level=WorkloadLevel.POSITION).select_related("position__unit")
    if board.run is None:
        qs = qs.none()
    count = {
        "": summary.post_count,
        "shortage": summary.shortage_posts,
        "surplus": summary.surplus_posts,
        "not_analysed": summary.not_analysed_posts,
    }.get(group, summary.post_count)
    if group == "shortage":
        qs = qs.filter(analysed=True, gap__lt=0)
    elif group == "surplus":
        qs = qs.filter(analysed=True, gap__gt=0)
    elif group == "not_analysed":
        qs = qs.filter(analysed=False)
    q = q.strip()
    if q:
        qs = qs.filter(Q(position__title__icontains=q) | Q(position__unit__name__icontains=q))
        count = None
    ordered = qs.order_by("position__unit__code", "position__code", "pk")
    return _page(ordered, POSTS_PER_PAGE, page, count)


# --- Regional overview -------------------------------------------------------------------------------


@dataclass
class RegionTotals:
    required: int = 0
    current: int = 0
    gap: int = 0
    shortage: int = 0
    surplus: int = 0
    not_analysed: int = 0
    workload_hours: float = 0.0


@dataclass
class RegionOverview:
    region: Region
    policy: Policy | None
    run: WorkloadRun | None
    stale: bool
    agencies: list[WorkloadResult] = field(default_factory=list)
    by_shortage: list[WorkloadResult] = field(default_factory=list)
    by_surplus: list[WorkloadResult] = field(default_factory=list)
    totals: RegionTotals = field(default_factory=RegionTotals)
    trend: list[dict] = field(default_factory=list)


def workload_overview(*, viewer: Actor, region_id: int | None = None) -> RegionOverview:
    """The regional overview (HR, auditor, Sekda, regional head): agencies ranked by shortage and by
    surplus, region totals, trend. Queries: region with policy, latest run, agency rows, trend: four.
    """
    permissions.require_overview(viewer)
    region = viewer_region(viewer=viewer, region_id=region_id)
    policy = Policy.objects.filter(region=region).first()
    run = latest_finished_run(region_id=region.pk)
    overview = RegionOverview(region=region, policy=policy, run=run, stale=is_stale(run, policy))
    if run is None:
        return overview
    overview.agencies = list(
        WorkloadResult.objects.filter(run=run, level=WorkloadLevel.AGENCY)
        .select_related("agency")
        .order_by("agency__name")
    )
    overview.by_shortage = sorted(
        (r for r in overview.agencies if r.shortage > 0), key=lambda r: (-r.shortage, r.agency.name)
    )
    overview.by_surplus = sorted(
        (r for r in overview.agencies if r.surplus > 0), key=lambda r: (-r.surplus, r.agency.name)
    )
    t = overview.totals
    for r in overview.agencies:
        t.required += r.required or 0
        t.current += r.current
        t.gap += r.gap or 0
        t.shortage += r.shortage
        t.surplus += r.surplus
        t.not_analysed += r.not_analysed
        t.workload_hours += float(r.workload_hours)
    overview.trend = list(
        WorkloadResult.objects.filter(
            level=WorkloadLevel.AGENCY,
            run__region_id=region.pk,
            run__status=WorkloadRunStatus.FINISHED,
            run_id__in=WorkloadRun.objects.filter(region_id=region.pk, status=WorkloadRunStatus.FINISHED)
            .order_by("-pk")
            .values("pk")[:TREND_RUNS],
        )
        .values("run_id", "run__finished_at")
        .annotate(
            required=Sum("required"),
            current=Sum("current"),
            shortage=Sum("shortage"),
            surplus=Sum("surplus"),
            agencies=Count("pk", filter=Q(analysed=True)),
        )
        .order_by("run_id")
    )
    return overview


def agency_rows_of_latest_run(*, viewer: Actor, region_id: int | None = None) -> QuerySet[WorkloadResult]:
    """`workload/agencies/`: the agency-level rows of the latest finished run the viewer may see."""
    allowed = permissions.visible_agency_ids(viewer)
    region = viewer_region(viewer=viewer, region_id=region_id)
    run = latest_finished_run(region_id=region.pk)
    qs = WorkloadResult.objects.select_related("run", "agency").filter(level=WorkloadLevel.AGENCY)
    if run is None:
        return qs.none()
    qs = qs.filter(run=run)
    if allowed is not None:
        qs = qs.filter(agency_id__in=allowed)
    return qs.order_by("-shortage", "agency__name")


# --- Export (Form C / Form D) -------------------------------------------------------------------------


def workload_export(
    *, viewer: Actor, run_id: int, agency_id: int | None = None
) -> tuple[WorkloadRun, QuerySet]:
    """A finished run's rows for the XLSX export. An agency head gets their own agency only."""
    allowed = permissions.visible_agency_ids(viewer)
    run = WorkloadRun.objects.select_related("region").filter(pk=run_id).first()
    if run is None or run.status != WorkloadRunStatus.FINISHED:
        raise Http404
    qs = WorkloadResult.objects.filter(run=run).select_related("agency", "unit", "position__unit")
    if agency_id is not None:
        permissions.require_agency_visible(viewer, agency_id)
        qs = qs.filter(agency_id=agency_id)
    elif allowed is not None:
        qs = qs.filter(agency_id__in=allowed)
    return run, qs.order_by("agency__name", "agency_id", "level", "unit__code", "position__code", "pk")
