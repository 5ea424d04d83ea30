"""Factories of the kinerja app (SKP). Organisation records come from tests/factories.py."""

import datetime as dt
from decimal import Decimal

import factory

from kinerja.choices import Aspect, OrgRating, PlanKind
from kinerja.evaluation import snapshot
from kinerja.models import Appraisal, AppraisalPeriod, Indicator, OrganisationPerformance, ResultPlan
from tests.factories import EmployeeFactory, RegionFactory


class AppraisalPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppraisalPeriod
        django_get_or_create = ("region", "year")

    region = factory.SubFactory(RegionFactory)
    year = factory.LazyFunction(lambda: dt.date.today().year)
    start = factory.LazyAttribute(lambda o: dt.date(o.year, 1, 1))
    end = factory.LazyAttribute(lambda o: dt.date(o.year, 12, 31))
    is_open = True


class AppraisalFactory(factory.django.DjangoModelFactory):
    """An SKP with the snapshot the service would take (post, unit, agency, appraiser)."""

    class Meta:
        model = Appraisal

    period = factory.SubFactory(AppraisalPeriodFactory)
    employee = factory.SubFactory(EmployeeFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        employee = kwargs["employee"]
        values = snapshot(employee)
        values.update(kwargs)
        return super()._create(model_class, *args, **values)


class ResultPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResultPlan

    appraisal = factory.SubFactory(AppraisalFactory)
    kind = PlanKind.MAIN
    description = factory.Sequence(lambda n: f"Terlaksananya layanan administrasi {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    result_plan = factory.SubFactory(ResultPlanFactory)
    aspect = Aspect.QUANTITY
    description = factory.Sequence(lambda n: f"Jumlah dokumen yang diselesaikan {n}")
    target = Decimal("100")
    unit_label = "dokumen"


class OrganisationPerformanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationPerformance

    period = factory.SubFactory(AppraisalPeriodFactory)
    agency = factory.LazyAttribute(lambda o: o.unit.agency if o.unit else None)
    unit = None
    rating = OrgRating.BAIK
