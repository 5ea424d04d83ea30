"""Who may see or do what in the core app: every rule of its own pages, in one module (the role rules
themselves are core.access)."""

from __future__ import annotations

from core import access
from core.types import Actor


def may_read_audit_trail(viewer: Actor | None) -> bool:
    """The region-wide audit trail (jejak audit): the Inspektorat (auditor), BKPSDM (HR) and the
    regional head. Agency heads and employees read the timeline of what concerns them, not this."""
    return access.is_hr(viewer) or access.is_auditor(viewer) or access.has_role(viewer, access.REGIONAL_HEAD)


def require_audit_reader(viewer: Actor | None) -> None:
    access.require(may_read_audit_trail(viewer))


def may_open_admin(user: Actor | None) -> bool:
    """The admin's link in the main menu: accounts Django lets into the admin (staff). What each may do
    there is the admin's own model permissions."""
    return bool(user is not None and user.is_staff)
