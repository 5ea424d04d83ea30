"""Building, editing, re-solving and applying a plan on a small region (issue 6, points 1-5)."""

import pytest

from core.exceptions import TransitionNotAllowed
from core.models import AuditEvent, Notification
from mutasi.choices import Initiator, Stage, Status
from mutasi.models import ApprovalStep, TransferRequest
from planning import services
from planning.choices import ItemState, PlanStatus, UnfilledReason
from planning.models import PlanItem
from planning.scoring import PARTS
from tests.planning.conftest import build_now


def items(plan, *states):
    qs = PlanItem.objects.filter(plan=plan).select_related("employee", "destination_position")
    return list(qs.filter(state__in=states) if states else qs)


def test_a_plan_fills_every_shortage_it_can_and_explains_each_move(ready_plan, plan_world):
    w = plan_world
    assert ready_plan.status == PlanStatus.READY
    assert (ready_plan.slots_total, ready_plan.slots_filled) == (3, 3)
    moves = {(it.employee.name, it.destination_position_id) for it in items(ready_plan)}
    assert ("Rina", w.health_post.pk) in moves  # the only one with the health education it asks for
    for it in items(ready_plan):
        assert set(it.breakdown) == {
            "education_level",
            "education_field",
            "competency",
            "performance",
            "rotation",
            "talent",
            "preference",
            "dislike_penalty",
            "cross_agency_penalty",
            "view",
            "view_level",
            "excluded",
        }
        assert round(sum(it.breakdown[p] for p in PARTS), 2) == float(it.fit_total)
        assert it.breakdown["view"] == "none" and it.breakdown["excluded"] == []  # nobody stated a view
        assert it.kind == "between_agencies"
        assert (it.origin_gap_before, it.origin_gap_after) == (3, 0)
    rina = next(it for it in items(ready_plan) if it.employee.name == "Rina")
    assert rina.training_needs == ["data kesehatan", "pengolahan data"]
    assert (rina.destination_gap_before, rina.destination_gap_after) == (-1, 0)
    # A production plan does not pay for the greedy comparison unless asked (see the next test).
    assert ready_plan.parameters["compare_greedy"] is False
    assert ready_plan.solver_stats["greedy_filled"] is None
    event = AuditEvent.objects.get(action="plan.compute")
    assert event.data["filled"] == 3
    assert AuditEvent.objects.filter(action="plan.build", actor=w.bkpsdm).count() == 1
    assert Notification.objects.filter(recipient=w.bkpsdm, title__contains="siap ditinjau").exists()


def test_a_plan_asked_to_compare_also_runs_the_greedy_baseline_and_keeps_asking_on_a_resolve(plan_world):
    w = plan_world
    plan = build_now(actor=w.bkpsdm, region=w.region, compare_greedy=True)
    # Greedy (best pair first) sends Rina to the admin post and leaves the health post empty.
    assert (plan.slots_filled, plan.solver_stats["greedy_filled"]) == (3, 2)
    assert plan.solver_stats["greedy_total_fit"] > 0
    services.plan_resolve(actor=w.bkpsdm, plan_id=plan.pk)
    plan = services.plan_compute(plan_id=plan.pk)
    assert plan.solver_stats["greedy_filled"] == 2


def test_the_setting_turns_the_greedy_comparison_on_for_plans_that_do_not_say(plan_world, settings):
    settings.PLANNING_COMPARE_GREEDY = True
    plan = build_now(actor=plan_world.bkpsdm, region=plan_world.region)
    assert plan.solver_stats["greedy_filled"] == 2
    assert (
        build_now(actor=plan_world.bkpsdm, region=plan_world.region, compare_greedy=False).solver_stats[
            "greedy_filled"
        ]
        is None
    )


def test_an_origin_post_is_never_taken_below_its_required_staff(plan_world):
    w = plan_world
    w.pegawai_post.required_staff = 3  # four holders, need three: only one may leave
    w.pegawai_post.save(update_fields=["required_staff"])
    plan = build_now(actor=w.bkpsdm, region=w.region)
    assert plan.slots_filled == 1
    assert [r["reason"] for r in plan.unfilled] == [UnfilledReason.ORIGIN_CAP] * 2


def test_employees_who_fail_a_transfer_rule_are_not_candidates(plan_world):
    w = plan_world
    rina, tono, umar = w.movers
    rina.under_sanction = True
    rina.save(update_fields=["under_sanction"])
    tono.status = "pppk"
    tono.save(update_fields=["status"])
    plan = build_now(actor=w.bkpsdm, region=w.region)
    moved = {it.employee_id for it in items(plan)}
    assert rina.pk not in moved and tono.pk not in moved
    assert plan.solver_stats["excluded_by_rule"] == {"no_sanction": 1, "status_pns": 1}
    health = next(r for r in plan.unfilled if r["position_id"] == w.health_post.pk)
    assert health["reason"] == UnfilledReason.FIT_TOO_LOW


