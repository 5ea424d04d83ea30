"""Post-transfer evaluations (+3 and +6 months after TMT): the new head rates adaptation and names
training needs, the employee adds their view; pages, API, reminders and training needs per agency."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditEvent, Notification
from mutasi import selectors, services
from mutasi.models import PostTransferEvaluation, TransferRequest
from mutasi.tasks import evaluation_reminders_task
from tests.mutasi.conftest import approve_all, submit_mover

pytestmark = pytest.mark.django_db
JAKARTA = dt.timezone(dt.timedelta(hours=7))


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _on(day: dt.date):
    """Travel to 09:00 Jakarta time on `day` (the evaluations count in local dates)."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(9, 0), tzinfo=JAKARTA), tick=False)


def _three_months(moved) -> PostTransferEvaluation:
    return PostTransferEvaluation.objects.get(request=moved, months_after=3)


def test_execution_schedules_evaluations_three_and_six_months_after_tmt(moved):
    tmt = moved.decree.tmt
    dues = list(
        PostTransferEvaluation.objects.filter(request=moved)
        .order_by("months_after")
        .values_list("months_after", "due_date")
    )
    assert [m for m, _d in dues] == [3, 6]
    assert all(due > tmt for _m, due in dues)
    assert (dues[0][1].month - tmt.month) % 12 == 3 and (dues[1][1].month - tmt.month) % 12 == 6


def test_the_new_head_rates_only_from_the_due_date_and_only_once(world, moved):
    evaluation = _three_months(moved)
    url = f"/api/v1/evaluations/{evaluation.pk}/head/"
    body = {"adaptation": "good", "training_needs": "Pelatihan SIMPUS\nManajemen data kesehatan"}
    early = _api(world.kadinkes).post(url, body, format="json")
    assert early.status_code == 409
    assert "baru dapat diisi" in early.json()["detail"]
    assert not AuditEvent.objects.filter(action="evaluation.rate").exists()
    with _on(evaluation.due_date):
        rated = _api(world.kadinkes).post(url, body, format="json")
        again = _api(world.kadinkes).post(url, {"adaptation": "poor"}, format="json")
    assert rated.status_code == 200, rated.content
    assert rated.json()["training_needs"] == ["Pelatihan SIMPUS", "Manajemen data kesehatan"]
    assert rated.json()["adaptation"] == "good" and rated.json()["rated_by_name"] == "Kadinkes"
    assert again.status_code == 409
    evaluation.refresh_from_db()
    assert evaluation.adaptation == "good"
    event = AuditEvent.objects.get(action="evaluation.rate")
    assert (event.actor, event.target_id) == (world.kadinkes, str(moved.pk))
    assert event.data["training_needs"] == ["Pelatihan SIMPUS", "Manajemen data kesehatan"]
    # The employee is told the head's part is in and theirs is awaited.
    assert Notification.objects.filter(
        recipient=world.pegawai, title__contains="tambahkan pandangan"
    ).exists()


def test_only_the_new_heads_or_their_plh_rate_and_others_do_not_even_see_the_evaluation(world, moved):
    evaluation = _three_months(moved)
    url = f"/api/v1/evaluations/{evaluation.pk}/head/"
    with _on(evaluation.due_date):
        # The old head, the old supervisor and a colleague: not theirs to see (404).
        for user in (world.kadishub, world.atasan, world.other):
            assert _api(user).post(url, {"adaptation": "good"}, format="json").status_code == 404
        # The employee sees it but may not rate themself (403).
        assert _api(world.pegawai).post(url, {"adaptation": "good"}, format="json").status_code == 403
        # HR reads every evaluation but the rating belongs to the new head (403).
        assert _api(world.bkpsdm).post(url, {"adaptation": "good"}, format="json").status_code == 403
        assert not AuditEvent.objects.filter(action="evaluation.rate").exists()
        # The Plh of the head of Dinas Kesehatan rates on the head's behalf.
        today = timezone.localdate()
        services.delegation_create(
            actor=world.bkpsdm, position=world.kadinkes_post, delegate=world.other, start=today, end=today
        )
        response = _api(world.other).post(url, {"adaptation": "fair"}, format="json")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="evaluation.rate")
    assert (event.actor, event.on_behalf_of) == (world.other, world.kadinkes)


def test_the_employee_adds_their_view_once_and_the_head_is_told(world, moved):
    evaluation = _three_months(moved)
    url = f"/api/v1/evaluations/{evaluation.pk}/employee/"
    with _on(evaluation.due_date):
        services.evaluation_rate(evaluation_id=evaluation.pk, actor=world.kadinkes, adaptation="good")
        assert _api(world.kadinkes).post(url, {"view": "Bukan saya"}, format="json").status_code == 403
        assert _api(world.pegawai).post(url, {"view": "  "}, format="json").status_code == 400
        response = _api(world.pegawai).post(url, {"view": "Tim sangat membantu."}, format="json")
        assert response.status_code == 200
        assert response.json()["state"] == "done"
        assert _api(world.pegawai).post(url, {"view": "Lagi"}, format="json").status_code == 409
    evaluation.refresh_from_db()
    assert evaluation.employee_view == "Tim sangat membantu."
    assert AuditEvent.objects.filter(action="evaluation.answer", actor=world.pegawai).count() == 1
    assert Notification.objects.filter(recipient=world.kadinkes, title__contains="menanggapi").exists()


