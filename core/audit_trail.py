"""The Inspektorat's audit trail (jejak audit, issue 18 point 7): every audit row of the region,
filtered and searched, read-only, on a page, in the API and as XLSX. Who may read it is
`core.permissions.may_read_audit_trail`; every read here asks it first.

Filtering by agency: an audit row names its object (type and id), not an agency. Each app that writes
rows about agency-bound objects registers, in its AppConfig.ready(), how to find the ids of its
objects in an agency (`register_agency_scope`); core imports no app.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from core import permissions
from core.audit_labels import action_label, state_label
from core.formatting import local_naive, zone_name
from core.models import AuditEvent
from core.types import Actor
from core.xlsx import header_row, safe_row

EXPORT_LIMIT = 50_000  # rows in one XLSX; narrow the filters for more

# agency id -> Q over AuditEvent selecting the rows about that agency's objects
_AGENCY_SCOPES: list[Callable[[int], Q]] = []


def register_agency_scope(scope: Callable[[int], Q]) -> None:
    _AGENCY_SCOPES.append(scope)


@dataclass(frozen=True)
class AuditFilters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: str = ""
    action: str = ""
    agency: int | None = None
    object: str = ""
    flagged: bool = False
    q: str = ""

    @classmethod
    def from_params(cls, params) -> AuditFilters:
        """From a query string; a malformed date or number is ignored (pages) - the API validates first."""

        def day(name):
            try:
                return dt.date.fromisoformat(params.get(name, ""))
            except ValueError:
                return None

        agency = params.get("agency", "")
        return cls(
            date_from=day("date_from"),
            date_to=day("date_to"),
            actor=params.get("actor", "").strip(),
            action=params.get("action", "").strip(),
            agency=int(agency) if agency.isdigit() else None,
            object=params.get("object", "").strip(),
            flagged=params.get("flagged", "") in ("1", "true", "on"),
            q=params.get("q", "").strip(),
        )


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_trail(*, viewer: Actor, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """The rows the filters select, newest first (403 for anyone but the audit readers)."""
    permissions.require_audit_reader(viewer)
    qs = AuditEvent.objects.select_related("actor", "on_behalf_of", "target_type")
    if filters.date_from:
        qs = qs.filter(created_at__gte=_local_midnight(filters.date_from))
    if filters.date_to:  # the whole local day
        qs = qs.filter(created_at__lt=_local_midnight(filters.date_to + dt.timedelta(days=1)))
    if filters.actor:
        qs = qs.filter(
            Q(actor__username__icontains=filters.actor)
            | Q(actor__first_name__icontains=filters.actor)
            | Q(actor__last_name__icontains=filters.actor)
        )
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.agency is not None:
        scope = Q(pk__in=[])
        for agency_scope in _AGENCY_SCOPES:
            scope |= agency_scope(filters.agency)
        qs = qs.filter(scope)
    if filters.object:
        qs = qs.filter(target_repr__icontains=filters.object)
    if filters.flagged:
        qs = qs.filter(flagged=True)
    if filters.q:
        qs = qs.filter(
            Q(note__icontains=filters.q)
            | Q(target_repr__icontains=filters.q)
            | Q(action__icontains=filters.q)
        )
    return qs.order_by("-created_at", "-id")


def agency_choices() -> list[tuple[int, str]]:
    """The agency filter's options. The agencies belong to instansi, which core does not import: the
    model is looked up by name."""
    agency = apps.get_model("instansi", "Agency")
    return list(agency.objects.order_by("name").values_list("pk", "name"))


def person(user: Actor | None) -> str:
    if user is None:
        return _("Sistem")
    return user.display_name


def row_values(event: AuditEvent) -> list:
    """One row as the page and the export show it: words for the codes, local time."""
    return [
        local_naive(event.created_at),
        person(event.actor),
        person(event.on_behalf_of) if event.on_behalf_of_id else "",
        action_label(event.action),
        event.target_repr,
        state_label(event.from_state),
        state_label(event.to_state),
        event.note,
        _("ya") if event.flagged else "",
    ]


HEADERS = (
    "Waktu",
    "Pelaku",
    "Atas nama",
    "Aksi",
    "Objek",
    "Dari",
    "Ke",
    "Catatan",
    "Pengecualian",
)


def audit_trail_xlsx(*, viewer: Actor, filters: AuditFilters) -> bytes:
    """The selected rows as XLSX (write-only, constant memory), at most EXPORT_LIMIT rows."""
    rows = audit_trail(viewer=viewer, filters=filters)[:EXPORT_LIMIT]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Jejak audit"))
    titles = [f"{_('Waktu')} ({zone_name()})", *(_(t) for t in HEADERS[1:])]
    ws.append(header_row(ws, titles))
    for event in rows.iterator(chunk_size=2000):
        ws.append(safe_row(ws, row_values(event)))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
