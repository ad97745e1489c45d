"""A Redis cache for rendered pages that fails open: an outage makes pages slower, never broken."""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("pace.cache")


class FailOpenRedisCache(RedisCache):
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
