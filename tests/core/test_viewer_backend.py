"""The session backend loads the signed-in user with the viewer's roles in one statement, and keeps
ModelBackend's rules: a deactivated account or a changed password ends the session."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from core import viewer
from tests.conftest import requires_postgres
from tests.factories import UserFactory
from tests.instansi.test_api import org  # noqa: F401 - the `org` fixture

pytestmark = pytest.mark.django_db


def test_a_password_login_signs_in_through_the_viewer_backend(org, client):  # noqa: F811
    client.post("/masuk/", {"username": "pegawai", "password": "demo12345"})
    assert client.session["_auth_user_backend"] == "core.backends.ViewerBackend"
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/profil/")
    assert page.status_code == 200
    assert page.context["user"].username == "pegawai"
    users = [
        q["sql"] for q in ctx.captured_queries if '"core_user"' in q["sql"] or "simutasi_viewer" in q["sql"]
    ]
    assert len(users) == 1  # the user row comes with the roles, not in a query of its own


def test_a_deactivated_account_loses_its_session(org, client):  # noqa: F811
    client.force_login(org.pegawai.user)
    assert client.get("/profil/").status_code == 200
    org.pegawai.user.is_active = False
    org.pegawai.user.save(update_fields=["is_active"])
    assert client.get("/profil/").status_code == 302


def test_a_changed_password_ends_other_sessions(org, client):  # noqa: F811
    client.force_login(org.pegawai.user)
    assert client.get("/profil/").status_code == 200
    org.pegawai.user.set_password("kata-sandi-baru-123")
    org.pegawai.user.save(update_fields=["password"])
    assert client.get("/profil/").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_the_viewer_statement_is_prepared_again_on_a_new_database_session():
    """PostgreSQL: the statement is prepared once per database session; after a reconnect (CONN_MAX_AGE,
    a dropped connection) it is prepared again on the new session, not assumed to be there."""
    user = UserFactory(username="sesi")
    assert viewer.load_viewer("pk", user.pk).username == "sesi"
    connection.close()
    assert viewer.load_viewer("pk", user.pk).username == "sesi"
    assert viewer.load_viewer("token", "tidak-ada") is None
    assert viewer.load_viewer("pk", user.pk + 1000) is None


@requires_postgres()
@pytest.mark.django_db(transaction=True)
def test_behind_a_transaction_pooler_the_viewer_statement_is_never_prepared(settings):
    """pgbouncer in transaction mode hands the server session to another client after each transaction,
    so a statement prepared on it is gone (or another client's) by the next request. With
    DATABASE_TRANSACTION_POOLING the viewer statement is sent whole every time. The pooler's handover
    is played here by DEALLOCATE ALL on the same connection, which forgets every prepared statement."""
    user = UserFactory(username="kolam")
    settings.DATABASE_TRANSACTION_POOLING = False
    assert viewer.load_viewer("pk", user.pk).username == "kolam"  # prepared on this session
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(DatabaseError):  # without the setting, the next request breaks
        viewer.load_viewer("pk", user.pk)
    connection.close()

    settings.DATABASE_TRANSACTION_POOLING = True
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            assert viewer.load_viewer("pk", user.pk).username == "kolam"
        assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["SELECT"]
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")


@pytest.mark.parametrize(("pooling", "expected"), [("true", True), ("", False)])
def test_the_pooling_setting_also_turns_off_server_side_cursors(pooling, expected):
    """Django's server-side cursors (QuerySet.iterator()) are named cursors that live in the server
    session too: behind a transaction pooler they must be off. Settings read in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_TRANSACTION_POOLING", "CI")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL="postgres://simutasi@127.0.0.1:5432/simutasi",
        DATABASE_TRANSACTION_POOLING=pooling,
    )
    probe = (
        "from django.conf import settings; "
        "print(settings.DATABASE_TRANSACTION_POOLING, "
        "settings.DATABASES['default'].get('DISABLE_SERVER_SIDE_CURSORS', False))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(expected), str(expected)]
