"""The analysis itself (REGULATION.md 2): figures per position, unit and agency, Policy settings."""

from decimal import Decimal

import pytest

from core.models import AuditEvent
from instansi.choices import Rounding
from instansi.models import Policy, Position
from tests.conftest import requires_postgres
from tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PositionFactory,
    RegionFactory,
    UnitFactory,
    WorkloadTaskFactory,
)
from workload import analysis
from workload.models import WorkloadResult, WorkloadRunStatus, WorkloadTask

pytestmark = pytest.mark.django_db


def holders(position, n, **kwargs):
    return [EmployeeFactory(position=position, **kwargs) for _ in range(n)]


@pytest.fixture
def region():
    return RegionFactory()


@pytest.fixture
def agency(region):
    return AgencyFactory(region=region, name="Dinas Kesehatan")


def test_the_worked_check_of_the_regulation_gives_exact_0_724_required_1_ej_0_724_and_pj_c(region, agency):
    post = PositionFactory(agency=agency, title="Pengelola Data")
    WorkloadTaskFactory(position=post, annual_volume=905, standard_minutes=60)  # 905 hours
    holders(post, 1)

    run = analysis.run_analysis(region=region)

    row = WorkloadResult.objects.get(run=run, position=post)
    assert run.status == WorkloadRunStatus.FINISHED
    assert row.analysed is True
    assert row.workload_hours == Decimal("905.00")
    assert row.required_exact == Decimal("0.724")
    assert row.required == 1
    assert row.current == 1
    assert row.gap == 0
    assert row.ej == Decimal("0.724")
    assert row.pj == "C"
    post.refresh_from_db()
    assert post.required_staff == 1
    assert AuditEvent.objects.filter(action="workload.run_start", target_id=str(run.pk)).count() == 1
    assert AuditEvent.objects.filter(action="workload.run_finish", target_id=str(run.pk)).count() == 1


def test_a_multi_task_position_sums_its_tasks_and_shows_a_shortage(region, agency):
    post = PositionFactory(agency=agency)
    # By hand: 2400x45 + 600x90 + 150x250 + 12x1200 minutes = 108000+54000+37500+14400 = 213900 min
    # = 3565 h; exact 3565/1250 = 2.852 -> 3; 2 holders -> gap -1; EJ 3565/2500 = 1.426 -> A.
    for volume, minutes in [(2400, 45), (600, 90), (150, 250), (12, 1200)]:
        WorkloadTaskFactory(position=post, annual_volume=volume, standard_minutes=minutes)
    holders(post, 2)
    holders(post, 1, is_active=False)  # inactive employees are not current holders

    run = analysis.run_analysis(region=region)

    row = WorkloadResult.objects.get(run=run, position=post)
    assert (row.workload_hours, row.required_exact, row.required) == (Decimal("3565.00"), Decimal("2.852"), 3)
    assert (row.current, row.gap, row.ej, row.pj) == (2, -1, Decimal("1.426"), "A")
    assert (row.shortage, row.surplus) == (1, 0)


def test_a_position_without_tasks_is_not_analysed_rather_than_needing_nobody(region, agency):
    post = PositionFactory(agency=agency)
    holders(post, 2)
    post.required_staff = 5
    post.save()

    run = analysis.run_analysis(region=region)

    row = WorkloadResult.objects.get(run=run, position=post)
    assert row.analysed is False
    assert (row.required_exact, row.required, row.gap, row.ej, row.pj) == (None, None, None, None, "")
    assert row.current == 2
    assert row.not_analysed == 1
    post.refresh_from_db()
    assert post.required_staff is None


