"""`make audit`: the embedded default of `make run` with DEBUG off, as a visitor meets the site.

Its own database and media under var/audit/ (the demo is seeded there, never in var/pace.sqlite3).
Images are served by the app as `make run` serves them; on the live site the web server does.
"""

from .base import VAR_DIR
from .database import database_from_url
from .dev import *  # noqa: F403
from .env import optional

# Off while serving. `seed_demo` (accounts with a known password) runs only with DEBUG on, so
# scripts/audit.py turns it on for that one command, in this throwaway database.
DEBUG = optional("AUDIT_SEEDING") == "1"
AUDIT_DIR = VAR_DIR / "audit"
AUDIT_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": database_from_url(f"sqlite:///{AUDIT_DIR / 'pace.sqlite3'}")}
MEDIA_ROOT = AUDIT_DIR / "media"
ROOT_URLCONF = "pace_site.audit_urls"
SITE_URL = optional("SITE_URL", "http://127.0.0.1:8010")
WAGTAILADMIN_BASE_URL = SITE_URL
