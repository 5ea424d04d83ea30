"""The nine-box grid (issue 20 "Must show"): the nine boxes from employees crafted at each band edge,
a threshold change affects the next grid and never a stored one, a past grid recomputed from its stored
rubric gives the same boxes, missing or expired assessments give "needs a manual check" and no box."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.models import AuditEvent
from talenta.choices import GridStatus, PotentialState
from talenta.models import TalentGrid, TalentGridEntry
from talenta.services.grid import (
    rubric_in_force,
    talent_grid_compute,
    talent_grid_recompute,
    talent_grid_start,
)
from tests.conftest import requires_postgres
from tests.talenta.conftest import AS_OF


def compute(world, *, actor=None, **kw) -> TalentGrid:
    grid = talent_grid_start(actor=actor or world.hr, region=world.region, as_of=AS_OF, **kw)
    return talent_grid_compute(grid_id=grid.pk)


def boxes(grid) -> dict[int, int | None]:
    return dict(TalentGridEntry.objects.filter(grid=grid).values_list("employee_id", "box"))


# Performance edges with the default rubric (mean of predicate points; above from 4.50, meets from 3.50):
ABOVE_EDGE = ("sangat_baik", "baik")  # 4.5: exactly on the edge -> above
MEETS_TOP = ("sangat_baik", "butuh_perbaikan")  # 4.0: below the above edge -> meets
MEETS_EDGE = ("baik", "butuh_perbaikan")  # 3.5: exactly on the edge -> meets
BELOW_TOP = ("butuh_perbaikan", "butuh_perbaikan")  # 3.0 -> below
# Potential edges (weights 50/20/30; high from 80.00, middle from 70.00):
HIGH_EDGE = (86, 65, 80)  # 4300 + 1300 + 2400 = 80.00 exactly -> high
MIDDLE_TOP = (79.99, 79.99, 79.99)  # just below high -> middle
MIDDLE_EDGE = (70, 70, 70)  # exactly 70.00 -> middle
LOW_TOP = (69.99, 69.99, 69.99)  # just below middle -> low


@pytest.mark.parametrize(
    ("performance", "scores", "box"),
    [
        (ABOVE_EDGE, LOW_TOP, 4),
        (ABOVE_EDGE, MIDDLE_EDGE, 7),
        (ABOVE_EDGE, HIGH_EDGE, 9),
        (MEETS_TOP, LOW_TOP, 2),
        (MEETS_EDGE, MIDDLE_TOP, 5),
        (MEETS_EDGE, HIGH_EDGE, 8),
        (BELOW_TOP, LOW_TOP, 1),
        (BELOW_TOP, MIDDLE_TOP, 3),
        (BELOW_TOP, HIGH_EDGE, 6),
    ],
)
def test_an_employee_at_a_band_edge_lands_in_the_box_the_numbering_gives(world, performance, scores, box):
    employee = world.person(*performance, scores)
    grid = compute(world)
    assert grid.status == GridStatus.FINISHED
    assert boxes(grid)[employee.pk] == box


def test_the_nine_crafted_employees_fill_all_nine_boxes_with_their_scores_and_bands(world):
    cells = [
        (ABOVE_EDGE, LOW_TOP), (ABOVE_EDGE, MIDDLE_EDGE), (ABOVE_EDGE, HIGH_EDGE),
        (MEETS_TOP, LOW_TOP), (MEETS_EDGE, MIDDLE_TOP), (MEETS_EDGE, HIGH_EDGE),
        (BELOW_TOP, LOW_TOP), (BELOW_TOP, MIDDLE_TOP), (BELOW_TOP, HIGH_EDGE),
    ]  # fmt: skip
    people = [world.person(*perf, scores) for perf, scores in cells]
    grid = compute(world)
    assert sorted(b for b in boxes(grid).values()) == list(range(1, 10))
    top = TalentGridEntry.objects.get(grid=grid, employee=people[2])
    assert (top.performance_score, top.performance_band) == (Decimal("4.50"), "above")
    assert (top.potential_score, top.potential_band, top.potential_state) == (
        Decimal("80.00"),
        "high",
        "valid",
    )
    assert (top.predicate_last, top.predicate_prev) == ABOVE_EDGE
    low = TalentGridEntry.objects.get(grid=grid, employee=people[6])
    assert (low.performance_score, low.potential_score) == (Decimal("3.00"), Decimal("69.99"))
    assert grid.entries_total == 9
    assert AuditEvent.objects.filter(action="talenta.grid.finish", target_id=str(grid.pk)).count() == 1


def test_a_missing_assessment_needs_a_manual_check_and_gets_no_box(world):
    employee = world.person(*ABOVE_EDGE, scores=None)
    entry = TalentGridEntry.objects.get(grid=compute(world), employee=employee)
    assert entry.box is None and entry.needs_check
    assert entry.potential_state == PotentialState.MISSING
    assert entry.potential_band is None and entry.potential_score is None
    assert entry.performance_band == "above"  # the axis that has its data is still shown


def test_an_expired_assessment_counts_as_missing_and_gets_no_box(world):
    employee = world.person(
        *ABOVE_EDGE, HIGH_EDGE, assessed_on=dt.date(2023, 1, 2), valid_until=dt.date(2026, 6, 29)
    )
    still_valid = world.person(*ABOVE_EDGE, HIGH_EDGE, assessed_on=dt.date(2023, 1, 2), valid_until=AS_OF)
    grid = compute(world)
    entry = TalentGridEntry.objects.get(grid=grid, employee=employee)
    assert entry.box is None and entry.potential_state == PotentialState.EXPIRED
    assert entry.potential_score is None and entry.assessment_valid_until == dt.date(2026, 6, 29)
    assert boxes(grid)[still_valid.pk] == 9  # valid through its last day


def test_an_assessment_dated_after_the_grid_day_is_not_used(world):
    employee = world.person(*ABOVE_EDGE, HIGH_EDGE, assessed_on=AS_OF + dt.timedelta(days=1))
    entry = TalentGridEntry.objects.get(grid=compute(world), employee=employee)
    assert entry.box is None and entry.potential_state == PotentialState.MISSING


def test_the_newest_assessment_on_or_before_the_grid_day_is_the_one_used(world):
    """Of several assessments (one a day at most): the newest dated on or before the grid's day; an
    older high result and a later one after the grid's day do not count."""
    newer = world.person(*ABOVE_EDGE, HIGH_EDGE, assessed_on=dt.date(2024, 3, 1))
    newest = world.assess(newer, dt.date(2025, 3, 1), LOW_TOP)
    world.assess(newer, AS_OF + dt.timedelta(days=1), HIGH_EDGE)
    older_kept = world.person(*ABOVE_EDGE, MIDDLE_EDGE, assessed_on=dt.date(2025, 3, 1))
    world.assess(older_kept, dt.date(2022, 3, 1), HIGH_EDGE)
    grid = compute(world)
    entries = {e.employee_id: e for e in TalentGridEntry.objects.filter(grid=grid)}
    assert (entries[newer.pk].assessment_id, entries[newer.pk].box) == (newest.pk, 4)
    assert entries[older_kept.pk].box == 7  # the 2025 middle result, not the 2022 high one
    assert len(entries) == TalentGridEntry.objects.filter(grid=grid).count()  # one entry per employee


