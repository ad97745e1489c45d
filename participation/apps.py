from django.apps import AppConfig

from pace_site.accounts.roles import Role

_MODELS = [
    "parent",
    "activitytype",
    "opportunity",
    "signup",
    "pause",
    "checkin",
    "consent",
    "paymentrate",
]


def _perms(*actions: str, models=_MODELS) -> list[str]:
    return [f"participation.{action}_{model}" for model in models for action in actions]


class ParticipationConfig(AppConfig):
    """The core parent group: parents, opportunities, sign-ups, pauses, check-ins and consent."""

    name = "participation"
    label = "participation"
    verbose_name = "Parent participation"
    default_auto_field = "django.db.models.BigAutoField"

    # Sign-ups, pauses, check-ins and consents change only through services (custom admin views),
    # so the manager may view them in the admin listings but not add or edit them there.
    role_permissions = {
        Role.PARTICIPATION_MANAGER: [
            *_perms("view"),
            *_perms(
                "add", "change", models=["parent", "activitytype", "opportunity", "paymentrate"]
            ),
        ],
    }

    def ready(self):
        from pace_site.notifications.policies import register_policy
        from pace_site.portal import register_panel

        from . import outcomes, portal, reports
        from .policies import withhold_offers_from_paused_parents

        outcomes.register()
        reports.register()

        register_policy(withhold_offers_from_paused_parents)
        register_panel(
            "participation",
            template="participation/portal/panel.html",
            roles={Role.PARENT},
            get_context=portal.panel_context,
            order=10,
        )

    def seed_demo(self, *, users, stdout):
        from .demo import seed_demo

        seed_demo(users=users, stdout=stdout)

    def seed_scale(self, *, size, stdout):
        from .scale import seed_scale

        seed_scale(size=size, stdout=stdout)
