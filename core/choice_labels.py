"""Choice labels without rebuilding the choices on every call: a speed seam.

Django's `get_<field>_display()` builds a dict of the field's choices on every call, hashing every
lazy label, and hashing a lazy label translates it: a list page of 100 transfer requests with two
labels per row (HR's `/mutasi/`) spent 4,000 `gettext` calls and about a third of its CPU there
(42.7 -> 30.5 ms per page at 100,000 employees, docs/BENCHMARKS.md "Speed seams"). `ChoiceLabels`
keeps, per field, the value -> label map once per process; the labels stay lazy and are translated
when shown, in the request's language, as before. `tests/core/test_choice_labels.py` checks every
choice of every model against Django's own implementation.
"""

from __future__ import annotations

import functools

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


@functools.cache
def _labels(field: models.Field) -> dict:
    # Choices are declared on the model and never change while the process runs.
    return dict(make_hashable(field.flatchoices))


class ChoiceLabels(models.Model):
    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):  # noqa: N802 - Django's name, overridden
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)