def test_unit_and_agency_rows_sum_the_analysed_positions_and_keep_shortage_and_surplus_apart(region, agency):
    unit = UnitFactory(agency=agency)
    short = PositionFactory(agency=agency, unit=unit)
    WorkloadTaskFactory(position=short, annual_volume=3750, standard_minutes=60)  # 3750 h -> 3
    holders(short, 1)
    extra = PositionFactory(agency=agency, unit=unit)
    WorkloadTaskFactory(position=extra, annual_volume=1250, standard_minutes=60)  # 1250 h -> 1
    holders(extra, 3)
    unanalysed = PositionFactory(agency=agency, unit=unit)
    holders(unanalysed, 4)
    outside = PositionFactory(agency=agency, unit=None)
    WorkloadTaskFactory(position=outside, annual_volume=625, standard_minutes=120)  # 1250 h -> 1
    holders(outside, 1)

    run = analysis.run_analysis(region=region)

    unit_row = WorkloadResult.objects.get(run=run, level="unit", unit=unit)
    assert (unit_row.workload_hours, unit_row.required_exact, unit_row.required) == (
        Decimal("5000.00"),
        Decimal("4.000"),
        4,
    )
    assert (unit_row.current, unit_row.gap, unit_row.shortage, unit_row.surplus) == (4, 0, 2, 2)
    assert unit_row.not_analysed == 1
    assert unit_row.ej == Decimal("1.000")
    assert unit_row.pj == "B"
    agency_row = WorkloadResult.objects.get(run=run, level="agency", agency=agency)
    assert (agency_row.workload_hours, agency_row.required, agency_row.current, agency_row.gap) == (
        Decimal("6250.00"),
        5,
        5,
        0,
    )
    assert (agency_row.shortage, agency_row.surplus, agency_row.not_analysed) == (2, 2, 1)
    assert agency_row.ej == Decimal("1.000")
    assert agency_row.unit_id is None and agency_row.position_id is None


def test_an_agency_without_positions_still_gets_its_row_so_the_run_finishes(region, agency):
    empty = AgencyFactory(region=region)

    run = analysis.run_analysis(region=region)

    assert run.status == WorkloadRunStatus.FINISHED
    row = WorkloadResult.objects.get(run=run, level="agency", agency=empty)
    assert (row.analysed, row.required, row.current, row.ej) == (False, None, 0, None)
    assert run.agencies_done == run.agencies_total == 2


def test_changing_the_policy_changes_the_next_run(region, agency):
    post = PositionFactory(agency=agency)
    WorkloadTaskFactory(position=post, annual_volume=1885, standard_minutes=60)  # 1885 h
    holders(post, 1)

    first = analysis.run_analysis(region=region)
    row = WorkloadResult.objects.get(run=first, position=post)
    # 1885 / 1250 = 1.508 -> 2 (half up); EJ 1.508 -> A
    assert (row.required_exact, row.required, row.ej, row.pj) == (Decimal("1.508"), 2, Decimal("1.508"), "A")

    Policy.objects.filter(region=region).update(effective_hours_per_year=1300)
    second = analysis.run_analysis(region=region)
    row = WorkloadResult.objects.get(run=second, position=post)
    # 1885 / 1300 = 1.45 -> 1 (half up); EJ 1.45 -> A
    assert (row.required_exact, row.required, row.ej, row.pj) == (Decimal("1.450"), 1, Decimal("1.450"), "A")
    post.refresh_from_db()
    assert post.required_staff == 1

    Policy.objects.filter(region=region).update(
        rounding=Rounding.CEILING, pj_a_above=Decimal("1.50"), pj_b_from=Decimal("1.20")
    )
    third = analysis.run_analysis(region=region)
    row = WorkloadResult.objects.get(run=third, position=post)
    # ceiling(1.45) = 2; EJ 1.45 is no longer above 1.50 but at least 1.20 -> B
    assert (row.required, row.gap, row.pj) == (2, -1, "B")
    assert third.policy_snapshot["rounding"] == Rounding.CEILING
    assert third.policy_snapshot["effective_hours_per_year"] == 1300
    post.refresh_from_db()
    assert post.required_staff == 2
    # the earlier runs keep their own figures
    assert WorkloadResult.objects.get(run=first, position=post).required == 2


