"""Shared data for the workload tests: a small region with its people and roles."""

from dataclasses import dataclass

from core.models import User
from instansi.models import Agency, Employee, Position, Region, Unit
from tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PositionFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
    WorkloadTaskFactory,
)


@dataclass
class World:
    region: Region
    dinkes: Agency
    dishub: Agency
    unit: Unit
    worked: Position  # 905 h, 1 holder (REGULATION.md 2 worked check)
    nurse: Position  # multi-task, short of staff
    clerk: Position  # surplus
    untasked: Position  # no tasks: not analysed
    hr: User
    kadinkes: User
    kadishub: User
    auditor: User
    walikota: User
    pegawai: User


def person(position, username, groups=()):
    user = UserFactory(username=username, groups=list(groups))
    EmployeeFactory(position=position, user=user)
    return user


def build_world() -> World:
    region = RegionFactory()
    dinkes = AgencyFactory(region=region, name="Dinas Kesehatan", short_name="Dinkes")
    dishub = AgencyFactory(region=region, name="Dinas Perhubungan", short_name="Dishub")
    setda = AgencyFactory(region=region, name="Sekretariat Daerah", short_name="Setda")
    unit = UnitFactory(agency=dinkes, name="Bidang Pelayanan Kesehatan")

    head_dinkes = PositionFactory(
        agency=dinkes, title="Kepala Dinas Kesehatan", is_head=True, kind="jpt_pratama"
    )
    head_dishub = PositionFactory(
        agency=dishub, title="Kepala Dinas Perhubungan", is_head=True, kind="jpt_pratama"
    )
    mayor = PositionFactory(agency=setda, title="Walikota", special_role="regional_head", kind="jpt_utama")

    worked = PositionFactory(agency=dinkes, unit=unit, title="Pengelola Data Kesehatan", superior=head_dinkes)
    WorkloadTaskFactory(position=worked, annual_volume=905, standard_minutes=60)
    EmployeeFactory(position=worked)

    nurse = PositionFactory(agency=dinkes, unit=unit, title="Perawat Ahli Pertama", kind="ahli_pertama")
    # 2400x45 + 600x90 + 150x250 + 12x1200 min = 213900 min = 3565 h -> exact 2.852, required 3
    for volume, minutes in [(2400, 45), (600, 90), (150, 250), (12, 1200)]:
        WorkloadTaskFactory(position=nurse, annual_volume=volume, standard_minutes=minutes)
    EmployeeFactory.create_batch(2, position=nurse)

    clerk = PositionFactory(agency=dishub, title="Pengadministrasi Perkantoran")
    WorkloadTaskFactory(position=clerk, annual_volume=1250, standard_minutes=60)  # 1250 h -> 1
    EmployeeFactory.create_batch(4, position=clerk)

    untasked = PositionFactory(agency=dishub, title="Pengemudi")
    EmployeeFactory(position=untasked)

    return World(
        region=region,
        dinkes=dinkes,
        dishub=dishub,
        unit=unit,
        worked=worked,
        nurse=nurse,
        clerk=clerk,
        untasked=untasked,
        hr=UserFactory(username="bkpsdm", groups=["hr"]),
        kadinkes=person(head_dinkes, "kadinkes"),
        kadishub=person(head_dishub, "kadishub"),
        auditor=UserFactory(username="auditor", groups=["auditor"]),
        walikota=person(mayor, "walikota"),
        pegawai=person(clerk, "pegawai"),
    )


def employees_bulk(positions, count: int, start: int = 0) -> None:
    """Many holders fast (bulk_create; NIPs unique, not validated: size is all that matters here)."""
    import datetime as dt

    rows = [
        Employee(
            nip=f"9{start + i:017d}",
            name=f"Pegawai Massal {start + i}",
            birth_date=dt.date(1980, 1, 1),
            gender="L",
            status="pns",
            education_level="s1",
            position=positions[i % len(positions)],
        )
        for i in range(count)
    ]
    Employee.objects.bulk_create(rows, batch_size=5000)