def test_the_evaluation_list_shows_each_person_what_concerns_them_with_filters(world, moved):
    evaluation = _three_months(moved)

    def ids(user, **params):
        response = _api(user).get("/api/v1/evaluations/", params)
        assert response.status_code == 200
        assert {"count", "next", "previous", "results"} <= set(response.json())
        return sorted(row["id"] for row in response.json()["results"])

    both = sorted(PostTransferEvaluation.objects.filter(request=moved).values_list("pk", flat=True))
    assert ids(world.pegawai) == both
    assert ids(world.kadinkes) == both
    assert ids(world.bkpsdm) == both
    assert ids(world.auditor) == both
    assert ids(world.kadishub) == [] and ids(world.other) == []
    assert ids(world.bkpsdm, agency=world.dinkes.pk) == both
    assert ids(world.bkpsdm, agency=world.dishub.pk) == []
    assert ids(world.bkpsdm, state="upcoming") == both
    assert ids(world.bkpsdm, state="due") == []
    with _on(evaluation.due_date):
        assert ids(world.bkpsdm, state="due") == [evaluation.pk]
        assert ids(world.bkpsdm, state="overdue") == []
    with _on(evaluation.due_date + dt.timedelta(days=31)):
        assert ids(world.bkpsdm, state="overdue") == [evaluation.pk]
        services.evaluation_rate(evaluation_id=evaluation.pk, actor=world.kadinkes, adaptation="good")
        services.evaluation_answer(evaluation_id=evaluation.pk, actor=world.pegawai, view="Baik.")
        assert ids(world.bkpsdm, state="done") == [evaluation.pk]
        assert ids(world.bkpsdm, state="overdue") == []
    assert _api(world.kadishub).get(f"/api/v1/evaluations/{evaluation.pk}/").status_code == 404
    detail = _api(world.pegawai).get(f"/api/v1/evaluations/{evaluation.pk}/").json()
    assert (detail["request_number"], detail["destination_agency_name"]) == (moved.number, "Dinas Kesehatan")


def test_the_employee_answers_and_the_head_rates_on_the_evaluation_page(world, moved, client):
    evaluation = _three_months(moved)
    with _on(evaluation.due_date):
        client.force_login(world.pegawai)
        page = client.get("/mutasi/evaluasi/").content.decode()
        assert f'id="evaluasi-{evaluation.pk}"' in page
        assert f'action="/mutasi/evaluasi/{evaluation.pk}/pegawai/"' in page
        assert f'action="/mutasi/evaluasi/{evaluation.pk}/atasan/"' not in page  # not the employee's part
        response = client.post(f"/mutasi/evaluasi/{evaluation.pk}/pegawai/", {"view": "Saya belajar cepat."})
        assert response.status_code == 302 and response.url.endswith(f"#evaluasi-{evaluation.pk}")

        client.force_login(world.kadinkes)
        page = client.get("/mutasi/evaluasi/").content.decode()
        assert "Saya belajar cepat." in page
        assert f'action="/mutasi/evaluasi/{evaluation.pk}/atasan/"' in page
        refused = client.post(f"/mutasi/evaluasi/{evaluation.pk}/atasan/", {"adaptation": ""}, follow=True)
        assert "Pilih penilaian adaptasi." in refused.content.decode()
        client.post(
            f"/mutasi/evaluasi/{evaluation.pk}/atasan/",
            {"adaptation": "very_good", "training_needs": "Pelatihan SIMPUS; Epidemiologi dasar"},
        )
        page = client.get("/mutasi/evaluasi/").content.decode()
    assert "Sangat baik" in page
    assert "Kebutuhan pelatihan per perangkat daerah" in page and "Epidemiologi dasar" in page
    evaluation.refresh_from_db()
    assert evaluation.training_needs == "Pelatihan SIMPUS\nEpidemiologi dasar"
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="evaluation.").order_by("id")] == [
        "evaluation.answer",
        "evaluation.rate",
    ]


def test_someone_else_cannot_post_on_an_evaluation_page_and_nothing_changes(world, moved, client):
    evaluation = _three_months(moved)
    with _on(evaluation.due_date):
        client.force_login(world.kadishub)
        assert (
            client.post(f"/mutasi/evaluasi/{evaluation.pk}/atasan/", {"adaptation": "good"}).status_code
            == 404
        )
        client.force_login(world.pegawai)
        assert (
            client.post(f"/mutasi/evaluasi/{evaluation.pk}/atasan/", {"adaptation": "good"}).status_code
            == 403
        )
    evaluation.refresh_from_db()
    assert evaluation.rated_at is None
    assert not AuditEvent.objects.filter(action__startswith="evaluation.").exists()


