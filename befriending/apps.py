from django.apps import AppConfig

from pace_site.accounts.roles import Role

COORDINATOR_MODELS = [
    "befriender",
    "trainingrecord",
    "supervisionsession",
    "referral",
    "match",
    "review",
    "contactlog",
    "concern",
]


class BefriendingConfig(AppConfig):
    """Volunteer befrienders: vetting, referrals, 6–18 month matches, reviews, logs, concerns."""

    name = "befriending"
    label = "befriending"
    verbose_name = "Befriending"

    # The coordinator sees all befriending data. The participation manager gets nothing here.
    role_permissions = {
        Role.BEFRIENDING_COORDINATOR: [
            f"befriending.{action}_{model}"
            for model in COORDINATOR_MODELS
            for action in ("view", "add", "change")
        ],
    }

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from pace_site.portal import register_panel

        from . import outcomes, portal, reports
        from .services import link_account

        def link_on_sign_in(sender, request, user, **kwargs):
            link_account(user)

        user_logged_in.connect(link_on_sign_in, weak=False, dispatch_uid="befriending.link_account")
        reports.register()
        outcomes.register()
        register_panel(
            "befriending",
            template="befriending/portal/panel.html",
            roles={Role.BEFRIENDER, Role.APPLICANT},
            get_context=portal.panel_context,
            order=20,
        )

    def seed_demo(self, *, users, stdout):
        from .demo import seed_demo

        seed_demo(users=users, stdout=stdout)

    def seed_scale(self, *, size, stdout):
        from .scale import seed_scale

        seed_scale(size=size, stdout=stdout)
