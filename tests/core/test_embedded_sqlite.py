"""Issue 19 finding 8: the embedded mode (`make run`, SQLite) takes concurrent writers without a 500.

SQLite's default (deferred) transactions take the write lock only at the first write: two requests
that both read and then write find each other holding the read lock, and one fails at once with
"database is locked" (SQLite does not wait there: waiting could never end). The embedded settings
open every transaction as BEGIN IMMEDIATE (Django 5.1+ `transaction_mode`), so a second writer waits
for the first (the busy timeout) instead of failing. Run in a subprocess on a freshly migrated SQLite
file with the embedded settings (no DATABASE_URL to PostgreSQL, no Redis).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 8
TRANSACTIONS_EACH = 15


def concurrent_writers() -> None:
    """Each thread, like a request of the threaded server: read, then write, in one transaction."""
    import threading

    from django.db import connection, transaction

    from core.models import Notification, User

    assert connection.vendor == "sqlite"
    users = [User.objects.create(username=f"penulis{i}") for i in range(WRITERS)]
    errors: list[str] = []
    start = threading.Barrier(WRITERS)

    def write(user):
        from django.db import connection as thread_connection

        start.wait()
        try:
            for n in range(TRANSACTIONS_EACH):
                with transaction.atomic():
                    seen = Notification.objects.filter(recipient=user).count()
                    Notification.objects.create(recipient=user, title=f"{n} setelah {seen}")
        except Exception as exc:  # what a request would have answered with a 500
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=write, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Notification.objects.count() == WRITERS * TRANSACTIONS_EACH


def test_concurrent_writers_on_the_embedded_settings_never_fail_with_database_is_locked(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'embedded.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    run = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from tests.core.test_embedded_sqlite import concurrent_writers; concurrent_writers(); print('ok')",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and run.stdout.strip().endswith("ok"), run.stdout[-2000:] + run.stderr[-4000:]
