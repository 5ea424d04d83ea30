"""Celery tasks of the kinerja app: load by id, call the service, nothing else (STYLE.md)."""

from celery import shared_task

from kinerja.services.batches import appraisal_batch_run


@shared_task(acks_late=True)
def appraisal_batch_task(batch_id: int) -> int:
    """Create the SKP drafts of one batch; returns the number of drafts created."""
    return appraisal_batch_run(batch_id=batch_id).created
