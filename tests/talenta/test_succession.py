"""Key posts and succession plans (issue 20 point 4): the talent pool by the post's requirements, the fit
score with its breakdown, the main candidate and reserves with their score gap, the same ranking when
recomputed from the stored rubric, and HR's confirmation with a written reason (audited)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from core.exceptions import DomainError
from core.models import AuditEvent
from talenta import rules
from talenta.models import KeyPost, SuccessionCandidate
from talenta.services.grid import rubric_in_force, talent_grid_compute, talent_grid_start
from talenta.services.succession import (
    key_posts_mark_defaults,
    succession_plan_compute,
    succession_plan_confirm,
)
from tests.factories import AgencyFactory, PositionFactory, RegionFactory
from tests.talenta.conftest import AS_OF

RANK = {"golongan": "III/d"}


def grid_of(world):
    return talent_grid_compute(grid_id=talent_grid_start(actor=world.hr, region=world.region, as_of=AS_OF).pk)


@pytest.fixture
def key_post(world):
    return KeyPost.objects.create(position=world.key_position)


def ranking(plan):
    return list(
        SuccessionCandidate.objects.filter(plan=plan)
        .order_by("rank")
        .values_list("employee_id", "role", "score", "gap")
    )


def test_the_plan_names_a_main_candidate_and_reserves_with_their_score_gap_and_a_visible_breakdown(
    world, key_post
):
    best = world.person("sangat_baik", "sangat_baik", (92, 88, 90), **RANK)
    second = world.person("sangat_baik", "baik", (85, 80, 84), **RANK)
    third = world.person("baik", "baik", (82, 80, 81), **RANK)
    fourth = world.person("baik", "baik", (72, 70, 71), **RANK)
    plan = succession_plan_compute(actor=world.hr, key_post=key_post, grid=grid_of(world))
    rows = ranking(plan)
    assert [r[0] for r in rows] == [best.pk, second.pk, third.pk, fourth.pk]
    assert [r[1] for r in rows] == ["main", "reserve", "reserve", "pool"]  # two reserves by default
    assert rows[0][3] == Decimal("0.00")
    for _pk, _role, score, gap in rows[1:]:
        assert gap == rows[0][2] - score > 0
    top = SuccessionCandidate.objects.get(plan=plan, employee=best)
    weights = plan.rubric["fit_weights"]
    parts = {k: top.parts[k] for k in weights}
    assert parts["potential"] == rules.hundredths(Decimal("90.60"))  # (50*92 + 20*88 + 30*90) / 100
    assert parts["performance"] == 10000 and parts["integrity"] == 10000
    assert top.score == Decimal(rules.fit_score(parts, weights)) / 100
    assert top.box == 9
    assert AuditEvent.objects.filter(action="talenta.succession.compute", target_id=str(plan.pk)).exists()


def test_the_pool_follows_the_post_s_requirements(world, key_post):
    eligible = world.person(**RANK)
    past_sanction = world.person(**RANK, under_sanction=True, sanction_until=dt.date(2024, 1, 1))
    world.person(**RANK, under_sanction=True, sanction_until=dt.date(2027, 1, 1))  # still sanctioned
    world.person(**RANK, under_sanction=True, sanction_until=None)  # sanctioned without an end date
    world.person(**RANK, in_court_case=True)
    world.person(golongan="III/a")  # rank below III/c
    world.person(**RANK, tmt_cpns=dt.date(2023, 3, 1))  # under five years of service
    world.person(
        **RANK, position=PositionFactory(agency=world.agency, kind="pelaksana", grade=9)
    )  # not a feeder
    world.person(
        **RANK, position=PositionFactory(agency=world.agency, kind="pengawas", grade=8)
    )  # 4 classes below
    world.person(**RANK, position=world.key_position)  # already holds the post
    world.person(**RANK, status="cpns")
    world.person(
        **RANK,
        position=PositionFactory(
            agency=AgencyFactory(region=RegionFactory(name="Kota Lain")), kind="pengawas", grade=10
        ),
    )
    plan = succession_plan_compute(actor=world.hr, key_post=key_post, grid=grid_of(world))
    assert {r[0] for r in ranking(plan)} == {eligible.pk, past_sanction.pk}
    assert (
        SuccessionCandidate.objects.get(plan=plan, employee=past_sanction).parts["integrity"]
        == rules.INTEGRITY_RECENT_SANCTION
    )


def test_a_required_education_level_keeps_lower_levels_out_and_fields_and_competencies_score(world, key_post):
    world.key_position.required_education_levels = ["s1", "s2"]
    world.key_position.required_education_fields = ["Kesehatan Masyarakat"]
    world.key_position.competency_tags = ["manajemen kesehatan", "perencanaan"]
    world.key_position.save()
    match = world.person(
        **RANK, education_level="s2", education_field="kesehatan masyarakat", competencies=["Perencanaan"]
    )
    other = world.person(**RANK, education_level="s1", education_field="Ekonomi")
    world.person(**RANK, education_level="d3")
    plan = succession_plan_compute(actor=world.hr, key_post=key_post, grid=grid_of(world))
    parts = {c.employee_id: c.parts for c in SuccessionCandidate.objects.filter(plan=plan)}
    assert set(parts) == {match.pk, other.pk}
    assert parts[match.pk]["qualification"] == 4000 + 3000 + 1500  # level, field, half the tags
    assert parts[other.pk]["qualification"] == 4000


def test_low_boxes_and_manual_checks_are_never_named_main_or_reserve(world, key_post):
    low = world.person("butuh_perbaikan", "butuh_perbaikan", (79, 79, 79), **RANK)  # box 3
    unchecked = world.person("sangat_baik", "sangat_baik", None, **RANK)  # no assessment
    named = world.person("baik", "baik", (71, 70, 70), **RANK)  # box 5
    plan = succession_plan_compute(actor=world.hr, key_post=key_post, grid=grid_of(world))
    roles = {c.employee_id: (c.role, c.box) for c in SuccessionCandidate.objects.filter(plan=plan)}
    assert roles[named.pk] == ("main", 5)
    assert roles[low.pk] == ("pool", 3) and roles[unchecked.pk] == ("pool", None)


def test_recomputing_a_plan_from_its_stored_rubric_and_grid_gives_the_same_ranking(world, key_post):
    for scores, preds in [
        ((90, 70, 60), ("baik", "baik")),
        ((70, 90, 95), ("sangat_baik", "baik")),
        ((80, 80, 80), ("baik", "butuh_perbaikan")),
    ]:
        world.person(*preds, scores, **RANK)
    grid = grid_of(world)
    past = succession_plan_compute(actor=world.hr, key_post=key_post, grid=grid)
    rubric = rubric_in_force(region=world.region)
    rubric.fit_potential, rubric.fit_performance = 5, 80
    rubric.save()
    again = succession_plan_compute(actor=world.hr, key_post=key_post, grid=past.grid, rubric=past.rubric)
    assert ranking(again) == ranking(past)
    fresh = succession_plan_compute(actor=world.hr, key_post=key_post, grid=grid)
    assert ranking(fresh) != ranking(past)  # the new weights rank differently: the stored plan did not move


def test_hr_confirms_the_main_candidate_with_a_reason_and_a_change_is_flagged(world, key_post):
    first = world.person("sangat_baik", "sangat_baik", (92, 88, 90), **RANK)
    second = world.person("sangat_baik", "baik", (85, 80, 84), **RANK)
    plan = succession_plan_compute(actor=world.hr, key_post=key_post, grid=grid_of(world))
    with pytest.raises(DomainError) as exc:
        succession_plan_confirm(actor=world.hr, plan_id=plan.pk, main_candidate_id=first.pk, reason="  ")
    assert exc.value.field == "reason"
    with pytest.raises(PermissionDenied):
        succession_plan_confirm(
            actor=world.tpk, plan_id=plan.pk, main_candidate_id=first.pk, reason="Setuju."
        )
    confirmed = succession_plan_confirm(
        actor=world.hr, plan_id=plan.pk, main_candidate_id=first.pk, reason="Sesuai peringkat."
    )
    assert confirmed.status == "confirmed" and not confirmed.overrides_ranking
    assert AuditEvent.objects.get(action="talenta.succession.confirm").flagged is False
    changed = succession_plan_confirm(
        actor=world.hr, plan_id=plan.pk, main_candidate_id=second.pk, reason="Kandidat pertama akan pensiun."
    )
    assert changed.main_candidate_id == second.pk and changed.overrides_ranking
    event = AuditEvent.objects.get(action="talenta.succession.override")
    assert (
        event.flagged
        and event.note == "Kandidat pertama akan pensiun."
        and event.data["system_main"] == first.pk
    )
    outsider = world.person(golongan="II/a")
    with pytest.raises(DomainError):
        succession_plan_confirm(
            actor=world.hr, plan_id=plan.pk, main_candidate_id=outsider.pk, reason="Titipan."
        )


def test_a_plan_needs_a_finished_grid(world, key_post):
    with pytest.raises(DomainError):
        succession_plan_compute(actor=world.hr, key_post=key_post)


def test_every_jpt_and_administrator_post_is_a_key_post_by_default_once(world):
    assert key_posts_mark_defaults(actor=world.hr, region=world.region) == 2  # head (JPT) and secretary
    assert key_posts_mark_defaults(actor=world.hr, region=world.region) == 0
    assert set(KeyPost.objects.values_list("position__kind", flat=True)) == {"jpt_pratama", "administrator"}
    with pytest.raises(PermissionDenied):
        key_posts_mark_defaults(actor=world.auditor, region=world.region)


def test_a_changed_main_candidate_is_on_the_exceptions_report_with_its_reason(client, world, key_post):
    world.person("sangat_baik", "sangat_baik", (92, 88, 90), **RANK)
    second = world.person("sangat_baik", "baik", (85, 80, 84), **RANK)
    plan = succession_plan_compute(actor=world.hr, key_post=key_post, grid=grid_of(world))
    succession_plan_confirm(
        actor=world.hr, plan_id=plan.pk, main_candidate_id=second.pk, reason="Pengalaman lapangan."
    )
    client.force_login(world.auditor)
    text = client.get("/mutasi/pengecualian/").content.decode()
    assert "Pengalaman lapangan." in text and "kandidat peringkat 2, bukan kandidat utama sistem" in text
    assert str(plan) in text
