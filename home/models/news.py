"""News: the index and each item."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from .base import PublicPage, paginate

# --- News -------------------------------------------------------------------------------------


class NewsIndexPage(PublicPage):
    template = "home/public/news_index_page.html"

    intro = models.TextField(blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.NewsPage"]

    class Meta:
        verbose_name = "news index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = NewsPage.objects.child_of(self).live().public().order_by("-published_on", "-pk")
        context["items"] = paginate(request, items)
        return context


class NewsPage(PublicPage):
    template = "home/public/news_page.html"

    published_on = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(max_length=600)
    body = StreamField(BodyBlock())

    content_panels = [
        *Page.content_panels,
        FieldPanel("published_on"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types: list[str] = []
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = "news item"
        ordering = ["-published_on"]
