"""The helpline as every page shows it: number, a `tel:` form of it, opening hours.

Editors change it in Settings › Helpline (`HelplineSettings`). A copy sits in the page cache so
that the footer of every page costs no query; saving the setting drops that copy and the cached
public pages (see `on_helpline_saved`). The platform reads it through HELPLINE_PROVIDER; the
shape and the defaults are the platform's (`pace_site.helpline`).
"""

import logging
from dataclasses import asdict

from django.conf import settings
from django.core.cache import caches

from pace_site.helpline import Helpline, fallback

__all__ = ["Helpline", "current", "fallback", "forget", "on_helpline_saved"]

CACHE_KEY = "pace:helpline"
logger = logging.getLogger("pace.home")


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def current() -> Helpline:
    """The helpline as saved in the CMS (no query once cached)."""
    try:
        cached = _cache().get(CACHE_KEY)
    except Exception:  # noqa: BLE001 - an unreachable cache must not take a page down
        cached = None
    if cached:
        try:
            return Helpline(**cached)
        except TypeError:
            pass  # a copy of an older shape, from before a release: read the setting again
    from .models import HelplineSettings

    saved = HelplineSettings.load()
    helpline = Helpline(
        phone=saved.phone,
        hours=saved.hours,
        get_help_url=saved.get_help_url,
        cover_your_tracks_url=saved.cover_your_tracks_url,
    )
    try:
        _cache().set(CACHE_KEY, asdict(helpline), None)
    except Exception:  # noqa: BLE001 - the page is still shown, only not from the cache
        logger.warning("The helpline could not be cached")
    return helpline


def forget() -> None:
    """Drop the cached copy (after an edit, and between tests)."""
    try:
        _cache().delete(CACHE_KEY)
    except Exception:  # noqa: BLE001 - a stale copy would outlive an edit: say so
        logger.error("The cached helpline could not be dropped after an edit")


def on_helpline_saved(sender, created=False, **kwargs):
    """An edit changes every page. The first read creates the row with the defaults, while a
    page is being rendered: that changes nothing shown, so no page is purged then."""
    from .cache import purge_site

    forget()
    if not created:
        purge_site()
