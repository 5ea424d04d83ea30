"""Who may do what with the SIASN integration: HR (BKPSDM) runs imports, corrects the code mappings,
resends and reconciles; the auditor reads everything and changes nothing (DESIGN.md 1)."""

from core import access
from core.types import Actor


def may_manage(user: Actor) -> bool:
    return access.is_hr(user)


def may_read(user: Actor) -> bool:
    return access.is_hr(user) or access.is_auditor(user)
