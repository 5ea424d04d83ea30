"""Reads of the nine-box grid and the talent card (issue 20 points 3, 5 and 9), each through
talenta.permissions: a fixed number of queries per page whatever the region's size (the counts are read
from TalentGridCount, written with the grid)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _

from core import access
from core.paging import text_search
from core.types import Actor
from instansi.models import Agency, Region
from talenta import permissions, rules
from talenta.choices import GridStatus, PerformanceBand, PotentialBand, PotentialState
from talenta.models import TalentGrid, TalentGridCount, TalentGridEntry
from workload.selectors import viewer_region

NEEDS_CHECK = 0  # the drill-down's "box" for entries without one


def latest_grid(*, region_id: int) -> TalentGrid | None:
    return TalentGrid.objects.filter(region_id=region_id, status=GridStatus.FINISHED).order_by("-pk").first()


def grid_list(*, viewer: Actor) -> QuerySet[TalentGrid]:
    """The grids of the viewer's region, newest first (grid readers)."""
    permissions.require_grid_reader(viewer)
    region = viewer_region(viewer=viewer)
    return TalentGrid.objects.filter(region=region).select_related("created_by").order_by("-pk")


def grid_get(*, viewer: Actor, grid_id: int | None = None) -> TalentGrid | None:
    """One grid of the viewer's region (404 if it is not there), or the latest finished one (None)."""
    permissions.require_grid_reader(viewer)
    region = viewer_region(viewer=viewer)
    if grid_id is None:
        return latest_grid(region_id=region.pk)
    grid = TalentGrid.objects.filter(pk=grid_id, region=region).first()
    if grid is None:
        raise Http404
    return grid


def scope_agency(*, viewer: Actor, agency_id: int | None) -> int | None:
    """The agency a grid view is limited to: the one asked for (404 unknown, 403 outside the viewer's
    scope), else the agency head's own, else None (the whole region)."""
    allowed = permissions.grid_agency_ids(viewer)
    if agency_id is not None:
        if not Agency.objects.filter(pk=agency_id).exists():
            raise Http404
        access.require(allowed is None or agency_id in allowed)
        return agency_id
    if allowed is not None:
        return min(allowed)
    return None


@dataclass
class GridView:
    region: Region
    grid: TalentGrid | None
    agency: Agency | None
    agencies: list[Agency]
    counts: dict[int, int] = field(default_factory=dict)  # box -> employees; NEEDS_CHECK for no box
    values: rules.RubricValues | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def grid_view(*, viewer: Actor, grid_id: int | None = None, agency_id: int | None = None) -> GridView:
    """The grid page: counts per box in the viewer's scope (TalentGridCount, a few hundred rows whatever
    the region's size). Queries: region, grid, agencies, counts."""
    grid = grid_get(viewer=viewer, grid_id=grid_id)
    region = viewer_region(viewer=viewer)
    agency_id = scope_agency(viewer=viewer, agency_id=agency_id)
    allowed = permissions.grid_agency_ids(viewer)
    agencies = Agency.objects.filter(region=region).order_by("name")
    if allowed is not None:
        agencies = agencies.filter(pk__in=allowed)
    agencies = list(agencies.only("id", "name", "short_name"))
    view = GridView(
        region=region,
        grid=grid,
        agency=next((a for a in agencies if a.pk == agency_id), None),
        agencies=agencies,
    )
    if grid is None:
        return view
    view.values = grid.values
    qs = TalentGridCount.objects.filter(grid=grid)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    for box, n in qs.values_list("box").annotate(n=Sum("employees")).order_by():
        view.counts[NEEDS_CHECK if box is None else box] = n
    return view


def box_entries(
    *, viewer: Actor, grid: TalentGrid, box: int, agency_id: int | None = None, q: str = ""
) -> QuerySet[TalentGridEntry]:
    """Drill-down: the employees of one box (NEEDS_CHECK: those without a box) in the viewer's scope;
    `q` searches their name, the start of their NIP and their post."""
    if box != NEEDS_CHECK and box not in range(1, 10):
        raise Http404
    agency_id = scope_agency(viewer=viewer, agency_id=agency_id)
    qs = TalentGridEntry.objects.filter(grid=grid)
    qs = qs.filter(box__isnull=True) if box == NEEDS_CHECK else qs.filter(box=box)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    qs = text_search(qs, q, fields=("employee__name", "position__title"), nip_fields=("employee__nip",))
    return qs.select_related("employee", "position", "agency").order_by("employee__name", "employee__nip")


