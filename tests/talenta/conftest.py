"""A small region for talent tests: one agency with a key post, employees crafted per test.

`world.person(pred_last, pred_prev, scores=(m, s, t) | None, assessed_on=..., valid_until=...)` makes an
active PNS with FINAL SKP of the grid's two years and (optionally) one assessment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from instansi.choices import PositionKind
from kinerja.choices import AppraisalStatus
from talenta.models import Assessment
from tests.factories import AgencyFactory, EmployeeFactory, PositionFactory, RegionFactory, UserFactory
from tests.kinerja.factories import AppraisalFactory, AppraisalPeriodFactory

AS_OF = dt.date(2026, 6, 30)


@dataclass
class World:
    region: object
    agency: object
    other_agency: object
    key_position: object
    staff_position: object
    other_position: object
    periods: dict
    hr: object
    tpk: object
    auditor: object
    people: list = field(default_factory=list)

    def person(
        self,
        pred_last: str | None = "baik",
        pred_prev: str | None = "baik",
        scores: tuple | None = (75, 75, 75),
        *,
        assessed_on: dt.date = dt.date(2025, 1, 10),
        valid_until: dt.date | None = None,
        position=None,
        **kw,
    ):
        employee = EmployeeFactory(position=position or self.staff_position, **kw)
        for year, predicate in ((AS_OF.year - 1, pred_last), (AS_OF.year - 2, pred_prev)):
            if predicate is not None:
                AppraisalFactory(
                    period=self.periods[year],
                    employee=employee,
                    status=AppraisalStatus.FINAL,
                    predicate=predicate,
                )
        if scores is not None:
            self.assess(employee, assessed_on, scores, valid_until=valid_until)
        self.people.append(employee)
        return employee

    def assess(self, employee, assessed_on: dt.date, scores: tuple, *, valid_until: dt.date | None = None):
        """One assessment result (managerial, socio-cultural, technical), valid three years by default."""
        m, s, t = (Decimal(str(x)) for x in scores)
        return Assessment.objects.create(
            employee=employee,
            assessed_on=assessed_on,
            managerial_score=m,
            sociocultural_score=s,
            technical_score=t,
            assessor="UPT Penilaian Kompetensi BKD Provinsi",
            valid_until=valid_until or assessed_on.replace(year=assessed_on.year + 3),
        )

    def head_of(self, agency, title: str, username: str):
        """The head post of `agency` and its holder with an account (an agency head persona)."""
        post = PositionFactory(
            agency=agency, title=title, kind=PositionKind.JPT_PRATAMA, is_head=True, grade=14
        )
        head = self.person(golongan="IV/b", position=post, user=UserFactory(username=username))
        agency.head_position = post
        agency.save()
        return head


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def request_into(*, actor, employee, position, reason: str = "Pengisian jabatan dari rencana suksesi."):
    """A rotation draft of `employee` into `position` by `actor` (HR), with its request letter."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mutasi import services as mutasi_services

    request = mutasi_services.transfer_create(
        actor=actor, employee=employee, destination_position=position, kind="rotation", reason=reason
    )
    mutasi_services.attachment_upload(
        request_id=request.pk,
        actor=actor,
        kind="request_letter",
        uploaded_file=SimpleUploadedFile("s.pdf", PDF),
    )
    return request


@pytest.fixture
def world(db):
    return build_world()


def build_world() -> World:
    region = RegionFactory()
    agency = AgencyFactory(region=region, name="Dinas Kesehatan")
    other = AgencyFactory(region=region, name="Dinas Sosial")
    head = PositionFactory(
        agency=agency, title="Kepala Dinas Kesehatan", kind=PositionKind.JPT_PRATAMA, is_head=True, grade=14
    )
    key = PositionFactory(
        agency=agency,
        title="Sekretaris Dinas Kesehatan",
        kind=PositionKind.ADMINISTRATOR,
        superior=head,
        grade=12,
    )
    staff = PositionFactory(
        agency=agency, title="Kepala Seksi Pelayanan", kind=PositionKind.PENGAWAS, superior=key, grade=9
    )
    other_pos = PositionFactory(
        agency=other, title="Kepala Seksi Rehabilitasi", kind=PositionKind.PENGAWAS, grade=9
    )
    periods = {
        y: AppraisalPeriodFactory(region=region, year=y, is_open=False)
        for y in (AS_OF.year - 1, AS_OF.year - 2)
    }
    return World(
        region=region,
        agency=agency,
        other_agency=other,
        key_position=key,
        staff_position=staff,
        other_position=other_pos,
        periods=periods,
        hr=UserFactory(username="bkpsdm", groups=["hr"]),
        tpk=UserFactory(username="tpk", groups=["performance_team"]),
        auditor=UserFactory(username="auditor", groups=["auditor"]),
    )
