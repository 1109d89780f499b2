"""Django's Redis cache, made to degrade: an unreachable Redis is a cache miss, not a 500.

Everything that uses the default cache (the page cache, Wagtail's site root paths, the contact
form's rate limit, sign-in throttling) then carries on without it: reads miss, writes are
dropped, `incr` finds no key. The outage is logged once, with a reminder every minute, and for
a few seconds after each failure the cache is not even tried, so that a Redis that does not
answer costs one connection timeout per interval and process, not one per call.

    CACHES = {"default": {"BACKEND": "cms.cache.ResilientRedisCache", "LOCATION": REDIS_URL,
                          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from cms.outages import Outage

logger = logging.getLogger(__name__)

# What an unreachable or hanging server raises; anything else (a wrong type...) is a bug to see.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# The default cache as this process sees it (one per process: the site has one Redis).
OUTAGE = Outage("cache (Redis)", log=logger)


def _guarded(name, fallback):
    def method(self, *args, **kwargs):
        if OUTAGE.skip():
            return fallback(*args)
        try:
            result = getattr(RedisCacheClient, name)(self, *args, **kwargs)
        except UNREACHABLE as error:
            OUTAGE.failed(error)
            return fallback(*args)
        OUTAGE.succeeded()
        return result

    method.__name__ = name
    return method


def _no_key(key, delta):
    raise ValueError(f"Key '{key}' not found (the cache is unreachable).")


class ResilientRedisCacheClient(RedisCacheClient):
    """Each operation answers what an empty cache would when Redis cannot be reached."""

    add = _guarded("add", lambda key, value, timeout: False)
    get = _guarded("get", lambda key, default: default)
    set = _guarded("set", lambda key, value, timeout: None)
    touch = _guarded("touch", lambda key, timeout: False)
    delete = _guarded("delete", lambda key: False)
    get_many = _guarded("get_many", lambda keys: {})
    has_key = _guarded("has_key", lambda key: False)
    incr = _guarded("incr", _no_key)
    set_many = _guarded("set_many", lambda data, timeout: None)
    delete_many = _guarded("delete_many", lambda keys: None)
    clear = _guarded("clear", lambda: False)

    def ping(self):
        """Ask Redis directly (whatever the recent failures): True, or the error raised."""
        try:
            self.get_client(write=True).ping()
        except UNREACHABLE as error:
            OUTAGE.failed(error)
            raise
        OUTAGE.succeeded()
        return True


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def ping(self):
        return self._cache.ping()
