"""`{% site_address path %}`: the full address of a path on the configured site (SITE_URL), for
canonical links of pages outside the page tree."""

from django import template

from pace_site.links import site_url

register = template.Library()


@register.simple_tag
def site_address(path: str) -> str:
    return site_url(path)
