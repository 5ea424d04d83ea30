"""Celery tasks of the transfer workflow: load by id, call a service, nothing else (STYLE.md).
Schedules are declared in config/schedules.py."""

from celery import shared_task

from mutasi import files, services


@shared_task(acks_late=True)
def deadline_reminders_task() -> dict:
    reminded, escalated = services.deadline_reminders()
    return {"reminded": reminded, "escalated": escalated}


@shared_task(acks_late=True)
def consultation_silence_task() -> int:
    return services.consultations_record_silence()


@shared_task(acks_late=True)
def execute_due_transfers_task() -> int:
    return services.execute_due_transfers()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def decree_pdf_task(decree_id: int) -> str:
    return services.decree_generate_pdf(decree_id=decree_id).pdf_sha256


@shared_task(acks_late=True)
def decree_pdf_sweep_task() -> int:
    return services.decree.decree_requeue_missing_pdfs()


@shared_task(acks_late=True)
def evaluation_reminders_task() -> int:
    return services.evaluation_reminders()


@shared_task(acks_late=True)
def sweep_orphan_files_task() -> int:
    return len(files.sweep_orphans())