def test_a_removed_move_is_never_proposed_again_and_a_pinned_one_survives_a_resolve(ready_plan, plan_world):
    w = plan_world
    rina = next(it for it in items(ready_plan) if it.employee.name == "Rina")
    other = next(it for it in items(ready_plan) if it.employee.name != "Rina")
    services.plan_item_pin(actor=w.bkpsdm, plan_id=ready_plan.pk, item_id=rina.pk)
    services.plan_item_remove(
        actor=w.bkpsdm, plan_id=ready_plan.pk, item_id=other.pk, note="Dibutuhkan di Dishub"
    )

    services.plan_resolve(actor=w.bkpsdm, plan_id=ready_plan.pk)
    plan = services.plan_compute(plan_id=ready_plan.pk)

    assert plan.status == PlanStatus.READY
    rina.refresh_from_db()
    assert rina.state == ItemState.PINNED
    pairs = {(it.employee_id, it.destination_position_id) for it in items(plan, ItemState.PROPOSED)}
    assert (other.employee_id, other.destination_position_id) not in pairs
    assert plan.slots_filled == 3  # the fourth Dishub holder takes the removed one's place
    actions = list(AuditEvent.objects.for_target(plan).values_list("action", flat=True))
    assert {"plan.item_pin", "plan.item_remove", "plan.resolve"} <= set(actions)
    assert actions.count("plan.compute") == 2


