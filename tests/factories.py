"""Factories for core and instansi. Other apps keep theirs in tests/<app>/factories.py."""

import datetime as dt

import factory
from django.contrib.auth.models import Group

from core.models import User
from instansi.choices import EducationLevel, EmployeeStatus, Gender, PositionKind, RegionKind
from instansi.models import Agency, Employee, PlacementHistory, Policy, Position, Region, Unit
from instansi.nip import make_nip
from workload.models import WorkloadTask

PASSWORD = "demo12345"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        self.save()
        for name in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=name)[0])


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = "Pemerintah Kota Uji"
    kind = RegionKind.KOTA

    @factory.post_generation
    def policy(self, create, extracted, **kwargs):
        if create:
            Policy.objects.get_or_create(region=self)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"OPD{n:03d}")
    name = factory.Sequence(lambda n: f"Dinas Uji {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Bidang Uji {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    agency = factory.SubFactory(AgencyFactory)
    unit = None
    code = factory.Sequence(lambda n: f"J{n:05d}")
    title = factory.Sequence(lambda n: f"Pengadministrasi Uji {n}")
    kind = PositionKind.PELAKSANA


BIRTH_DAYS = 6000


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    name = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    # Born 1975-01-01 .. 1991-06-06: at least 18 at the TMT CPNS below, so every generated NIP is one
    # SIASN and our import accept (a sequence that ran into 1993 made NIPs of 17-year-olds).
    birth_date = factory.Sequence(lambda n: dt.date(1975, 1, 1) + dt.timedelta(days=n % BIRTH_DAYS))
    gender = Gender.MALE
    status = EmployeeStatus.PNS
    tmt_cpns = dt.date(2010, 3, 1)
    education_level = EducationLevel.S1
    education_field = "Administrasi Negara"
    position = factory.SubFactory(PositionFactory)
    position_since = dt.date(2018, 1, 2)
    nip = factory.LazyAttributeSequence(
        lambda o, n: make_nip(
            birth_date=o.birth_date, tmt=o.tmt_cpns, gender=o.gender, seq=(n // BIRTH_DAYS) % 999 + 1
        )
    )
    email = factory.LazyAttribute(lambda o: f"{o.nip}@example.go.id")
    phone = "0812000000"


class PlacementHistoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlacementHistory

    employee = factory.SubFactory(EmployeeFactory)
    position = factory.LazyAttribute(lambda o: o.employee.position)
    position_title = factory.LazyAttribute(lambda o: o.position.title if o.position else "-")
    agency_name = factory.LazyAttribute(lambda o: o.position.agency.name if o.position else "-")
    start = dt.date(2018, 1, 2)


class WorkloadTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkloadTask

    position = factory.SubFactory(PositionFactory)
    description = factory.Sequence(lambda n: f"Tugas {n}")
    output_unit = "dokumen"
    annual_volume = 1000
    standard_minutes = 60
