"""Input rules shared by every form of the product: plain text and people's names."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|&#?\w+;|javascript:", re.IGNORECASE)
NAME_MAX_LENGTH = 150


def plain_text(value: str) -> str:
    """Refuse markup: what people type is read by staff and shown back to others."""
    if value and MARKUP.search(value):
        raise ValidationError(
            _("Please use plain words only, without < > signs or code."), code="markup"
        )
    return value


def person_name(value: str) -> str:
    """A name as people write names: letters, spaces, apostrophes, hyphens, full stops; no
    markup, no angle brackets, no control characters."""
    if not value:
        return value
    if "<" in value or ">" in value or MARKUP.search(value):
        raise ValidationError(
            _("Please write the name in plain letters, without < > signs or code."),
            code="markup",
        )
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise ValidationError(_("Please write the name on one line, in plain letters."))
    return value


class PersonNameField(forms.CharField):
    """The one field for a person's name: trimmed, inner spaces folded, validated."""

    default_validators = [person_name]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(value.split()) if value else value
