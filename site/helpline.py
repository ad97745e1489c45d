"""The helpline as every page shows it: number, a `tel:` form of it, opening hours, and where
"other ways to get help" and "cover your tracks" live.

The public site keeps the editable copy (Settings › Helpline) and names the function that reads
it in HELPLINE_PROVIDER; the platform reads it through that setting, never by importing the app.
The 500 and 503 pages, which must not touch the database, show `fallback()`: the defaults.
"""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("pace.helpline")


@dataclass(frozen=True)
class Helpline:
    phone: str
    hours: str
    get_help_url: str
    cover_your_tracks_url: str

    @property
    def tel(self) -> str:
        """The number as a `tel:` link needs it: digits and a leading +, nothing else."""
        return re.sub(r"[^\d+]", "", self.phone)


def fallback() -> Helpline:
    """What pages show when the saved helpline cannot be read."""
    return Helpline(
        phone=settings.PACE_HELPLINE,
        hours="Monday to Friday, 9am to 5pm",
        get_help_url="/support/",
        cover_your_tracks_url="/support/cover-your-tracks/",
    )


def current() -> Helpline:
    """The helpline as editors saved it, or the defaults when there is no provider."""
    provider = getattr(settings, "HELPLINE_PROVIDER", "")
    return import_string(provider)() if provider else fallback()
