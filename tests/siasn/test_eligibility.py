"""Eligibility with SIASN data: three answers (issue 16, point 6). A sanction SIASN knows refuses the
request; histories never read from SIASN, or too old, give "needs a manual check", with the reason."""

import datetime as dt

import pytest
from django.utils import timezone

from core.formatting import date_long
from instansi.models import Employee
from mutasi.eligibility import check
from siasn.fake import siasn_date
from tests.mutasi.conftest import upload_required
from tests.siasn.helpers import import_with_histories

pytestmark = pytest.mark.django_db


def test_missing_siasn_history_needs_a_manual_check(world, known):
    result = check(employee=world.pegawai_emp, destination=world.destination)
    item = result.get("no_sanction")
    assert item.manual and not item.passed and "belum pernah diambil" in item.reason
    assert result.get("no_study_or_bond").manual
    assert result.answer == "manual"
    assert result.passed  # not a failure: HR checks by hand
    assert result.snapshot()["answer"] == "manual"


def test_history_read_recently_is_met_and_stale_is_manual_again(
    world, known, django_capture_on_commit_callbacks
):
    import_with_histories(world, known, django_capture_on_commit_callbacks)
    emp = Employee.objects.get(pk=world.pegawai_emp.pk)
    assert emp.siasn_checked_at is not None
    result = check(employee=emp, destination=world.destination)
    assert result.get("no_sanction").passed and not result.get("no_sanction").manual

    Employee.objects.filter(pk=emp.pk).update(siasn_checked_at=timezone.now() - dt.timedelta(days=45))
    emp.refresh_from_db()
    item = check(employee=emp, destination=world.destination).get("no_sanction")
    assert item.manual and "45 hari lalu (batas 30 hari)" in item.reason


def test_a_sanction_present_in_siasn_refuses_the_request(world, known, django_capture_on_commit_callbacks):
    until = timezone.localdate() + dt.timedelta(days=120)
    known.histories[world.pegawai_emp.nip]["rw-hukdis"].append(
        {"id": "hd-1", "jenisHukumanId": "06", "jenisHukumanNama": "Penurunan pangkat",
         "hukumanTanggal": "01-02-2026", "akhirHukumTanggal": siasn_date(until)}
    )  # fmt: skip
    import_with_histories(world, known, django_capture_on_commit_callbacks)
    emp = Employee.objects.get(pk=world.pegawai_emp.pk)
    result = check(employee=emp, destination=world.destination)
    item = result.get("no_sanction")
    assert not item.passed and not item.manual and item.value == until.isoformat()
    assert date_long(until) in item.reason  # the date as readers write it
    assert result.answer == "not_met" and not result.passed

    # the employee's own request is refused with the reason (mutasi's submission rule)
    from core.exceptions import DomainError
    from mutasi import services

    draft = services.transfer_create(
        actor=world.pegawai, employee=emp, destination_position=world.destination,
        kind="between_agencies", reason="Ingin pindah.",
    )  # fmt: skip
    upload_required(draft, world.pegawai)
    with pytest.raises(DomainError) as info:
        services.transfer_submit(request_id=draft.pk, actor=world.pegawai)
    assert any(
        m.startswith("no_sanction: Sedang menjalani hukuman disiplin")
        for m in info.value.errors["eligibility"]
    )


def test_without_siasn_in_the_policy_the_rules_answer_as_before(world):
    result = check(employee=world.pegawai_emp, destination=world.destination)
    assert not result.needs_manual_check and result.get("no_sanction").passed
