"""Links that leave the site: in e-mails, calendar files and feeds."""

from django.conf import settings
from django.urls import reverse


def absolute_url(viewname: str, *args: object, **kwargs: object) -> str:
    """The full address of a named URL on this site (SITE_URL), for use outside a request."""
    return site_url(reverse(viewname, args=args or None, kwargs=kwargs or None))


def site_url(path: str) -> str:
    """The full address of a path on this site."""
    return settings.SITE_URL.rstrip("/") + path
