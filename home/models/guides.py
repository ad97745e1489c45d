"""Guides: the index, each guide, its topics and partners."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import BodyBlock, contents_of
from .base import PICTURE_PREFETCH, Audience, PicturedPage, paginate

# --- Guides -----------------------------------------------------------------------------------


class ResourceIndexPage(PicturedPage):
    """Lists the guides, filtered by audience and topic."""

    template = "home/public/resource_index_page.html"

    intro = models.TextField(blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro"), PicturedPage.picture_panel]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.GuidePage"]

    class Meta:
        verbose_name = "guide index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides = GuidePage.objects.child_of(self).live().public().order_by("title")
        audience = request.GET.get("audience", "")
        if audience in {Audience.PARENTS, Audience.PROFESSIONALS}:
            guides = guides.filter(audience__in=[audience, Audience.BOTH])
        else:
            audience = ""
        topics = list(
            Tag.objects.filter(home_guidetopic_items__content_object__live=True)
            .distinct()
            .order_by("name")
        )
        topic = request.GET.get("topic", "")
        if topic in {t.slug for t in topics}:
            guides = guides.filter(topics__slug=topic)
        else:
            topic = ""
        page = paginate(request, guides.prefetch_related("topics", *PICTURE_PREFETCH))
        query = urlencode({k: v for k, v in (("audience", audience), ("topic", topic)) if v})
        context.update(
            guides=page,
            audiences=[
                (Audience.PARENTS, _("Parents and carers")),
                (Audience.PROFESSIONALS, _("Professionals")),
            ],
            audience=audience,
            topics=topics,
            topic=topic,
            query_string=query,
        )
        return context


class GuideTopic(TaggedItemBase):
    content_object = ParentalKey(
        "home.GuidePage", on_delete=models.CASCADE, related_name="tagged_topics"
    )


class GuidePage(PicturedPage):
    """A guide such as the Debt Bondage Guide: sections, contents list, optional PDF."""

    template = "home/public/guide_page.html"

    summary = models.TextField(max_length=600)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.BOTH)
    topics = ClusterTaggableManager(
        through=GuideTopic,
        blank=True,
        help_text=_("Such as criminal exploitation, sexual exploitation, county lines."),
    )
    body = StreamField(BodyBlock())
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("downloadable PDF"),
    )
    is_written_with_parents = models.BooleanField(_("written with parents"), default=False)
    credit = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("For example “Written with parents from Pace's core group.”"),
    )
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    is_featured = models.BooleanField(_("feature on the home page"), default=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        PicturedPage.picture_panel,
        FieldPanel("audience"),
        FieldPanel("topics"),
        FieldPanel("body"),
        FieldPanel("document"),
        MultiFieldPanel(
            [
                FieldPanel("is_written_with_parents"),
                FieldPanel("credit"),
                InlinePanel("partners", label=_("Partner organisations")),
            ],
            heading=_("Credits"),
        ),
        FieldPanel("last_reviewed_on"),
        FieldPanel("is_featured"),
    ]
    parent_page_types = ["home.ResourceIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("audience"),
    ]

    class Meta:
        verbose_name = "guide"

    def clean(self):
        super().clean()
        errors = {}
        if self.last_reviewed_on and self.last_reviewed_on > timezone.localdate():
            errors["last_reviewed_on"] = _("The review date cannot be in the future.")
        if self.document_id and self.document.file_extension.lower() != "pdf":
            errors["document"] = _("The downloadable version must be a PDF.")
        if errors:
            raise ValidationError(errors)

    @cached_property
    def contents(self) -> list[tuple[str, str]]:
        return contents_of(self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["partners"] = list(self.partners.all())
        context["topic_list"] = list(self.topics.all())
        return context


class GuidePartner(Orderable):
    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(max_length=200)
    url = models.URLField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("url")]

    def __str__(self):
        return self.name
