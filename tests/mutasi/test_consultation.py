"""Issue 21 points 2 and 3: the employee's own stage in a move they did not ask for (consultation), the
objection every later approver sees and must answer, the protecting objection HR must override, and
silence past the deadline recorded as "no objection" by the nightly job."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditEvent, Notification
from mutasi import selectors, services
from mutasi.choices import ConsultationAnswer, Decision
from mutasi.models import ApprovalChain, ApprovalStep, Attachment, ChainStage, Consultation, TransferRequest
from mutasi.services.common import add_working_days
from mutasi.tasks import consultation_silence_task
from tests.factories import UserFactory
from tests.mutasi.factories import PDF_BYTES, give_skp, last_years

pytestmark = [pytest.mark.django_db, pytest.mark.consultation]
JAKARTA = dt.timezone(dt.timedelta(hours=7))


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _page(user):
    client = Client()
    client.force_login(user)
    return client


def _proposed(world, *, today=None) -> TransferRequest:
    """Kadishub proposes `pegawai`'s move into Dinas Kesehatan (agency-initiated) and submits it."""
    draft = services.transfer_create(
        actor=world.kadishub,
        employee=world.pegawai_emp,
        destination_position=world.destination,
        kind="between_agencies",
        reason="Penataan pegawai sesuai ABK.",
    )
    return services.transfer_submit(request_id=draft.pk, actor=world.kadishub, today=today)


