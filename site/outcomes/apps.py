from django.apps import AppConfig

from pace_site.accounts.roles import Role

# Staff who keep the questionnaires, the moments they are asked at, and the answers to follow up.
_QUESTIONNAIRE_PERMISSIONS = [
    "outcomes.view_questionnaire",
    "outcomes.add_questionnaire",
    "outcomes.change_questionnaire",
    "outcomes.view_moment",
    "outcomes.change_moment",
    # The outcomes report and the definitions saved from it.
    "outcomes.view_savedreport",
    "outcomes.add_savedreport",
]


class OutcomesConfig(AppConfig):
    """Outcome questionnaires: what is asked, at which moments, and the answers given."""

    name = "pace_site.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"
    default_auto_field = "django.db.models.BigAutoField"

    role_permissions = {
        Role.PARTICIPATION_MANAGER: [
            *_QUESTIONNAIRE_PERMISSIONS,
            "outcomes.view_followup",
            "outcomes.change_outcomesettings",
        ],
        # Coordinators follow up volunteers' answers (pace_site.outcomes.models.FollowUp).
        Role.BEFRIENDING_COORDINATOR: [*_QUESTIONNAIRE_PERMISSIONS, "outcomes.view_followup"],
    }

    def ready(self):
        from django.db.models.signals import post_migrate

        from pace_site.portal import register_panel

        from . import portal
        from .moments import sync_moments
        from .reports.outcome_figures import build_outcomes
        from .reports.registry import register_section

        post_migrate.connect(sync_moments, dispatch_uid="pace-outcomes-sync-moments")
        register_section("outcomes", title="Outcomes", build=build_outcomes, order=40)
        register_panel(
            "outcomes",
            template="outcomes/portal/panel.html",
            roles={Role.PARENT, Role.BEFRIENDER},
            get_context=portal.panel_context,
            order=20,
        )

    def seed_demo(self, *, users, stdout):
        from .demo import seed_demo

        seed_demo(users=users, stdout=stdout)
