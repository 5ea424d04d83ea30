"""Every admin page HR works in speaks Indonesian (issue 18 point 1), walked from the admin registry.

For the superuser and for HR, every model that the admin index lists, of our apps (`OURS`) and of the
libraries whose screens HR uses (`THIRD_PARTY`: django-celery-beat's schedules, django-axes' login
records), is checked twice:
- its labels as declared: the app's and model's names, every field's verbose_name and help_text, every action;
- its pages as rendered (changelist, add form, the first object's change form): the column headings, form
  labels, fieldset headings, help texts, filter headings, buttons and the action menu.
django-import-export's pages of every model that has them (the export form with its column picker, the
import form, and the confirm page of an import) are checked as whole pages: every text outside the data
cells of the preview.
A label counts as English when it holds a word of tests/security/test_catalogue.ENGLISH_WORDS. The
libraries' English msgids are translated in locale/id/LC_MESSAGES/django.po (tests/security/test_catalogue.py
checks the compiled django.mo matches it).
"""

from __future__ import annotations

import html as html_lib
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps as apps_registry
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from import_export.admin import ImportExportMixin

from core.models import User
from tests.security.test_catalogue import english_words, templatized, xgettext

pytestmark = pytest.mark.django_db

OURS = {"core", "instansi", "workload", "kinerja", "talenta", "mutasi", "planning", "siasn"}
THIRD_PARTY = {"django_celery_beat", "axes"}
# The parts of an admin page that are labels rather than data.
LABEL_PARTS = [
    re.compile(r"<th[^>]*(?:scope=\"col\"|class=\"column-)[^>]*>(.*?)</th>", re.S),
    re.compile(r"<label[^>]*>(.*?)</label>", re.S),
    re.compile(r"<fieldset[^>]*>\s*(?:<legend[^>]*>|<h2[^>]*>)(.*?)</(?:legend|h2)>", re.S),
    re.compile(r"<div class=\"help\"[^>]*>(.*?)</div>", re.S),
    re.compile(r"<h3>(.*?)</h3>", re.S),
    re.compile(r"<summary[^>]*>(.*?)</summary>", re.S),  # the filter headings of Django 5
    re.compile(r"<select name=\"action\".*?</select>", re.S),
    re.compile(r"<caption[^>]*>(.*?)</caption>", re.S),
    re.compile(r"<h1[^>]*>(.*?)</h1>", re.S),
    re.compile(r"<input type=\"submit\"[^>]*value=\"([^\"]*)\"", re.S),
    re.compile(r"<button[^>]*>(.*?)</button>", re.S),
    re.compile(r"<a [^>]*class=\"(?:addlink|historylink|deletelink|viewsitelink)\"[^>]*>(.*?)</a>", re.S),
]


def text_of(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment))


def labels_on(page: str) -> list[str]:
    found = []
    for pattern in LABEL_PARTS:
        found += [text_of(m.group(m.lastindex or 0)) for m in pattern.finditer(page)]
    return found


def admin_models(user: User, apps=OURS):
    request = RequestFactory().get("/admin/")
    request.user = user
    for app in admin.site.get_app_list(request):
        if app["app_label"] not in apps:
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


def shown_labels(model, model_admin, request) -> list[tuple[str, str]]:
    """A library's model as its admin shows it: its names, its actions and fieldsets, and each field of
    the admin's form with the label and help text the form gives it (a library's model field may carry
    an English verbose_name that only the admin, not a migration of the library, can relabel)."""
    labels = [
        (a, b)
        for a, b in declared_labels(model, model_admin, request)
        if a.startswith(("model", "aksi", "fieldset"))
    ]
    for name, form_field in model_admin.get_form(request)().fields.items():
        labels.append((f"{name}", str(form_field.label)))
        if form_field.help_text:
            labels.append((f"{name} (bantuan)", str(form_field.help_text)))
    labels += [
        (f"kolom {name}", str(label_for_field(name, model, model_admin)))
        for name in model_admin.get_list_display(request)
    ]
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


def english_in_walk(user: User, apps) -> tuple[int, list[str]]:
    """Walk the admin models of `apps` the user sees; return how many and the English labels found."""
    client = Client()
    client.force_login(user)
    english = []
    walked = 0
    for model, model_admin, request in admin_models(user, apps):
        walked += 1
        app_name = apps_registry.get_app_config(model._meta.app_label).verbose_name
        labels = (declared_labels if apps is OURS else shown_labels)(model, model_admin, request)
        for where, label in [("app", app_name), *labels]:
            if words := english_words(str(label)):
                english.append(f"{model._meta.label} {where}: {label!r} {sorted(words)}")
        for url in admin_pages(model, model_admin, request):
            response = client.get(url)
            assert response.status_code == 200, url
            for label in labels_on(response.content.decode()):
                if words := english_words(label):
                    english.append(f"{url}: {' '.join(label.split())!r} {sorted(words)}")
    return walked, english


@pytest.mark.parametrize("username", ["admin", "bkpsdm"])
def test_every_admin_page_of_our_apps_shows_indonesian_labels(demo, username):
    walked, english = english_in_walk(User.objects.get(username=username), OURS)
    assert walked >= 20, f"only {walked} admin models walked for {username}"
    assert not english, "\n".join(sorted(set(english)))


