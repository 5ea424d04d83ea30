"""core.row_urls answers what `reverse` answers, and `{% row_url %}` writes what `{% url %}` writes: for
every named route of the project (those it serves from the kept split and those it leaves to
`reverse`), many keys, another script prefix, English, and keys the route refuses."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse, set_script_prefix
from django.utils import translation

from core import row_urls

KEYS = [0, 1, 7, 42, 1000, 918273645, 9182736450, 10**18]


def named_routes(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def plain(name, pk):
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return NoReverseMatch


def ours(name, pk):
    try:
        return row_urls.row_url(name, pk)
    except NoReverseMatch:
        return NoReverseMatch


@pytest.fixture(autouse=True)
def _fresh_split():
    row_urls._split.cache_clear()
    yield
    set_script_prefix("/")
    row_urls._split.cache_clear()


def test_the_list_routes_are_served_from_the_split():
    for name in ("mutasi:detail", "kinerja:detail", "instansi:agency-detail"):
        assert row_urls._split(name, "/", None, "id") is not None, name
    # Another converter, or no argument: left to reverse.
    assert row_urls._split("mutasi:evaluation-act", "/", None, "id") is None
    assert row_urls._split("mutasi:list", "/", None, "id") is None


@pytest.mark.parametrize("prefix", ["/", "/simutasi/"])
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_route_and_key_answers_what_reverse_answers(prefix, language):
    set_script_prefix(prefix)
    names = sorted(set(named_routes()))
    assert len(names) > 100
    served = 0
    with translation.override(language):
        for name in names:
            for pk in [*KEYS, -1, "5", "abc", True, 3.0, None]:
                assert ours(name, pk) == plain(name, pk), (name, pk)
            served += row_urls._split(name, prefix, None, language) is not None
    assert served > 20


def test_the_tag_writes_what_the_url_tag_writes():
    request = RequestFactory().get("/mutasi/")
    for pk in [1, 42, 918273645]:
        context = Context({"pk": pk, "request": request})
        for name in ("mutasi:detail", "kinerja:detail", "instansi:agency-detail"):
            fast = Template("{% load row_urls %}<a href=\"{% row_url '" + name + "' pk %}\">").render(context)
            slow = Template("<a href=\"{% url '" + name + "' pk %}\">").render(context)
            assert fast == slow
