"""No proposed move breaks a constraint or an eligibility rule (property-based, on the database),
and the demo region's plan tells the demo story (issue 6, Must show)."""

import datetime as dt
from collections import Counter

from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import User
from instansi.demo import demo_region
from instansi.models import Agency, Employee, Position
from mutasi import eligibility
from mutasi.choices import Initiator
from planning.models import PlanItem
from planning.scoring import PARTS
from tests.factories import EmployeeFactory, PositionFactory
from tests.mutasi.factories import give_skp, last_years
from tests.planning.conftest import build_now

PREDICATES = st.sampled_from(["sangat_baik", "baik", "butuh_perbaikan", None])
person = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["pns", "pns", "pns", "cpns", "pppk"]),
        "years_in_post": st.floats(0.3, 12),
        "sanction": st.booleans(),
        "study": st.booleans(),
        "audit": st.booleans(),
        "skp": st.tuples(PREDICATES, PREDICATES),
        "field": st.sampled_from(["Kesehatan Masyarakat", "Transportasi", "Administrasi Negara"]),
        "origin": st.integers(0, 2),
    }
)


class Rollback(Exception):
    pass


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(person, min_size=1, max_size=9), needs=st.lists(st.integers(0, 3), min_size=3, max_size=3)
)
def test_no_proposed_move_breaks_a_constraint_or_an_eligibility_rule(plan_world, people, needs):
    w = plan_world
    today = dt.date.today()
    try:
        with transaction.atomic():
            origins = [
                w.pegawai_post,
                w.dishub_other_post,
                PositionFactory(agency=w.dinkes, title="Sanitarian"),
            ]
            for spec in people:
                emp = EmployeeFactory(
                    position=origins[spec["origin"]],
                    status=spec["status"],
                    position_since=today - dt.timedelta(days=round(spec["years_in_post"] * 365.25)),
                    under_sanction=spec["sanction"],
                    on_study_assignment=spec["study"],
                    open_audit_finding=spec["audit"],
                    education_field=spec["field"],
                )
                give_skp(emp, {y: p for y, p in zip(last_years(2), spec["skp"], strict=True) if p})
            for post, need in zip(origins, needs, strict=True):
                post.required_staff = need
                post.save(update_fields=["required_staff"])
            holders = Counter(Employee.objects.filter(is_active=True).values_list("position_id", flat=True))
            required = dict(Position.objects.exclude(required_staff=None).values_list("pk", "required_staff"))

            plan = build_now(actor=w.bkpsdm, region=w.region)

            moves = list(
                PlanItem.objects.filter(plan=plan).select_related("employee", "destination_position")
            )
            assert len({m.employee_id for m in moves}) == len(moves), "one move per employee"
            into = Counter(m.destination_position_id for m in moves)
            out = Counter(m.origin_position_id for m in moves)
            for pid, n in into.items():
                assert n <= required[pid] - holders[pid], "a post receives at most its shortage"
            for pid, n in out.items():
                assert holders[pid] - n >= required[pid], "an origin never drops below its required staff"
            for m in moves:
                assert float(m.fit_total) >= plan.parameters["weights"]["min_fit"]
                checklist = eligibility.check(
                    employee=m.employee,
                    destination=m.destination_position,
                    kind=m.kind,
                    initiated_by=Initiator.PLAN,
                )
                assert checklist.passed, [c.code for c in checklist.failed]
            raise Rollback
    except Rollback:
        pass


def _story(plan):
    moves = list(
        PlanItem.objects.filter(plan=plan).select_related(
            "employee", "origin_position__agency", "destination_position__agency"
        )
    )
    story = [
        m
        for m in moves
        if m.origin_position.agency.code == "DISHUB" and m.destination_position.agency.code == "DINKES"
    ]
    for m in moves:  # every move is explained, part by part
        assert set(m.breakdown) == {*PARTS, "view", "view_level", "excluded"}
        assert round(sum(m.breakdown[p] for p in PARTS), 2) == float(m.fit_total)
        assert m.origin_gap_before > 0 and m.destination_gap_before < 0
    assert plan.slots_filled == len(moves) >= plan.solver_stats["greedy_filled"]
    # Fitting education: the employee's field is one the Dinkes post asks for, and it scores.
    fitting = [
        m
        for m in story
        if m.employee.education_field in m.destination_position.required_education_fields
        and m.breakdown["education_field"] > 0
    ]
    return moves, story, fitting


def test_on_the_demo_region_dishub_surplus_staff_with_fitting_education_fill_dinkes_shortages(db):
    call_command("seed_demo", employees=1000, verbosity=0)
    region = demo_region()
    hr = User.objects.get(username="bkpsdm")

    whole = build_now(actor=hr, region=region, compare_greedy=True)
    moves, story, fitting = _story(whole)
    assert fitting, [(m.origin_position.agency.code, m.destination_position.agency.code) for m in moves]

    # HR plans the two agencies of the story together: every move goes from Dishub to Dinkes.
    pair = list(
        Agency.objects.filter(region=region, code__in=["DISHUB", "DINKES"]).values_list("pk", flat=True)
    )
    scoped = build_now(actor=hr, region=region, agency_ids=pair, compare_greedy=True)
    moves, story, fitting = _story(scoped)
    assert len(fitting) >= 2 and len(story) == len(moves), [
        (m.origin_position.agency.code, m.destination_position.agency.code) for m in moves
    ]
