"""`plans/` API (DESIGN.md 7): build (202), read, items, edit and re-solve, apply; errors 400/403/404/409."""

from core.models import AuditEvent
from mutasi.models import TransferRequest
from planning.choices import ItemState
from planning.models import PlanItem


def test_hr_builds_a_plan_and_reads_its_items_with_breakdown(
    api_client, plan_world, django_capture_on_commit_callbacks
):
    w = plan_world
    api_client.force_authenticate(w.bkpsdm)
    with django_capture_on_commit_callbacks(execute=True):
        answer = api_client.post("/api/v1/plans/", {"name": "Rencana 2026"}, format="json")
    assert answer.status_code == 202
    plan_id = answer.json()["id"]

    detail = api_client.get(f"/api/v1/plans/{plan_id}/").json()
    assert detail["status"] == "ready" and detail["slots_filled"] == 3
    listing = api_client.get(f"/api/v1/plans/{plan_id}/items/").json()
    assert set(listing) == {"count", "next", "previous", "results"} and listing["count"] == 3
    row = listing["results"][0]
    assert set(row["breakdown"]) >= {"education_field", "competency", "cross_agency_penalty"}
    assert row["kind"] == "between_agencies" and row["state"] == "proposed"
    assert api_client.get(f"/api/v1/plans/{plan_id}/items/", {"state": "removed"}).json()["count"] == 0
    assert api_client.get("/api/v1/plans/", {"status": "ready"}).json()["count"] == 1
    assert AuditEvent.objects.filter(action="plan.build", actor=w.bkpsdm).count() == 1


def test_remove_pin_resolve_and_apply_through_the_api(
    api_client, ready_plan, plan_world, django_capture_on_commit_callbacks
):
    w = plan_world
    api_client.force_authenticate(w.bkpsdm)
    first, second = PlanItem.objects.filter(plan=ready_plan)[:2]
    base = f"/api/v1/plans/{ready_plan.pk}"

    pinned = api_client.post(f"{base}/items/{first.pk}/pin/", {}, format="json")
    removed = api_client.post(f"{base}/items/{second.pk}/remove/", {"note": "Tetap di Dishub"}, format="json")
    assert pinned.json()["state"] == "pinned" and removed.json()["note"] == "Tetap di Dishub"
    assert api_client.post(f"{base}/items/{second.pk}/pin/", {}, format="json").status_code == 409

    with django_capture_on_commit_callbacks(execute=True):
        assert api_client.post(f"{base}/resolve/", {}, format="json").status_code == 202
    assert api_client.get(f"{base}/").json()["status"] == "ready"
    first.refresh_from_db()
    assert first.state == ItemState.PINNED

    applied = api_client.post(f"{base}/apply/", {}, format="json")
    assert applied.status_code == 200
    created = applied.json()["created_requests"]
    assert created == PlanItem.objects.filter(plan=ready_plan, state=ItemState.APPLIED).count() == 3
    again = api_client.post(f"{base}/apply/", {}, format="json")
    assert again.status_code == 200 and again.json()["created_requests"] == 0
    assert TransferRequest.objects.filter(initiated_by="plan").count() == created
    assert api_client.post(f"{base}/resolve/", {}, format="json").status_code == 409


def test_who_may_see_and_change_plans(api_client, ready_plan, plan_world):
    w = plan_world
    base = f"/api/v1/plans/{ready_plan.pk}"
    api_client.force_authenticate(w.pegawai)
    assert api_client.get("/api/v1/plans/").status_code == 403
    assert api_client.get(f"{base}/items/").status_code == 403
    api_client.force_authenticate(w.kadinkes)
    assert api_client.post("/api/v1/plans/", {}, format="json").status_code == 403
    api_client.force_authenticate(w.auditor)  # reads everything, changes nothing
    assert api_client.get(f"{base}/items/").status_code == 200
    assert api_client.post(f"{base}/apply/", {}, format="json").status_code == 403
    assert not TransferRequest.objects.exists()
    api_client.force_authenticate(w.bkpsdm)
    assert api_client.get("/api/v1/plans/999999/").status_code == 404
    assert api_client.post(f"{base}/items/999999/remove/", {}, format="json").status_code == 404
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/plans/").status_code == 401


def test_bad_input_is_a_400_with_field_messages(api_client, plan_world):
    api_client.force_authenticate(plan_world.bkpsdm)
    answer = api_client.post("/api/v1/plans/", {"agencies": [987654]}, format="json")
    assert answer.status_code == 400 and "agencies" in answer.json()
    answer = api_client.post("/api/v1/plans/", {"agency_caps": {"1": -1}}, format="json")
    assert answer.status_code == 400 and "agency_caps" in answer.json()
    answer = api_client.get("/api/v1/plans/", {"status": "nonsense"})
    assert answer.status_code == 400 and "status" in answer.json()
    assert not AuditEvent.objects.filter(action="plan.build").exists()
