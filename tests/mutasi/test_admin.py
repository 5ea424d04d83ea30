import pytest
from django.utils import timezone

from core.models import AuditEvent
from mutasi import services
from mutasi.models import Decree, TransferRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_admin(world, client):
    world.bkpsdm.is_staff = True
    world.bkpsdm.save()
    from django.contrib.auth.models import Permission

    world.bkpsdm.user_permissions.add(*Permission.objects.filter(content_type__app_label="mutasi"))
    client.force_login(world.bkpsdm)
    return client


def test_hr_filters_requests_by_status_stage_agency_kind_and_overdue(world, submitted, hr_admin):
    for query in (
        "status__exact=in_review",
        "current_stage__exact=supervisor",
        f"agency={world.dinkes.pk}",
        "kind__exact=between_agencies",
        "overdue=0",
    ):
        page = hr_admin.get(f"/admin/mutasi/transferrequest/?{query}")
        assert page.status_code == 200
        assert submitted.number in page.content.decode(), query
    assert submitted.number not in hr_admin.get("/admin/mutasi/transferrequest/?overdue=1").content.decode()


def test_bulk_verification_and_the_decree_action_in_the_admin(world, submitted, hr_admin):
    for user in (world.atasan, world.kadishub, world.kadinkes):
        services.transfer_approve(request_id=submitted.pk, actor=user)
    hr_admin.post(
        "/admin/mutasi/transferrequest/", {"action": "verify_selected", "_selected_action": [submitted.pk]}
    )
    assert TransferRequest.objects.get(pk=submitted.pk).current_stage == "secretary"
    assert AuditEvent.objects.filter(action="transfer.approve", actor=world.bkpsdm).count() == 1
    for user in (world.sekda, world.walikota):
        services.transfer_approve(request_id=submitted.pk, actor=user)
    form = hr_admin.post(
        "/admin/mutasi/transferrequest/", {"action": "issue_decree", "_selected_action": [submitted.pk]}
    )
    assert "Terbitkan SK" in form.content.decode()
    today = timezone.localdate().isoformat()
    hr_admin.post(
        "/admin/mutasi/transferrequest/",
        {
            "action": "issue_decree",
            "_selected_action": [submitted.pk],
            "apply": "1",
            "date": today,
            "tmt": today,
            "signer": world.walikota.employee.pk,
        },
    )
    assert Decree.objects.get().requests.get() == TransferRequest.objects.get(
        pk=submitted.pk, status="decreed"
    )


def test_the_decree_action_saves_a_draft_without_a_number(world, approved_request, hr_admin):
    today = timezone.localdate().isoformat()
    form = hr_admin.post(
        "/admin/mutasi/transferrequest/",
        {"action": "issue_decree", "_selected_action": [approved_request.pk]},
    )
    assert "Simpan sebagai konsep" in form.content.decode()
    answer = hr_admin.post(
        "/admin/mutasi/transferrequest/",
        {
            "action": "issue_decree",
            "_selected_action": [approved_request.pk],
            "draft": "1",
            "date": today,
            "tmt": today,
            "signer": world.walikota.employee.pk,
        },
        follow=True,
    )
    assert "Konsep SK disimpan tanpa nomor" in answer.content.decode()
    draft = Decree.objects.get()
    assert draft.status == "draft" and draft.number is None and draft.seq is None
    assert list(draft.draft_requests.all()) == [approved_request]
    assert TransferRequest.objects.get(pk=approved_request.pk).status == "approved"
    # the decree list of the admin links its preview
    listing = hr_admin.get("/admin/mutasi/decree/").content.decode()
    assert f"/mutasi/sk/{draft.pk}/pdf/" in listing and "Pratinjau konsep" in listing
