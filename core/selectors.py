"""Reads of the core app (notifications) that run on every page."""

import functools

from django.db import connection

from core.models import Notification, User


@functools.cache
def _unread_count_statement() -> str:
    """Written out (not the ORM) because the menu badge runs it on every page: compiling the queryset
    cost more than the database takes to answer it. Served by the (recipient, read_at) index. Portable
    SQL (PostgreSQL and the embedded SQLite)."""
    qn = connection.ops.quote_name
    meta = Notification._meta
    recipient = qn(meta.get_field("recipient").column)
    read_at = qn(meta.get_field("read_at").column)
    # Table and column names from the model: no outside input.
    return f"SELECT COUNT(*) FROM {qn(meta.db_table)} WHERE {recipient} = %s AND {read_at} IS NULL"  # noqa: S608


def notification_unread_count(*, user: User) -> int:
    """How many of the user's own notifications are still unread (the menu badge): one query."""
    with connection.cursor() as cursor:
        cursor.execute(_unread_count_statement(), [user.pk])
        return cursor.fetchone()[0]
