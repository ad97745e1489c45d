"""Database and Redis configuration from URLs."""

import dj_database_url


def database_from_url(url: str) -> dict:
    config: dict = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    if config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {})
    elif config["ENGINE"] == "django.db.backends.sqlite3":
        # The embedded default serves several requests at once. Writers take the lock when their
        # transaction starts and wait up to 20 s for it, so a double click queues instead of
        # failing with "database is locked"; WAL lets readers carry on meanwhile.
        config["OPTIONS"] = {
            **config.get("OPTIONS", {}),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


def renditions_cache(redis_url: str) -> dict:
    """Wagtail's image renditions, shared by every worker (a deleted rendition is forgotten by
    all of them at once)."""
    return {
        "BACKEND": "pace_site.cache.FailOpenRedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": "renditions",
        "TIMEOUT": 24 * 3600,
    }


def page_cache(redis_url: str) -> dict:
    return {
        "BACKEND": "pace_site.cache.FailOpenRedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": "pages",
        "TIMEOUT": 600,
    }
