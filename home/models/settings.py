"""The helpline as editors set it (Settings › Helpline)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


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
