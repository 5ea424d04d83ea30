"""A small region wired like the demo (DESIGN.md 8): Dinas Perhubungan with `atasan` over `pegawai`,
Dinas Kesehatan with a post that needs staff, BKPSDM, Sekda and the Walikota."""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from instansi.choices import PositionKind, SpecialRole
from instansi.models import Policy
from kinerja.choices import AppraisalStatus
from mutasi.chains import chains_ensure_defaults
from tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PlacementHistoryFactory,
    PositionFactory,
    RegionFactory,
    UserFactory,
)
from tests.kinerja.factories import AppraisalFactory, AppraisalPeriodFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def give_skp(employee, predicates: dict[int, str]) -> None:
    """FINAL appraisals with the given predicate per year (the eligibility contract reads FINAL)."""
    region = employee.position.agency.region
    for year, predicate in predicates.items():
        AppraisalFactory(
            period=AppraisalPeriodFactory(region=region, year=year, is_open=False),
            employee=employee,
            status=AppraisalStatus.FINAL,
            predicate=predicate,
        )


def last_years(n: int = 2, today: dt.date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(range(today.year - n, today.year))


def person(username: str, position, *, groups=(), **employee_kwargs):
    user = UserFactory(username=username, first_name=username.capitalize(), groups=list(groups))
    employee = EmployeeFactory(user=user, position=position, **employee_kwargs)
    PlacementHistoryFactory(employee=employee, start=employee.position_since or dt.date(2018, 1, 2))
    return user, employee


def build_world(*, need: int = 3, destination_kind: str = PositionKind.PELAKSANA) -> SimpleNamespace:
    chains_ensure_defaults()  # a transactional test elsewhere may have flushed migration 0002's rows
    region = RegionFactory(name="Pemerintah Kota Manna")
    policy = Policy.objects.get(region=region)
    w = SimpleNamespace(region=region, policy=policy)

    setda = AgencyFactory(region=region, code="SETDA", name="Sekretariat Daerah")
    w.walikota_post = PositionFactory(
        agency=setda,
        title="Walikota Manna",
        kind=PositionKind.JPT_UTAMA,
        special_role=SpecialRole.REGIONAL_HEAD,
    )
    w.sekda_post = PositionFactory(
        agency=setda,
        title="Sekretaris Daerah",
        kind=PositionKind.JPT_MADYA,
        special_role=SpecialRole.SECRETARY,
        is_head=True,
    )
    setda.head_position = w.sekda_post
    setda.save()

    w.dishub = AgencyFactory(region=region, code="DISHUB", name="Dinas Perhubungan")
    w.kadishub_post = PositionFactory(
        agency=w.dishub, title="Kepala Dinas Perhubungan", kind=PositionKind.JPT_PRATAMA, is_head=True
    )
    w.dishub.head_position = w.kadishub_post
    w.dishub.save()
    w.atasan_post = PositionFactory(
        agency=w.dishub, title="Kepala Seksi Angkutan", kind=PositionKind.PENGAWAS, superior=w.kadishub_post
    )
    w.pegawai_post = PositionFactory(
        agency=w.dishub, title="Pengadministrasi Angkutan", superior=w.atasan_post, required_staff=2
    )
    w.dishub_other_post = PositionFactory(
        agency=w.dishub, title="Pengelola Terminal", superior=w.atasan_post, required_staff=3
    )

    w.dinkes = AgencyFactory(region=region, code="DINKES", name="Dinas Kesehatan")
    w.kadinkes_post = PositionFactory(
        agency=w.dinkes, title="Kepala Dinas Kesehatan", kind=PositionKind.JPT_PRATAMA, is_head=True
    )
    w.dinkes.head_position = w.kadinkes_post
    w.dinkes.save()
    w.destination = PositionFactory(
        agency=w.dinkes,
        title="Pengadministrasi Kesehatan",
        kind=destination_kind,
        superior=w.kadinkes_post,
        required_staff=need,
    )

    bkd = AgencyFactory(region=region, code="BKPSDM", name="BKPSDM", is_hr_agency=True)
    w.bkd_post = PositionFactory(agency=bkd, title="Analis SDM Aparatur")

    w.walikota, _ = person("walikota", w.walikota_post)
    w.sekda, _ = person("sekda", w.sekda_post)
    w.kadishub, w.kadishub_emp = person("kadishub", w.kadishub_post)
    w.atasan, w.atasan_emp = person("atasan", w.atasan_post)
    w.kadinkes, w.kadinkes_emp = person("kadinkes", w.kadinkes_post)
    w.bkpsdm, _ = person("bkpsdm", w.bkd_post, groups=["hr"])
    w.tpk, _ = person("tpk", w.bkd_post, groups=["performance_team"])
    w.auditor = UserFactory(username="auditor", groups=["auditor"])
    w.pegawai, w.pegawai_emp = person("pegawai", w.pegawai_post, position_since=dt.date(2019, 1, 2))
    w.other, w.other_emp = person("lain", w.dishub_other_post)
    give_skp(w.pegawai_emp, dict.fromkeys(last_years(2), "baik"))
    # One holder already in the destination, so `need` leaves need - 1 vacancies.
    EmployeeFactory(position=w.destination)
    return w
