"""Text messages: numbers, length, wording and the provider behind them.

A provider-independent backend is chosen by `SMS_BACKEND` (a dotted path): `LocmemBackend` keeps
sent texts in `sms.outbox` (tests), `ConsoleBackend` prints them (`make run`), `TwilioBackend`
sends through Twilio's official client with credentials from the environment only.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

# What a text may never say: someone else may read the phone.
FORBIDDEN_WORDS = ("pace", "exploitation", "exploited", "police", "court", "befriend", "check-in")

# GSM 03.38 basic set and its extension table (each extension character costs two septets).
GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = "^{}\\[~]|€\f"
MAX_SEGMENTS = 2


def normalise_number(raw: str, *, region: str = "GB") -> str:
    """A mobile number as E.164 (+447700900123), or a plain ValidationError."""
    message = "Enter a mobile number, like 07911 123456."
    try:
        parsed = phonenumbers.parse((raw or "").strip(), region)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(message) from error
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(message)
    kind = phonenumbers.number_type(parsed)
    if kind not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError("This is not a mobile number. Texts need a mobile number.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True)
class Segments:
    encoding: str  # "GSM-7" or "UCS-2"
    count: int
    length: int  # septets for GSM-7, UTF-16 code units for UCS-2


def segments(text: str) -> Segments:
    """How many parts a text is sent in: 160/153 GSM-7 septets, or 70/67 UCS-2 units."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text):
        length = sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)
        single, part, encoding = 160, 153, "GSM-7"
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "UCS-2"
    count = 1 if length <= single else -(-length // part)
    return Segments(encoding=encoding, count=max(count, 1), length=length)


def check_length(text: str) -> Segments:
    """Refuse a text that would be sent in more than two parts, with a plain message."""
    if not text.strip():
        raise ValidationError("Write the message.")
    parts = segments(text)
    if parts.count > MAX_SEGMENTS:
        limit = 306 if parts.encoding == "GSM-7" else 134
        raise ValidationError(
            f"This message is too long for a text: keep it under {limit} characters "
            f"(it is {parts.length})."
        )
    return parts


def discreet_body(kind: str, *, link: str) -> str:
    """The text for a message kind: neutral wording from `notifications/text/<kind>.txt`, or the
    plain notice. Never names the charity or what the message is about."""
    try:
        body = render_to_string(f"notifications/text/{kind}.txt", {"link": link})
    except TemplateDoesNotExist:  # no wording of its own for this kind: the plain notice
        body = render_to_string("notifications/text/notice.txt", {"link": link})
    return " ".join(body.split())


def says_too_much(text: str) -> list[str]:
    """The forbidden words a text contains (empty when it is discreet)."""
    lowered = text.lower()
    return [word for word in FORBIDDEN_WORDS if word in lowered]


class BaseSmsBackend:
    """Send one text; return the provider's id for it. Raise on failure."""

    def send(self, *, to: str, body: str, sender: str) -> str:
        raise NotImplementedError


outbox: list[dict[str, str]] = []


class LocmemBackend(BaseSmsBackend):
    """Keeps texts in `pace_site.notifications.sms.outbox`, like Django's mail outbox."""

    def send(self, *, to: str, body: str, sender: str) -> str:
        outbox.append({"to": to, "body": body, "sender": sender})
        return f"local-{len(outbox)}"


class ConsoleBackend(BaseSmsBackend):
    """Prints texts (for `make run`)."""

    stream: Any = None

    def send(self, *, to: str, body: str, sender: str) -> str:
        stream = self.stream or sys.stdout
        stream.write(f"Text from {sender} to {to}:\n{body}\n{'-' * 40}\n")
        stream.flush()
        return "console"


class TwilioBackend(BaseSmsBackend):
    """Twilio's official client; account, token and status address from the environment."""

    def __init__(self, *, client: Any = None):
        if client is None:
            from twilio.rest import Client

            client = Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)
        self.client = client

    def send(self, *, to: str, body: str, sender: str) -> str:
        extra = {}
        if settings.SMS_STATUS_CALLBACK_URL:
            extra["status_callback"] = settings.SMS_STATUS_CALLBACK_URL
        message = self.client.messages.create(to=to, from_=sender, body=body, **extra)
        return str(message.sid)


def get_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def send_text(*, to: str, body: str) -> str:
    """Hand one text to the provider, from the neutral sender. Checked for length first."""
    check_length(body)
    return get_backend().send(to=to, body=body, sender=settings.SMS_SENDER_ID)


def signature_is_valid(*, url: str, params: dict[str, str], signature: str) -> bool:
    """Whether a webhook call really came from Twilio (its own RequestValidator)."""
    from twilio.request_validator import RequestValidator

    if not settings.TWILIO_AUTH_TOKEN or not signature:
        return False
    return bool(RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, params, signature))


STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
HELP_WORDS = frozenset({"HELP", "INFO"})


def reply_intent(body: str) -> str:
    """What a reply asks for: "stop" (every text to that number stops at once), "help" (the
    helpline is sent back) or "other" (not kept, not read: only that a reply came is logged).
    Case, spaces and punctuation around the word do not matter."""
    word = "".join(ch for ch in (body or "").upper() if ch.isalpha())
    if word in STOP_WORDS:
        return "stop"
    if word in HELP_WORDS:
        return "help"
    return "other"


def notice_text(kind: str = "notice") -> str:
    """The text a person gets for a message waiting in their inbox. It links only through the
    neutral address (DISCREET_SITE_URL), never the site's own, whose name may say Pace; without
    one the text asks them to sign in and carries no link."""
    from django.urls import reverse

    neutral = settings.DISCREET_SITE_URL.rstrip("/")
    link = neutral + reverse("notifications:inbox") if neutral else ""
    return discreet_body(kind, link=link)
