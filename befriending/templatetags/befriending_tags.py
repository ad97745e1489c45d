from uuid import uuid4

from django import template
from django.utils.html import format_html

from pace_site.accounts.roles import Role

register = template.Library()


@register.simple_tag
def submission_key():
    """The hidden, one-time key for a one-button form (see pace_site.submissions)."""
    return format_html('<input type="hidden" name="submission_key" value="{}">', uuid4())


@register.simple_tag(takes_context=True)
def volunteer_access(context) -> dict:
    """What the volunteer's own pages offer them: the befriending menu only to an active
    befriender, the concern form only with a current or recently ended match."""
    from befriending.views import can_raise_concern

    user = context["request"].user
    return {
        "is_active": user.has_role(Role.BEFRIENDER),
        "can_raise_concern": can_raise_concern(user),
    }
