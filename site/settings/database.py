"""Database and Redis configuration from URLs."""

import dj_database_url


def database_from_url(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {})
    return config


def page_cache(redis_url: str) -> dict:
    return {
        "BACKEND": "pace_site.cache.FailOpenRedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": "pages",
        "TIMEOUT": 600,
    }