# The schedules HR keeps (django-celery-beat: periodic tasks, clocked, crontabs, intervals, solar events);
# the superuser also reads django-axes' records of logins and lock-outs.
THIRD_PARTY_MODELS = {
    "admin": {
        "django_celery_beat.PeriodicTask",
        "django_celery_beat.ClockedSchedule",
        "django_celery_beat.CrontabSchedule",
        "django_celery_beat.IntervalSchedule",
        "django_celery_beat.SolarSchedule",
        "axes.AccessAttempt",
        "axes.AccessLog",
        "axes.AccessFailureLog",
    },
    "bkpsdm": {
        "django_celery_beat.PeriodicTask",
        "django_celery_beat.ClockedSchedule",
        "django_celery_beat.CrontabSchedule",
        "django_celery_beat.IntervalSchedule",
        "django_celery_beat.SolarSchedule",
    },
}


@pytest.mark.parametrize("username", ["admin", "bkpsdm"])
def test_the_schedule_and_login_record_screens_show_indonesian_labels(demo, username):
    user = User.objects.get(username=username)
    walked = {m._meta.label for m, _admin, _request in admin_models(user, THIRD_PARTY)}
    assert walked == THIRD_PARTY_MODELS[username]
    _n, english = english_in_walk(user, THIRD_PARTY)
    assert not english, "\n".join(sorted(set(english)))


# --- django-import-export's pages -------------------------------------------------------------------------

CONTENT = re.compile(r'<div id="content"[^>]*>(.*)</main>', re.S)
NOT_TEXT = re.compile(r"<script.*?</script>|<style.*?</style>|<td[^>]*>.*?</td>", re.S)


def page_text(page: str) -> str:
    """The words of an admin page's content outside the data cells (a preview's rows are data)."""
    content = CONTENT.search(page)
    assert content, "no admin content"
    body = NOT_TEXT.sub(" ", content.group(1))
    values = " ".join(re.findall(r"<input[^>]*type=\"submit\"[^>]*value=\"([^\"]*)\"", body))
    return f"{text_of(body)} {values}"


def import_export_models(user: User):
    for model, model_admin, request in admin_models(user, OURS):
        if isinstance(model_admin, ImportExportMixin):
            yield model, model_admin, request


def exported_csv(model_admin, request) -> bytes:
    """A small file the import accepts: the first rows, written by the model's own export resource."""
    resource = model_admin.get_export_resource_classes(request)[0]()
    rows = model_admin.get_queryset(request).order_by("pk")[:3]
    return resource.export(queryset=rows).csv.encode()


@pytest.mark.parametrize("username", ["admin", "bkpsdm"])
def test_the_import_and_export_pages_show_indonesian_text(demo, username):
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    english, pages = [], []
    for model, model_admin, request in import_export_models(user):
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if model_admin.has_export_permission(request):
            pages.append((reverse(f"{name}_export"), client.get(reverse(f"{name}_export"))))
        if model_admin.has_import_permission(request):
            url = reverse(f"{name}_import")
            pages.append((url, client.get(url)))
            csv_format = [f().get_title() for f in model_admin.get_import_formats()].index("csv")
            upload = SimpleUploadedFile("data.csv", exported_csv(model_admin, request), "text/csv")
            confirm = client.post(url, {"resource": "0", "format": str(csv_format), "import_file": upload})
            assert 'name="confirm"' in confirm.content.decode(), (url, confirm.content.decode()[-2000:])
            pages.append((f"{url} (konfirmasi)", confirm))
    assert len(pages) >= 8, [url for url, _page in pages]
    for url, response in pages:
        assert response.status_code == 200, url
        if words := english_words(page_text(response.content.decode())):
            english.append(f"{url}: {sorted(words)}")
    assert not english, "\n".join(english)


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


# --- the libraries' whole catalogues -------------------------------------------------------------------

LIBRARIES = ["django_celery_beat", "axes", "import_export"]


def library_msgids(package: str, tmp_path: Path) -> list[dict]:
    """Every msgid of a library's Python code and templates, extracted as makemessages would."""
    root = Path(importlib.import_module(package).__file__).parent
    sources = [p for p in sorted(root.rglob("*.py")) if not {"migrations", "tests"} & set(p.parts)]
    sources += [templatized(t, root, tmp_path / package) for t in sorted(root.rglob("*.html"))]
    return xgettext(sources, tmp_path, package)


def in_indonesian(entry: dict) -> str:
    with translation.override("id"):
        if "msgctxt" in entry:
            return translation.pgettext(entry["msgctxt"], entry["msgid"])
        if "msgid_plural" in entry:
            return translation.ngettext(entry["msgid"], entry["msgid_plural"], 2)
        return translation.gettext(entry["msgid"])


@pytest.mark.parametrize("package", LIBRARIES)
def test_every_message_of_the_admin_libraries_hr_uses_reads_in_indonesian(package, tmp_path):
    """Beyond the pages walked above (a message, a choice or an error a walk does not meet): every msgid
    of the library is translated, by our catalogue, the library's own or Django's, or needs no
    translation (a msgid with no English word, "Format")."""
    entries = library_msgids(package, tmp_path)
    assert len(entries) >= 15, f"{package}: xgettext found too little"
    untranslated = sorted(
        e["msgid"] for e in entries if in_indonesian(e) == e["msgid"] and english_words(e["msgid"])
    )
    assert not untranslated, f"{package}: English without an Indonesian translation:\n" + "\n".join(
        untranslated
    )