def test_pj_bands_follow_the_policy_boundaries_exactly(region, agency):
    # EJ exactly on each lower bound belongs to the band that starts there; above 1.00 is A.
    figures = {Decimal("1.00"): "B", Decimal("0.90"): "B", Decimal("0.70"): "C", Decimal("0.50"): "D"}
    posts = {}
    for ej, _band in figures.items():
        post = PositionFactory(agency=agency)
        WorkloadTaskFactory(position=post, annual_volume=ej * 1250, standard_minutes=60)
        holders(post, 1)
        posts[ej] = post
    above = PositionFactory(agency=agency)
    WorkloadTaskFactory(position=above, annual_volume=1252, standard_minutes=60)  # EJ 1.002
    holders(above, 1)
    below = PositionFactory(agency=agency)
    WorkloadTaskFactory(position=below, annual_volume=624, standard_minutes=60)  # EJ 0.499
    holders(below, 1)

    run = analysis.run_analysis(region=region)

    policy = Policy.objects.get(region=region)
    for ej, band in figures.items():
        row = WorkloadResult.objects.get(run=run, position=posts[ej])
        assert row.ej == ej
        assert row.pj == band == policy.pj_for(ej)
    assert WorkloadResult.objects.get(run=run, position=above).pj == "A"
    assert WorkloadResult.objects.get(run=run, position=below).pj == "E"


def test_an_empty_post_has_no_ej_and_its_whole_need_is_a_shortage(region, agency):
    post = PositionFactory(agency=agency)
    WorkloadTaskFactory(position=post, annual_volume=2500, standard_minutes=60)

    run = analysis.run_analysis(region=region)

    row = WorkloadResult.objects.get(run=run, position=post)
    assert (row.required, row.current, row.gap, row.ej, row.pj, row.shortage) == (2, 0, -2, None, "", 2)


def test_bad_data_fails_the_run_and_leaves_the_need_of_positions_untouched(region, agency):
    post = PositionFactory(agency=agency, required_staff=7)
    task = WorkloadTaskFactory(position=post, annual_volume=100, standard_minutes=60)
    # A negative volume can only come from outside the forms (raw import); the database refuses it.
    type(task).objects.filter(pk=task.pk).update(annual_volume=-100)

    with pytest.raises(Exception, match="workload_hours_not_negative|CHECK constraint"):
        analysis.run_analysis(region=region)

    run = region.workloadrun_set.get()
    assert run.status == WorkloadRunStatus.FAILED
    assert run.error
    assert Position.objects.get(pk=post.pk).required_staff == 7
    assert AuditEvent.objects.filter(action="workload.run_fail", target_id=str(run.pk)).count() == 1


def test_a_failed_run_keeps_its_first_failure_and_gains_each_later_reason(region):
    """The chord's error callback may report before the failing agency's own handler: the run ends
    failed once (one audit row, one notification) and names the agency whichever came first."""
    from core.models import Notification
    from tests.factories import UserFactory

    run = analysis.run_create(region=region, triggered_by=UserFactory())
    analysis.run_fail(run_id=run.pk, error="Satu atau lebih langkah perangkat daerah gagal.")
    analysis.run_fail(run_id=run.pk, error="OPD 17: data beban kerja tidak valid")
    analysis.run_fail(run_id=run.pk, error="OPD 17: data beban kerja tidak valid")  # a redelivery

    run.refresh_from_db()
    assert run.status == WorkloadRunStatus.FAILED
    assert run.error == "Satu atau lebih langkah perangkat daerah gagal. OPD 17: data beban kerja tidak valid"
    assert AuditEvent.objects.filter(action="workload.run_fail", target_id=str(run.pk)).count() == 1
    assert Notification.objects.filter(recipient=run.triggered_by).count() == 1


def _several_agencies(region) -> None:
    for a in range(analysis.SCOPED_MAX_AGENCIES + 2):
        agency = AgencyFactory(region=region)
        unit = UnitFactory(agency=agency)
        for p in range(3):
            post = PositionFactory(agency=agency, unit=unit if p else None)
            if p != 2 or a % 2:
                WorkloadTaskFactory(
                    position=post, annual_volume=300 * (a + 1) + 17 * p, standard_minutes=45 + p
                )
            holders(post, (a + p) % 4)
            holders(post, 1, is_active=False)


