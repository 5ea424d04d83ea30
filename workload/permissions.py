"""Who may see or do what with the workload analysis (ABK): every visibility rule and action right of
the app, in one module (issue 4, documented in docs/ARCHITECTURE.md).

- HR, auditor, Sekda and the regional head (region readers): every agency, the regional overview,
  the export of a whole run.
- an agency head: the dashboard, the results and the export of their own agency only (403 for
  another one).
- anyone else: 403. Workload figures are not secret inside the government, but they are management
  information; a civil servant sees the need of a destination post through the transfer eligibility
  checklist instead.
- starting a run: HR (BKPSDM); the nightly schedule starts one without a user.

Built on the shared role rules of core.access. Used by the selectors (what a viewer reads), the pages
and the admin (which links and buttons show); imports neither selectors nor services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from core import access
from core.types import Actor

# --- reading results -----------------------------------------------------------------------------------


def visible_agency_ids(viewer: Actor | None) -> set[int] | None:
    """None = every agency (region readers); a set = only those (an agency head's own); PermissionDenied
    for everyone else."""
    if access.reads_region(viewer):
        return None
    head_of = access.headed_agency_id(viewer)
    if head_of is not None:
        return {head_of}
    raise PermissionDenied


def require_reader(viewer: Actor | None) -> None:
    """Runs, tasks and results at all: region readers and agency heads; 403 for everyone else."""
    visible_agency_ids(viewer)


def require_agency_visible(viewer: Actor | None, agency_id: int) -> None:
    """403 unless the viewer may read this agency's workload."""
    allowed = visible_agency_ids(viewer)
    access.require(allowed is None or agency_id in allowed)


def default_dashboard_agency(viewer: Actor | None) -> int:
    """The agency `/dasbor/` is about: the one the viewer heads (403 when they head none)."""
    agency_id = access.headed_agency_id(viewer)
    if agency_id is None:
        raise PermissionDenied
    return agency_id


def dashboard_goes_to_overview(viewer: Actor | None) -> bool:
    """HR, the auditor and the regional head read every agency but head none, so `/dasbor/` names no
    agency for them: their page is the regional overview. Sekda heads the Sekretariat Daerah and keeps
    that agency's dashboard, like any agency head."""
    return access.reads_region_without_own_agency(viewer)


def may_see_overview(viewer: Actor | None) -> bool:
    """The regional overview (agencies ranked, region totals, trend): region readers."""
    return access.reads_region(viewer)


def require_overview(viewer: Actor | None) -> None:
    access.require(may_see_overview(viewer))


# --- runs ----------------------------------------------------------------------------------------------


def may_start_run(user: Actor | None) -> bool:
    """Starting an analysis run by hand (admin button and action, `POST workload/runs/`): HR only."""
    return access.is_hr(user)


def page_flags(viewer: Actor | None) -> dict[str, bool]:
    """The links the dashboard and overview pages show: back to the overview, and to the run admin."""
    return {"can_see_overview": may_see_overview(viewer), "can_start_run": may_start_run(viewer)}


def may_open_own_dashboard(viewer: Actor | None) -> bool:
    """The agency dashboard in the menu: agency heads (Sekda included) open their own agency's. Region
    readers reach any agency's from the regional overview."""
    return access.has_role(viewer, access.AGENCY_HEAD)
