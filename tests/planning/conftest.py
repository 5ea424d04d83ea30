"""A small region for the plan: Dinas Perhubungan with a surplus post, Dinas Kesehatan short of staff.

Built on the mutasi test world (same people and approval chains), plus more holders of the Dishub
post so it has staff to release, and a second Dinkes post that asks for a health education.
"""

import datetime as dt

import pytest

from instansi.choices import EducationLevel
from planning import services
from planning.models import TransferPlan
from tests.factories import EmployeeFactory, PositionFactory
from tests.mutasi.factories import build_world, give_skp, last_years


def good_skp(employee) -> None:
    give_skp(employee, dict.fromkeys(last_years(2), "baik"))


@pytest.fixture
def plan_world(db):
    w = build_world(need=3)  # destination: Dinkes "Pengadministrasi Kesehatan", 1 holder, need 3
    # Dishub "Pengadministrasi Angkutan": pegawai plus three more holders, need 1 -> surplus 3.
    w.pegawai_post.required_staff = 1
    w.pegawai_post.save(update_fields=["required_staff"])
    w.dishub_other_post.required_staff = 1  # its one holder is enough: no shortage inside Dishub
    w.dishub_other_post.save(update_fields=["required_staff"])
    w.movers = []
    for name, field in (
        ("Rina", "Kesehatan Masyarakat"),
        ("Tono", "Transportasi"),
        ("Umar", "Administrasi Negara"),
    ):
        emp = EmployeeFactory(
            name=name, position=w.pegawai_post, education_field=field, position_since=dt.date(2017, 5, 2)
        )
        good_skp(emp)
        w.movers.append(emp)
    w.health_post = PositionFactory(
        agency=w.dinkes,
        title="Pengelola Data Kesehatan",
        required_staff=1,
        required_education_levels=[EducationLevel.S1],
        required_education_fields=["Kesehatan Masyarakat"],
        competency_tags=["data kesehatan", "pengolahan data"],
    )
    return w


def build_now(*, actor, region, **kwargs) -> TransferPlan:
    """plan_build, then the task body at once (tests with `db` never run on_commit callbacks)."""
    plan = services.plan_build(actor=actor, region=region, **kwargs)
    return services.plan_compute(plan_id=plan.pk)


@pytest.fixture
def ready_plan(plan_world):
    return build_now(actor=plan_world.bkpsdm, region=plan_world.region)
