from wagtail.contrib.sitemaps import Sitemap

from .models import StoryPage


class PublicSitemap(Sitemap):
    """Wagtail's sitemap of live public pages, without any story whose permission has lapsed."""

    def items(self):
        hidden = StoryPage.objects.exclude(
            pk__in=StoryPage.objects.with_consent().values("pk")
        ).values("pk")
        return super().items().exclude(pk__in=hidden)
