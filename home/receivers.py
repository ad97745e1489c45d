"""Reactions of the public site: cache purges on publishing, and consent withdrawal."""

import logging

from django.db import transaction
from django.urls import reverse
from wagtail.models import Page
from wagtail.search import index

from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.notifications.services import notify_role

from .cache import purge_page_and_listings, purge_site

logger = logging.getLogger("pace.home")


def on_page_published(sender, instance, **kwargs):
    # The page is indexed as it is saved, before its tags (topics) are written: index it again
    # now that everything is in place, so a first publish is found by its topics.
    index.insert_or_update_object(instance.specific)
    purge_page_and_listings(instance)


def on_page_unpublished(sender, instance, **kwargs):
    purge_page_and_listings(instance)


def on_page_moved(sender, instance, **kwargs):
    # The old and the new index both list it; menus and breadcrumbs may change too.
    purge_site()


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_site()


def on_restriction_changed(sender, instance, **kwargs):
    # Served copies are checked against restrictions on every hit as well; this frees the space.
    transaction.on_commit(purge_site)


def unpublish_stories_for(consent, *, by=None) -> list:
    """Take every story that relied on this consent off the site now and tell the editors.

    Also clears any scheduled publication and cancels review, so nothing brings it back.
    """
    from .models import StoryPage

    unpublished = []
    with transaction.atomic():
        stories = list(StoryPage.objects.filter(consent=consent).select_for_update())
        for story in stories:
            story.revisions.update(approved_go_live_at=None)
            workflow_state = story.current_workflow_state
            if workflow_state is not None:
                workflow_state.cancel(user=None)
            if story.live:
                # Recorded without the acting person: a parent's name must not appear in the
                # page history that editors read.
                story.unpublish(user=None, log_action=True)
                unpublished.append(story)
            record("pages.story.taken_down", story, by=by, data={"consent": consent.pk})
        for story in stories:
            notify_role(
                Role.EDITOR,
                "home/story_unpublished",
                context={
                    "story": story,
                    "was_live": story in unpublished,
                    "edit_url": reverse("wagtailadmin_pages:edit", args=[story.pk]),
                },
                urgent=True,
            )
    if stories:
        transaction.on_commit(purge_site)
    return unpublished


def on_consent_withdrawn(sender, consent, by=None, **kwargs):
    # Called inside the withdrawal's transaction; the stories come down with it (in a savepoint
    # of their own). The person who withdrew must not see an error because of the website: were
    # this to fail, the story would still be hidden (serving and every listing check the
    # consent), and the failure is logged for the team to see.
    try:
        unpublish_stories_for(consent, by=by)
    except Exception:
        logger.exception("Could not unpublish the stories of consent %s", consent.pk)
        transaction.on_commit(purge_site)
