"""core.redis_cache answers every cache operation as Django's Redis backend does, keeping one client per
connection pool (on the Redis of REDIS_URL; skipped without one)."""

import os

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from core.redis_cache import RedisCache

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL")


def caches():
    ours = RedisCache(REDIS_URL, {"KEY_PREFIX": "test-kept-client"})
    plain = DjangoRedisCache(REDIS_URL, {"KEY_PREFIX": "test-django-client"})
    return ours, plain


def script(cache) -> list:
    """Every operation of Django's cache API, with the answers."""
    answers = [
        cache.get("a"),
        cache.get("a", "default"),
        cache.set("a", {"x": [1, "dua", 3.0]}, 30),
        cache.get("a"),
        cache.add("a", "other", 30),
        cache.add("b", 7, 30),
        cache.incr("b"),
        cache.decr("b", 3),
        cache.get("b"),
        cache.touch("a", 60),
        cache.touch("missing", 60),
        cache.set_many({"c": "tiga", "d": b"\x00\xff"}, 30),
        cache.get_many(["a", "b", "c", "d", "missing"]),
        cache.has_key("c"),
        cache.get_or_set("e", "lima", 30),
        cache.get_or_set("e", "enam", 30),
        cache.add("z", "zero", 0),
        cache.get("z"),
        cache.delete("c"),
        cache.delete("c"),
        cache.delete_many(["a", "b"]),
        cache.get_many(["a", "b", "d", "e"]),
    ]
    cache.delete_many(["a", "b", "c", "d", "e", "z"])
    return answers


def test_every_operation_answers_as_django():
    ours, plain = caches()
    assert script(ours) == script(plain)


def test_one_client_per_pool():
    ours, plain = caches()
    assert ours._cache.get_client() is ours._cache.get_client(write=True)
    ours.set("k", 1, 5)
    assert ours.get("k") == 1
    assert len(ours._cache._clients) == 1
    assert plain._cache.get_client() is not plain._cache.get_client()  # what the seam stands in for
    ours.delete("k")
