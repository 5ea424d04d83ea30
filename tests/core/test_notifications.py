"""Notifications on the hot paths: the menu badge in one hand-written COUNT, e-mails queued as one
Celery task per commit, sent once each even when the task is retried."""

import smtplib
from contextlib import contextmanager
from unittest import mock

import pytest
from celery.signals import task_prerun
from django.core import mail
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from core import access, selectors, services
from core.context_processors import navigation
from core.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def unread(user, count: int, **fields) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=user, title=f"Pemberitahuan {i}", **fields) for i in range(count)
    )


def test_the_badge_counts_only_the_users_own_unread_notifications_in_one_query(django_assert_num_queries):
    user, colleague = UserFactory(), UserFactory()
    unread(user, 2)
    unread(user, 3, read_at=timezone.now())
    unread(colleague, 4)

    with django_assert_num_queries(1):
        assert selectors.notification_unread_count(user=user) == 2
    assert selectors.notification_unread_count(user=colleague) == 4
    assert selectors.notification_unread_count(user=UserFactory()) == 0


def test_the_menu_runs_the_badge_query_only_when_a_page_shows_it(django_assert_num_queries):
    user = UserFactory()
    unread(user, 2)
    request = RequestFactory().get("/opd/")
    request.user = user
    access.roles_of(user)  # the viewer is loaded by authentication, before the context processors

    with django_assert_num_queries(0):
        context = navigation(request)
    with django_assert_num_queries(1):
        assert context["unread_notifications"] == 2


def test_the_page_layout_shows_the_unread_count_in_the_menu(client):
    user = UserFactory()
    unread(user, 3)
    unread(user, 1, read_at=timezone.now())
    client.force_login(user)

    html = client.get("/opd/").content.decode()

    assert 'aria-label="belum dibaca">3</span>' in html


@contextmanager
def task_runs():
    """The Celery tasks that run inside the block (name, positional arguments): the tests' settings run
    tasks eagerly, in-process, through Celery's own tracer, which sends `task_prerun` for each."""
    runs: list[tuple[str, list]] = []

    def record(sender=None, task=None, args=None, **_kwargs):
        runs.append((task.name, list(args or [])))

    task_prerun.connect(record, weak=False)
    try:
        yield runs
    finally:
        task_prerun.disconnect(record)


def test_notifying_three_people_runs_one_task_with_the_three_ids_after_commit(
    django_capture_on_commit_callbacks,
):
    recipients = [UserFactory(email=f"p{i}@example.go.id") for i in range(3)]
    with task_runs() as runs, django_capture_on_commit_callbacks(execute=True) as callbacks:
        created = services.notify_many(
            [
                services.Message(recipients=recipients[:2], title="Usulan menunggu persetujuan Anda"),
                services.Message(recipients=recipients[2:], title="Usulan Anda disetujui"),
            ]
        )
        assert runs == []  # not before the commit

    assert len(callbacks) == 1 and len(created) == 3
    assert runs == [("core.tasks.notification_emails_task", [[n.pk for n in created]])]
    assert sorted(m.to[0] for m in mail.outbox) == [u.email for u in recipients]


def test_a_rolled_back_notification_queues_no_task(django_capture_on_commit_callbacks):
    recipients = [UserFactory(email=f"p{i}@example.go.id") for i in range(3)]
    with (
        task_runs() as runs,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.notify(recipients=recipients, title="Usulan disetujui")
        raise RuntimeError("the approval failed after notifying")

    assert callbacks == [] and runs == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_task_sends_one_e_mail_per_notification_after_commit(django_capture_on_commit_callbacks):
    recipients = [UserFactory(email=f"p{i}@example.go.id") for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipients=recipients, title="Usulan disetujui")

    assert sorted(m.to[0] for m in mail.outbox) == [u.email for u in recipients]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_retry_after_one_e_mail_failed_sends_the_others_once(django_capture_on_commit_callbacks):
    from core.tasks import notification_emails_task

    recipients = [UserFactory(email=f"p{i}@example.go.id") for i in range(3)]
    with django_capture_on_commit_callbacks(execute=False):  # the e-mails are sent below, as a worker would
        ids = [n.pk for n in services.notify(recipients=recipients, title="Usulan disetujui")]
    real_send = services.send_mail
    failed = []

    def send_mail_failing_once_for_the_second(subject, message, sender, to):
        if to == [recipients[1].email] and not failed:
            failed.append(to)
            raise smtplib.SMTPServerDisconnected("connection lost")  # an OSError: the task retries
        return real_send(subject, message, sender, to)

    # As a worker runs it: the failure is not propagated, autoretry runs the task again (eagerly here).
    with mock.patch("core.services.send_mail", side_effect=send_mail_failing_once_for_the_second):
        result = notification_emails_task.apply(args=[ids], throw=False)

    assert result.successful()
    assert failed  # the first run did fail halfway
    assert sorted(m.to[0] for m in mail.outbox) == [u.email for u in recipients]  # once each
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_task_queued_before_the_deploy_still_sends_its_one_e_mail():
    from core.tasks import notification_email_task

    user = UserFactory(email="lama@example.go.id")
    unread(user, 1)
    pk = Notification.objects.get().pk

    notification_email_task.delay(pk)
    notification_email_task.delay(pk)  # delivered twice by the broker (acks_late)

    assert [m.to for m in mail.outbox] == [["lama@example.go.id"]]