def _more_moves(world, n):
    """`n` more employees moved into the destination (a bigger post so there is room)."""
    world.destination.required_staff = 50
    world.destination.save()
    today = timezone.localdate()
    requests = []
    for i in range(n):
        draft = submit_mover(world, f"mover{i}", reason="Sesuai pendidikan")
        requests.append(approve_all(world, draft).pk)
    services.decree_issue(
        actor=world.bkpsdm, request_ids=requests, date=today, tmt=today, signer=world.walikota.employee
    )
    services.execute_due_transfers(today=today)


def test_the_evaluation_page_runs_the_same_number_of_queries_for_few_and_many_evaluations(
    world, moved, client, django_assert_num_queries
):
    for user in (world.bkpsdm, world.kadinkes):
        client.force_login(user)
        client.get("/mutasi/evaluasi/")
    counts = {}
    for user in (world.bkpsdm, world.kadinkes):
        client.force_login(user)
        with CaptureQueriesContext(connection) as small:
            assert client.get("/mutasi/evaluasi/").status_code == 200
        counts[user.pk] = len(small)
    _more_moves(world, 4)
    for user in (world.bkpsdm, world.kadinkes):
        client.force_login(user)
        with django_assert_num_queries(counts[user.pk]):
            page = client.get("/mutasi/evaluasi/").content.decode()
        assert len(re.findall(r'class="card evaluation"', page)) == 10


def test_a_reminder_goes_out_once_when_an_evaluation_falls_due(world, moved):
    evaluation = _three_months(moved)
    assert evaluation_reminders_task.delay().get() == 0  # not due yet
    with _on(evaluation.due_date):
        assert evaluation_reminders_task.delay().get() == 1
        assert evaluation_reminders_task.delay().get() == 0  # once
    reminded = set(
        Notification.objects.filter(title__contains="sudah jatuh tempo").values_list(
            "recipient__username", flat=True
        )
    )
    # The new head (head of Dinas Kesehatan, also the new post's superior) and the employee.
    assert reminded == {"kadinkes", "pegawai"}
    event = AuditEvent.objects.get(action="evaluation.remind")
    assert event.target_id == str(moved.pk) and event.actor is None
    evaluation.refresh_from_db()
    assert evaluation.reminded_on == evaluation.due_date


def test_a_complete_evaluation_is_not_reminded(world, moved):
    evaluation = _three_months(moved)
    with _on(evaluation.due_date):
        services.evaluation_rate(evaluation_id=evaluation.pk, actor=world.kadinkes, adaptation="good")
        services.evaluation_answer(evaluation_id=evaluation.pk, actor=world.pegawai, view="Baik.")
        assert evaluation_reminders_task.delay().get() == 0
    assert not AuditEvent.objects.filter(action="evaluation.remind").exists()


def test_training_needs_are_counted_per_destination_agency_for_hr_and_the_agency_head(world, moved):
    evaluations = list(PostTransferEvaluation.objects.filter(request=moved).order_by("months_after"))
    for evaluation, needs in zip(
        evaluations, ["Pelatihan SIMPUS\nEpidemiologi dasar", "pelatihan simpus"], strict=True
    ):
        with _on(evaluation.due_date):
            services.evaluation_rate(
                evaluation_id=evaluation.pk, actor=world.kadinkes, adaptation="good", training_needs=needs
            )
    groups = selectors.training_needs_by_agency(viewer=world.bkpsdm)
    assert [g.agency.name for g in groups] == ["Dinas Kesehatan"]
    assert [(n.text, n.count, n.employees) for n in groups[0].needs] == [
        ("Pelatihan SIMPUS", 2, [world.pegawai_emp.full_name]),
        ("Epidemiologi dasar", 1, [world.pegawai_emp.full_name]),
    ]
    assert len(selectors.training_needs_by_agency(viewer=world.kadinkes)) == 1
    assert selectors.training_needs_by_agency(viewer=world.kadishub) == []  # own agency: none moved in
    with pytest.raises(Exception) as exc:
        selectors.training_needs_by_agency(viewer=world.pegawai)
    assert exc.type.__name__ == "PermissionDenied"


def test_training_needs_by_agency_runs_one_query_whatever_the_size(world, moved, django_assert_num_queries):
    evaluation = _three_months(moved)
    with _on(evaluation.due_date):
        services.evaluation_rate(
            evaluation_id=evaluation.pk, actor=world.kadinkes, adaptation="good", training_needs="A\nB"
        )
    viewer = world.bkpsdm
    selectors.training_needs_by_agency(viewer=viewer)  # roles cached on the user
    with django_assert_num_queries(1):
        selectors.training_needs_by_agency(viewer=viewer)
    assert TransferRequest.objects.filter(status="completed").count() == 1
