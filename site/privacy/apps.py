from django.apps import AppConfig

from pace_site.accounts.roles import Role

# Erasure and correction requests: managers see and handle them (through the services).
_ERASURE_PERMISSIONS = ["privacy.view_erasurerequest", "privacy.view_correctionrequest"]


class PrivacyConfig(AppConfig):
    name = "pace_site.privacy"
    label = "privacy"
    verbose_name = "Data rights"

    # Subject access requests are seen and opened by these roles, and reviewed and released by
    # Administrators, who hold every permission. The information-sharing log is read in the
    # admin listing; it changes only through the services (record, review).
    role_permissions = {
        Role.PARTICIPATION_MANAGER: [
            *_ERASURE_PERMISSIONS,
            "privacy.view_subjectaccessrequest",
            "privacy.view_sharing",
        ],
        Role.BEFRIENDING_COORDINATOR: [
            *_ERASURE_PERMISSIONS,
            "privacy.view_subjectaccessrequest",
            "privacy.view_sharing",
        ],
    }

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app declares the personal data it holds in its own `privacy.py`; the declarations
        # for the libraries' tables (sessions, sign-in, Wagtail) live with the platform.
        from . import libraries  # noqa: F401

        autodiscover_modules("privacy")

        from pace_site.accounts.roles import PORTAL_ROLES
        from pace_site.portal import register_panel

        # -- erasure and correction: the portal's links to ask -----------------------------
        register_panel(
            "privacy_erasure",
            template="privacy/erasure/portal/panel.html",
            roles=PORTAL_ROLES,
            get_context=lambda request: {},
            order=900,
        )

    def seed_demo(self, *, users, stdout):
        from .access.demo import seed_demo as seed_access_requests

        seed_access_requests(users=users, stdout=stdout)
