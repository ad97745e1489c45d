"""Template tags of the public site: navigation, breadcrumbs, heading anchors."""

from django import template
from wagtail.models import Page, Site

from home.blocks import heading_anchor as _heading_anchor

register = template.Library()


@register.filter
def heading_anchor(text: str) -> str:
    return _heading_anchor(text)


@register.inclusion_tag("home/includes/public_nav.html", takes_context=True)
def public_nav(context):
    """The home page's children marked “show in menus”, plus search. One query."""
    request = context["request"]
    site = Site.find_for_request(request)
    items = []
    if site is not None:
        items = list(
            Page.objects.child_of(site.root_page).live().public().in_menu().order_by("path")
        )
    current_path = getattr(context.get("page"), "path", "")
    return {
        "request": request,
        "items": [(item, current_path.startswith(item.path)) for item in items],
    }


@register.inclusion_tag("home/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """The page's ancestors below the site root. One query."""
    ancestors = list(page.get_ancestors().live().public().filter(depth__gt=2))
    return {"request": context["request"], "ancestors": ancestors, "page": page}
