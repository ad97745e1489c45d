from django.apps import AppConfig

from pace_site.accounts.roles import Role


class PrivacyConfig(AppConfig):
    name = "pace_site.privacy"
    label = "privacy"
    verbose_name = "Data rights"

    # The information-sharing log is read in the admin listing; it changes only through the
    # services (record, review).
    role_permissions = {
        Role.PARTICIPATION_MANAGER: ["privacy.view_sharing"],
        Role.BEFRIENDING_COORDINATOR: ["privacy.view_sharing"],
    }

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app declares the personal data it holds in its own `privacy.py`; the declarations
        # for the libraries' tables (sessions, sign-in, Wagtail) live with the platform.
        from . import libraries  # noqa: F401

        autodiscover_modules("privacy")
