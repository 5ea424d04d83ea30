"""Every write of the transfer workflow (STYLE.md: services; one transaction, one audit row each)."""

from mutasi.services.approval import steps_verify_bulk, transfer_approve, transfer_reject, transfer_return
from mutasi.services.consultation import (
    consultation_answer,
    consultation_override,
    consultations_record_silence,
)
from mutasi.services.decree import (
    decree_draft_create,
    decree_draft_discard,
    decree_draft_issue,
    decree_generate_pdf,
    decree_issue,
)
from mutasi.services.delegation import deadline_reminders, delegation_create, delegation_revoke
from mutasi.services.evaluation import (
    evaluation_answer,
    evaluation_answer_check,
    evaluation_rate,
    evaluation_rate_check,
    evaluation_reminders,
)
from mutasi.services.execution import execute_due_transfers, transfer_execute
from mutasi.services.preferences import (
    circumstance_add,
    circumstance_attach,
    circumstance_remove,
    preference_add,
    preference_remove,
)
from mutasi.services.transfer import (
    attachment_upload,
    transfer_cancel,
    transfer_check,
    transfer_create,
    transfer_create_with_documents,
    transfer_record_milestone,
    transfer_submit,
    transfer_update,
    transfer_withdraw,
)

__all__ = [
    "attachment_upload",
    "circumstance_add",
    "circumstance_attach",
    "circumstance_remove",
    "consultation_answer",
    "consultation_override",
    "consultations_record_silence",
    "deadline_reminders",
    "decree_draft_create",
    "decree_draft_discard",
    "decree_draft_issue",
    "decree_generate_pdf",
    "decree_issue",
    "delegation_create",
    "delegation_revoke",
    "evaluation_answer",
    "evaluation_answer_check",
    "evaluation_rate",
    "evaluation_rate_check",
    "evaluation_reminders",
    "execute_due_transfers",
    "preference_add",
    "preference_remove",
    "steps_verify_bulk",
    "transfer_approve",
    "transfer_cancel",
    "transfer_check",
    "transfer_create",
    "transfer_create_with_documents",
    "transfer_execute",
    "transfer_record_milestone",
    "transfer_reject",
    "transfer_return",
    "transfer_submit",
    "transfer_update",
    "transfer_withdraw",
]
