"""The plan on the database reads what employees said (issue 21, point 4): standing wishes and
dislikes, circumstances and objections, set-based; each item carries the employee's view of the move
and what was left out for them; the plan reports moves following, against and without a stated view;
the next solve after an objection proposes the best other move instead."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mutasi.choices import CircumstanceScope, ConsultationAnswer, PreferenceKind, Status
from mutasi.models import Circumstance, Consultation, PlacementPreference, TransferRequest
from planning import selectors, services
from planning.models import PlanItem
from tests.factories import EmployeeFactory, UnitFactory
from tests.planning.conftest import build_now, good_skp

TODAY = timezone.localdate()


def by_employee(plan) -> dict:
    return {it.employee.name: it for it in PlanItem.objects.filter(plan=plan).select_related("employee")}


def summary(plan) -> dict:
    return {row["code"]: row["count"] for row in selectors.plan_view_summary(plan=plan)}


def wish(employee, kind=PreferenceKind.WISH, **target):
    return PlacementPreference.objects.create(employee=employee, kind=kind, **target)


def test_items_carry_the_stated_view_that_decided_and_the_plan_counts_them(plan_world):
    w = plan_world
    rina, tono, umar = w.movers
    w.destination.unit = UnitFactory(agency=w.dinkes, name="Subbagian Umum")
    w.destination.save(update_fields=["unit"])
    wish(tono, unit=w.destination.unit)  # Tono asked for the unit of the admin post
    wish(umar, PreferenceKind.DISLIKE, agency=w.dinkes)  # Umar does not want Dinkes
    PlacementPreference.objects.create(  # an ended dislike no longer counts
        employee=rina, kind=PreferenceKind.DISLIKE, agency=w.dinkes, valid_until=TODAY - dt.timedelta(days=1)
    )
    # The supervisee's family circumstance protects nothing (not a protecting category): a cost.
    Circumstance.objects.create(
        employee=w.pegawai_emp,
        category="family",
        scope=CircumstanceScope.OTHER_AGENCY,
        description="Orang tua sakit",
    )
    plan = build_now(actor=w.bkpsdm, region=w.region)

    moves = by_employee(plan)
    assert plan.slots_filled == 3
    assert moves["Rina"].destination_position_id == w.health_post.pk
    assert moves["Rina"].breakdown["view"] == "none"
    # Two admin slots, three people for them: the one who asked for the place goes, and of the two
    # against whom the move goes (a dislike, a circumstance) only one is needed.
    tono_view = {
        k: moves["Tono"].breakdown[k] for k in ("view", "view_level", "preference", "dislike_penalty")
    }
    assert tono_view == {"view": "wish", "view_level": "unit", "preference": 15.0, "dislike_penalty": 0.0}
    against = [m for name, m in moves.items() if name not in ("Rina", "Tono")]
    assert len(against) == 1
    assert against[0].breakdown["view"] in ("dislike", "circumstance")
    assert against[0].breakdown["dislike_penalty"] == -15.0 and against[0].breakdown["preference"] == 0.0
    assert summary(plan) == {"followed": 1, "against": 1, "unknown": 1}
    assert plan.solver_stats["respect"]["with_stated_view"] == 3  # Tono, Umar, the supervisee

    # HR takes the move against the employee's view out: the summary counts what stays in the plan.
    services.plan_item_remove(actor=w.bkpsdm, plan_id=plan.pk, item_id=against[0].pk)
    assert summary(plan) == {"followed": 1, "against": 0, "unknown": 1}


def test_a_protecting_circumstance_with_its_document_keeps_the_employee_out_of_other_agencies(plan_world):
    w = plan_world
    rina = w.movers[0]
    spouse = Circumstance.objects.create(
        employee=rina,
        category="spouse",
        scope=CircumstanceScope.OTHER_AGENCY,
        description="Suami bertugas di Dinas Perhubungan",
        document="private/circumstances/sk-suami.pdf",
    )
    plan = build_now(actor=w.bkpsdm, region=w.region)
    assert "Rina" not in by_employee(plan)  # every slot is in Dinkes, another agency
    assert plan.solver_stats["respect"]["protected_other_agency"] == 1
    health = next(r for r in plan.unfilled if r["position_id"] == w.health_post.pk)
    assert health["fitting_candidates"] == 0

    # Without the document the policy asks for, the same circumstance only costs like a dislike.
    spouse.document = ""
    spouse.save(update_fields=["document"])
    plan = build_now(actor=w.bkpsdm, region=w.region)
    rina_move = by_employee(plan)["Rina"]
    assert (rina_move.breakdown["view"], rina_move.breakdown["dislike_penalty"]) == ("circumstance", -15.0)

    # Ended yesterday: no effect at all.
    spouse.document, spouse.valid_until = "private/circumstances/sk-suami.pdf", TODAY - dt.timedelta(days=1)
    spouse.save(update_fields=["document", "valid_until"])
    assert by_employee(build_now(actor=w.bkpsdm, region=w.region))["Rina"].breakdown["view"] == "none"


def test_a_rotation_is_still_proposed_under_a_protection_against_other_agencies(plan_world, client):
    w = plan_world
    rina = w.movers[0]
    Circumstance.objects.create(
        employee=rina,
        category="health",
        scope=CircumstanceScope.OTHER_AGENCY,
        description="Berobat rutin",
        document="x.pdf",
    )
    # One holder, need two: a rotation slot inside Dishub, for a health graduate (Rina fits it best).
    w.dishub_other_post.required_staff = 2
    w.dishub_other_post.required_education_fields = ["Kesehatan Masyarakat"]
    w.dishub_other_post.save(update_fields=["required_staff", "required_education_fields"])
    plan = build_now(actor=w.bkpsdm, region=w.region)
    rina_move = by_employee(plan)["Rina"]
    assert rina_move.destination_position_id == w.dishub_other_post.pk and rina_move.kind == "rotation"
    assert rina_move.breakdown["excluded"] == [{"reason": "circumstance", "scope": "other_agency"}]
    client.force_login(w.bkpsdm)
    html = client.get(f"/rencana/{plan.pk}/").content.decode()
    assert "Dikecualikan: keadaan pegawai — perpindahan ke perangkat daerah lain" in html
    assert "Berobat rutin" not in html  # the circumstance itself stays private


def _object(request: TransferRequest, *, protecting: bool = False) -> Consultation:
    """The employee's answer at their own stage (the consultation workflow writes it in production;
    where it already opened the consultation of that stage, the answer is written into it)."""
    consultation, _created = Consultation.objects.update_or_create(
        step=request.steps.order_by("order").first(),
        defaults={
            "request": request,
            "answer": ConsultationAnswer.OBJECT,
            "category": "family",
            "reasons": "Anak sedang ujian akhir",
            "answered_at": timezone.now(),
            "protecting": protecting,
        },
    )
    return consultation


def test_after_an_objection_the_next_solve_proposes_the_best_other_move_never_the_objected_one(
    ready_plan, plan_world, client
):
    w = plan_world
    rina = w.movers[0]
    assert by_employee(ready_plan)["Rina"].destination_position_id == w.health_post.pk
    # A second plan built before the objection proposes the same move; it is re-solved afterwards.
    second = build_now(actor=w.bkpsdm, region=w.region)
    assert by_employee(second)["Rina"].destination_position_id == w.health_post.pk
    services.plan_apply(actor=w.bkpsdm, plan_id=ready_plan.pk)
    request = PlanItem.objects.get(plan=ready_plan, employee=rina).transfer_request
    _object(request)
    # The origin head decides the objection by rejecting the move (the approval workflow's job).
    TransferRequest.objects.filter(pk=request.pk).update(status=Status.REJECTED)
    # The other two applied moves still hold their people and slots (open requests).
    w.destination.required_staff = 4  # one more admin slot, so Rina has somewhere else to go
    w.destination.save(update_fields=["required_staff"])

    services.plan_resolve(actor=w.bkpsdm, plan_id=second.pk)
    for plan in (services.plan_compute(plan_id=second.pk), build_now(actor=w.bkpsdm, region=w.region)):
        moves = by_employee(plan)
        assert moves["Rina"].destination_position_id == w.destination.pk  # the best other move
        assert moves["Rina"].breakdown["excluded"] == [
            {"reason": "objection", "position_id": w.health_post.pk, "position_title": w.health_post.title}
        ]
        assert not PlanItem.objects.filter(
            plan=plan, employee=rina, destination_position=w.health_post
        ).exists()
        assert plan.solver_stats["respect"]["objected_pairs"] == 1
    client.force_login(w.bkpsdm)
    html = client.get(f"/rencana/{plan.pk}/").content.decode()
    assert f"Dikecualikan: keberatan pegawai — {w.health_post.title}" in html


def test_a_protecting_objection_excludes_the_moves_of_its_kind_until_hr_overrides_it(ready_plan, plan_world):
    w = plan_world
    rina = w.movers[0]
    services.plan_apply(actor=w.bkpsdm, plan_id=ready_plan.pk)
    request = PlanItem.objects.get(plan=ready_plan, employee=rina).transfer_request
    objection = _object(request, protecting=True)
    TransferRequest.objects.filter(pk=request.pk).update(status=Status.REJECTED)
    stated = selectors.stated_views(employee_ids=[rina.pk], policy=w.policy, today=TODAY)
    assert stated.protected == {rina.pk: CircumstanceScope.OTHER_AGENCY}  # it objected to another agency
    w.destination.required_staff = 4
    w.destination.save(update_fields=["required_staff"])
    assert "Rina" not in by_employee(build_now(actor=w.bkpsdm, region=w.region))

    objection.overridden_at = timezone.now()  # HR went ahead: the objection no longer holds
    objection.save(update_fields=["overridden_at"])
    assert selectors.stated_views(employee_ids=[rina.pk], policy=w.policy, today=TODAY).protected == {}
    assert "Rina" in by_employee(build_now(actor=w.bkpsdm, region=w.region))


def test_reading_what_employees_said_costs_the_same_queries_for_none_or_many(plan_world):
    w = plan_world

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            data = selectors.plan_input(region=w.region)
        return len(ctx.captured_queries), data

    before, data = queries()
    assert data.respect["with_stated_view"] == 0
    for k in range(12):
        emp = EmployeeFactory(position=w.pegawai_post, position_since=dt.date(2017, 5, 2))
        good_skp(emp)
        wish(emp, agency=w.dinkes)
        wish(emp, PreferenceKind.DISLIKE, position=w.health_post)
        Circumstance.objects.create(employee=emp, category="education", description="Anak sekolah")
    after, data = queries()
    assert data.respect["with_stated_view"] == 12
    assert after == before


def test_the_plan_api_and_page_report_the_views_with_indonesian_labels(api_client, client, plan_world):
    w = plan_world
    rina, tono, _umar = w.movers
    wish(tono, agency=w.dinkes)
    Circumstance.objects.create(
        employee=rina,
        category="health",
        scope=CircumstanceScope.ANY_MOVE,
        description="Rawat jalan",
        document="x.pdf",
    )
    plan = build_now(actor=w.bkpsdm, region=w.region)
    api_client.force_authenticate(w.bkpsdm)
    detail = api_client.get(f"/api/v1/plans/{plan.pk}/").json()
    others = PlanItem.objects.filter(plan=plan).count() - 1  # everyone but Tono stated nothing
    assert others >= 1
    assert detail["stated_views"] == [
        {"code": "followed", "label": "Sesuai keinginan pegawai", "count": 1},
        {"code": "against", "label": "Bertentangan dengan keinginan pegawai", "count": 0},
        {"code": "unknown", "label": "Tanpa keinginan tercatat", "count": others},
    ]
    assert detail["solver_stats"]["respect"]["protected_any_move"] == 1
    rows = {
        r["employee_name"]: r for r in api_client.get(f"/api/v1/plans/{plan.pk}/items/").json()["results"]
    }
    assert "Rina" not in rows
    assert rows["Tono"]["breakdown"]["view"] == "wish"
    assert rows["Tono"]["breakdown"]["view_label"] == "Sesuai keinginan pegawai"
    assert rows["Tono"]["breakdown"]["view_level"] == "agency"

    client.force_login(w.bkpsdm)
    html = client.get(f"/rencana/{plan.pk}/").content.decode()
    assert "Keinginan pegawai" in html and f"Tanpa keinginan tercatat: <strong>{others}</strong>" in html
    assert "Sesuai keinginan pegawai (perangkat daerah)" in html  # Tono's move
    assert "1 pegawai tidak diusulkan pindah karena keadaannya" in html
    assert "Rawat jalan" not in html and "Kesehatan" not in html.split("Keinginan pegawai")[1][:400]