def _pdf(name="surat-dokter.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def _object(world, request, *, category="other", documents=()):
    return services.consultation_answer(
        request_id=request.pk,
        actor=world.pegawai,
        answer="object",
        category=category,
        reasons="Anak saya bersekolah di dekat kantor sekarang.",
        documents=list(documents),
    )


def test_a_move_the_employee_did_not_ask_for_starts_with_their_answer(world):
    request = _proposed(world)
    steps = list(request.steps.order_by("order"))
    assert [s.stage for s in steps[:2]] == ["employee", "origin_head"]
    assert request.current_stage == "employee"
    first = steps[0]
    consultation = Consultation.objects.get(step=first)
    assert consultation.answer == ""
    # The deadline is the policy's "employee" days (10 working days by default), counted from the local
    # day it was activated (from 17:00 UTC the day in Jakarta is already the next one)
    assert first.due_date == add_working_days(
        timezone.localdate(first.activated_at), world.policy.stage_deadlines["employee"]
    )
    assert Notification.objects.filter(recipient=world.pegawai, title__contains="mohon tanggapan").exists()
    # The employee finds it in their inbox; the origin head does not yet.
    assert [s.pk for s in selectors.transfer_inbox(viewer=world.pegawai)] == [first.pk]
    assert not selectors.transfer_inbox(viewer=world.kadishub).exists()


def test_an_employees_own_request_has_no_consultation_stage(world, submitted):
    assert "employee" not in set(submitted.steps.values_list("stage", flat=True))


def test_an_incoming_chain_has_no_employee_stage():
    stages = ChainStage.objects.filter(chain__kind="incoming").values_list("stage", flat=True)
    assert "employee" not in set(stages)
    for kind in ("rotation", "between_agencies", "outgoing"):
        first = ChainStage.objects.filter(chain__kind=kind).order_by("order").first()
        assert (first.stage, first.condition) == ("employee", "not_employee_initiated")


def test_the_migration_adds_the_stage_first_without_touching_what_hr_edited(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("mutasi.migrations.0010_employee_stage")
    chain = ApprovalChain.objects.get(kind="rotation")
    chain.stages.filter(stage="employee").delete()
    edited = chain.stages.get(stage="origin_head")
    edited.order = 7  # HR moved a stage
    edited.save()
    before = {(s.pk, s.order, s.stage, s.condition) for s in chain.stages.all()}
    migration.add_employee_stage(apps, None)
    migration.add_employee_stage(apps, None)  # again: nothing more
    after = {(s.pk, s.order, s.stage, s.condition) for s in chain.stages.all()}
    added = after - before
    assert before <= after and len(added) == 1
    assert [(o, st, c) for _pk, o, st, c in added] == [(0, "employee", "not_employee_initiated")]


def test_agreeing_moves_the_chain_to_the_origin_head(world):
    request = _proposed(world)
    services.consultation_answer(request_id=request.pk, actor=world.pegawai, answer="agree")
    request.refresh_from_db()
    assert request.current_stage == "origin_head"
    consultation = Consultation.objects.get(request=request)
    assert consultation.answer == ConsultationAnswer.AGREE and consultation.answered_by == world.pegawai
    event = AuditEvent.objects.get(action="consultation.answer", target_id=str(request.pk))
    assert event.note == "Setuju" and not event.flagged
    assert selectors.transfer_inbox(viewer=world.kadishub).filter(request=request).exists()
    # The origin head approves without any reason: there is no objection.
    services.transfer_approve(request_id=request.pk, actor=world.kadishub)


def test_an_objection_shows_on_the_approvers_card_and_needs_a_reason_to_go_ahead(world):
    request = _proposed(world)
    _object(world, request, documents=[_pdf()])
    client = _page(world.kadishub)
    inbox = client.get("/mutasi/kotak-masuk/").content.decode()
    assert "Keberatan" in inbox and "Anak saya bersekolah" in inbox
    assert 'name="against_objection_reason"' in inbox
    # Without a reason: 400 with an Indonesian field message; nothing moves.
    response = _api(world.kadishub).post(f"/api/v1/transfers/{request.pk}/approve/", {"note": "Setuju"})
    assert response.status_code == 400
    assert "tuliskan alasan" in response.json()["against_objection_reason"][0]
    request.refresh_from_db()
    assert request.current_stage == "origin_head"
    # With it: approved, kept on the step, a flagged audit row on the exceptions report.
    reason = "Formasi Dinkes mendesak; sekolah anak tetap terjangkau."
    response = _api(world.kadishub).post(
        f"/api/v1/transfers/{request.pk}/approve/", {"against_objection_reason": reason}
    )
    assert response.status_code == 200, response.content
    step = ApprovalStep.objects.get(request=request, stage="origin_head")
    assert step.decision == Decision.APPROVED and step.against_objection_reason == reason
    event = AuditEvent.objects.get(action="consultation.against")
    assert event.flagged and event.note == reason and event.actor == world.kadishub
    rows = selectors.exceptions_rows(viewer=world.bkpsdm)
    assert [r["transfer"].pk for r in rows if r["event"].pk == event.pk] == [request.pk]
    page = _page(world.auditor).get("/mutasi/pengecualian/").content.decode()
    assert reason in page and "meski pegawai keberatan" in page
    trail = _page(world.auditor).get("/jejak-audit/?flagged=1").content.decode()
    assert reason in trail
    # The next approver owes a reason too, and sees the objection in the timeline.
    detail = _page(world.kadinkes).get(f"/mutasi/{request.pk}/").content.decode()
    assert "Anak saya bersekolah" in detail and reason in detail


def test_a_protecting_objection_blocks_until_hr_overrides_it_with_a_reason(world):
    request = _proposed(world)
    consultation = _object(world, request, category="health", documents=[_pdf()])
    assert consultation.protecting and consultation.is_blocking
    assert Notification.objects.filter(recipient=world.bkpsdm, title__contains="menahan usulan").exists()
    response = _api(world.kadishub).post(
        f"/api/v1/transfers/{request.pk}/approve/", {"against_objection_reason": "Tetap perlu."}
    )
    assert response.status_code == 409
    assert "dilindungi kebijakan" in response.json()["detail"]
    # Only HR overrides (403 for the head), with a reason (400 without it).
    override = f"/api/v1/transfers/{request.pk}/consultation/override/"
    assert _api(world.kadishub).post(override, {"reason": "Saya putuskan."}).status_code == 403
    assert _api(world.bkpsdm).post(override, {"reason": " "}).status_code == 400
    response = _api(world.bkpsdm).post(override, {"reason": "Surat dokter sudah diverifikasi; faskes ada."})
    assert response.status_code == 200, response.content
    assert response.json()["blocking"] is False
    assert AuditEvent.objects.get(action="consultation.override").flagged
    # Overridden: a second override is not possible now (409), and the head goes ahead with a reason.
    assert _api(world.bkpsdm).post(override, {"reason": "Lagi."}).status_code == 409
    response = _api(world.kadishub).post(
        f"/api/v1/transfers/{request.pk}/approve/", {"against_objection_reason": "Keputusan BKPSDM."}
    )
    assert response.status_code == 200


def test_a_protecting_category_without_the_required_document_does_not_block(world):
    request = _proposed(world)
    consultation = _object(world, request, category="health")
    assert consultation.is_objection and not consultation.protecting
    world.policy.protecting_needs_document = False
    world.policy.save()
    other = _proposed_for_other(world)
    assert services.consultation_answer(
        request_id=other.pk, actor=world.other, answer="object", category="spouse", reasons="Suami di Manna."
    ).is_blocking


def _proposed_for_other(world):
    give_skp(world.other_emp, dict.fromkeys(last_years(2), "baik"))
    draft = services.transfer_create(
        actor=world.kadishub,
        employee=world.other_emp,
        destination_position=world.destination,
        kind="between_agencies",
        reason="Penataan.",
    )
    return services.transfer_submit(request_id=draft.pk, actor=world.kadishub)


def test_the_page_override_button_is_for_hr_only(world):
    request = _proposed(world)
    _object(world, request, category="spouse", documents=[_pdf("sk-suami.pdf")])
    assert "Lanjutkan usulan" in _page(world.bkpsdm).get(f"/mutasi/{request.pk}/").content.decode()
    assert "Lanjutkan usulan" not in _page(world.kadishub).get(f"/mutasi/{request.pk}/").content.decode()
    response = _page(world.bkpsdm).post(
        f"/mutasi/{request.pk}/aksi/consult-override/", {"reason": "Penempatan suami sudah berakhir."}
    )
    assert response.status_code == 302
    assert Consultation.objects.get(request=request).overridden_by == world.bkpsdm


def test_silence_past_the_deadline_is_recorded_as_no_objection_by_the_nightly_job(world):
    request = _proposed(world)
    step = request.steps.get(stage="employee")
    # On the deadline day nothing happens; the day after, silence is recorded and the chain moves on.
    assert services.consultations_record_silence(today=step.due_date) == 0
    # The reminder job never escalates the employee's stage.
    reminded, escalated = services.deadline_reminders(today=step.due_date + dt.timedelta(days=1))
    assert escalated == 0
    # The nightly task itself, on the day after the deadline (local time).
    day_after = dt.datetime.combine(step.due_date + dt.timedelta(days=1), dt.time(0, 20), tzinfo=JAKARTA)
    with time_machine.travel(day_after, tick=False):
        assert consultation_silence_task() == 1
    consultation = Consultation.objects.get(request=request)
    assert consultation.answer == ConsultationAnswer.SILENT
    request.refresh_from_db()
    assert request.current_stage == "origin_head"
    event = AuditEvent.objects.get(action="consultation.silent")
    assert event.note == "Tidak menjawab sampai tenggat — dianggap tidak keberatan"
    assert "Tidak menjawab sampai tenggat — dianggap tidak keberatan" in (
        _page(world.kadishub).get(f"/mutasi/{request.pk}/").content.decode()
    )
    # Nothing left to record; no objection, so the head approves without a reason.
    assert services.consultations_record_silence(today=step.due_date + dt.timedelta(days=2)) == 0
    services.transfer_approve(request_id=request.pk, actor=world.kadishub)


def test_the_nightly_job_is_scheduled():
    from config.schedules import SCHEDULES

    assert ("mutasi.tasks.consultation_silence_task", {"minute": "20", "hour": "0"}) in SCHEDULES.values()


def test_only_the_employee_answers(world):
    request = _proposed(world)
    url = f"/api/v1/transfers/{request.pk}/consultation/"
    # Those who see the request but are not the employee: 403; those who do not see it: 404.
    assert _api(world.kadishub).post(url, {"answer": "agree"}).status_code == 403
    assert _api(world.bkpsdm).post(url, {"answer": "agree"}).status_code == 403
    assert _api(UserFactory()).post(url, {"answer": "agree"}).status_code == 404
    # Nobody approves the employee's stage in their place.
    assert _api(world.bkpsdm).post(f"/api/v1/transfers/{request.pk}/approve/", {}).status_code == 403
    assert _api(world.pegawai).post(f"/api/v1/transfers/{request.pk}/approve/", {}).status_code == 403
    assert Consultation.objects.get(request=request).answer == ""


def test_the_employee_cannot_answer_twice_or_after_the_deadline(world):
    request = _proposed(world)
    url = f"/api/v1/transfers/{request.pk}/consultation/"
    response = _api(world.pegawai).post(
        url, {"answer": "object", "category": "other", "reasons": "Jauh dari rumah."}, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert response.json()["answer"] == "object" and response.json()["reasons"] == "Jauh dari rumah."
    again = _api(world.pegawai).post(url, {"answer": "agree"}, format="multipart")
    assert again.status_code == 409
    late = _proposed_for_other(world)
    step = late.steps.get(stage="employee")
    with pytest.raises(services.consultation.TransitionNotAllowed):
        services.consultation_answer(
            request_id=late.pk, actor=world.other, answer="agree", today=step.due_date + dt.timedelta(days=1)
        )


def test_bad_answers_are_400_with_field_messages(world):
    request = _proposed(world)
    url = f"/api/v1/transfers/{request.pk}/consultation/"
    client = _api(world.pegawai)
    assert "answer" in client.post(url, {"answer": "maybe"}, format="multipart").json()
    body = client.post(url, {"answer": "object"}, format="multipart").json()
    assert "category" in body and "reasons" in body
    fake = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        url,
        {"answer": "object", "category": "other", "reasons": "Alasan.", "documents": [fake]},
        format="multipart",
    )
    assert response.status_code == 400 and "documents" in response.json()
    assert Consultation.objects.get(request=request).answer == ""
    assert not Attachment.objects.filter(request=request).exists()


def test_the_objection_is_private_to_the_employee_hr_and_the_deciders(world):
    request = _proposed(world)
    _object(world, request, documents=[_pdf()])
    document = Attachment.objects.get(request=request, kind="objection")
    url = f"/api/v1/transfers/{request.pk}/consultation/"
    for user in (world.pegawai, world.bkpsdm, world.kadishub, world.kadinkes, world.walikota):
        body = _api(user).get(url).json()
        assert body["private"] is True and body["reasons"].startswith("Anak saya"), user
        assert _api(user).get(f"/api/v1/attachments/{document.pk}/download/").status_code == 200, user
    # The auditor reads every request, but not why the employee objected.
    body = _api(world.auditor).get(url).json()
    assert body["answer"] == "object" and body["private"] is False
    assert body["reasons"] == "" and body["category"] == "" and body["documents"] == []
    assert _api(world.auditor).get(f"/api/v1/attachments/{document.pk}/download/").status_code == 404
    detail = _api(world.auditor).get(f"/api/v1/transfers/{request.pk}/").json()
    assert document.pk not in [a["id"] for a in detail["attachments"]]
    page = _page(world.auditor).get(f"/mutasi/{request.pk}/").content.decode()
    assert "Anak saya" not in page and "hanya dapat dibaca pegawai" in page


def test_the_employee_reads_why_and_answers_on_the_page_with_a_document(world):
    request = _proposed(world)
    client = _page(world.pegawai)
    page = client.get(f"/mutasi/{request.pk}/").content.decode()
    assert "mohon tanggapan" in page
    assert "Kebutuhan di jabatan tujuan" in page and "Pengadministrasi Kesehatan" in page
    inbox = client.get("/mutasi/kotak-masuk/").content.decode()
    assert request.number in inbox and 'name="answer"' in inbox
    response = client.post(
        f"/mutasi/{request.pk}/aksi/consult/",
        {
            "answer": "object",
            "category": "family",
            "reasons": "Orang tua sakit di rumah.",
            "documents": [_pdf("surat-keterangan.pdf")],
            "next": "inbox",
        },
    )
    assert response.status_code == 302
    consultation = Consultation.objects.get(request=request)
    assert consultation.answer == "object" and consultation.category == "family"
    assert Attachment.objects.filter(request=request, kind="objection").count() == 1
    page = client.get(f"/mutasi/{request.pk}/").content.decode()
    assert "Orang tua sakit di rumah." in page and "Keberatan" in page


def _objected_moves(world, numbers):
    """More Dishub employees with accounts who objected to the moves kadishub proposed for them."""
    from tests.factories import EmployeeFactory, PlacementHistoryFactory

    world.destination.required_staff = 50
    world.destination.save()
    for i in numbers:
        user = UserFactory(username=f"keberatan{i}")
        employee = EmployeeFactory(user=user, position=world.dishub_other_post)
        PlacementHistoryFactory(employee=employee)
        give_skp(employee, dict.fromkeys(last_years(2), "baik"))
        draft = services.transfer_create(
            actor=world.kadishub,
            employee=employee,
            destination_position=world.destination,
            kind="between_agencies",
            reason="Penataan.",
        )
        services.transfer_submit(request_id=draft.pk, actor=world.kadishub)
        services.consultation_answer(
            request_id=draft.pk, actor=user, answer="object", category="other", reasons=f"Alasan nomor {i}."
        )


def test_the_inbox_shows_every_objection_in_the_same_number_of_queries(world, django_assert_num_queries):
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _objected_moves(world, [0])
    client = _page(world.kadishub)
    client.get("/mutasi/kotak-masuk/")  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get("/mutasi/kotak-masuk/").status_code == 200
    _objected_moves(world, [1, 2, 3, 4])
    with django_assert_num_queries(len(few)):
        page = client.get("/mutasi/kotak-masuk/").content.decode()
    assert len(re.findall(r'class="card inbox-item"', page)) == 5
    assert all(f"Alasan nomor {i}." in page for i in range(5))
    assert page.count('name="against_objection_reason"') == 5
