"""django-celery-beat's admin screens, where HR keeps the schedules of config/schedules.py, relabelled.

The library names one model field in plain English, without gettext ("Task Name": PeriodicTask.task), so
no catalogue can translate it and changing the field would leave the library a pending migration. Its
admin shows that label in two places, both relabelled here through the admin's own extension points:
the periodic-task filter and the "tasks using this schedule" table under each schedule. Every other
label of these screens is translated in locale/id/LC_MESSAGES/django.po.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

TASK_NAME = _("Nama tugas Celery")


class TaskNameFilter(admin.AllValuesFieldListFilter):
    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = TASK_NAME


class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    list_filter = ["enabled", "one_off", ("task", TaskNameFilter), "start_time", "last_run_at"]


class PeriodicTaskInline(beat_admin.PeriodicTaskInline):
    fields = ("name", "task_name", "args", "kwargs")
    readonly_fields = fields

    @admin.display(description=TASK_NAME)
    def task_name(self, task: PeriodicTask) -> str:
        return task.task


def _with_inline(schedule_admin: type[admin.ModelAdmin]) -> type[admin.ModelAdmin]:
    return type(schedule_admin.__name__, (schedule_admin,), {"inlines": [PeriodicTaskInline]})


RELABELLED = {
    PeriodicTask: PeriodicTaskAdmin,
    ClockedSchedule: _with_inline(beat_admin.ClockedScheduleAdmin),
    CrontabSchedule: _with_inline(beat_admin.CrontabScheduleAdmin),
    IntervalSchedule: _with_inline(beat_admin.IntervalScheduleAdmin),
    SolarSchedule: _with_inline(beat_admin.SolarScheduleAdmin),
}
for model, model_admin in RELABELLED.items():
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
