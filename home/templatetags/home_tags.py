"""Template tags of the public site: navigation, breadcrumbs, heading anchors."""

from django import template

from home.blocks import heading_anchor as _heading_anchor
from home.cache import private_sections_q

register = template.Library()


@register.filter
def heading_anchor(text: str) -> str:
    return _heading_anchor(text)


@register.inclusion_tag("home/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page):
    """The page's ancestors below the site root. One query."""
    ancestors = list(page.get_ancestors().live().exclude(private_sections_q()).filter(depth__gt=2))
    return {"request": context["request"], "ancestors": ancestors, "page": page}
