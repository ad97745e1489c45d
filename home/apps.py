from django.apps import AppConfig

from pace_site.accounts.roles import Role


class HomeConfig(AppConfig):
    """The public site: page types, caching and the reaction to a withdrawn story consent."""

    name = "home"
    label = "home"
    verbose_name = "Public site"

    # Page, document and image rights come from page and collection permissions (see
    # home/editorial.py); editors get nothing of the working apps.
    role_permissions = {
        Role.EDITOR: [
            "wagtailsearchpromotions.add_query",
            "wagtailsearchpromotions.change_query",
            "wagtailsearchpromotions.view_query",
            "wagtailsearchpromotions.add_searchpromotion",
            "wagtailsearchpromotions.change_searchpromotion",
            "wagtailsearchpromotions.delete_searchpromotion",
            "wagtailsearchpromotions.view_searchpromotion",
        ],
    }

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from participation.signals import consent_withdrawn

        from . import receivers

        page_published.connect(receivers.on_page_published, dispatch_uid="home-purge-published")
        page_unpublished.connect(
            receivers.on_page_unpublished, dispatch_uid="home-purge-unpublished"
        )
        post_page_move.connect(receivers.on_page_moved, dispatch_uid="home-purge-moved")
        post_delete.connect(receivers.on_page_deleted, dispatch_uid="home-purge-deleted")
        # A restriction covers the page and everything under it, and listings show them.
        for signal in (post_save, post_delete):
            signal.connect(
                receivers.on_restriction_changed,
                sender=PageViewRestriction,
                dispatch_uid=f"home-purge-restriction-{signal is post_save}",
            )
        from .helpline import on_helpline_saved
        from .models import HelplineSettings

        for signal in (post_save, post_delete):
            signal.connect(
                on_helpline_saved,
                sender=HelplineSettings,
                dispatch_uid=f"home-helpline-{signal is post_save}",
            )
        consent_withdrawn.connect(
            receivers.on_consent_withdrawn, dispatch_uid="home-unpublish-withdrawn-stories"
        )

    def seed_demo(self, *, users, stdout):
        from .demo import seed_demo

        seed_demo(users=users, stdout=stdout)
