"""Tests: PostgreSQL and Redis started by scripts/run_tests.py, fast and strict."""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import CACHES
from .database import database_from_url, page_cache
from .env import as_list, optional, required

DEBUG = False
SECRET_KEY = (
    optional("SECRET_KEY") or "test-only-secret-key-not-used-anywhere-else-0123456789abcdef"
)  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
FIELD_ENCRYPTION_KEYS = as_list("FIELD_ENCRYPTION_KEY")
if not FIELD_ENCRYPTION_KEYS:
    required("FIELD_ENCRYPTION_KEY")

DATABASES = {"default": database_from_url(required("DATABASE_URL"))}
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": optional("TEST_DATABASE_NAME", "test_pace")}

# Under pytest-xdist each worker process (gw0, gw1 …) has a Redis server of its own, started by
# scripts/run_tests.py, so a test that stops Redis to check an outage stops only its own.
_XDIST_WORKER = optional("PYTEST_XDIST_WORKER").upper()
REDIS_URL = (_XDIST_WORKER and optional(f"REDIS_URL_{_XDIST_WORKER}")) or required("REDIS_URL")
CACHES = {**CACHES, "pages": page_cache(REDIS_URL)}
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SMS_BACKEND = os.environ.get("SMS_BACKEND", "pace_site.notifications.sms.LocmemBackend")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(optional("MEDIA_ROOT") or "/tmp/pace-test-media")  # noqa: S108
QUICK_EXIT_URL = optional("QUICK_EXIT_URL", "http://127.0.0.1:9/neutral")
WHITENOISE_AUTOREFRESH = True  # serve from the finders; tests never run collectstatic
