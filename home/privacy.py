"""Personal data on the public site: only stories, told under a pseudonym with the parent's
permission (see pace_site.privacy.registry). Every other page is written by editors."""

from pace_site.privacy.registry import (
    Category,
    Erase,
    PersonalData,
    declare,
    not_personal,
    register_eraser,
)

declare(
    PersonalData(
        "home.StoryPage",
        heading="Your stories on the public site",
        subject=("consent__parent__user",),
        category=Category.SPECIAL,
        fields=("title", "pseudonym", "summary", "first_published_at", "live"),
        # Erasing the teller takes the story down and removes it with its saved versions and
        # its search entries (see the privacy services).
        erase=Erase.DELETE,
        actors=("owner", "locked_by"),
    ),
)

for page_model in (
    "home.HomePage",
    "home.StandardPage",
    "home.ResourceIndexPage",
    "home.GuidePage",
    "home.StoryIndexPage",
    "home.NewsIndexPage",
    "home.NewsPage",
):
    not_personal(page_model, "A public page written by editors.", actors=("owner", "locked_by"))


def erase_stories(stories, *, by) -> int:
    """Take down and delete the stories of an erased parent through Wagtail's own page deletion
    (so the search index, the reference index and the page cache follow), with their saved
    versions, the page history that still names them, and their recording unless another page
    uses it."""
    from wagtail.actions.delete_page import DeletePageAction
    from wagtail.models import PageLogEntry, ReferenceIndex

    count = 0
    for story in stories:
        page_id = story.pk
        recording = story.media  # their voice or face: it goes with the story
        DeletePageAction(story, user=by).execute(skip_permission_checks=True)
        PageLogEntry.objects.filter(page_id=page_id).delete()
        if recording is not None and not ReferenceIndex.get_references_to(recording).exists():
            recording.delete()
        count += 1
    return count


register_eraser("home.StoryPage", erase_stories)
