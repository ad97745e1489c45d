"""Settings shared by every environment. Environment-specific files import this and override."""

from datetime import timedelta
from pathlib import Path
from typing import Any

from ..inline_scripts import EXIT_NOTE, csp_hash
from .env import as_date, as_int, optional

SITE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SITE_DIR.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    # The platform first, so its templates override those of the libraries below.
    "pace_site",
    "pace_site.accounts",
    "pace_site.notifications",
    "pace_site.audit",
    "pace_site.submissions",
    "pace_site.privacy",
    "pace_site.operations",
    "pace_site.outcomes",
    "pace_site.payments",
    # The working apps and the public site.
    "participation",
    "befriending",
    "events",
    "support_line",
    "home",
    "search",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "dbbackup",
    "taggit",
    # allauth
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "pace_site.operations.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "pace_site.middleware.SecurityHeadersMiddleware",
    "pace_site.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pace_site.errors.ErrorPageMiddleware",
    "pace_site.middleware.RequestSizeLimitMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "pace_site.middleware.StaffAdminMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "pace_site.urls"
WSGI_APPLICATION = "pace_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "pace_site.context_processors.pace",
            ],
        },
    },
]

# Database: overridden per environment.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "pace_site:after_login"
LOGOUT_REDIRECT_URL = "/"

# Sessions: staff sessions end 12 hours after sign-in (set at sign-in); everyone else is signed
# out after 14 days without a visit, so the cookie is renewed on each request.
SESSION_COOKIE_AGE = int(timedelta(days=14).total_seconds())
SESSION_SAVE_EVERY_REQUEST = True
STAFF_SESSION_HOURS = 12
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "pace_site.errors.csrf_failure"

# Internationalisation and time
LANGUAGE_CODE = "en-gb"
# "4 Dec 2026, 14:30" everywhere (site/formats/en_GB/formats.py).
FORMAT_MODULE_PATH = ["pace_site.formats"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static and media files (no CDN: everything is served by the app through WhiteNoise).
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS: list[Path] = []
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "dbbackup": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": optional("BACKUP_DIR") or str(VAR_DIR / "backups")},
    },
}

# Backups (`manage.py backup`): pg_dump's custom format, compressed, encrypted with GnuPG to the
# backup key's public half (a fingerprint in BACKUP_GPG_RECIPIENT). Never written unencrypted.
DBBACKUP_GPG_RECIPIENT = optional("BACKUP_GPG_RECIPIENT") or None
DBBACKUP_GPG_ALWAYS_TRUST = True  # the key is named by its full fingerprint
DBBACKUP_CLEANUP_KEEP = as_int("BACKUP_KEEP", 14)
DBBACKUP_CLEANUP_KEEP_MEDIA = DBBACKUP_CLEANUP_KEEP
DBBACKUP_SEND_EMAIL = False  # a failed backup is an alert through the outbox, not a traceback
DBBACKUP_CONNECTOR_MAPPING = {
    "django.db.backends.postgresql": "dbbackup.db.postgresql.PgDumpBinaryConnector",
}

# Caches. `default` is the database cache: allauth's rate limits and one-time codes must be shared
# by every process and must survive a Redis outage. `pages` holds rendered public pages; it is Redis
# in production and fails open, so an outage only makes pages slower.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "pace_cache",
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pace-pages",
    },
    # Wagtail keeps each picture's renditions here and writes them back on every render (nine
    # per picture here: three sizes in three formats); in the database cache that was five
    # queries a rendition, 30 of a guide's 45. Redis in production (settings/production.py).
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pace-renditions",
        "OPTIONS": {"MAX_ENTRIES": 3000},
    },
}
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = 600

# Security headers that hold everywhere. HTTPS-only settings live in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
# No referrer ever goes to another site. Not "no-referrer": with it, browsers send `Origin: null`
# on our own forms, and Django's CSRF origin check (and its HTTPS Referer check) refuse them.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # the admin alone allows SAMEORIGIN, for its preview frames
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Content-Security-Policy: strict on the public site and the portal; the Wagtail admin needs
# inline scripts and styles and frames its own previews, so it alone gets the relaxed policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_hash(EXIT_NOTE)],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}
ADMIN_PATH_PREFIX = "/admin/"

