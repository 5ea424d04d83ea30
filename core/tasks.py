from celery import shared_task

from core import services


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
