"""Development needs from the latest grid (issue 20 point 7): each employee's development action
(`rules.development_action`: coaching, training, rotation, promotion readiness, or the assessment or SKP
still missing), counted per agency and listed by name, for the training plans an agency and BKPSDM make
beside the training needs named after transfers (mutasi's post-transfer evaluations).

Who reads it is `permissions.development_agency_ids` (the grid's readers: HR and the region, an agency
head their own agency). The counts are one aggregate over the grid's entries; the lists a fixed number of
queries per page; the XLSX streams."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.formatting import date_long, number
from core.types import Actor
from core.xlsx import header_row, safe_row
from instansi.models import Agency, Region
from talenta import permissions, rules
from talenta.choices import DevelopmentAction, PotentialState
from talenta.models import TalentGrid, TalentGridEntry
from talenta.selectors.grid import latest_grid, scope_agency
from workload.selectors import viewer_region


@dataclass
class AgencyNeeds:
    agency: Agency
    counts: dict[str, int] = field(default_factory=dict)  # action -> employees

    def cells(self) -> list[tuple[str, str, int]]:
        """(action, its label, employees) in the order of DevelopmentAction."""
        return [(code, label, self.counts.get(code, 0)) for code, label in DevelopmentAction.choices]


@dataclass
class DevelopmentView:
    region: Region
    grid: TalentGrid | None
    agency_id: int | None
    agencies: list[Agency]
    rows: list[AgencyNeeds] = field(default_factory=list)

    @property
    def totals(self) -> list[tuple[str, int]]:
        return [
            (label, sum(r.counts.get(code, 0) for r in self.rows))
            for code, label in DevelopmentAction.choices
        ]


def action_filter(action: str) -> Q:
    """The entries whose development action is `action`, in SQL (the same reading as
    `rules.development_action`)."""
    if action == DevelopmentAction.ASSESSMENT:
        return Q(box__isnull=True) & ~Q(potential_state=PotentialState.VALID)
    if action == DevelopmentAction.SKP:
        return Q(box__isnull=True, potential_state=PotentialState.VALID)
    cells = [cell for cell, a in rules.DEVELOPMENT_BY_CELL.items() if a == action]
    q = Q(pk__in=[])
    for performance, potential in cells:
        q |= Q(performance_band=performance, potential_band=potential)
    return q


def _scoped_entries(*, viewer: Actor, agency_id: int | None) -> tuple[DevelopmentView, QuerySet]:
    allowed = permissions.development_agency_ids(viewer)
    region = viewer_region(viewer=viewer)
    agency_id = scope_agency(viewer=viewer, agency_id=agency_id)
    agencies = Agency.objects.filter(region=region).order_by("name").only("id", "name", "short_name")
    if allowed is not None:
        agencies = agencies.filter(pk__in=allowed)
    view = DevelopmentView(
        region=region, grid=latest_grid(region_id=region.pk), agency_id=agency_id, agencies=list(agencies)
    )
    qs = TalentGridEntry.objects.filter(grid=view.grid)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    elif allowed is not None:
        qs = qs.filter(agency_id__in=allowed)
    return view, qs


def development_view(*, viewer: Actor, agency_id: int | None = None) -> DevelopmentView:
    """Employees per agency and development action in the latest grid, in the viewer's scope. Queries:
    region, grid, agencies, one aggregate."""
    view, qs = _scoped_entries(viewer=viewer, agency_id=agency_id)
    if view.grid is None:
        return view
    by_agency = {a.pk: AgencyNeeds(agency=a) for a in view.agencies}
    rows = qs.values("agency_id", "performance_band", "potential_band", "potential_state").annotate(
        n=Count("pk")
    )
    for row in rows.order_by():
        needs = by_agency.get(row["agency_id"])
        if needs is None:
            continue
        action = rules.development_action(
            row["performance_band"], row["potential_band"], row["potential_state"]
        )
        needs.counts[action] = needs.counts.get(action, 0) + row["n"]
    view.rows = [r for r in by_agency.values() if r.counts]
    return view


def development_entries(*, viewer: Actor, action: str | None = None, agency_id: int | None = None):
    """(view, entries): the employees in the viewer's scope with their post and agency, by agency and
    name, narrowed to one action when given."""
    view, qs = _scoped_entries(viewer=viewer, agency_id=agency_id)
    if action is not None:
        qs = qs.filter(action_filter(action))
    return view, qs.select_related("employee", "position", "agency").order_by(
        "agency__name", "employee__name", "employee__nip"
    )


def action_of(entry: TalentGridEntry) -> str:
    return rules.development_action(entry.performance_band, entry.potential_band, entry.potential_state)


def note_of(entry: TalentGridEntry) -> str:
    """The follow-up text of the card (the box's), or what is missing for an entry without a box."""
    if entry.box is not None:
        return rules.FOLLOW_UP.get(entry.box, "")
    if entry.potential_state == PotentialState.EXPIRED:
        return _("Penilaian kompetensi kedaluwarsa sejak %(date)s.") % {
            "date": date_long(entry.assessment_valid_until)
        }
    if entry.potential_state == PotentialState.MISSING:
        return _("Belum ada penilaian kompetensi yang berlaku.")
    return _("SKP final dua tahun terakhir belum lengkap.")


HEADERS = ("Perangkat daerah", "NIP", "Nama", "Jabatan", "Kotak", "Tindak lanjut pengembangan", "Keterangan")
# Rows in one XLSX, as the audit trail's export: about 30 s on 2 CPU, inside gunicorn's 60 s; a region
# above it exports per agency or per action (docs/BENCHMARKS.md).
EXPORT_LIMIT = 50_000
XLSX_FIELDS = (
    "id", "box", "performance_band", "potential_band", "potential_state", "assessment_valid_until",
    "agency__name", "employee__nip", "employee__name", "employee__front_title", "employee__back_title",
    "position__title",
)  # fmt: skip


def development_xlsx(*, viewer: Actor, action: str | None = None, agency_id: int | None = None) -> bytes:
    """Every employee in scope with their development action (write-only, streamed from the database)."""
    view, entries = development_entries(viewer=viewer, action=action, agency_id=agency_id)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Kebutuhan pengembangan"))
    title = _("Kebutuhan pengembangan dari kotak talenta — %(region)s") % {"region": view.region}
    if view.grid is not None:
        title += " " + _("(kotak talenta per %(date)s)") % {"date": date_long(view.grid.as_of)}
    ws.append(safe_row(ws, [title]))
    ws.append(header_row(ws, [_(text) for text in HEADERS]))
    written = 0
    if view.grid is not None:
        for e in entries.only(*XLSX_FIELDS)[: EXPORT_LIMIT + 1].iterator(chunk_size=2000):
            written += 1
            if written > EXPORT_LIMIT:
                ws.append(
                    [
                        _("Dibatasi %(n)s baris: saring per perangkat daerah atau tindak lanjut.")
                        % {"n": number(EXPORT_LIMIT)}
                    ]
                )
                break
            ws.append(
                safe_row(
                    ws,
                    [
                        e.agency.name,
                        e.employee.nip,
                        e.employee.full_name,
                        e.position.title if e.position_id else "",
                        e.box if e.box is not None else _("perlu diperiksa manual"),
                        str(DevelopmentAction(action_of(e)).label),
                        note_of(e),
                    ],
                )
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
