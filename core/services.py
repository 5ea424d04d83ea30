"""Notifications: in-app rows written in the caller's transaction, e-mail sent by Celery after commit."""

from collections.abc import Iterable
from typing import NamedTuple

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core.models import Notification, User


def notify(*, recipients: Iterable[User], title: str, body: str = "", url: str = "") -> list[Notification]:
    """Write one in-app notification per distinct recipient and queue their e-mails after commit."""
    return notify_many([Message(recipients=recipients, title=title, body=body, url=url)])


class Message(NamedTuple):
    """One notification text and who gets it (`notify_many`)."""

    recipients: Iterable[User]
    title: str
    body: str = ""
    url: str = ""


def notify_many(messages: Iterable[Message]) -> list[Notification]:
    """`notify` for several texts at once (a service telling the approvers one thing and the applicant
    another): the same rows in the same order, written with one INSERT, e-mails queued after commit."""
    rows = []
    for message in messages:
        seen: set[int] = set()  # distinct per text: one person may get two different notifications
        for user in message.recipients:
            if user is None or user.pk in seen:
                continue
            seen.add(user.pk)
            rows.append(
                Notification(recipient=user, title=message.title[:200], body=message.body, url=message.url)
            )
    if not rows:
        return []
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created if n.pk is not None]
    if ids:
        from core.tasks import notification_emails_task

        # One message for the whole commit, not one per notification: each publish costs a Redis
        # round trip on the request's path (an approval notifies 2-4 people).
        transaction.on_commit(lambda: notification_emails_task.delay(ids))
    return created


def notification_send_email(*, notification_id: int) -> None:
    """Send one notification by e-mail once (idempotent: a retried task does not send twice)."""
    with transaction.atomic():
        n = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if n is None or not n.recipient.email:
            return
        send_mail(n.title, f"{n.body}\n\n{n.url}".strip(), settings.DEFAULT_FROM_EMAIL, [n.recipient.email])
        n.emailed_at = timezone.now()
        n.save(update_fields=["emailed_at"])


def notification_list_and_mark_read(*, user: User, limit: int = 100) -> list[Notification]:
    """The user's latest notifications; opening the list marks the unread ones as read."""
    items = list(Notification.objects.filter(recipient=user)[:limit])
    Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
    return items
