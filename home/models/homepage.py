"""The home page: routes for parents and for professionals, featured guides, stories and news."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock, RoutesBlock
from .base import PicturedPage
from .guides import GuidePage
from .news import NewsPage
from .stories import StoryPage


class HomePage(PicturedPage):
    """The front page of the public site."""

    template = "home/public/home_page.html"

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    routes = StreamField(RoutesBlock(), blank=True, verbose_name=_("routes to help"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("what Pace does"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        PicturedPage.picture_panel,
        FieldPanel("routes"),
        FieldPanel("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.ResourceIndexPage",
        "home.StoryIndexPage",
        "home.NewsIndexPage",
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_guides"] = list(
            GuidePage.objects.live().public().filter(is_featured=True).order_by("title")[:3]
        )
        context["featured_stories"] = list(
            StoryPage.objects.live().public().with_consent().filter(is_featured=True)[:2]
        )
        context["latest_news"] = list(
            NewsPage.objects.live().public().order_by("-published_on", "-pk")[:3]
        )
        return context
