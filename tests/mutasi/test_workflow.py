from core.models import AuditEvent
from mutasi import services
from mutasi.models import ApprovalStep, TransferRequest


def test_smoke_full_chain(world, submitted):
    stages = list(submitted.steps.values_list("stage", flat=True))
    assert stages == [
        "supervisor",
        "origin_head",
        "destination_head",
        "hr_verification",
        "secretary",
        "regional_head",
    ]
    for user in (world.atasan, world.kadishub, world.kadinkes, world.bkpsdm, world.sekda, world.walikota):
        services.transfer_approve(request_id=submitted.pk, actor=user, note="ok")
    r = TransferRequest.objects.get(pk=submitted.pk)
    assert r.status == "approved"
    assert AuditEvent.objects.filter(action="transfer.approve").count() == 6
    assert ApprovalStep.objects.filter(decision="approved").count() == 6
