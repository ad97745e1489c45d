"""A logging filter that takes secret tokens and e-mail addresses out of every log line.

Request paths carry secrets: calendar feed tokens, invitation tokens (which carry the invitee's
address), password-reset and e-mail confirmation keys. Django's request log and the development
server print the path of every refused or served request, so each line is rewritten before any
handler writes it.
"""

import logging
import re

REDACTED = "[redacted]"

# Each pattern keeps its prefix and replaces the secret that follows it.
TOKEN_PATTERNS = [
    re.compile(r"(/calendar/)[^/\s?\"']+?(\.ics)"),
    re.compile(r"(/join/invitation/)[^/\s?\"']+"),
    re.compile(r"(/accounts/password/reset/key/)[^/\s?\"']+"),
    re.compile(r"(/accounts/confirm-email/)[^/\s?\"']+"),
    re.compile(r"(/accounts/login/code/confirm/)[^/\s?\"']+"),
]


# An e-mail address anywhere in a line (an SMTP refusal, a validation message).
EMAIL_PATTERN = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
ADDRESS_REDACTED = "[address]"


def redact(text: str) -> str:
    for pattern in TOKEN_PATTERNS:
        text = pattern.sub(
            lambda m: m.group(1) + REDACTED + (m.group(2) if m.re.groups > 1 else ""), text
        )
    return EMAIL_PATTERN.sub(ADDRESS_REDACTED, text)


class RedactTokensFilter(logging.Filter):
    """Rewrites a record's message with tokens in paths replaced; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            # Formatters that print the request (e.g. AdminEmailHandler) see a cleaned copy.
            record.request_path = redact(request.path)
        return True
