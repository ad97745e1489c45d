"""Input rules and fields shared by every form of the product: plain text, people's names,
dates and free text."""

import calendar
import datetime
import re
import unicodedata
from typing import Any

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

# -- day / month / year ----------------------------------------------------------------------
# A native date picker shows the date the browser's way (often month first, as in the US), so
# every form of the product, the staff workspace's too, asks for a day, a month and a year in
# three boxes (the GOV.UK date input), and a time as hours and minutes on the 24-hour clock.

MONTH_NAMES = [
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
]


class DayMonthYearWidget(forms.MultiWidget):
    """Three labelled number boxes: day, month and year (`<name>_day`, `_month`, `_year`).

    The portal's field include puts them in a fieldset whose legend is the question. In the
    staff workspace Wagtail prints the question above the field as a label of its own, so there
    the boxes are a group named by the question (`grouped`)."""

    template_name = "includes/widgets/day_month_year.html"
    PARTS: tuple[tuple[str, Any, int], ...] = (
        ("day", _("Day"), 2),
        ("month", _("Month"), 2),
        ("year", _("Year"), 4),
    )

    def __init__(self, attrs=None, *, grouped: bool = False):
        self.grouped = grouped
        self.question: Any = ""
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(
                attrs={
                    "inputmode": "numeric" if part != "time" else "text",
                    "maxlength": size,
                    "class": f"date-input__input date-input__input--{part}",
                }
            )
            for part, _label, size in self.PARTS
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, str):
            value = parse_iso(value)
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = super().value_from_datadict(data, files, name)
        whole = data.get(name)
        # A page opened before the date became three boxes still sends one ISO date.
        if not any(parts) and whole:
            pieces = str(whole).split("-")
            return list(reversed(pieces)) if len(pieces) == 3 else [whole, whole, whole]
        return parts

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, (_part, label, _size) in zip(
            context["widget"]["subwidgets"], self.PARTS, strict=True
        ):
            subwidget["label"] = label
        context["widget"]["grouped"] = self.grouped
        context["widget"]["question"] = self.question
        return context


class DayMonthYearTimeWidget(DayMonthYearWidget):
    """The three date boxes and a fourth for the time, typed as 14:30."""

    PARTS = (*DayMonthYearWidget.PARTS, ("time", _("Time, for example 14:30"), 5))

    def decompress(self, value):
        if isinstance(value, str):
            value = parse_iso(value)
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            return [value.day, value.month, value.year, value.strftime("%H:%M")]
        return [None, None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = forms.MultiWidget.value_from_datadict(self, data, files, name)
        whole = str(data.get(name) or "")
        # One ISO value, as a page opened before the boxes were boxes sends it.
        if not any(parts) and whole:
            day, _sep, time = whole.replace(" ", "T").partition("T")
            pieces = day.split("-")
            if len(pieces) == 3:
                return [*reversed(pieces), time[:5]]
            return [whole, whole, whole, whole]
        return parts


def parse_iso(value: str) -> datetime.date | datetime.datetime | None:
    try:
        if "T" in value or " " in value.strip():
            return datetime.datetime.fromisoformat(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


class DayMonthYearField(forms.MultiValueField):
    """A date typed as day, month and year, with a plain message for each way it can be wrong:
    a part missing, letters, a month past 12, a day the month does not have, a year that is not
    four figures or falls outside min_year..max_year. Forms say which dates make sense for the
    question (within the next two years, not in the future) in their own clean methods."""

    widget = DayMonthYearWidget
    default_error_messages = {"required": _("Enter the date, for example 27 3 2026.")}

    def __init__(self, *, min_year: int = 1900, max_year: int = 9999, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        parts = [forms.CharField(required=False, strip=True) for _ in self.widget.PARTS]
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    def widget_attrs(self, widget):
        # The question names the group of boxes where no legend does (the staff workspace).
        widget.question = self.label or ""
        return super().widget_attrs(widget)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [
            name
            for name, part in ((_("a day"), day), (_("a month"), month), (_("a year"), year))
            if not part
        ]
        if missing:
            raise ValidationError(
                _("The date must include %(parts)s.") % {"parts": " and ".join(map(str, missing))},
                code="incomplete",
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(
                _("Enter a real date in numbers, for example 27 3 2026."), code="invalid"
            )
        return self._date(int(day), int(month), year)

    def _date(self, day: int, month: int, year_text: str) -> datetime.date:
        year = int(year_text)
        if len(year_text) != 4 or not self.min_year <= year <= self.max_year:
            raise ValidationError(
                _("Enter a real date: the year must be 4 numbers, such as %(year)s.")
                % {"year": timezone.localdate().year},
                code="invalid_year",
            )
        if not 1 <= month <= 12:
            raise ValidationError(
                _("Enter a real date: the month must be a number from 1 to 12."),
                code="invalid_month",
            )
        days_in_month = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days_in_month:
            raise ValidationError(
                _("Enter a real date: %(month)s %(year)s has %(days)s days.")
                % {"month": MONTH_NAMES[month - 1], "year": year, "days": days_in_month},
                code="invalid_day",
            )
        return datetime.date(year, month, day)


class DayMonthYearTimeField(DayMonthYearField):
    """A moment typed as day, month, year and a time on the 24-hour clock, in the site's time
    zone; the same messages as the date alone, and one for a time that is not one."""

    widget = DayMonthYearTimeWidget
    default_error_messages = {
        "required": _("Enter the date and time, for example 27 3 2026 14:30.")
    }

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day = super().compress(list(data_list[:3]))
        time_text = str(data_list[3] or "").strip().replace(".", ":")
        if not time_text:
            raise ValidationError(_("The date must include a time."), code="incomplete")
        try:
            time = datetime.datetime.strptime(time_text, "%H:%M").time()
        except ValueError:
            raise ValidationError(
                _("Enter a real time on the 24-hour clock, for example 09:30 or 14:30."),
                code="invalid_time",
            ) from None
        return timezone.make_aware(datetime.datetime.combine(day, time))


def day_month_year_field(label, *, required: bool = True, **kwargs) -> DayMonthYearField:
    """The one date field of the portal and the public forms: day, month and year boxes."""
    return DayMonthYearField(label=label, required=required, **kwargs)


def date_field(label, *, required: bool = True, **kwargs) -> DayMonthYearField:
    """The one date field of the staff workspace: the same boxes, named as a group."""
    kwargs.setdefault("widget", DayMonthYearWidget(grouped=True))
    return DayMonthYearField(label=label, required=required, **kwargs)


def date_time_field(label, *, required: bool = True, **kwargs) -> DayMonthYearTimeField:
    """The one date-and-time field of the staff workspace: day, month, year and a time."""
    kwargs.setdefault("widget", DayMonthYearTimeWidget(grouped=True))
    return DayMonthYearTimeField(label=label, required=required, **kwargs)


def choice_field(
    label, choices, *, required_message: Any = None, **kwargs: Any
) -> forms.ChoiceField:
    """The one list of choices shown as radio buttons: a plain message when nothing is chosen
    (`required_message`, "Please choose one." unless the question needs its own words) and when
    something not offered is sent."""
    kwargs.setdefault("widget", forms.RadioSelect)
    return forms.ChoiceField(
        label=label,
        choices=choices,
        error_messages={
            "required": required_message or _("Please choose one."),
            "invalid_choice": _("Please choose from the list."),
        },
        **kwargs,
    )


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
