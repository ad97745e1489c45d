"""One way of writing dates and times across the product (British English): "4 Dec 2026" and
"4 Dec 2026, 14:30". Templates write `|date` (or `|date:"DATETIME_FORMAT"`) rather than a
pattern of their own, and Django's and Wagtail's screens use the same."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
