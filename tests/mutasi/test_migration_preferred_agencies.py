"""Issue 21: one home for an employee's preferences. A database with `Employee.preferred_agencies`
rows keeps them as PlacementPreference agency wishes after migrating (mutasi 0011, instansi 0015),
and gets them back when migrated backwards."""

import datetime as dt

import pytest

from mutasi.choices import PreferenceKind
from tests.migrating import migrate

BEFORE = [("instansi", "0014_policy_min_talent_box"), ("mutasi", "0010_employee_stage")]


def _seed(apps):
    Region = apps.get_model("instansi", "Region")
    Agency = apps.get_model("instansi", "Agency")
    Position = apps.get_model("instansi", "Position")
    Employee = apps.get_model("instansi", "Employee")
    region = Region.objects.create(name="Pemerintah Kota Lama", kind="kota")
    dinkes, dishub, bkd = (
        Agency.objects.create(region=region, code=code, name=name, kind="dinas")
        for code, name in (("DINKES", "Dinas Kesehatan"), ("DISHUB", "Dinas Perhubungan"), ("BKD", "BKD"))
    )
    post = Position.objects.create(
        agency=dishub, code="DISHUB-ADM", title="Pengadministrasi", kind="pelaksana"
    )
    ani = Employee.objects.create(
        nip="199001012015032001", name="Ani", position=post, birth_date=dt.date(1990, 1, 1)
    )
    budi = Employee.objects.create(
        nip="199102022016031002", name="Budi", position=post, birth_date=dt.date(1991, 2, 2)
    )
    Employee.objects.create(
        nip="199203032017032003", name="Citra", position=post, birth_date=dt.date(1992, 3, 3)
    )
    ani.preferred_agencies.set([dinkes, bkd])
    budi.preferred_agencies.set([dinkes])
    return {("Ani", "DINKES"), ("Ani", "BKD"), ("Budi", "DINKES")}


@pytest.mark.django_db(transaction=True)
def test_preferred_agencies_become_agency_wishes_and_come_back_when_migrated_backwards():
    try:
        expected = _seed(migrate(BEFORE))
        apps = migrate()
        wishes = apps.get_model("mutasi", "PlacementPreference").objects.select_related("employee", "agency")
        assert {(w.employee.name, w.agency.code) for w in wishes} == expected
        assert {(w.kind, w.unit_id, w.position_id, w.valid_until) for w in wishes} == {
            (PreferenceKind.WISH, None, None, None)
        }
        assert "preferred_agencies" not in {
            f.name for f in apps.get_model("instansi", "Employee")._meta.get_fields()
        }

        old = migrate(BEFORE)
        Employee = old.get_model("instansi", "Employee")
        back = {(e.name, a.code) for e in Employee.objects.all() for a in e.preferred_agencies.all()}
        assert back == expected
    finally:
        migrate()  # whatever happened, the next test finds the latest schema
