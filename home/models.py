"""Page types of the public site: home, standard pages, guides, parent stories and news."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from pace_site.forms import PersonNameField
from participation.models import Consent, ConsentPurpose, in_force

from .blocks import BodyBlock, RoutesBlock, contents_of
from .cache import CachedPageMixin, private_sections_q

CONSENT_REFUSAL = _(
    "This story cannot be published: it needs the parent's active permission to publish their "
    "story. Choose their “publishing my story” permission, or keep the story as a draft."
)
META_DESCRIPTION_LENGTH = 160
MEDIA_EXTENSIONS = {"mp3", "m4a", "ogg", "mp4", "webm"}


def paginate(request, queryset, per_page: int | None = None):
    """One page of results; a page number out of range or not a number gives the nearest page."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


class Audience(models.TextChoices):
    PARENTS = "parents", _("Parents and carers")
    PROFESSIONALS = "professionals", _("Professionals")
    BOTH = "both", _("Parents and professionals")


class PublicPageQuerySet(PageQuerySet):
    def private_q(self):
        """Wagtail's, from the cached list of restricted sections instead of a query for each
        `.public()` (the home page has five, and the site usually has no restricted page)."""
        return private_sections_q()


PublicPageManager = PageManager.from_queryset(PublicPageQuerySet)


class PublicPage(CachedPageMixin, Page):
    """Shared by every public page type: cached for anonymous visitors, with social meta."""

    objects = PublicPageManager()

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        """What search engines and link previews show: the editor's search description, or
        the page's summary or introduction, as plain text of at most 160 characters."""
        text = self.search_description or getattr(self, "summary", "") or ""
        if not text:
            text = strip_tags(str(getattr(self, "intro", "") or ""))
        return Truncator(" ".join(text.split())).chars(META_DESCRIPTION_LENGTH)

    def get_url_parts(self, request=None):
        """Wagtail's URL parts, with the configured site address (SITE_URL) as the root: the
        sitemap, canonical links and feeds never name `localhost` or whatever host a request
        came in on."""
        parts = super().get_url_parts(request)
        if parts is None or parts[2] is None or not settings.SITE_URL:
            return parts
        site_id, _root_url, page_path = parts
        return site_id, settings.SITE_URL.rstrip("/"), page_path


# For a listing of pages with their pictures: the images and their renditions, one query each
# (none when no page on the list has a picture).
PICTURE_PREFETCH = ("picture", "picture__renditions")


