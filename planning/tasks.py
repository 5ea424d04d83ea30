"""Celery tasks of the transfer plan: load by id, call the service, nothing else."""

from celery import shared_task

from planning import services


@shared_task(name="planning.tasks.plan_compute_task", acks_late=True)
def plan_compute_task(plan_id: int) -> str:
    # Idempotent: a redelivered task finds the plan no longer "building" and returns its status.
    return services.plan_compute(plan_id=plan_id).status
