"""Writes of the kinerja app (STYLE.md): one atomic function per business change, each with its audit
row and notifications. Split by subject; import from here."""

from kinerja.services._common import check as appraisal_check
from kinerja.services.appraisals import (
    appraisal_agree,
    appraisal_create,
    appraisal_return,
    appraisal_submit,
    feedback_add,
    indicator_realise,
    result_plan_add,
    result_plan_delete,
)
from kinerja.services.batches import appraisal_batch_run, appraisal_batch_start
from kinerja.services.periods import (
    appraisal_set_finalise,
    organisation_performance_set,
    period_close,
    period_open,
    team_goal_create,
    team_goal_realise,
    team_goal_realise_check,
)
from kinerja.services.rating import (
    appraisal_acknowledge,
    appraisal_finalise,
    appraisal_object,
    appraisal_rate,
)

__all__ = [
    "appraisal_acknowledge",
    "appraisal_agree",
    "appraisal_batch_run",
    "appraisal_batch_start",
    "appraisal_check",
    "appraisal_create",
    "appraisal_finalise",
    "appraisal_object",
    "appraisal_rate",
    "appraisal_return",
    "appraisal_set_finalise",
    "appraisal_submit",
    "feedback_add",
    "indicator_realise",
    "organisation_performance_set",
    "period_close",
    "period_open",
    "result_plan_add",
    "result_plan_delete",
    "team_goal_create",
    "team_goal_realise",
    "team_goal_realise_check",
]
