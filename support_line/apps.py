from django.apps import AppConfig

from pace_site.accounts.roles import Role


class SupportLineConfig(AppConfig):
    """The support line: a tally of the calls, e-mails and messages it answers, kept without
    anyone's name, so that its work counts in the outcomes report as the "other" programme."""

    name = "support_line"
    label = "support_line"
    verbose_name = "Support line"
    default_auto_field = "django.db.models.BigAutoField"

    # Contacts are recorded and removed through services (the workspace's actions).
    role_permissions = {
        Role.PARTICIPATION_MANAGER: ["support_line.view_supportcontact"],
        Role.BEFRIENDING_COORDINATOR: ["support_line.view_supportcontact"],
    }

    def ready(self):
        from . import audit, reports  # noqa: F401 - registers the audit codes

        reports.register()

    def seed_demo(self, *, users, stdout):
        from .demo import seed_demo

        seed_demo(users=users, stdout=stdout)