def test_a_missing_or_unfinished_skp_year_needs_a_manual_check(world):
    one_year = world.person("sangat_baik", None, HIGH_EDGE)
    unfinished = world.person("sangat_baik", "baik", HIGH_EDGE)
    unfinished_skp = unfinished.appraisals.get(period=world.periods[AS_OF.year - 2])
    unfinished_skp.status = "rated"
    unfinished_skp.save()
    grid = compute(world)
    for employee in (one_year, unfinished):
        entry = TalentGridEntry.objects.get(grid=grid, employee=employee)
        assert entry.box is None and entry.performance_band is None and entry.potential_band == "high"


def test_a_threshold_change_changes_the_next_grid_and_not_the_stored_one(world):
    employee = world.person(*MEETS_EDGE, MIDDLE_EDGE)
    first = compute(world)
    assert boxes(first)[employee.pk] == 5
    rubric = rubric_in_force(region=world.region)
    rubric.performance_meets_from = Decimal("3.60")  # 3.5 is now below expectations
    rubric.potential_middle_from = Decimal("70.01")  # 70.00 is now low
    rubric.full_clean()
    rubric.save()
    second = compute(world)
    assert boxes(second)[employee.pk] == 1
    first.refresh_from_db()
    assert boxes(first)[employee.pk] == 5
    assert (
        first.rubric["performance_meets_from"] == "3.50" and second.rubric["performance_meets_from"] == "3.60"
    )


