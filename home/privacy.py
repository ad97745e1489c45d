"""Personal data on the public site: only stories, told under a pseudonym with the parent's
permission (see pace_site.privacy.registry). Every other page is written by editors."""

from pace_site.privacy.registry import Category, Erase, PersonalData, declare, not_personal

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