class PicturedPage(PublicPage):
    """An optional picture for the top of a page and for listings that show the page. The
    picture needs a description for people who cannot see it, unless it is only decoration."""

    picture = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "An illustration or photograph for the top of the page and for listings. Never a "
            "picture in which a parent or child could be recognised."
        ),
    )
    picture_alt = models.CharField(
        _("description of the picture"),
        max_length=250,
        blank=True,
        help_text=_("What the picture shows, for someone who cannot see it."),
    )
    picture_is_decorative = models.BooleanField(
        _("the picture is only decoration"),
        default=False,
        help_text=_("Screen readers then skip it. Leave unticked if the picture means something."),
    )

    picture_panel = MultiFieldPanel(
        [FieldPanel("picture"), FieldPanel("picture_alt"), FieldPanel("picture_is_decorative")],
        heading=_("Picture"),
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.picture_id and not self.picture_alt.strip() and not self.picture_is_decorative:
            raise ValidationError(
                {
                    "picture_alt": _(
                        "Describe the picture, or tick “the picture is only decoration”."
                    )
                }
            )

    @property
    def picture_alt_text(self) -> str:
        """The picture's alt text: empty when it is only decoration."""
        return "" if self.picture_is_decorative else self.picture_alt


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


class StandardPage(PublicPage):
    """About, support, “cover your tracks” and other plain pages."""

    template = "home/public/standard_page.html"

    intro = models.TextField(blank=True, max_length=600)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = "standard page"

    @property
    def summary(self) -> str:
        return self.intro


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


# --- Parent stories ---------------------------------------------------------------------------


class StoryPageQuerySet(PublicPageQuerySet):
    def with_consent(self):
        """Stories whose parent's story permission is in force: not withdrawn, not expired
        (belt and braces: a withdrawal also unpublishes the page at once)."""
        return self.filter(
            in_force(prefix="consent__"),
            consent__isnull=False,
            consent__purpose=ConsentPurpose.STORY,
        )


StoryPageManager = PageManager.from_queryset(StoryPageQuerySet)


def consent_label(consent: Consent) -> str:
    """A story permission as editors see it: the pseudonym and the date, nothing of the parent's
    name or words."""
    state = "" if consent.is_active else ", withdrawn"
    name = consent.parent.pseudonym or "no pseudonym"
    return f"{name} (given {timezone.localdate(consent.given_at):%-d %b %Y}{state})"


class StoryPageForm(WagtailAdminPageForm):
    """Refuses to publish or send for approval without the parent's active story permission."""

    PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")

    pseudonym = PersonNameField(max_length=100, help_text=_("Never the parent's real name."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["consent"]
        # Only live story permissions of parents with a pseudonym; the one already chosen stays
        # listed (labelled withdrawn) so the form shows what the page relies on.
        offered = Q(withdrawn_at__isnull=True) & ~Q(parent__pseudonym="")
        if self.instance.consent_id:
            offered |= Q(pk=self.instance.consent_id)
        field.queryset = (
            Consent.objects.filter(purpose=ConsentPurpose.STORY)
            .filter(offered)
            .select_related("parent")
            .order_by("-given_at")
        )
        field.label_from_instance = consent_label

    def clean(self):
        cleaned = super().clean()
        consent = cleaned.get("consent")
        publishing = any(action in self.data for action in self.PUBLISHING_ACTIONS)
        if publishing and not (consent and consent.is_active):
            self.add_error("consent", CONSENT_REFUSAL)
        return cleaned


class StoryIndexPage(PicturedPage):
    template = "home/public/story_index_page.html"

    intro = models.TextField(blank=True, max_length=600)

    content_panels = [*Page.content_panels, FieldPanel("intro"), PicturedPage.picture_panel]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.StoryPage"]

    class Meta:
        verbose_name = "story index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = (
            StoryPage.objects.child_of(self)
            .live()
            .public()
            .with_consent()
            .order_by("-first_published_at")
            .prefetch_related(*PICTURE_PREFETCH)
        )
        context["stories"] = paginate(request, stories)
        return context


class StoryPage(PicturedPage):
    """A parent's story under a pseudonym, published only while their permission stands."""

    template = "home/public/story_page.html"

    pseudonym = models.CharField(max_length=100, help_text=_("Never the parent's real name."))
    summary = models.TextField(max_length=600)
    content_warning = models.TextField(
        blank=True,
        max_length=400,
        help_text=_("Shown before the story, for example “This story describes violence.”"),
    )
    body = StreamField(BodyBlock())
    media = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("audio or video"),
        help_text=_("An MP3, M4A, OGG, MP4 or WebM file. A transcript is then required."),
    )
    transcript = models.TextField(blank=True)
    consent = models.ForeignKey(
        Consent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"purpose": ConsentPurpose.STORY},
        verbose_name=_("parent's permission"),
        help_text=_("The parent's permission to publish this story. Needed before publishing."),
    )
    is_featured = models.BooleanField(_("feature on the home page"), default=False)

    objects = StoryPageManager()
    base_form_class = StoryPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("consent"),
        FieldPanel("pseudonym"),
        FieldPanel("summary"),
        PicturedPage.picture_panel,
        FieldPanel("content_warning"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("media"), FieldPanel("transcript")], heading=_("Audio or video")
        ),
        FieldPanel("is_featured"),
    ]
    parent_page_types = ["home.StoryIndexPage"]
    subpage_types: list[str] = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("transcript"),
    ]

    class Meta:
        verbose_name = "parent story"
        verbose_name_plural = "parent stories"

    @property
    def has_active_consent(self) -> bool:
        if self.consent_id is None:
            return False
        consent = Consent.objects.filter(pk=self.consent_id).first()
        return bool(consent and consent.is_active and consent.purpose == ConsentPurpose.STORY)

    @property
    def media_kind(self) -> str:
        if not self.media_id:
            return ""
        return "video" if self.media.file_extension.lower() in {"mp4", "webm"} else "audio"

    def clean(self):
        super().clean()
        errors = {}
        if self.media_id:
            if self.media.file_extension.lower() not in MEDIA_EXTENSIONS:
                errors["media"] = _("Choose an audio or video file (MP3, M4A, OGG, MP4 or WebM).")
            if not self.transcript.strip():
                errors["transcript"] = _(
                    "Add a transcript: not everyone can hear or see the recording."
                )
        # Whatever the route to publishing (the editor, an approver, a schedule), a live story
        # must have the parent's permission in force.
        if self.live and not self.has_active_consent:
            errors["consent"] = CONSENT_REFUSAL
        if errors:
            raise ValidationError(errors)

    def serve(self, request, *args, **kwargs):
        if not self.has_active_consent:
            raise Http404
        return super().serve(request, *args, **kwargs)


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


def _default_helpline() -> str:
    return settings.PACE_HELPLINE


@register_setting(icon="site")
class HelplineSettings(BaseGenericSetting):
    """The helpline shown on every page (footer, home page, error pages), editable in the CMS.

    Read through `home.helpline.current()`, which keeps a copy in the page cache so a page costs
    no extra query; saving here refreshes that copy and the cached public pages.
    """

    phone = models.CharField(
        _("helpline number"),
        max_length=30,
        default=_default_helpline,
        help_text=_("As people should see it, with spaces, for example “0113 240 3040”."),
    )
    hours = models.CharField(
        _("opening hours"),
        max_length=120,
        default="Monday to Friday, 9am to 5pm",
        help_text=_("In plain words, for example “Monday to Friday, 9am to 5pm”."),
    )
    get_help_url = models.CharField(
        _("address of the “Get help” page"),
        max_length=200,
        default="/support/",
        help_text=_("Linked at the end of every story, with the helpline."),
    )
    cover_your_tracks_url = models.CharField(
        _("address of the “cover your tracks” page"),
        max_length=200,
        default="/support/cover-your-tracks/",
        help_text=_("Linked from the Exit this page note and beside guide downloads."),
    )

    panels = [
        FieldPanel("phone"),
        FieldPanel("hours"),
        FieldPanel("get_help_url"),
        FieldPanel("cover_your_tracks_url"),
    ]

    class Meta:
        verbose_name = _("helpline")

    def clean(self):
        super().clean()
        if not any(ch.isdigit() for ch in self.phone):
            raise ValidationError({"phone": _("Enter the helpline number, in digits.")})
