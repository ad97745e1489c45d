from django.apps import AppConfig

from pace_site.accounts.roles import Role


class PrivacyConfig(AppConfig):
    name = "pace_site.privacy"
    label = "privacy"
    verbose_name = "Data rights"

    role_permissions = {
        # Subject access requests: seen and opened by these roles; reviewed and released by
        # Administrators, who hold every permission.
        Role.PARTICIPATION_MANAGER: ["privacy.view_subjectaccessrequest"],
        Role.BEFRIENDING_COORDINATOR: ["privacy.view_subjectaccessrequest"],
    }

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app declares the personal data it holds in its own `privacy.py`; the declarations
        # for the libraries' tables (sessions, sign-in, Wagtail) live with the platform.
        from . import libraries  # noqa: F401

        autodiscover_modules("privacy")

    def seed_demo(self, *, users, stdout):
        from .access.demo import seed_demo as seed_access_requests

        seed_access_requests(users=users, stdout=stdout)
