"""Celery tasks of the SIASN integration; each validates nothing itself and calls its service.

All are acks_late (settings): a worker that dies mid-task leaves the message to be delivered again,
and every service here is safe to run again (import batches resume, the outbox checks SIASN first).
"""

from celery import shared_task

from siasn.client import SiasnUnavailable


@shared_task(acks_late=True)
def import_preview_task(run_id: int) -> str:
    from siasn.services.imports import import_preview

    return import_preview(run_id=run_id).status


@shared_task(acks_late=True)
def import_apply_task(run_id: int) -> str:
    from siasn.services.imports import import_apply

    return import_apply(run_id=run_id).status


@shared_task(bind=True, acks_late=True, max_retries=8)
def outbox_send_task(self, message_id: int) -> str:
    from siasn.services.outbox import outbox_send

    try:
        return outbox_send(message_id=message_id)
    except SiasnUnavailable as exc:
        if self.request.is_eager:  # tests and embedded mode: the periodic flush sends it later
            return "pending"
        raise self.retry(exc=exc, countdown=min(30 * 2**self.request.retries, 3600))


@shared_task(acks_late=True)
def outbox_flush_task() -> int:
    from siasn.services.outbox import outbox_flush

    return outbox_flush()


@shared_task(acks_late=True)
def reconcile_task(trigger: str = "nightly") -> int:
    from siasn.services.outbox import enabled
    from siasn.services.reconcile import reconcile

    return reconcile(trigger=trigger).pk if enabled() else 0
