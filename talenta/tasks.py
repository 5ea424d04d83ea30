"""Celery tasks of talent management: load by id, call the service, nothing else."""

from celery import shared_task


@shared_task(acks_late=True)
def talent_grid_compute_task(grid_id: int) -> None:
    """The whole region's grid in one job (issue 20 point 3). A failure marks the grid failed with
    its reason (the page shows it) instead of leaving it pending; HR starts a new one."""
    from talenta.services.grid import talent_grid_compute, talent_grid_fail

    try:
        talent_grid_compute(grid_id=grid_id)
    except Exception as exc:
        talent_grid_fail(grid_id=grid_id, error=str(exc))
        if not talent_grid_compute_task.request.is_eager:
            raise
