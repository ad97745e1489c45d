"""A story lives only while the parent's permission stands: withdrawn or draft, it is nowhere."""

import pytest
from wagtail.models import PageLogEntry

from home.models import StoryPage
from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import Notification
from participation.services import withdraw_consent
from tests.factories import make_user

from .factories import StoryPageFactory

pytestmark = pytest.mark.django_db

PUBLIC_PLACES = ["/", "/stories/", "/search/?query=joe", "/feeds/stories.rss", "/sitemap.xml"]


def visible_everywhere(client, title: str, path: str = "/stories/joe/") -> dict[str, bool]:
    """Where the story shows: by its title on pages and feeds, by its address in the sitemap."""
    seen = {}
    for url in PUBLIC_PLACES:
        html = client.get(url).content.decode()
        seen[url] = (path in html) if url == "/sitemap.xml" else (title in html)
    return seen


@pytest.fixture
def featured_story(story):
    story.is_featured = True
    story.save_revision().publish()
    return story


def test_a_live_story_is_everywhere_public(client, featured_story):
    assert visible_everywhere(client, "Joe finds his voice") == dict.fromkeys(PUBLIC_PLACES, True)
    assert client.get("/stories/joe/").status_code == 200


def test_withdrawing_consent_takes_the_story_down_at_once_and_tells_editors(
    client, featured_story, django_capture_on_commit_callbacks
):
    editor = make_user(Role.EDITOR)
    parent_user = featured_story.consent.parent.user
    # Warm the cache, as real visitors would have.
    for url in [*PUBLIC_PLACES, "/stories/joe/"]:
        client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(featured_story.consent, by=parent_user, how="online")

    story = StoryPage.objects.get(pk=featured_story.pk)
    assert not story.live
    assert client.get("/stories/joe/").status_code == 404
    assert visible_everywhere(client, "Joe finds his voice") == dict.fromkeys(PUBLIC_PLACES, False)

    alert = Notification.objects.get(recipient=editor, kind="home/story_unpublished")
    assert alert.category == "alert"
    assert "Joe finds his voice" in alert.body
    assert "Samantha" not in alert.body  # never the parent's real name
    assert AuditEntry.objects.filter(
        object_id=str(story.pk), action="pages.story.taken_down"
    ).exists()
    # Wagtail's page history (read by editors) does not name the parent.
    unpublished = PageLogEntry.objects.get(page=story, action="wagtail.unpublish")
    assert unpublished.user is None


def test_a_withdrawn_story_cannot_come_back_by_schedule_or_republishing(
    featured_story, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    featured_story.go_live_at = timezone.now() + timedelta(days=1)
    featured_story.save_revision().publish()  # schedules the next revision
    assert featured_story.revisions.filter(approved_go_live_at__isnull=False).exists()

    with django_capture_on_commit_callbacks(execute=True):
        withdraw_consent(featured_story.consent, by=None, how="online")

    story = StoryPage.objects.get(pk=featured_story.pk)
    assert not story.revisions.filter(approved_go_live_at__isnull=False).exists()
    story.go_live_at = None
    with pytest.raises(ValidationError):
        story.save_revision().publish()


def test_draft_story_appears_nowhere_public(client, story_index, story_consent):
    StoryPageFactory(
        parent=story_index,
        title="Anna in draft",
        slug="anna",
        consent=story_consent,
        is_featured=True,
        publish=False,
    )
    assert client.get("/stories/anna/").status_code == 404
    assert visible_everywhere(client, "Anna in draft", "/stories/anna/") == dict.fromkeys(
        PUBLIC_PLACES, False
    )


def test_a_story_whose_consent_lapsed_is_hidden_even_if_still_live(client, featured_story):
    """Belt and braces: were the withdrawal reaction ever missed, listings still hide it."""
    from django.utils import timezone

    from participation.models import Consent

    Consent.objects.filter(pk=featured_story.consent_id).update(withdrawn_at=timezone.now())
    assert StoryPage.objects.get(pk=featured_story.pk).live
    assert client.get("/stories/joe/").status_code == 404
    assert visible_everywhere(client, "Joe finds his voice") == dict.fromkeys(PUBLIC_PLACES, False)
