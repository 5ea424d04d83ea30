import os

import pytest
from django.db import connection, transaction

from core import audit
from core.models import AppendOnlyError, AuditEvent
from tests.factories import UserFactory


@pytest.mark.django_db
def test_an_audit_event_cannot_be_edited_or_deleted_through_the_orm():
    user = UserFactory()
    event = audit.record(actor=user, action="test.action", target=user, note="asal")
    event.note = "diubah"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(note="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).note == "asal"


@pytest.mark.django_db
def test_on_postgresql_even_raw_sql_cannot_change_the_audit_trail():
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("CI must run on PostgreSQL")
        pytest.skip("the trigger exists on PostgreSQL only")
    user = UserFactory()
    event = audit.record(actor=user, action="test.action", target=user)
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE core_auditevent SET note = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, note="").exists()


def test_a_real_celery_worker_on_redis_runs_a_task(celery_worker):
    from core.tasks import ping

    assert ping.delay().get(timeout=30) == "pong"
