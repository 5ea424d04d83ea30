from .base import *  # noqa: F401,F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests run Celery tasks eagerly unless they start a real worker (fixture `celery_worker` in
# tests/conftest.py), which switches the app to the Redis broker for that test.
CELERY_TASK_ALWAYS_EAGER = True
# The test worker runs tasks on threads whose connections would outlive the test (and keep the test
# database from being dropped): there, Celery closes them after every task as it does by default.
# The test that a kept connection is replaced enables keeping them for itself (tests/workload).
CELERY_DB_REUSE_MAX = None
