"""`{% submission_key %}`: the hidden, one-time key for a one-button form (see
pace_site.submissions): a double click or a resend is then acted on once."""

from uuid import uuid4

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def submission_key():
    return format_html('<input type="hidden" name="submission_key" value="{}">', uuid4())
