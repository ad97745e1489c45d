"""Mark the words of a search in a result's summary, safely (the text is escaped first)."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MIN_TERM_LENGTH = 2


def terms_of(query: str) -> list[str]:
    words = re.findall(r"\w+", query.lower())
    return sorted({w for w in words if len(w) >= MIN_TERM_LENGTH}, key=len, reverse=True)


def highlight(text: str, query: str) -> SafeString:
    escaped = str(escape(text or ""))
    terms = terms_of(query)
    if not terms:
        return mark_safe(escaped)  # noqa: S308 - escaped above
    pattern = re.compile(r"\b(" + "|".join(re.escape(str(escape(t))) for t in terms) + r")", re.I)
    return mark_safe(pattern.sub(r"<mark>\1</mark>", escaped))  # noqa: S308 - escaped above
