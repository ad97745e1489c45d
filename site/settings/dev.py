"""Development: the embedded default. Needs no environment, honours DATABASE_URL and REDIS_URL."""

from .base import *  # noqa: F403
from .base import CACHES, VAR_DIR
from .database import database_from_url, page_cache
from .env import as_list, optional
from .secrets import local_secret, make_fernet_key, make_secret_key

DEBUG = True
SECRET_KEY = optional("SECRET_KEY") or local_secret(VAR_DIR, "secret-key", make_secret_key)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *as_list("ALLOWED_HOSTS")]
FIELD_ENCRYPTION_KEYS = as_list("FIELD_ENCRYPTION_KEY") or [
    local_secret(VAR_DIR, "field-encryption-key", make_fernet_key)
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": database_from_url(
        optional("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'pace.sqlite3'}"
    )
}

REDIS_URL = optional("REDIS_URL")
if REDIS_URL:
    CACHES = {**CACHES, "pages": page_cache(REDIS_URL)}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    # No broker: tasks run in-process as soon as they are queued.
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CELERY_BROKER_URL = "memory://"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
