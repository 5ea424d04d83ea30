"""Computing the nine-box grid (issue 20 point 3, REGULATION.md 5).

`talent_grid_start` freezes the rubric in force and the grid's date and queues one Celery task;
`talent_grid_compute` (the task's body) computes every entry of the region in one set-based statement
into a temporary table, then copies it into the entries and the counts (talenta/sql.py, and why). A
change to the rubric afterwards changes the next grid only: the stored grid keeps its copy, and
`talent_grid_recompute` computes a new grid from a past grid's own copy and date.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from core import access, audit
from core.db import set_local
from core.types import Actor
from instansi.models import Region
from kinerja.models import AppraisalPeriod
from talenta import permissions, rules, sql
from talenta.choices import GridStatus
from talenta.models import Rubric, TalentGrid, TalentGridCount, TalentGridEntry


def rubric_in_force(*, region: Region) -> Rubric:
    """The region's rubric, created with the policy defaults the first time it is asked for."""
    rubric, _created = Rubric.objects.get_or_create(region=region)
    return rubric


@transaction.atomic
def talent_grid_start(
    *,
    actor: Actor | None,
    region: Region,
    as_of: dt.date | None = None,
    rubric: dict | None = None,
    recomputed_from: TalentGrid | None = None,
) -> TalentGrid:
    """Create a pending grid with the rubric it will use and queue its computation after commit.
    Only HR starts one by hand; the demo seed and jobs start one without a user."""
    if actor is not None:
        access.require(permissions.may_compute_grid(actor))
    as_of = as_of or timezone.localdate()
    grid = TalentGrid.objects.create(
        region=region,
        as_of=as_of,
        skp_years=rules.skp_years_for(as_of),
        rubric=rubric if rubric is not None else rubric_in_force(region=region).snapshot(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
        recomputed_from=recomputed_from,
    )
    audit.record(
        actor=actor,
        action="talenta.grid.start",
        target=grid,
        to_state=GridStatus.PENDING,
        data={"as_of": as_of.isoformat(), "recomputed_from": recomputed_from.pk if recomputed_from else None},
    )
    from talenta.tasks import talent_grid_compute_task

    transaction.on_commit(lambda: talent_grid_compute_task.delay(grid.pk))
    return grid


def talent_grid_recompute(*, actor: Actor | None, grid: TalentGrid) -> TalentGrid:
    """A new grid from a past grid's own rubric and date: the same data gives the same boxes."""
    return talent_grid_start(
        actor=actor, region=grid.region, as_of=grid.as_of, rubric=dict(grid.rubric), recomputed_from=grid
    )


@transaction.atomic
def talent_grid_compute(*, grid_id: int) -> TalentGrid | None:
    """Compute every entry of the grid in one statement and store them. Idempotent: a redelivered
    task finds the grid finished and does nothing; a retry after a failure deletes the grid's earlier
    rows first."""
    grid = TalentGrid.objects.select_for_update().filter(pk=grid_id).first()
    if grid is None or grid.status == GridStatus.FINISHED:
        return grid
    grid.status, grid.started_at = GridStatus.RUNNING, timezone.now()
    years = grid.skp_years or rules.skp_years_for(grid.as_of)
    periods = dict(
        AppraisalPeriod.objects.filter(region=grid.region_id, year__in=years).values_list("year", "pk")
    )
    statement, params = sql.grid_statement(
        region_id=grid.region_id,
        as_of=grid.as_of,
        period_ids=[periods.get(y) for y in years],
        values=grid.values,
    )
    TalentGridEntry.objects.filter(grid=grid).delete()
    TalentGridCount.objects.filter(grid=grid).delete()
    with connection.cursor() as cursor:
        # Derived rows (a lost commit loses only this grid, computed again on request) and one
        # statement whose JIT compilation cost more than it saved: 0.3-0.5 s of 1.2 s at 100,000
        # employees (docs/BENCHMARKS.md, "Talent grid"). The workload steps do the same.
        set_local(cursor, synchronous_commit=False, jit=False)
        cursor.execute(statement, params)
        (entries, entries_params), *rest = sql.store_statements(grid_id=grid.pk)
        cursor.execute(entries, entries_params)
        grid.entries_total = cursor.rowcount
        for statement, params in rest:
            cursor.execute(statement, params)
    grid.status, grid.finished_at, grid.error = GridStatus.FINISHED, timezone.now(), ""
    grid.save(update_fields=["status", "started_at", "finished_at", "entries_total", "error", "updated_at"])
    audit.record(
        actor=None,
        action="talenta.grid.finish",
        target=grid,
        from_state=GridStatus.PENDING,
        to_state=GridStatus.FINISHED,
        data={"entries": grid.entries_total},
    )
    return grid


def talent_grid_fail(*, grid_id: int, error: str) -> None:
    """Mark a grid failed (the task's last retry), with one audit row."""
    with transaction.atomic():
        grid = TalentGrid.objects.select_for_update().filter(pk=grid_id).first()
        if grid is None or grid.status == GridStatus.FINISHED:
            return
        grid.status, grid.error, grid.finished_at = GridStatus.FAILED, error[:2000], timezone.now()
        grid.save(update_fields=["status", "error", "finished_at", "updated_at"])
        audit.record(
            actor=None, action="talenta.grid.fail", target=grid, to_state=GridStatus.FAILED, note=error[:500]
        )
