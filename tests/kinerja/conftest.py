"""A small agency for SKP tests: a head, two units each with a supervisor and staff, HR and an auditor.

kadis (agency head, no unit)
├── atasan (pengawas, unit A)  ── pegawai, rekan (pelaksana, unit A)
└── atasan_lain (pengawas, unit B) ── pegawai_lain (pelaksana, unit B)
"""

from dataclasses import dataclass

import pytest

from instansi.choices import PositionKind
from kinerja.models import AppraisalPeriod
from tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PositionFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)
from tests.kinerja.factories import AppraisalPeriodFactory


@dataclass
class Org:
    region: object
    agency: object
    unit_a: object
    unit_b: object
    kadis: object
    atasan: object
    pegawai: object
    rekan: object
    atasan_lain: object
    pegawai_lain: object
    hr: object
    auditor: object

    def user(self, name):
        return getattr(self, name).user


def _person(username, position, **kw):
    return EmployeeFactory(position=position, user=UserFactory(username=username), **kw)


@pytest.fixture
def org(db):
    region = RegionFactory()
    agency = AgencyFactory(region=region, name="Dinas Perhubungan")
    unit_a = UnitFactory(agency=agency, name="Bidang Angkutan")
    unit_b = UnitFactory(agency=agency, name="Bidang Lalu Lintas")
    head_pos = PositionFactory(
        agency=agency, title="Kepala Dinas", kind=PositionKind.JPT_PRATAMA, is_head=True
    )
    sup_a = PositionFactory(
        agency=agency,
        unit=unit_a,
        superior=head_pos,
        title="Kepala Bidang Angkutan",
        kind=PositionKind.PENGAWAS,
    )
    sup_b = PositionFactory(
        agency=agency,
        unit=unit_b,
        superior=head_pos,
        title="Kepala Bidang Lalu Lintas",
        kind=PositionKind.PENGAWAS,
    )
    staff_a = PositionFactory(agency=agency, unit=unit_a, superior=sup_a, title="Pengelola Angkutan")
    staff_b = PositionFactory(agency=agency, unit=unit_b, superior=sup_b, title="Pengatur Lalu Lintas")
    return Org(
        region=region,
        agency=agency,
        unit_a=unit_a,
        unit_b=unit_b,
        kadis=_person("kadis", head_pos, name="Yudi Hartono"),
        atasan=_person("atasan", sup_a, name="Rudi Hermawan"),
        pegawai=_person("pegawai", staff_a, name="Siti Aminah"),
        rekan=_person("rekan", staff_a, name="Budi Santoso"),
        atasan_lain=_person("atasan_lain", sup_b, name="Dewi Lestari"),
        pegawai_lain=_person("pegawai_lain", staff_b, name="Agus Salim"),
        hr=UserFactory(username="bkpsdm", groups=["hr"]),
        auditor=UserFactory(username="auditor", groups=["auditor"]),
    )


@pytest.fixture
def period(org) -> AppraisalPeriod:
    return AppraisalPeriodFactory(region=org.region)
