"""Celery app. Periodic schedules are declared once, in `config.schedules`, and copied into
django-celery-beat's tables (`manage.py sync_schedules`) so HR can edit them in the admin."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("simutasi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
