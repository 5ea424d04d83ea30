from django.core.management.base import BaseCommand
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from config.schedules import SCHEDULES


class Command(BaseCommand):
    help = "Buat jadwal Celery beat yang belum ada (jadwal yang sudah diubah HR dibiarkan)."

    def handle(self, *args, **options):
        created = 0
        for name, (task, cron) in SCHEDULES.items():
            if PeriodicTask.objects.filter(name=name).exists():
                continue
            schedule, _ = CrontabSchedule.objects.get_or_create(timezone="Asia/Jakarta", **cron)
            PeriodicTask.objects.create(name=name, task=task, crontab=schedule)
            created += 1
        self.stdout.write(f"{created} jadwal dibuat, {len(SCHEDULES) - created} sudah ada.")
