"""Who may see or do what in talent management (issue 20 point 5): every visibility rule and action
right of the talenta app, in one module.

- an employee: their own box, the data it came from and what would move them; never anyone else's
  (another employee's entry is 404, as if it did not exist);
- an agency head: the grid of their own agency, names included (the unit scope of the workload
  dashboards, `workload.permissions.visible_agency_ids`);
- HR, the performance team (Tim Penilai Kinerja), Sekda and the regional head: the whole region;
- the auditor reads everything and changes nothing;
- computing grids, marking key posts, computing and confirming succession plans, entering assessments:
  HR (BKPSDM).
Succession plans name people for posts nobody holds yet, so they are for the region roles only (HR,
the performance team, Sekda, the regional head, the auditor), not for agency heads.

Built on the shared role rules of core.access; imports neither selectors nor services.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from core import access
from core.types import Actor
from workload import permissions as workload_permissions


def reads_region(viewer: Actor | None) -> bool:
    """The whole region's grid: region readers (HR, auditor, Sekda, regional head) and the performance team."""
    return access.reads_region(viewer) or access.has_role(viewer, access.PERFORMANCE_TEAM)


def grid_agency_ids(viewer: Actor | None) -> set[int] | None:
    """The agencies whose grid the viewer reads: None = every agency of the region, a set = those
    (an agency head's own); PermissionDenied for everyone else."""
    if reads_region(viewer):
        return None
    return workload_permissions.visible_agency_ids(viewer)


def _answers(scope, viewer: Actor | None) -> bool:
    """Whether a scope function (None, a set, or PermissionDenied) lets the viewer in at all."""
    try:
        scope(viewer)
    except PermissionDenied:
        return False
    return True


def may_read_grid(viewer: Actor | None) -> bool:
    return _answers(grid_agency_ids, viewer)


def require_grid_reader(viewer: Actor | None) -> None:
    grid_agency_ids(viewer)


def may_see_entry(viewer: Actor | None, *, employee_id: int, agency_id: int) -> bool:
    """One employee's box: the employee themself, or whoever reads that agency's grid."""
    if viewer is None or not viewer.is_authenticated:
        return False
    me = access.employee_of(viewer)
    if me is not None and me.pk == employee_id:
        return True
    try:
        allowed = grid_agency_ids(viewer)
    except PermissionDenied:
        return False
    return allowed is None or agency_id in allowed


def may_compute_grid(viewer: Actor | None) -> bool:
    """Start a grid computation (page button, `POST talenta/grids/`): HR."""
    return access.is_hr(viewer)


def may_read_succession(viewer: Actor | None) -> bool:
    """Key posts and succession plans: HR, the performance team, Sekda, the regional head, the auditor."""
    return reads_region(viewer)


def require_succession_reader(viewer: Actor | None) -> None:
    access.require(may_read_succession(viewer))


def may_manage_succession(viewer: Actor | None) -> bool:
    """Mark key posts, compute plans, confirm or change the main candidate: HR (BKPSDM)."""
    return access.is_hr(viewer)


def require_succession_manager(viewer: Actor | None) -> None:
    access.require(may_manage_succession(viewer))


def may_manage_assessments(viewer: Actor | None) -> bool:
    """Enter or import assessment results: HR (the admin's add/change permissions follow the group)."""
    return access.is_hr(viewer)


def may_read_merit_evidence(viewer: Actor | None) -> bool:
    """The merit evidence (issue 20 point 8: who was named for a key post and who was moved into one,
    on what talent basis) names succession candidates, so it has the readers of succession plans
    (`may_read_succession`: HR, the performance team, Sekda, the regional head, the auditor, and through
    the auditor the KASN/BKN merit audit), for the whole region. Agency heads read no succession pool,
    so not this either."""
    return may_read_succession(viewer)


def require_merit_evidence_reader(viewer: Actor | None) -> None:
    access.require(may_read_merit_evidence(viewer))


def development_agency_ids(viewer: Actor | None) -> set[int] | None:
    """The development needs from the grid (issue 20 point 7): whoever reads that agency's grid (HR and
    the region readers, the performance team, an agency head their own agency). The report names each
    employee with their box, which the grid's drill-down already shows to the same people."""
    return grid_agency_ids(viewer)


def page_flags(viewer: Actor | None) -> dict[str, bool]:
    """The links and buttons the talent pages show."""
    return {
        "can_read_grid": may_read_grid(viewer),
        "can_compute_grid": may_compute_grid(viewer),
        "can_read_succession": may_read_succession(viewer),
        "can_manage_succession": may_manage_succession(viewer),
        "can_read_merit_evidence": may_read_merit_evidence(viewer),
        "can_read_development": may_read_grid(viewer),
    }
