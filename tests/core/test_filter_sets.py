"""core.filter_sets: a request that names none of a FilterSet's filters gets exactly what the FilterSet
answers (the queryset it was given, a valid form), for every FilterSet of the project; every parameter a
filter reads counts as naming it; and `filtered` answers as the FilterSet does either way."""

import django_filters
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import QueryDict

from core import filter_sets
from core.filter_sets import filtered
from core.models import User
from mutasi.filters import TransferFilter
from mutasi.models import TransferRequest

pytestmark = pytest.mark.django_db


def project_filter_sets() -> list[type]:
    """Every FilterSet class declared in the project's apps (imported by their selectors and APIs)."""
    local = {config.name for config in apps.get_app_configs() if not config.path.count("site-packages")}
    found, todo = [], list(django_filters.FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.split(".")[0] in local and cls._meta.model is not None:
            found.append(cls)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FILTER_SETS = project_filter_sets()
UNNAMED = [None, {}, {"page": "2"}, QueryDict("page=3&per_page=10&sort=name"), QueryDict("")]


def test_the_project_filter_sets_are_found():
    names = {c.__name__ for c in FILTER_SETS}
    assert {"TransferFilter", "EmployeeFilter", "AppraisalFilter", "EvaluationFilter"} <= names


@pytest.mark.parametrize("filterset_class", FILTER_SETS, ids=lambda c: c.__name__)
def test_no_filter_named_is_the_queryset_itself(filterset_class):
    qs = filterset_class._meta.model._default_manager.order_by("pk")
    for data in UNNAMED:
        assert not filter_sets.names_a_filter(filterset_class, data), data
        plain = filterset_class(data or {}, queryset=qs)
        assert plain.is_valid(), (data, plain.errors)
        assert str(plain.qs.query) == str(qs.query), data


@pytest.mark.parametrize("filterset_class", FILTER_SETS, ids=lambda c: c.__name__)
def test_every_filter_counts_as_named(filterset_class):
    parameters = filter_sets.parameters_of(filterset_class)
    for name in filterset_class.base_filters:
        assert name in parameters
        assert filter_sets.names_a_filter(filterset_class, QueryDict(f"page=2&{name}="))
        assert filter_sets.names_a_filter(filterset_class, {name: "x"})


def test_parameters_of_a_widget_in_parts():
    class Ranged(django_filters.FilterSet):
        joined = django_filters.DateFromToRangeFilter(field_name="date_joined")
        pk = django_filters.RangeFilter(field_name="pk")

        class Meta:
            model = User
            fields: list[str] = []

    assert {"joined", "joined_after", "joined_before", "pk", "pk_min", "pk_max"} <= filter_sets.parameters_of(
        Ranged
    )
    assert filter_sets.names_a_filter(Ranged, {"pk_min": "3"})
    assert not filter_sets.names_a_filter(Ranged, {"page": "3"})


def test_filtered_answers_as_the_filter_set():
    qs = TransferRequest.objects.order_by("-pk")
    for strict in (False, True):
        for data in UNNAMED:
            assert str(filtered(TransferFilter, data, qs, strict=strict).query) == str(
                TransferFilter(data or {}, queryset=qs).qs.query
            )
        named = QueryDict("status=approved&status=draft&page=2")
        assert str(filtered(TransferFilter, named, qs, strict=strict).query) == str(
            TransferFilter(named, queryset=qs).qs.query
        )
    with pytest.raises(ValidationError):
        filtered(TransferFilter, {"employee": "x"}, qs, strict=True)