def entry_get(*, viewer: Actor, entry_id: int) -> TalentGridEntry:
    """One entry: the employee's own, or one in the viewer's scope; 404 otherwise (an employee learns
    nothing about another's box, not even that it exists)."""
    entry = (
        TalentGridEntry.objects.select_related("grid", "employee", "position", "agency", "assessment")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None or not permissions.may_see_entry(
        viewer, employee_id=entry.employee_id, agency_id=entry.agency_id
    ):
        raise Http404
    return entry


def my_entry(*, viewer: Actor) -> TalentGridEntry | None:
    """The viewer's own entry in the latest finished grid of their region (None: not in it yet);
    404 for an account without an employee record."""
    me = access.employee_of(viewer)
    if me is None or me.position_id is None:
        raise Http404
    grid = latest_grid(region_id=viewer_region(viewer=viewer).pk)
    if grid is None:
        return None
    return (
        TalentGridEntry.objects.select_related("grid", "employee", "position", "agency", "assessment")
        .filter(grid=grid, employee_id=me.pk)
        .first()
    )


def _date(value: dt.date) -> str:
    return formats.date_format(value, "j F Y")


def _num(value) -> str:
    return formats.number_format(value, 2, use_l10n=True)


def card_hints(entry: TalentGridEntry) -> list[str]:
    """What the box came from and what would move the employee, in the grid's own rubric (REGULATION.md
    5: missing data is named, never guessed)."""
    snap = entry.grid.rubric
    hints = []
    if entry.performance_band is None:
        years = ", ".join(str(y) for y in entry.grid.skp_years)
        hints.append(
            _("SKP final tahun %(years)s belum lengkap: kinerja perlu diperiksa manual.") % {"years": years}
        )
    elif entry.performance_band != PerformanceBand.ABOVE:
        key = (
            "performance_above_from"
            if entry.performance_band == PerformanceBand.MEETS
            else "performance_meets_from"
        )
        target = (
            PerformanceBand.ABOVE
            if entry.performance_band == PerformanceBand.MEETS
            else PerformanceBand.MEETS
        )
        hints.append(
            _(
                "Kinerja %(band)s mulai skor %(thr)s (rata-rata poin predikat SKP dua tahun); skor Anda %(score)s."
            )
            % {"band": target.label.lower(), "thr": _num(snap[key]), "score": _num(entry.performance_score)}
        )
    if entry.potential_state == PotentialState.MISSING:
        hints.append(
            _("Belum ada penilaian kompetensi yang berlaku: ikuti uji kompetensi atau assessment center.")
        )
    elif entry.potential_state == PotentialState.EXPIRED:
        hints.append(
            _("Penilaian kompetensi berlaku sampai %(date)s dan sudah kedaluwarsa: ikuti penilaian ulang.")
            % {"date": _date(entry.assessment_valid_until)}
        )
    else:
        hints.append(
            _("Penilaian kompetensi berlaku sampai %(date)s.") % {"date": _date(entry.assessment_valid_until)}
        )
        if entry.potential_band != PotentialBand.HIGH:
            key = (
                "potential_high_from"
                if entry.potential_band == PotentialBand.MIDDLE
                else "potential_middle_from"
            )
            target = (
                PotentialBand.HIGH if entry.potential_band == PotentialBand.MIDDLE else PotentialBand.MIDDLE
            )
            hints.append(
                _("Potensi %(band)s mulai skor %(thr)s; skor Anda %(score)s.")
                % {"band": target.label.lower(), "thr": _num(snap[key]), "score": _num(entry.potential_score)}
            )
    if entry.box is not None:
        hints.append(_("Tindak lanjut: %(action)s") % {"action": rules.FOLLOW_UP.get(entry.box, "")})
    return hints
