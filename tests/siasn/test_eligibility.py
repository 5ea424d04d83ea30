"""Eligibility with SIASN data: three answers (issue 16, point 6). A sanction SIASN knows refuses the
request; histories never read from SIASN, or too old, give "needs a manual check", with the reason."""

import datetime as dt

import pytest
from django.utils import timezone

from core.formatting import date_long
from instansi.models import Employee
from mutasi.eligibility import check
from siasn.fake import siasn_date
from siasn.services.imports import import_apply_start, import_start
from tests.mutasi.conftest import upload_required

pytestmark = pytest.mark.django_db


def import_with_histories(world, fake, captured):
    with captured(execute=True):
        run = import_start(region=world.region, source="webservice", actor=world.bkpsdm, with_histories=True)
    run.refresh_from_db()
    assert run.counts["refused"] == 0, list(run.records.values_list("reason", flat=True))
    with captured(execute=True):
        import_apply_start(run_id=run.pk, actor=world.bkpsdm)
    run.refresh_from_db()
    return run


@pytest.fixture
def known(world, siasn_fake):
    """The world's applicant as SIASN knows them; the region reads histories from SIASN (30 days)."""
    world.policy.siasn_max_age_days = 30
    world.policy.save()
    siasn_fake.generate(employees=0, agencies=1, units_per_agency=1)
    emp = world.pegawai_emp
    siasn_fake.add_employee(
        agency=siasn_fake.units[1], unit=siasn_fake.units[2], seq=1, nipBaru=emp.nip, id="pns-1",
        nama=emp.name, tglLahir=siasn_date(emp.birth_date), jenisKelamin="M" if emp.gender == "L" else "F",
        tmtJabatan=siasn_date(emp.position_since),
    )  # fmt: skip
    return siasn_fake


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
