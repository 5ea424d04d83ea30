"""The talent rule on the eligibility checklist itself (issue 20 point 6): a move into a managerial or
key post shows the candidate's box and succession rank; `Policy.min_talent_box` (off by default) fails a
candidate below it, HR may still submit with a written reason (the flagged override), and a candidate
without a box (missing or expired assessment) is "needs a manual check", never a pass or a fail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.exceptions import DomainError
from core.models import AuditEvent
from instansi.models import Policy
from mutasi import eligibility
from mutasi import services as mutasi_services
from talenta.models import KeyPost
from talenta.services.grid import talent_grid_compute, talent_grid_start
from talenta.services.succession import succession_plan_compute
from tests.factories import PositionFactory
from tests.talenta.conftest import AS_OF, request_into

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def pool(world):
    """A grid and a succession plan for the key post: a box-9 candidate, a box-5 one, a box-2 one and
    one with an expired assessment (no box)."""
    people = {
        "best": world.person("sangat_baik", "sangat_baik", (92, 88, 90), golongan="III/d"),
        "middle": world.person("baik", "baik", (75, 75, 75), golongan="III/d"),
        "low": world.person("baik", "baik", (60, 60, 60), golongan="III/d"),
        "expired": world.person(
            "baik",
            "baik",
            (85, 85, 85),
            golongan="III/d",
            assessed_on=dt.date(2022, 1, 10),
            valid_until=dt.date(2025, 1, 10),
        ),
    }
    grid = talent_grid_compute(grid_id=talent_grid_start(actor=world.hr, region=world.region, as_of=AS_OF).pk)
    plan = succession_plan_compute(
        actor=world.hr, key_post=KeyPost.objects.create(position=world.key_position), grid=grid
    )
    return {**people, "grid": grid, "plan": plan}


def _minimum(world, value):
    Policy.objects.filter(region=world.region).update(min_talent_box=value)


def _talent(world, employee, destination=None):
    checklist = eligibility.check(employee=employee, destination=destination or world.key_position)
    return checklist, checklist.get("talent_box")


def test_with_the_option_off_the_checklist_shows_box_and_rank_without_deciding(world, pool):
    assert Policy.objects.get(region=world.region).min_talent_box is None  # the default: off
    candidate = pool["plan"].candidates.get(employee=pool["middle"])
    checklist, check = _talent(world, pool["middle"])
    assert check.value == 5 and check.passed and not check.blocking and not check.manual
    assert "Kotak 5 pada kotak talenta per 30 Juni 2026." in check.reason
    assert (
        f"Peringkat {candidate.rank} dari {pool['plan'].candidates.count()} dalam rencana suksesi"
        in check.reason
    )
    assert "talent_box" not in [c.code for c in checklist.failed]
    _low_list, low = _talent(world, pool["low"])
    assert low.value == 2 and low.passed  # informs only: no minimum set


def test_a_candidate_below_the_minimum_box_fails_the_talent_rule(world, pool):
    _minimum(world, 5)
    checklist, low = _talent(world, pool["low"])
    assert not low.passed and low.blocking and not low.manual and low.value == 2
    assert "kotak minimal 5" in low.reason
    assert "talent_box" in [c.code for c in checklist.failed]
    _ok_list, middle = _talent(world, pool["middle"])
    assert middle.passed and middle.blocking and middle.value == 5  # on the edge: box >= N passes
    _none, best = _talent(world, pool["best"])
    assert best.passed and "Peringkat 1 dari" in best.reason


def test_a_missing_or_expired_assessment_is_a_manual_check_not_a_failure(world, pool):
    _minimum(world, 7)
    checklist, check = _talent(world, pool["expired"])
    assert check.manual and check.value is None
    assert "penilaian kompetensi kedaluwarsa" in check.reason and "Perlu diperiksa manual" in check.reason
    assert "talent_box" not in [c.code for c in checklist.failed]
    assert check in checklist.needs_manual_check
    outsider = world.person(scores=None, golongan="III/d")  # never assessed, not in the grid either
    _list, missing = _talent(world, outsider)
    assert missing.manual and "tidak tercatat dalam kotak talenta terakhir" in missing.reason


def test_the_rule_does_not_apply_to_a_staff_post_whatever_the_minimum(world, pool):
    _minimum(world, 9)
    staff = PositionFactory(agency=world.agency, title="Pengelola Data", kind="pelaksana", grade=6)
    _list, check = _talent(world, pool["low"], destination=staff)
    assert check.passed and check.value is None and "Tidak berlaku" in check.reason


def test_hr_submits_over_a_failed_talent_rule_only_with_a_written_reason_flagged_in_the_audit(world, pool):
    _minimum(world, 5)
    world.agency.head_position = world.key_position.superior  # the origin head's stage needs a head post
    world.agency.save()
    PositionFactory(agency=world.agency, special_role="regional_head", kind="jpt_utama", title="Walikota")
    request = request_into(actor=world.hr, employee=pool["low"], position=world.key_position, reason="Uji.")
    with pytest.raises(DomainError) as refused:
        mutasi_services.transfer_submit(request_id=request.pk, actor=world.hr)
    assert any(line.startswith("talent_box:") for line in refused.value.errors["eligibility"])
    mutasi_services.transfer_submit(
        request_id=request.pk, actor=world.hr, override_reason="Satu-satunya calon dengan sertifikasi."
    )
    request.refresh_from_db()
    assert "talent_box" in request.eligibility_snapshot["overridden"]
    event = AuditEvent.objects.get(action="transfer.override", target_id=str(request.pk))
    assert event.flagged and "talent_box" in event.data["failed"]
    assert request.override_reason == "Satu-satunya calon dengan sertifikasi."


def test_check_many_gives_the_same_talent_answer_in_a_constant_number_of_queries(world, pool):
    _minimum(world, 5)
    people = [pool[k] for k in ("best", "middle", "low", "expired")]
    many = eligibility.check_many(employees=[p.pk for p in people], destination=world.key_position)
    for person in people:
        one = eligibility.check(employee=person, destination=world.key_position).get("talent_box")
        assert (many[person.pk].get("talent_box").passed, many[person.pk].get("talent_box").manual) == (
            one.passed,
            one.manual,
        )
    assert many[pool["low"].pk].get("talent_box").passed is False
    extra = [world.person(golongan="III/d").pk for _ in range(5)]
    with CaptureQueriesContext(connection) as few:
        eligibility.check_many(employees=[p.pk for p in people], destination=world.key_position)
    with CaptureQueriesContext(connection) as more:
        eligibility.check_many(employees=[p.pk for p in people] + extra, destination=world.key_position)
    assert len(few.captured_queries) == len(more.captured_queries)


def test_the_minimum_box_is_between_1_and_9(world):
    policy = Policy.objects.get(region=world.region)
    for bad in (0, 10):
        policy.min_talent_box = bad
        with pytest.raises(ValidationError) as error:
            policy.full_clean()
        assert "min_talent_box" in error.value.message_dict