# django-allauth
ACCOUNT_ADAPTER = "pace_site.accounts.adapters.AccountAdapter"
# The reset request only queues a task, the same for every address (no account lookup there).
# The other forms are allauth's in the product's words (pace_site.accounts.forms).
ACCOUNT_FORMS = {
    "reset_password": "pace_site.accounts.forms.PasswordResetRequestForm",
    "login": "pace_site.accounts.forms.LoginForm",
    "change_password": "pace_site.accounts.forms.ChangePasswordForm",
    "set_password": "pace_site.accounts.forms.SetPasswordForm",
    "reset_password_from_key": "pace_site.accounts.forms.ResetPasswordKeyForm",
    "add_email": "pace_site.accounts.forms.AddEmailForm",
    "reauthenticate": "pace_site.accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False  # never e-mail an address nobody here owns
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/key,20/5m/ip",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "confirm_email": "1/3m/key",
    # Wrong passwords for a password-protected page or document (pace_site.guesses).
    "restricted_content_password": "10/15m/key,30/15m/ip",
}
ALLAUTH_TRUSTED_PROXY_COUNT = 0
MFA_ADAPTER = "pace_site.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Pace"
# A code is also taken in the 30 seconds either side of its own (RFC 6238's one step of drift):
# a code typed at the end of its window can reach a busy server in the next one. A code is still
# good once only.
MFA_TOTP_TOLERANCE = 1
MFA_FORMS = {
    "authenticate": "pace_site.accounts.forms.AuthenticateForm",
    "reauthenticate": "pace_site.accounts.forms.CodeReauthenticateForm",
    "activate_totp": "pace_site.accounts.forms.ActivateTOTPForm",
}

