import os
from pathlib import Path

import pytest
from django.conf import settings


def pytest_report_header(config):
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return [f"database: {db}; redis: {'yes' if os.environ.get('REDIS_URL') else 'no (Celery eager)'}"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _employee_agrees(request, monkeypatch):
    """Issue 21: a request the employee did not initiate starts with their own stage (consultation).
    Most tests are about the later stages, so here, in one place, the employee answers "agree" through
    the real service as soon as their stage opens (any submission path: service, page, API, a plan's
    apply). Tests marked `consultation` answer it themselves."""
    if request.node.get_closest_marker("consultation") is not None:
        return
    from mutasi.services import transfer as transfer_services

    original = transfer_services.start_round

    def start_round_and_agree(transfer, *, actor, today):
        steps = original(transfer, actor=actor, today=today)
        if steps and steps[0].stage == "employee" and transfer.employee.user_id:
            from mutasi.services.consultation import consultation_answer

            consultation_answer(
                request_id=transfer.pk, actor=transfer.employee.user, answer="agree", today=today
            )
            transfer.refresh_from_db(fields=["current_stage"])
            for step in steps:
                step.refresh_from_db()
        return steps

    monkeypatch.setattr(transfer_services, "start_round", start_round_and_agree)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


def api_list_read(path: str, username: str) -> tuple[int, int]:
    """GET a paginated API list as `username`: (queries it took, the list's `count`). For the pinned
    query-count tests of the list APIs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from core.models import User

    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, username, response.content[:200])
    return len(queries), response.json()["count"]


def requires_postgres():
    return pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
        and not os.environ.get("CI"),
        reason="needs PostgreSQL (set DATABASE_URL); never skipped in CI",
    )


def requires_redis():
    return pytest.mark.skipif(
        not os.environ.get("REDIS_URL") and not os.environ.get("CI"),
        reason="needs Redis (set REDIS_URL); never skipped in CI",
    )


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (threads, in this process) consuming from the real Redis broker.

    Needs REDIS_URL. The test must be transactional: the worker uses its own DB connection.
    """
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        if os.environ.get("CI"):
            pytest.fail("REDIS_URL must be set in CI")
        pytest.skip("needs Redis (set REDIS_URL)")
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    old = (app.conf.task_always_eager, app.conf.broker_url, app.conf.result_backend)
    app.conf.task_always_eager = False
    app.conf.broker_url = redis_url
    app.conf.result_backend = redis_url
    try:
        with start_worker(
            app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=30
        ) as worker:
            yield worker
    finally:
        app.conf.task_always_eager, app.conf.broker_url, app.conf.result_backend = old


# --- Real headless Chromium (Debian's package), shared by every browser test --------------------
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]


# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make around
# it are plain synchronous set-up, so Django's async-safety guard is relaxed in this test process
# (never in a server process; tests that start a subprocess drop the variable).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session: Playwright's sync API allows one loop per thread."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM} (CI installs Debian's chromium)")
        pytest.skip("Chromium not installed (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
