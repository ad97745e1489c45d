from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "pace_site.privacy"
    label = "privacy"
    verbose_name = "Data rights"

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app declares the personal data it holds in its own `privacy.py`; the declarations
        # for the libraries' tables (sessions, sign-in, Wagtail) live with the platform.
        from . import libraries  # noqa: F401

        autodiscover_modules("privacy")