def test_applying_creates_exactly_the_accepted_requests_at_origin_head_and_twice_changes_nothing(
    ready_plan, plan_world
):
    w = plan_world
    removed = items(ready_plan)[0]
    services.plan_item_remove(actor=w.bkpsdm, plan_id=ready_plan.pk, item_id=removed.pk)
    accepted = {(it.employee_id, it.destination_position_id) for it in items(ready_plan, ItemState.PROPOSED)}

    plan, created = services.plan_apply(actor=w.bkpsdm, plan_id=ready_plan.pk)

    assert created == 2 and plan.status == PlanStatus.APPLIED
    requests = TransferRequest.objects.filter(initiated_by=Initiator.PLAN)
    assert {(r.employee_id, r.destination_position_id) for r in requests} == accepted
    for request in requests:
        assert request.status == Status.IN_REVIEW
        assert request.kind == "between_agencies"
        assert request.current_stage == Stage.ORIGIN_HEAD
        first = ApprovalStep.objects.filter(request=request).order_by("order").first()
        assert first.stage == Stage.ORIGIN_HEAD and first.approver_position_id == w.kadishub_post.pk
    for it in items(plan):
        assert (it.state == ItemState.APPLIED) == (it.pk != removed.pk)
        assert (it.transfer_request_id is not None) == (it.pk != removed.pk)
    assert AuditEvent.objects.filter(action="plan.apply").count() == 1
    before = (TransferRequest.objects.count(), ApprovalStep.objects.count(), AuditEvent.objects.count())

    again, created_again = services.plan_apply(actor=w.bkpsdm, plan_id=ready_plan.pk)

    assert created_again == 0 and again.status == PlanStatus.APPLIED
    assert (
        TransferRequest.objects.count(),
        ApprovalStep.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_apply_is_one_transaction_a_failing_request_leaves_nothing_behind(ready_plan, plan_world):
    w = plan_world
    last = items(ready_plan)[-1]
    # The employee picks up a sanction after the plan was computed: submission refuses the request.
    last.employee.under_sanction = True
    last.employee.save(update_fields=["under_sanction"])

    with pytest.raises(Exception) as caught:
        services.plan_apply(actor=w.bkpsdm, plan_id=ready_plan.pk)

    assert "no_sanction" in str(caught.value.as_dict())
    assert not TransferRequest.objects.filter(initiated_by=Initiator.PLAN).exists()
    ready_plan.refresh_from_db()
    assert ready_plan.status == PlanStatus.READY
    assert not AuditEvent.objects.filter(action__in=["plan.apply", "transfer.create"]).exists()


def test_an_applied_plan_can_no_longer_be_edited_or_resolved(ready_plan, plan_world):
    w = plan_world
    services.plan_apply(actor=w.bkpsdm, plan_id=ready_plan.pk)
    item = items(ready_plan)[0]
    with pytest.raises(TransitionNotAllowed):
        services.plan_item_remove(actor=w.bkpsdm, plan_id=ready_plan.pk, item_id=item.pk)
    with pytest.raises(TransitionNotAllowed):
        services.plan_resolve(actor=w.bkpsdm, plan_id=ready_plan.pk)


def test_only_hr_builds_edits_or_applies_a_plan(ready_plan, plan_world):
    from django.core.exceptions import PermissionDenied

    w = plan_world
    for user in (w.kadinkes, w.auditor, w.pegawai):
        with pytest.raises(PermissionDenied):
            services.plan_build(actor=user, region=w.region)
        with pytest.raises(PermissionDenied):
            services.plan_apply(actor=user, plan_id=ready_plan.pk)
    assert not TransferRequest.objects.exists()


def test_agency_caps_limit_the_moves_into_an_agency(plan_world):
    w = plan_world
    plan = build_now(actor=w.bkpsdm, region=w.region, agency_caps={w.dinkes.pk: 1})
    assert plan.slots_filled == 1
    assert {r["reason"] for r in plan.unfilled} == {UnfilledReason.AGENCY_CAP}


def test_a_failure_marks_the_plan_failed_with_its_reason(plan_world, monkeypatch):
    # The only stand-in in this suite: a broken selector, to show the failure path is recorded.
    from planning import selectors

    w = plan_world

    def broken(**kwargs):
        raise RuntimeError("basis data tidak tersedia")

    monkeypatch.setattr(selectors, "plan_input", broken)
    plan = build_now(actor=w.bkpsdm, region=w.region)
    assert plan.status == PlanStatus.FAILED
    assert "basis data tidak tersedia" in plan.error
    assert AuditEvent.objects.filter(action="plan.fail").count() == 1


def test_the_cycle_collector_is_back_after_a_plan_is_computed_or_fails(plan_world, monkeypatch):
    """`services._no_cyclic_collection` holds Python's cycle collector off only while a plan is
    computed: it is on again afterwards, whether the plan was computed or failed."""
    import gc

    from planning import selectors

    w = plan_world
    seen = []
    reading = selectors.plan_input

    def watched(**kwargs):
        seen.append(gc.isenabled())
        return reading(**kwargs)

    monkeypatch.setattr(selectors, "plan_input", watched)
    assert build_now(actor=w.bkpsdm, region=w.region).status == PlanStatus.READY
    assert seen == [False] and gc.isenabled()

    def broken(**kwargs):
        raise RuntimeError("basis data tidak tersedia")

    monkeypatch.setattr(selectors, "plan_input", broken)
    assert build_now(actor=w.bkpsdm, region=w.region).status == PlanStatus.FAILED
    assert gc.isenabled()


AWKWARD = "Tab\there, new\nline, back\\slash \\N, quote ' \" , É ñ 中, \r end"


def test_the_items_written_by_copy_are_the_rows_bulk_create_writes(ready_plan, plan_world, monkeypatch):
    """`services._insert_items`: one COPY on PostgreSQL (`core.copy_rows`, a speed seam), Django's
    `bulk_create` elsewhere (the plain path); both write the same rows, in the same order, awkward
    text and JSON included, and a whole plan computed either way stores the same items."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    w = plan_world
    fields = [f.attname for f in PlanItem._meta.concrete_fields if f.attname not in {"id", "plan_id"}]

    def stored(plan):
        return list(PlanItem.objects.filter(plan=plan).order_by("pk").values_list(*fields))

    monkeypatch.setattr(services, "_items_by_copy", lambda: False)
    plain = build_now(actor=w.bkpsdm, region=w.region)
    monkeypatch.undo()
    assert stored(plain) == stored(ready_plan) and len(stored(plain)) == 3

    def rows(plan):
        return [
            {
                "plan_id": plan.pk,
                "employee_id": mover.pk,
                "origin_position_id": w.pegawai_post.pk,
                "destination_position_id": w.health_post.pk,
                "kind": "rotation",
                "fit_total": services.Decimal(5951 + k) / 100,
                "breakdown": {"view": AWKWARD, "excluded": [{"position_title": AWKWARD}], "n": 1.25},
                "training_needs": [AWKWARD, "pengolahan data"],
                "origin_gap_before": 3,
                "origin_gap_after": -k,
            }
            for k, mover in enumerate(w.movers)
        ]

    by_copy, by_orm = (services.plan_build(actor=w.bkpsdm, region=w.region) for _ in range(2))
    services._insert_items(rows(by_copy))
    monkeypatch.setattr(services, "_items_by_copy", lambda: False)
    services._insert_items(rows(by_orm))
    assert stored(by_copy) == stored(by_orm) and len(stored(by_copy)) == len(w.movers) > 1
