"""Parent stories, published under pseudonyms with the parent's consent."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from pace_site.forms import PersonNameField
from participation.models import Consent, ConsentPurpose, in_force

from ..blocks import BodyBlock
from .base import (
    CONSENT_REFUSAL,
    MEDIA_EXTENSIONS,
    PICTURE_PREFETCH,
    PicturedPage,
    PublicPageQuerySet,
    paginate,
)

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
