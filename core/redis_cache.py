"""Django's Redis cache with one Redis client per connection pool (speed only).

Plain path: `django.core.cache.backends.redis.RedisCache`, whose client makes a new `redis.Redis` for
every cache operation (`RedisCacheClient.get_client`); redis-py fills about 170 response callbacks in
each one's constructor: about 50 us of every signed-in page's session read (the sessions are read from
this cache, `SESSION_ENGINE`), half the cost of the read (timed with `timeit`). Here the client made for a pool is kept and
handed out again: a `redis.Redis` holds no connection of its own (it borrows one from the pool for each
command, as before) and is safe to share between threads.

Figure (2026-12-06, 100,000 employees, `LOAD_DB=... REDIS_URL=... benchmarks/page_instructions.py --tree
<without it>`, millions of instructions per request of the load run's accounts): every page 0.7-0.8 less
per cache read, e.g. "Profil saya" 22.65 -> 21.90 (-3.3%), the dashboard (two reads) 29.12 -> 27.63
(-5.1%); the mix's mean 35.19 -> 34.60 (-1.7%); the API (no cache read) unchanged.

`tests/core/test_redis_cache.py` checks that every operation answers what Django's backend answers and
that one client serves each pool.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class KeptClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict = {}  # connection pool -> its redis.Redis

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """`CACHES["default"]["BACKEND"]` when REDIS_URL is set (config/settings/base.py)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
