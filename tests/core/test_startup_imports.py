"""A Celery worker reads DRF's settings during its startup checks, before any view is imported: the
API's default classes (core.api) must import in that order too, or every worker dies at start."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_drf_settings_resolve_before_any_view_is_imported():
    code = (
        "import django; django.setup(); "
        "from rest_framework.settings import api_settings; "
        "print(api_settings.DEFAULT_PAGINATION_CLASS.__name__, api_settings.DEFAULT_PARSER_CLASSES[0].__name__); "
        "from django.core.checks import run_checks; print(len(run_checks()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.local", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["Pagination", "JSONParser", "0"]