# Wagtail
WAGTAIL_SITE_NAME = "Pace"
WAGTAILADMIN_BASE_URL = optional("SITE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin's account page offers a time zone; the site keeps one (and no choice leaves the
# page's time zone field empty, which its script reports as an error).
WAGTAIL_USER_TIME_ZONES = ["Europe/London"]
# Wagtail's own date pickers (page and snippet forms) write dates the British way, day first.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "rtf", "xlsx", "pptx"]
# Parents' stories may carry a recording (always with a transcript).
WAGTAILDOCS_EXTENSIONS += ["mp3", "m4a", "ogg", "mp4", "webm"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Whole request bodies (pace_site.middleware.RequestSizeLimitMiddleware): only staff upload files,
# in the admin, up to the document limit. The proxy in front should refuse the same (README).
MAX_REQUEST_BODY = 2 * 1024 * 1024
MAX_ADMIN_REQUEST_BODY = 55 * 1024 * 1024

# Celery: Redis is the broker. Redis is not a durable queue, so anything due later is a row with
# its due time that the periodic sweep picks up, never a Celery ETA.
CELERY_BROKER_URL = ""
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Longer than the longest task (the hard time limit above), so a running task is not redelivered.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# When Redis is down, publishing fails fast; the row stays in the outbox for the sweep.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TIMEZONE = TIME_ZONE
from celery.schedules import crontab as _crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "submissions-forget-old-keys": {
        "task": "pace_site.submissions.tasks.forget_old_submission_keys",
        "schedule": _crontab(hour=3, minute=15),
    },
    "operations-heartbeat": {
        "task": "pace_site.operations.tasks.heartbeat",
        "schedule": 60.0,
    },
    "operations-alerts": {
        "task": "pace_site.operations.tasks.check_alerts",
        "schedule": 300.0,
    },
    "notifications-sweep": {
        "task": "pace_site.notifications.tasks.sweep_outbox",
        "schedule": 60.0,
    },
    "accounts-password-reset-sweep": {
        "task": "pace_site.accounts.tasks.sweep_password_resets",
        "schedule": 60.0,
    },
    "participation-check-in-digest": {
        "task": "participation.tasks.send_check_in_digests",
        "schedule": _crontab(hour=8, minute=0),
    },
    "participation-pauses-ending": {
        "task": "participation.tasks.remind_pauses_ending",
        "schedule": _crontab(hour=9, minute=0),
    },
    "participation-consents-ask-again": {
        "task": "participation.tasks.ask_again_before_consents_expire",
        "schedule": _crontab(hour=10, minute=0),
    },
    "participation-consents-lapsed": {
        "task": "participation.tasks.end_lapsed_consents",
        "schedule": _crontab(hour=0, minute=10),
    },
    # Core-group parents asked their six-monthly questions (and a first set on joining).
    "outcomes-ask-again": {
        "task": "pace_site.outcomes.tasks.ask_again_after_not_today",
        "schedule": _crontab(hour=11, minute=30),
    },
    "participation-outcome-questions": {
        "task": "participation.tasks.ask_six_monthly_questions",
        "schedule": _crontab(hour=11, minute=0),
    },
    "events-after-event-questions": {
        "task": "events.tasks.ask_after_events",
        "schedule": _crontab(hour=11, minute=15),
    },
    "befriending-reminders": {
        "task": "befriending.tasks.send_befriending_reminders",
        "schedule": _crontab(hour=8, minute=30),
    },
    # Public volunteer applications whose task was lost are queued again.
    "befriending-received-applications": {
        "task": "befriending.tasks.sweep_received_applications",
        "schedule": 5 * 60.0,
    },
    # Scheduled publishing and expiry of public pages (Wagtail's `publish_scheduled`).
    "home-publish-scheduled": {
        "task": "home.tasks.publish_scheduled_pages",
        "schedule": 60.0,
    },
    # Event reminders seven days and one day before; the task finds what is due each run.
    "events-reminders": {
        "task": "events.tasks.queue_event_reminders",
        "schedule": 15 * 60.0,
    },
    # Records past their retention period are anonymised or deleted (pace_site.privacy).
    "privacy-retention": {
        "task": "pace_site.privacy.tasks.apply_retention",
        "schedule": _crontab(hour=2, minute=30),
    },
}

# Notifications
DEFAULT_FROM_EMAIL = optional("DEFAULT_FROM_EMAIL", "Pace <hello@pace.example>")
# Use an address on a neutral domain: the sender is what a watching person sees first.
DISCREET_FROM_EMAIL = optional("DISCREET_FROM_EMAIL", "Notifications <notifications@example.org>")
SITE_URL = optional("SITE_URL", "http://127.0.0.1:8000")
# A neutral address (a domain that says nothing about Pace) that reaches this same site; discreet
# messages link through it. Empty: discreet notices carry no link, only "please sign in".
DISCREET_SITE_URL = optional("DISCREET_SITE_URL", "")
NOTIFICATION_SWEEP_GRACE = timedelta(minutes=2)
# A message due this long and not sent raises an alert (pace_site.operations.alerts).
OUTBOX_STUCK_AFTER = timedelta(minutes=15)
NOTIFICATION_MAX_ATTEMPTS = 8
# Text messages (pace_site.notifications.sms): the provider, and a sender ID that says nothing.
SMS_BACKEND = optional("SMS_BACKEND", "pace_site.notifications.sms.ConsoleBackend")
SMS_SENDER_ID = optional("SMS_SENDER_ID", "Messages")
SMS_STATUS_CALLBACK_URL = optional("SMS_STATUS_CALLBACK_URL", "")
TWILIO_ACCOUNT_SID = optional("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = optional("TWILIO_AUTH_TOKEN", "")

# Exit this page: where the button takes a visitor. A neutral page that is unremarkable in history.
QUICK_EXIT_URL = optional("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")

# Field encryption (see pace_site.crypto). Overridden per environment.
FIELD_ENCRYPTION_KEYS: list[str] = []
# When the field key is next to be rotated: administrators are alerted two weeks before.
FIELD_ENCRYPTION_KEY_ROTATE_BY = as_date("FIELD_ENCRYPTION_KEY_ROTATE_BY")

# Every handler takes tokens out of request paths (calendar feeds, invitations, password reset,
# e-mail confirmation) before writing a line; Django's own loggers are routed through them.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_tokens": {"()": "pace_site.logfilters.RedactTokensFilter"},
        "request_id": {"()": "pace_site.operations.requestid.RequestIdFilter"},
    },
    "formatters": {
        "readable": {
            "format": "{asctime} {levelname} {name} [{request_id}] {message}",
            "style": "{",
        },
        # Production (LOG_FORMAT=json, the default there): one JSON object per line.
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "{asctime}{levelname}{name}{request_id}{message}",
            "style": "{",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "redact_tokens"],
            "formatter": "readable",
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "pace": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "celery": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
EMERGENCY_PHONE = "999"
PACE_HELPLINE = optional("PACE_HELPLINE", "0113 240 3040")
# The public site keeps the editable helpline; the platform reads it through this function.
HELPLINE_PROVIDER = "home.helpline.current"
PAGE_SIZE = as_int("PAGE_SIZE", 25)
