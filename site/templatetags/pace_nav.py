"""The one header navigation of the whole product, adapting to who is signed in."""

from dataclasses import dataclass

from django import template
from django.db import DatabaseError
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Left
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool = False


def menu_links(request) -> list[tuple[str, str]]:
    """The site's top pages marked “show in menus”, as (address, title). One query, on every
    page alike: the address is the page's path below its site root (one site, rooted at depth
    2, not behind a password or sign-in), so no site look-up is needed on pages Wagtail does
    not serve."""
    step = Page.steplen
    restricted = PageViewRestriction.objects.filter(
        Q(page__path=Left(OuterRef("path"), step))
        | Q(page__path=Left(OuterRef("path"), 2 * step))
        | Q(page__path=OuterRef("path"))
    )
    pages = (
        Page.objects.live()
        .in_menu()
        .exclude(Exists(restricted))
        .filter(depth=3)
        .order_by("path")
        .values_list("url_path", "title")
    )
    try:
        return [("/" + path.lstrip("/").partition("/")[2], title) for path, title in pages]
    except DatabaseError:
        # An error page while the database is away still has its header.
        return []


def _is_current(path: str, url: str) -> bool:
    if url == "/":
        return path == "/"
    return path.startswith(url)


def nav_links(request) -> tuple[list[NavLink], list[NavLink]]:
    """What the header links to: the public site for everybody, then the person's own places."""
    path = request.path
    public = [("/", _("Home")), *menu_links(request)]
    public += [
        (reverse("events:public_list"), _("Events")),
        (reverse("befriending:volunteer"), _("Volunteer with us")),
        (reverse("search:search"), _("Search")),
    ]
    user = getattr(request, "user", None)
    own: list[tuple[str, str]] = []
    if user is None or not user.is_authenticated:
        own.append((reverse("account_login"), _("Sign in")))
    else:
        if user.is_portal_user:
            own.append((reverse("pace_site:portal_home"), _("My page")))
            own.append((reverse("notifications:inbox"), _("Messages")))
        if user.is_staff_member:
            own.append(("/admin/", _("Staff area")))
        own.append((reverse("account_logout"), _("Sign out")))
    return (
        [NavLink(label, url, _is_current(path, url)) for url, label in public],
        [NavLink(label, url, _is_current(path, url)) for url, label in own],
    )


@register.inclusion_tag("includes/site_nav.html", takes_context=True)
def site_nav(context):
    request = context.get("request")
    if request is None:  # a page rendered without its request (Django's bare error handlers)
        return {"public_links": [NavLink(_("Home"), "/")], "own_links": []}
    public, own = nav_links(request)
    return {"public_links": public, "own_links": own}