def _rows(run) -> list:
    """Every stored figure of a run's rows (all columns but the row id and the run), so a column added
    to WorkloadResult is compared too."""
    columns = [f.attname for f in WorkloadResult._meta.concrete_fields if f.name not in ("id", "run")]
    return sorted(WorkloadResult.objects.filter(run=run).values_list(*columns), key=str)


@pytest.mark.parametrize("steps", [1, 2, 5])
def test_one_pass_over_the_region_and_steps_over_chunks_of_agencies_give_the_same_rows(region, steps):
    # run_analysis takes every agency in one pass (WHOLE shape); Celery steps take a chunk of agencies
    # each (SCOPED shape): the whole region as one chunk, two chunks, one agency per chunk. Every way
    # must store identical figures.
    _several_agencies(region)
    one_pass = analysis.run_analysis(region=region)
    stepped = analysis.run_create(region=region)
    chunks = analysis.agency_chunks(stepped.agency_ids, steps)
    assert len(chunks) == steps
    for chunk in chunks:
        analysis.analyse_agencies(run_id=stepped.pk, agency_ids=chunk)
        stepped.refresh_from_db()
        assert stepped.agencies_done == sum(len(c) for c in chunks[: chunks.index(chunk) + 1])  # progress
    stepped = analysis.run_finish(run_id=stepped.pk)

    assert stepped.status == WorkloadRunStatus.FINISHED
    assert len(_rows(one_pass)) == 5 * 3 + 5 + 5
    assert _rows(one_pass) == _rows(stepped)


def test_chunks_hold_every_agency_once_with_about_equal_posts_the_heaviest_first(region):
    sizes = [9, 1, 1, 4, 4, 2, 0]
    agencies = [AgencyFactory(region=region) for _ in sizes]
    for agency, n in zip(agencies, sizes, strict=True):
        for _ in range(n):
            PositionFactory(agency=agency)
    ids = [a.pk for a in agencies]

    chunks = analysis.agency_chunks(ids, 3)

    assert sorted(a for chunk in chunks for a in chunk) == sorted(ids)
    posts = [sum(sizes[ids.index(a)] for a in chunk) for chunk in chunks]
    assert posts == [9, 6, 6]  # the big agency alone, the rest balanced
    assert all(chunk == sorted(chunk) for chunk in chunks)
    assert sorted(analysis.agency_chunks(ids, 50)) == sorted([a] for a in ids)  # never an empty chunk
    assert analysis.agency_chunks(ids, 1) == [sorted(ids)]
    assert analysis.agency_chunks([], 4) == []


def test_a_failing_agency_in_a_chunk_is_named_alone_and_the_others_of_its_chunk_keep_their_rows(region):
    _several_agencies(region)
    bad = AgencyFactory(region=region)
    post = PositionFactory(agency=bad)
    task = WorkloadTaskFactory(position=post, annual_volume=10, standard_minutes=60)
    WorkloadTask.objects.filter(pk=task.pk).update(annual_volume=-10)  # refused by the database
    run = analysis.run_create(region=region)
    chunk = sorted(run.agency_ids)[-3:]  # two good agencies and the bad one
    assert bad.pk in chunk

    with pytest.raises(analysis.AgencyStepError) as failed:
        analysis.analyse_agencies(run_id=run.pk, agency_ids=chunk)

    assert str(failed.value).startswith(f"OPD {bad.pk}: ")
    assert str(failed.value).count("OPD ") == 1
    done = set(WorkloadResult.objects.filter(run=run, level="agency").values_list("agency_id", flat=True))
    assert done == set(chunk) - {bad.pk}
    run.refresh_from_db()
    assert run.agencies_done == 2

    # the retry (the data still bad) fails the same way and counts nobody twice
    with pytest.raises(analysis.AgencyStepError):
        analysis.analyse_agencies(run_id=run.pk, agency_ids=chunk)
    run.refresh_from_db()
    assert run.agencies_done == 2
    assert WorkloadResult.objects.filter(run=run, level="agency").count() == 2


