"""The shared cache's Redis backend keeps one client per server instead of building one per call."""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from jfa.core.cache import RedisCache


def test_every_call_shares_one_client_and_its_pool():
    # Nothing listens on port 1: building clients never connects.
    cache = RedisCache("redis://127.0.0.1:1/0", {})
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first
    assert first.connection_pool is cache._cache._get_connection_pool(write=True)
    # Django's own backend builds a new one each time: what this backend is for.
    django_cache = DjangoRedisCache("redis://127.0.0.1:1/0", {})
    assert django_cache._cache.get_client("a") is not django_cache._cache.get_client("a")


def test_reads_spread_over_replicas_each_with_its_own_client():
    cache = RedisCache(["redis://127.0.0.1:1/0", "redis://127.0.0.1:2/0", "redis://127.0.0.1:3/0"], {})
    writer = cache._cache.get_client(write=True)
    readers = {id(cache._cache.get_client()) for _ in range(60)}
    assert id(writer) not in readers
    assert len(readers) == 2
    for _ in range(20):
        reader = cache._cache.get_client()
        assert reader.connection_pool.connection_kwargs["port"] in (2, 3)
