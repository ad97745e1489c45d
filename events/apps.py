from django.apps import AppConfig

from pace_site.accounts.roles import Role


class EventsConfig(AppConfig):
    """Network days, residentials and other events: registrations, waitlists, reminders and
    calendars."""

    name = "events"
    label = "events"
    verbose_name = "Events"

    role_permissions = {
        Role.PARTICIPATION_MANAGER: [
            "events.add_event",
            "events.change_event",
            "events.view_event",
        ],
    }

    def ready(self):
        from pace_site.portal import register_panel
        from participation.signals import consent_withdrawn

        from . import outcomes
        from .calendar import register_feed_source
        from .portal import events_panel_context
        from .receivers import on_consent_withdrawn
        from .reports import register as register_reports
        from .sources import participation_opportunities

        consent_withdrawn.connect(on_consent_withdrawn, dispatch_uid="events-photo-ticks")
        register_feed_source(participation_opportunities)
        register_reports()
        outcomes.register()
        register_panel(
            "events",
            template="events/portal/panel.html",
            roles={Role.PARENT, Role.BEFRIENDER},
            get_context=events_panel_context,
            order=30,
        )

    def seed_demo(self, *, users, stdout):
        from .demo import seed_demo

        seed_demo(users=users, stdout=stdout)

    def seed_scale(self, *, size, stdout):
        from .scale import seed_scale

        seed_scale(size=size, stdout=stdout)
