"""A finalised SKP is written to SIASN through the outbox as one skp22/save (issue 16, point 4)."""

import pytest
from django.utils import timezone

from kinerja import services
from siasn.models import OutboxKind, OutboxMessage, OutboxStatus
from siasn.services.outbox import outbox_send
from tests.kinerja.helpers import rated_skp

pytestmark = pytest.mark.django_db


def test_finalised_skp_is_sent_once_with_siasn_codes(
    org, period, siasn_fake, django_capture_on_commit_callbacks
):
    siasn_fake.generate(employees=0, agencies=1, units_per_agency=1)
    siasn_fake.add_employee(
        agency=siasn_fake.units[1], unit=siasn_fake.units[2], seq=1, nipBaru=org.pegawai.nip, id="pns-siti"
    )
    org.pegawai.siasn_id = "pns-siti"
    org.pegawai.save(update_fields=["siasn_id"])
    skp = rated_skp(org.pegawai, period, results="di_atas", behaviour="sesuai")
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_finalise(appraisal=skp, actor=org.hr)

    calls = siasn_fake.received_calls("/skp22/save")
    assert len(calls) == 1
    fields = calls[0].fields
    assert fields["pnsDinilaiId"] == "pns-siti" and fields["tahun"] == period.year
    assert fields["hasilKinerjaNilai"] == 1 and fields["perilakuKerjaNilai"] == 2
    skp.refresh_from_db()
    assert skp.predicate == "baik"  # above x as expected (kinerja.rules.MATRIX)
    assert fields["kuadranKinerjaNilai"] == 2  # SIASN: 1 Sangat Baik ... 5 Sangat Kurang
    assert fields["penilaiNipNrp"] == org.atasan.nip and fields["penilaiNama"] == org.atasan.full_name
    message = OutboxMessage.objects.get(kind=OutboxKind.SKP22)
    assert message.status == OutboxStatus.SENT

    # a resend after a lost answer asks rw-skp22 first and does not post again
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.SENDING, sending_since=None)
    assert outbox_send(message_id=message.pk) == OutboxStatus.SENT
    assert len(siasn_fake.received_calls("/skp22/save")) == 1


def test_reconciliation_lists_a_predicate_changed_in_siasn(
    org, period, siasn_fake, django_capture_on_commit_callbacks
):
    from siasn.services.reconcile import reconcile

    siasn_fake.generate(employees=0, agencies=1, units_per_agency=1)
    siasn_fake.add_employee(
        agency=siasn_fake.units[1], unit=siasn_fake.units[2], seq=1, nipBaru=org.pegawai.nip, id="pns-siti"
    )
    org.pegawai.siasn_id = "pns-siti"
    org.pegawai.save(update_fields=["siasn_id"])
    skp = rated_skp(org.pegawai, period, results="sesuai", behaviour="sesuai")
    with django_capture_on_commit_callbacks(execute=True):
        services.appraisal_finalise(appraisal=skp, actor=org.hr)
    assert reconcile().mismatch_count == 0

    siasn_fake.histories[org.pegawai.nip]["rw-skp22"][-1]["kuadranKinerjaNilai"] = 4
    OutboxMessage.objects.update(sent_at=timezone.now())
    run = reconcile()
    mismatch = run.mismatches.get()
    assert (mismatch.field, mismatch.ours, mismatch.theirs) == ("predikat", "2", "4")
    assert "kirim ulang" in mismatch.action
