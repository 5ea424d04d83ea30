"""Reads of the mutasi app, one module per subject: transfers (list, detail, inbox, audit, exceptions,
attachments, destination search, the applicant's file), decrees, delegations, evaluations (and the
training needs named in them) and the agency transfer board (board; its PostgreSQL statement in
board_sql). Who may see what is decided by mutasi.permissions. Pages and API views call
`selectors.<name>` with the names below; the modules of this package never import it back."""

from mutasi.permissions import current_step, visible_transfers
from mutasi.selectors.board import BOARD_ROWS, BOARD_STATUSES, agency_transfer_board
from mutasi.selectors.consultation import (
    ConsultationView,
    consultation_of,
    inbox_consultations,
    voice_heard_summary,
    why,
)
from mutasi.selectors.decrees import decree_get, decree_list
from mutasi.selectors.delegations import delegable_positions, delegation_get, delegation_list
from mutasi.selectors.evaluations import (
    evaluation_get,
    evaluation_list,
    evaluation_rows,
    training_needs_by_agency,
)
from mutasi.selectors.preferences import (
    StandingViews,
    circumstance_get,
    circumstance_list,
    own_standing_views,
    preference_get,
    preference_list,
    preference_target_choices,
    standing_views,
)
from mutasi.selectors.transfers import (
    applicant_file,
    attachment_get,
    destination_search,
    exceptions_list,
    exceptions_rows,
    hide_private_documents,
    inbox_files,
    transfer_audit,
    transfer_for_action,
    transfer_get,
    transfer_inbox,
    transfer_list,
    transfer_list_page,
    transfer_with_details,
    transfers_by_id,
)

__all__ = [
    "BOARD_ROWS",
    "BOARD_STATUSES",
    "ConsultationView",
    "consultation_of",
    "hide_private_documents",
    "inbox_consultations",
    "voice_heard_summary",
    "why",
    "agency_transfer_board",
    "applicant_file",
    "StandingViews",
    "attachment_get",
    "circumstance_get",
    "circumstance_list",
    "current_step",
    "decree_get",
    "decree_list",
    "delegable_positions",
    "delegation_get",
    "delegation_list",
    "destination_search",
    "evaluation_get",
    "evaluation_list",
    "evaluation_rows",
    "exceptions_list",
    "exceptions_rows",
    "inbox_files",
    "own_standing_views",
    "preference_get",
    "preference_list",
    "preference_target_choices",
    "standing_views",
    "training_needs_by_agency",
    "transfer_audit",
    "transfer_get",
    "transfer_inbox",
    "transfer_list",
    "transfer_list_page",
    "transfer_for_action",
    "transfer_with_details",
    "transfers_by_id",
    "visible_transfers",
]
