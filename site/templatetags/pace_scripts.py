"""`{% exit_note_script %}`: the inline script of pace_site.inline_scripts, as its hash allows."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from pace_site.inline_scripts import EXIT_NOTE

register = template.Library()


@register.simple_tag
def exit_note_script() -> SafeString:
    # A constant of the code, never anything a person typed: the hash covers this exact text.
    return mark_safe(f"<script>{EXIT_NOTE}</script>")  # noqa: S308
