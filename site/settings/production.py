"""Production: every secret and address comes from the environment; nothing has a default."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import CACHES, LOGGING
from .database import database_from_url, page_cache, renditions_cache
from .env import as_bool, as_int, as_list, optional, required

DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = as_list("ALLOWED_HOSTS") or [required("ALLOWED_HOSTS")]
FIELD_ENCRYPTION_KEYS = as_list("FIELD_ENCRYPTION_KEY") or [required("FIELD_ENCRYPTION_KEY")]

_database_url = required("DATABASE_URL")
if not _database_url.startswith(("postgres://", "postgresql://")):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
DATABASES = {"default": database_from_url(_database_url)}

REDIS_URL = required("REDIS_URL")
CACHES = {**CACHES, "pages": page_cache(REDIS_URL), "renditions": renditions_cache(REDIS_URL)}
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = required("EMAIL_HOST")
EMAIL_PORT = as_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = optional("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = optional("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = as_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20

# Logs: one JSON object per line for the log collector (LOG_FORMAT=readable for a person).
if optional("LOG_FORMAT", "json") == "json":
    LOGGING = {
        **LOGGING,
        "handlers": {
            **LOGGING["handlers"],
            "console": {**LOGGING["handlers"]["console"], "formatter": "json"},
        },
    }

# HTTPS behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = as_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^monitorz$"]
SECURE_HSTS_SECONDS = as_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = as_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = as_list("CSRF_TRUSTED_ORIGINS")
# Rate limits count per visitor, not per proxy: the number of proxies in front of the app.
ALLAUTH_TRUSTED_PROXY_COUNT = as_int("ALLAUTH_TRUSTED_PROXY_COUNT", 1)

MEDIA_ROOT = Path(optional("MEDIA_ROOT") or "/var/lib/pace/media")
STATIC_ROOT = Path(optional("STATIC_ROOT") or "/var/lib/pace/static")