@requires_postgres()
@pytest.mark.django_db(transaction=True)  # VACUUM cannot run inside the test's transaction
def test_the_post_ordered_streaming_plan_of_a_vacuumed_region_stores_the_same_rows(region, monkeypatch):
    from django.db import connection

    _several_agencies(region)
    monkeypatch.setattr(analysis, "STREAMING_MIN_TASKS", 0)  # a small region, as if it were large
    with connection.cursor() as cur:
        assert not analysis.streaming_plan_applies(cur)  # no statistics yet: the planner decides
        cur.execute("VACUUM ANALYZE instansi_workloadtask, instansi_employee")
        assert analysis.streaming_plan_applies(cur)
    streamed = analysis.run_analysis(region=region)
    monkeypatch.setattr(analysis, "ALL_VISIBLE_SHARE", 2)  # never all-visible: the planner's plan
    with connection.cursor() as cur:
        assert not analysis.streaming_plan_applies(cur)
    planned = analysis.run_analysis(region=region)
    assert len(_rows(streamed)) == 5 * 3 + 5 + 5
    assert _rows(streamed) == _rows(planned)


def test_a_one_pass_run_never_overwrites_the_need_of_a_newer_finished_run(region, agency):
    # The one-pass run writes Position.required_staff in its own statement (PostgreSQL) or at the
    # join step (elsewhere); either way only if no newer run of the region has finished.
    post = PositionFactory(agency=agency)
    task = WorkloadTaskFactory(position=post, annual_volume=1250, standard_minutes=60)  # 1,250 h: 1
    holders(post, 1)
    older = analysis.run_create(region=region)
    newer = analysis.run_analysis(region=region)
    assert newer.status == WorkloadRunStatus.FINISHED
    post.refresh_from_db()
    assert post.required_staff == 1

    task.annual_volume = 3750  # 3,750 h: 3
    task.save()
    written = analysis.analyse_agencies(run_id=older.pk, agency_ids=older.agency_ids, write_need=True)
    older = analysis.run_finish(run_id=older.pk, need_written=written)

    assert older.status == WorkloadRunStatus.FINISHED
    assert WorkloadResult.objects.get(run=older, position=post).required == 3
    post.refresh_from_db()
    assert post.required_staff == 1  # still the newer run's need

    latest = analysis.run_analysis(region=region)  # a run newer than both writes its own
    assert WorkloadResult.objects.get(run=latest, position=post).required == 3
    post.refresh_from_db()
    assert post.required_staff == 3


@requires_postgres()
@pytest.mark.django_db(transaction=True)  # each step commits on its own, as on a worker
def test_steps_commit_without_waiting_for_the_wal_flush_and_the_join_step_waits_for_it(region):
    # The durability argument of analyse_agencies: the mark "running" and each step may commit
    # asynchronously only because the join step, which marks the run finished and writes the need,
    # commits synchronously (after every step in the WAL). Recorded after each statement: the
    # setting its transaction will commit with.
    from django.db import connection

    _several_agencies(region)
    run = analysis.run_create(region=region)
    seen = []

    def record(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        with context["connection"].connection.cursor() as raw:  # not through the wrappers
            raw.execute("SHOW synchronous_commit")
            seen.append((sql.split()[0].upper(), "instansi_position" in sql, raw.fetchone()[0]))
        return result

    with connection.execute_wrapper(record):
        for chunk in analysis.agency_chunks(run.agency_ids, 2):
            analysis.analyse_agencies(run_id=run.pk, agency_ids=chunk)
        steps = list(seen)
        run = analysis.run_finish(run_id=run.pk)
        join = seen[len(steps) :]

    assert run.status == WorkloadRunStatus.FINISHED
    updates = [setting for kind, _need, setting in steps if kind == "UPDATE"]
    assert updates and set(updates) == {"off"}  # the mark "running" and the progress counter
    assert [s for kind, _need, s in steps if kind == "WITH"] == ["off", "off"]  # the two chunks
    assert [s for kind, need, s in join if kind == "UPDATE" and need] == ["on"]  # the need, the finish
    assert {s for kind, _need, s in join if kind == "INSERT"} == {"on"}  # its audit row
