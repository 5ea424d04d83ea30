"""Applying a FilterSet to a list (`filtered`, the one place every app's list selectors do it), and
building it only when the request names one of its filters (`names_a_filter`, speed only).

Plain path: `FilterSet(data, queryset=qs).qs` on every list request. Building a FilterSet deep-copies
every filter it declares (choices, labels, widgets), then builds and cleans its form, to answer
`qs.all()` when the request names no filter, as most list pages are opened (`/mutasi/` as HR and as
an employee in the load run). `names_a_filter` tells from the parameter names alone whether the
FilterSet could filter or refuse anything; the callers (`mutasi.selectors.transfers.filtered`) build it
only then.

Figure (2026-12-06, 100,000 employees, `LOAD_DB=... benchmarks/page_instructions.py --tree <main at
8d5c856>`, millions of instructions per request of the load run's accounts): the employee's
`GET /mutasi/` 27.52 -> 22.93 (-16.7%), HR's (50 rows) 72.04 -> 66.77 (-7.3%), the rest of the mix
unchanged (+-0.3%).

`tests/core/test_filter_sets.py` checks, for every FilterSet passed through it, that a request that
names none of its filters gets exactly the query the FilterSet answers, and that each parameter a
filter reads (a range's `_min`/`_max` too) counts as naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import MultiWidget


@cache
def parameters_of(filterset_class) -> frozenset[str]:
    """The query parameters the FilterSet's form reads: each filter's name and, for a filter whose
    widget has several parts, their suffixed names (a range's `_min` and `_max`). Read once per class from an
    unbound instance, so the class's own filters are left as they are."""
    names: set[str] = set()
    for name, field in filterset_class().form.fields.items():
        widget = field.widget
        if isinstance(widget, MultiWidget):  # Django's `_0`, `_1`; django-filter's `_min`, `_after` ...
            names.update(f"{name}{suffix}" for suffix in widget.widgets_names)
            names.update(widget.suffixed(name, suffix) for suffix in getattr(widget, "suffixes", ()))
        names.add(name)
    return frozenset(names)


def names_a_filter(filterset_class, data: Mapping | None) -> bool:
    """Whether `data` (the query parameters) has a parameter any filter of the FilterSet reads. When it
    has none, the FilterSet's form is valid and its `qs` is the queryset it was given (every filter
    skips an absent value), so the caller may use that queryset without building the FilterSet."""
    return bool(data) and not parameters_of(filterset_class).isdisjoint(data.keys())


def filtered(filterset_class, filters: Mapping | None, qs: QuerySet, *, strict: bool = True) -> QuerySet:
    """`qs` filtered by the FilterSet from the request's parameters. `strict` (the API and the lists it
    serves): a malformed parameter is a 400 with its field message (DESIGN.md 7, core.api maps a
    Django ValidationError with a dict); otherwise (mutasi's pages) it is ignored, as a hand-edited
    address should not break a page. A request that names none of the filters gets `qs` as it is,
    without building the FilterSet (`names_a_filter`: what the FilterSet would answer)."""
    if not names_a_filter(filterset_class, filters):
        return qs
    filterset = filterset_class(filters or {}, queryset=qs)
    if strict and not filterset.is_valid():
        raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
    return filterset.qs
