from celery import shared_task
from celery.signals import task_prerun
from django.db import connections

from core import services


@task_prerun.connect
def connections_checked(task=None, **kwargs) -> None:
    """Before every task on a worker: a kept connection (settings.CELERY_DB_REUSE_MAX) is closed when
    it is older than CONN_MAX_AGE, broke in an earlier task, or the server dropped it (a restart, an
    idle timeout: one `SELECT 1`), so the task connects afresh instead of failing. This is what Celery
    skips once it keeps connections. Never for eager tasks: they run inside the caller's transaction."""
    if task is None or getattr(task.request, "is_eager", False):
        return
    for conn in connections.all(initialized_only=True):
        conn.close_if_unusable_or_obsolete()
        if conn.connection is not None and not conn.is_usable():
            conn.close()


@shared_task
def ping() -> str:
    """Health check: proves a worker consumes from the broker."""
    return "pong"


# Results are ignored: nobody reads them, and storing one costs a result-backend write per task (and a
# result subscription per publish).
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, ignore_result=True)
def notification_emails_task(notification_ids: list[int]) -> None:
    # A retry after a partial failure runs every id again; the ones already sent are skipped
    # (notification_send_email sends once per notification: emailed_at).
    for notification_id in notification_ids:
        services.notification_send_email(notification_id=notification_id)


# Superseded by notification_emails_task; kept so messages queued before the deploy still run.
@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5, ignore_result=True)
def notification_email_task(notification_id: int) -> None:
    services.notification_send_email(notification_id=notification_id)
