"""A Redis cache for rendered pages that fails open: an outage makes pages slower, never broken."""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger("pace.cache")


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client makes a new `redis.Redis` object for every read and write,
    around the same connection pool; a cached page is two reads. One client per pool is kept and
    used again (a `redis.Redis` object may be shared: each command takes a connection from the
    pool)."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients: dict[int, object] = {}

    # The pool helpers are Django's own, used as its get_client uses them; the type stubs leave
    # them out.
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._client(connection_pool=pool)  # type: ignore[attr-defined]
            self._clients[index] = client
        return client


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _quietly(self, operation, default, *args, **kwargs):
        try:
            return operation(*args, **kwargs)
        except (RedisError, OSError) as error:
            logger.warning("Page cache unavailable (%s); serving without it.", type(error).__name__)
            return default

    def get(self, key, default=None, version=None):
        return self._quietly(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._quietly(super().get_many, {}, keys, version)

    def set(self, key, value, timeout=None, version=None):
        return self._quietly(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._quietly(super().set_many, list(data), data, timeout, version)

    def add(self, key, value, timeout=None, version=None):
        return self._quietly(super().add, False, key, value, timeout, version)

    def delete(self, key, version=None):
        return self._quietly(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._quietly(super().delete_many, None, keys, version)

    def has_key(self, key, version=None):
        return self._quietly(super().has_key, False, key, version)

    def clear(self):
        return self._quietly(super().clear, False)
