"""The Redis cache backend keeps one client per connection pool and still behaves as Django's."""

import socket
import uuid

import pytest

from core.redis_cache import SharedClientRedisCache

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def test_one_client_per_pool():
    cache = SharedClientRedisCache(REDIS_URL, {})
    client = cache._cache.get_client()
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: reads and writes share its pool


@pytest.mark.skipif(not redis_is_up(), reason="no Redis on 127.0.0.1:6379")
def test_it_stores_and_reads_as_django_s_own():
    cache = SharedClientRedisCache(REDIS_URL, {"OPTIONS": {}})
    key = f"test-{uuid.uuid4().hex}"
    assert cache.get(key) is None
    cache.set(key, {"page": b"<html>"}, 30)
    assert cache.get_many([key, f"{key}-missing"]) == {key: {"page": b"<html>"}}
    assert cache.add(key, "other", 30) is False
    cache.delete(key)
    assert cache.get(key, "gone") == "gone"
