"""Every admin page of our apps speaks Indonesian (issue 18 point 1), walked from the admin registry.

For the superuser and for HR, every model of our apps that the admin index lists is checked twice:
- its labels as declared: the model's names, every field's verbose_name and help_text, every action;
- its pages as rendered (changelist, add form, the first object's change form): the column headings, form
  labels, fieldset headings, help texts, filter headings and the action menu.
A label counts as English when it holds a word of tests/security/test_catalogue.ENGLISH_WORDS.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from core.models import User
from tests.security.test_catalogue import english_words

pytestmark = pytest.mark.django_db

OURS = {"core", "instansi", "workload", "kinerja", "talenta", "mutasi", "planning", "siasn"}
# The parts of an admin page that are labels rather than data.
LABEL_PARTS = [
    re.compile(r"<th[^>]*(?:scope=\"col\"|class=\"column-)[^>]*>(.*?)</th>", re.S),
    re.compile(r"<label[^>]*>(.*?)</label>", re.S),
    re.compile(r"<fieldset[^>]*>\s*(?:<legend[^>]*>|<h2[^>]*>)(.*?)</(?:legend|h2)>", re.S),
    re.compile(r"<div class=\"help\"[^>]*>(.*?)</div>", re.S),
    re.compile(r"<h3>(.*?)</h3>", re.S),
    re.compile(r"<select name=\"action\".*?</select>", re.S),
    re.compile(r"<caption[^>]*>(.*?)</caption>", re.S),
]


def text_of(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment))


def labels_on(page: str) -> list[str]:
    found = []
    for pattern in LABEL_PARTS:
        found += [text_of(m.group(m.lastindex or 0)) for m in pattern.finditer(page)]
    return found


def admin_models(user: User):
    request = RequestFactory().get("/admin/")
    request.user = user
    for app in admin.site.get_app_list(request):
        if app["app_label"] not in OURS:
            continue
        for entry in app["models"]:
            yield entry["model"], admin.site.get_model_admin(entry["model"]), request


def declared_labels(model, model_admin, request) -> list[tuple[str, str]]:
    opts = model._meta
    labels = [("model", opts.verbose_name), ("model (jamak)", opts.verbose_name_plural)]
    for field in opts.get_fields():
        if not hasattr(field, "verbose_name") or field.auto_created and not field.concrete:
            continue
        labels.append((f"{field.name}", field.verbose_name))
        if getattr(field, "help_text", ""):
            labels.append((f"{field.name} (bantuan)", field.help_text))
    for name, (_func, _name, description) in model_admin.get_actions(request).items():
        labels.append((f"aksi {name}", description % {"verbose_name_plural": opts.verbose_name_plural}))
    for title, options in model_admin.get_fieldsets(request) or []:
        if title:
            labels.append(("fieldset", title))
        if options.get("description"):
            labels.append(("fieldset (keterangan)", options["description"]))
    return labels


def admin_pages(model, model_admin, request) -> list[str]:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"{name}_changelist")]
    if model_admin.has_add_permission(request):
        urls.append(reverse(f"{name}_add"))
    first = model_admin.get_queryset(request).order_by("pk").first()
    if first is not None:
        urls.append(reverse(f"{name}_change", args=[first.pk]))
    return urls


@pytest.mark.parametrize("username", ["admin", "bkpsdm"])
def test_every_admin_page_of_our_apps_shows_indonesian_labels(demo, username):
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    english = []
    walked = 0
    for model, model_admin, request in admin_models(user):
        walked += 1
        for where, label in declared_labels(model, model_admin, request):
            if words := english_words(str(label)):
                english.append(f"{model._meta.label} {where}: {label!r} {sorted(words)}")
        for url in admin_pages(model, model_admin, request):
            response = client.get(url)
            assert response.status_code == 200, url
            for label in labels_on(response.content.decode()):
                if words := english_words(label):
                    english.append(f"{url}: {' '.join(label.split())!r} {sorted(words)}")
    assert walked >= 20, f"only {walked} admin models walked for {username}"
    assert not english, "\n".join(sorted(set(english)))


def test_every_model_of_our_apps_declares_indonesian_labels_even_outside_the_admin():
    from django.apps import apps

    request = RequestFactory().get("/")
    request.user = User(username="root", is_superuser=True, is_staff=True, is_active=True)
    english = []
    for model in apps.get_models():
        if model._meta.app_label not in OURS or model.__name__.startswith("Historical"):
            continue
        for where, label in declared_labels(model, admin.ModelAdmin(model, admin.site), request):
            if words := english_words(str(label)):
                english.append(f"{model._meta.label} {where}: {label!r} {sorted(words)}")
    assert not english, "\n".join(english)
