"""Input rules and fields shared by every form of the product: plain text, people's names,
dates and free text."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|&#?\w+;|javascript:", re.IGNORECASE)
NAME_MAX_LENGTH = 150


def plain_text(value: str) -> None:
    """Refuse markup: what people type is read by staff and shown back to others."""
    if value and MARKUP.search(value):
        raise ValidationError(
            _("Please use plain words only, without < > signs or code."), code="markup"
        )


def person_name(value: str) -> None:
    """A name as people write names: letters, spaces, apostrophes, hyphens, full stops; no
    markup, no angle brackets, no control characters."""
    if not value:
        return
    if "<" in value or ">" in value or MARKUP.search(value):
        raise ValidationError(
            _("Please write the name in plain letters, without < > signs or code."),
            code="markup",
        )
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise ValidationError(_("Please write the name on one line, in plain letters."))


class PersonNameField(forms.CharField):
    """The one field for a person's name: trimmed, inner spaces folded, validated."""

    default_validators = [person_name]

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", NAME_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return " ".join(value.split()) if value else value


# -- dates and free text ------------------------------------------------------------------------

INVALID_DATE = _("Enter a real date, for example 2026-03-17.")


class DateInput(forms.DateInput):
    """A native date picker; its value is ISO 8601 whatever the browser's language."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's argument name
        super().__init__(attrs, format=format or "%Y-%m-%d")


def date_field(label, *, required: bool = True, **kwargs) -> forms.DateField:
    """The one date field: a date picker, and a plain message for a date that is not one."""
    kwargs.setdefault("error_messages", {"invalid": INVALID_DATE})
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


def not_in_future(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("That date is in the future."))


def text_field(
    label, *, max_length: int, required: bool = False, help_text="", rows: int = 4
) -> forms.CharField:
    """The one free-text field: trimmed, limited, and refusing markup (see plain_text)."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        strip=True,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": rows}),
    )
