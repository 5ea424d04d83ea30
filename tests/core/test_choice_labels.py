"""core.choice_labels answers every `get_<field>_display()` exactly as Django's own implementation,
for every choice of every model of the project, in Indonesian and in English, and for a value that is
not a choice (shown as it is)."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from core.choice_labels import ChoiceLabels

PROJECT_APPS = ("core", "instansi", "workload", "kinerja", "mutasi", "planning")


def choice_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_model_with_choices_uses_the_cached_labels():
    # django-simple-history's change records are shown one at a time in the admin: left as they are.
    missing = sorted(
        {
            m.__name__
            for m, _f in choice_fields()
            if not issubclass(m, ChoiceLabels) and not m.__name__.startswith("Historical")
        }
    )
    assert missing == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_choice_label_is_what_django_answers(language):
    checked = 0
    with translation.override(language):
        for model, field in choice_fields():
            for value, _label in field.flatchoices:
                obj = model()
                setattr(obj, field.attname, value)
                ours = getattr(obj, f"get_{field.name}_display")()
                django = models.Model._get_FIELD_display(obj, field)
                assert ours == django and type(ours) is type(django), (model.__name__, field.name, value)
                checked += 1
            obj = model()
            setattr(obj, field.attname, "not-a-choice")
            assert getattr(obj, f"get_{field.name}_display")() == "not-a-choice"
    assert checked > 100
