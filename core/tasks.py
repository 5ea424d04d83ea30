from celery import shared_task

from core import services


@shared_task
def ping() -> str:
    """Health check: proves a worker consumes from the broker."""
    return "pong"


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notification_email_task(notification_id: int) -> None:
    services.notification_send_email(notification_id=notification_id)
