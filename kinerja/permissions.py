"""Who may act on an SKP. Built on core.access; used as django-fsm-2 transition permissions and by
selectors, so the pages, the API and the services apply one rule set."""

from __future__ import annotations

from core import access
from core.types import Actor


def is_owner(appraisal, user: Actor) -> bool:
    """The appraised employee (pegawai yang dinilai)."""
    me = access.employee_of(user)
    return me is not None and me.pk == appraisal.employee_id


def is_appraiser(appraisal, user: Actor) -> bool:
    """The appraiser (pejabat penilai kinerja, REGULATION.md 3): the employee resolved when the SKP was
    drafted, or whoever holds that post now (a successor or a Plt takes over the appraisal). Never the
    appraised employee: no one rates their own SKP."""
    me = access.employee_of(user)
    if me is None or me.pk == appraisal.employee_id:
        return False
    if appraisal.appraiser_id is not None and me.pk == appraisal.appraiser_id:
        return True
    return appraisal.appraiser_position_id is not None and me.position_id == appraisal.appraiser_position_id


def can_finalise(appraisal, user: Actor) -> bool:
    """HR (BKPSDM) finalises; not on their own SKP; the auditor changes nothing."""
    return access.is_hr(user) and not is_owner(appraisal, user)


def can_view(appraisal, user: Actor) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if access.reads_region(user) or is_owner(appraisal, user) or is_appraiser(appraisal, user):
        return True
    return access.headed_agency_id(user) == appraisal.agency_id


def may_manage_periods(user: Actor) -> bool:
    """Open periods, create SKP drafts in bulk, set organisational ratings, finalise sets: HR (BKPSDM)."""
    return access.is_hr(user)


def may_read_periods(user: Actor) -> bool:
    """The periods page: HR, and the auditor, who reads it and changes nothing."""
    return may_manage_periods(user) or access.is_auditor(user)


# --- team goals (target tim) ------------------------------------------------------------------------


def visible_team_goals(viewer: Actor, qs):
    """Region readers see every team goal; others the goals of the agency they work in (members link
    their RHK to them, heads and supervisors set and realise them)."""
    if viewer is None or not viewer.is_authenticated:
        return qs.none()
    if access.reads_region(viewer):
        return qs
    me = access.employee_of(viewer)
    if me is None or me.position is None:
        return qs.none()
    return qs.filter(agency_id=me.position.agency_id)


def may_set_team_goals(user: Actor, agency_id: int | None) -> bool:
    """HR (BKPSDM), the head of the agency (Plt/Plh included), or a supervisor who works in it."""
    if access.is_hr(user):
        return True
    if agency_id is None:
        return False
    if access.headed_agency_id(user) == agency_id:
        return True
    me = access.employee_of(user)
    return bool(
        me
        and me.position_id
        and me.position.agency_id == agency_id
        and access.has_role(user, access.SUPERVISOR)
    )


def may_set_some_team_goals(user: Actor) -> bool:
    """Whether `may_set_team_goals` allows the user some agency: HR, an agency head, a supervisor.
    Asked before the API reads which agency (core.api_permissions.MayEverAct)."""
    return (
        access.is_hr(user)
        or access.headed_agency_id(user) is not None
        or access.has_role(user, access.SUPERVISOR)
    )


def may_realise_team_goal(user: Actor, goal) -> bool:
    """HR, whoever set the goal, or the head of its agency."""
    return (
        access.is_hr(user) or goal.created_by_id == user.pk or access.headed_agency_id(user) == goal.agency_id
    )


# --- predicate distribution -------------------------------------------------------------------------


def may_pick_distribution_agency(user: Actor) -> bool:
    """Region readers (HR, auditor, regional head, Sekda) may read the distribution of any agency."""
    return access.reads_region(user)


def must_choose_distribution_agency(user: Actor) -> bool:
    """Region readers who head no agency (HR, the auditor, the regional head) have no agency to start
    on: they choose one. Sekda heads the Sekretariat Daerah and, like any agency head, starts there."""
    return access.reads_region_without_own_agency(user)


def may_open_appraisal_pages(user: Actor) -> bool:
    """The SKP pages in the menu: employees (their own SKP and their appraisees'), HR and the auditor."""
    return access.has_role(user, access.EMPLOYEE, access.HR, access.AUDITOR)
