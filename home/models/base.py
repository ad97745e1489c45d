"""The public site's page kinds shared by every section, the home page and standard pages."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from ..blocks import BodyBlock
from ..cache import CachedPageMixin, private_sections_q

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
