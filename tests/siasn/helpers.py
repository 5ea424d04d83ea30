"""Shared set-up of the SIASN write-back tests: the mutasi test world made known to the fake SIASN."""

from django.utils import timezone

from mutasi import services
from mutasi.models import Decree
from siasn.fake import FakeSiasn, siasn_date
from siasn.services.imports import import_apply_start, import_start
from tests.mutasi.conftest import approve_all, make_draft


def link_world(world, fake: FakeSiasn) -> FakeSiasn:
    """The mover and the destination carry SIASN ids that the fake knows."""
    fake.generate(employees=0, agencies=2, units_per_agency=1)
    emp = world.pegawai_emp
    fake.add_employee(agency=fake.units[1], unit=fake.units[2], seq=1, nipBaru=emp.nip, id="pns-pegawai-1",
                      tglLahir=siasn_date(emp.birth_date))  # fmt: skip
    emp.siasn_id = "pns-pegawai-1"
    emp.save(update_fields=["siasn_id"])
    agency = world.destination.agency
    agency.siasn_id = fake.units[3]["Id"]
    agency.save(update_fields=["siasn_id"])
    if world.destination.unit_id:
        unit = world.destination.unit
        unit.siasn_id = fake.units[4]["Id"]
        unit.save(update_fields=["siasn_id"])
    return fake


def approved_transfer(world):
    return approve_all(world, services.transfer_submit(request_id=make_draft(world).pk, actor=world.pegawai))


def issue_decree(world, request) -> Decree:
    today = timezone.localdate()
    return services.decree_issue(
        actor=world.bkpsdm, request_ids=[request.pk], date=today, tmt=today, signer=world.walikota.employee
    )


def import_with_histories(world, fake, captured):
    """Preview then apply a web-service import with histories (none of the records refused)."""
    with captured(execute=True):
        run = import_start(region=world.region, source="webservice", actor=world.bkpsdm, with_histories=True)
    run.refresh_from_db()
    assert run.counts["refused"] == 0, list(run.records.values_list("reason", flat=True))
    with captured(execute=True):
        import_apply_start(run_id=run.pk, actor=world.bkpsdm)
    run.refresh_from_db()
    return run