def test_recomputing_a_past_grid_from_its_stored_rubric_gives_the_same_boxes(world):
    people = [
        world.person(*ABOVE_EDGE, HIGH_EDGE),
        world.person(*MEETS_EDGE, MIDDLE_EDGE),
        world.person(*BELOW_TOP, LOW_TOP),
        world.person(*ABOVE_EDGE, scores=None),
    ]
    past = compute(world)
    rubric = rubric_in_force(region=world.region)
    rubric.boxes = {"above": [7, 4, 9], "meets": [2, 5, 8], "below": [1, 3, 6]}
    rubric.potential_high_from = Decimal("90")
    rubric.save()
    again = talent_grid_compute(grid_id=talent_grid_recompute(actor=world.hr, grid=past).pk)
    assert again.recomputed_from_id == past.pk and again.rubric == past.rubric
    assert (
        boxes(again) == boxes(past) == {people[0].pk: 9, people[1].pk: 5, people[2].pk: 1, people[3].pk: None}
    )
    fresh = compute(world)  # the new rubric: 4.5 + 80 is no longer high
    assert boxes(fresh)[people[0].pk] == 4


def test_the_box_numbering_is_the_rubric_s(world):
    employee = world.person(*ABOVE_EDGE, LOW_TOP)
    rubric = rubric_in_force(region=world.region)
    rubric.boxes = {"above": [7, 4, 9], "meets": [2, 5, 8], "below": [1, 3, 6]}
    rubric.full_clean()
    rubric.save()
    assert boxes(compute(world))[employee.pk] == 7


def test_a_rubric_with_crossed_thresholds_or_a_repeated_box_is_refused(world):
    from django.core.exceptions import ValidationError

    rubric = rubric_in_force(region=world.region)
    rubric.performance_meets_from = Decimal("4.60")
    rubric.boxes = {"above": [4, 7, 9], "meets": [2, 5, 8], "below": [1, 3, 3]}
    with pytest.raises(ValidationError) as exc:
        rubric.full_clean()
    assert set(exc.value.message_dict) >= {"performance_meets_from", "boxes"}


def test_inactive_employees_other_regions_and_the_regional_head_are_not_in_the_grid(world):
    from tests.factories import AgencyFactory, EmployeeFactory, PositionFactory, RegionFactory

    inside = world.person()
    world.person(is_active=False)
    EmployeeFactory(
        position=PositionFactory(agency=AgencyFactory(region=RegionFactory(name="Kabupaten Lain")))
    )
    EmployeeFactory(
        position=PositionFactory(agency=world.agency, special_role="regional_head", kind="jpt_utama")
    )
    assert list(boxes(compute(world))) == [inside.pk]


def test_only_hr_starts_a_grid(world):
    from django.core.exceptions import PermissionDenied

    for user in (world.tpk, world.auditor):
        with pytest.raises(PermissionDenied):
            talent_grid_start(actor=user, region=world.region, as_of=AS_OF)
    assert not TalentGrid.objects.exists()


def test_a_grid_started_by_hr_is_computed_by_its_task_after_commit(world, django_capture_on_commit_callbacks):
    employee = world.person(*ABOVE_EDGE, HIGH_EDGE)
    with django_capture_on_commit_callbacks(execute=True):
        grid = talent_grid_start(actor=world.hr, region=world.region, as_of=AS_OF)
    grid.refresh_from_db()
    assert grid.status == GridStatus.FINISHED and boxes(grid) == {employee.pk: 9}


@requires_postgres()
@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_computes_the_whole_region_s_grid_in_one_task(celery_worker, world):
    import time

    employee = world.person(*ABOVE_EDGE, HIGH_EDGE)
    unchecked = world.person(*MEETS_EDGE, scores=None)
    grid = talent_grid_start(actor=world.hr, region=world.region, as_of=AS_OF)  # committed: queued now
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        grid.refresh_from_db()
        if grid.status in (GridStatus.FINISHED, GridStatus.FAILED):
            break
        time.sleep(0.2)
    assert grid.status == GridStatus.FINISHED, grid.error
    assert boxes(grid) == {employee.pk: 9, unchecked.pk: None}
