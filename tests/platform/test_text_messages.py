"""Text messages: numbers, length, discreet wording, the backends and the provider's signature."""

import base64
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from pace_site.notifications import sms

TEXT_TEMPLATES = Path(settings.BASE_DIR) / "site" / "templates" / "notifications" / "text"


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("07911 123456", "+447911123456"),
        ("+44 7911 123456", "+447911123456"),
        ("(07911) 123-456", "+447911123456"),
    ],
)
def test_a_mobile_number_is_kept_as_e164(raw, e164):
    assert sms.normalise_number(raw) == e164


@pytest.mark.parametrize("raw", ["", "hello", "0770", "+44 7911 1234567890"])
def test_a_number_that_is_not_one_gets_a_plain_message(raw):
    with pytest.raises(ValidationError, match="Enter a mobile number"):
        sms.normalise_number(raw)


def test_a_landline_is_refused_in_plain_words():
    with pytest.raises(ValidationError, match="not a mobile number"):
        sms.normalise_number("020 7946 0018")


@pytest.mark.parametrize(
    ("text", "encoding", "count"),
    [
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("€" * 80, "GSM-7", 1),  # each costs two septets
        ("€" * 81, "GSM-7", 2),
        ("é" * 160, "GSM-7", 1),
        ("ł" * 70, "UCS-2", 1),
        ("ł" * 71, "UCS-2", 2),
        ("ł" * 134, "UCS-2", 2),
        ("ł" * 135, "UCS-2", 3),
        ("🙂" * 35, "UCS-2", 1),  # two UTF-16 units each
    ],
)
def test_segments_are_counted_as_phones_count_them(text, encoding, count):
    parts = sms.segments(text)
    assert (parts.encoding, parts.count) == (encoding, count)


def test_a_text_longer_than_two_parts_is_refused_with_a_clear_message():
    assert sms.check_length("a" * 306).count == 2
    with pytest.raises(ValidationError, match="under 306 characters"):
        sms.check_length("a" * 307)
    with pytest.raises(ValidationError, match="under 134 characters"):
        sms.check_length("ł" * 135)
    with pytest.raises(ValidationError, match="Write the message"):
        sms.check_length("   ")


def test_no_text_template_names_the_charity_or_what_it_is_about():
    templates = sorted(TEXT_TEMPLATES.glob("*.txt"))
    assert templates
    for template in templates:
        body = sms.discreet_body(template.stem, link="https://example.org/my/")
        assert sms.says_too_much(body) == [], template.name
        assert body.startswith("You have a new message"), template.name
        assert sms.segments(body).count <= sms.MAX_SEGMENTS, template.name


def test_a_kind_without_its_own_wording_gets_the_plain_notice():
    body = sms.discreet_body("concern_raised", link="https://example.org/my/")
    assert body == "You have a new message. Sign in to read it: https://example.org/my/"


def test_the_forbidden_word_check_catches_each_word():
    for word in sms.FORBIDDEN_WORDS:
        assert sms.says_too_much(f"About your {word.upper()} thing") == [word]


def test_the_sender_id_is_neutral():
    assert sms.says_too_much(settings.SMS_SENDER_ID) == []


def test_tests_keep_texts_in_a_list_like_the_mail_outbox():
    sms.outbox.clear()
    sms.send_text(to="+447700900123", body="You have a new message.")
    assert sms.outbox == [
        {"to": "+447700900123", "body": "You have a new message.", "sender": "Messages"}
    ]


def test_a_text_too_long_is_never_handed_to_the_provider():
    sms.outbox.clear()
    with pytest.raises(ValidationError):
        sms.send_text(to="+447700900123", body="a" * 400)
    assert sms.outbox == []


def test_the_console_backend_prints_the_text():
    backend = sms.ConsoleBackend()
    backend.stream = io.StringIO()
    backend.send(to="+447700900123", body="You have a new message.", sender="Messages")
    assert "You have a new message." in backend.stream.getvalue()


class _FakeTwilio(BaseHTTPRequestHandler):
    """A real HTTP server on loopback that answers as Twilio's Messages API does."""

    received: list[dict] = []

    def do_POST(self):  # noqa: N802 (the standard library's name)
        length = int(self.headers["Content-Length"])
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        self.received.append(
            {"path": self.path, "form": form, "auth": self.headers.get("Authorization", "")}
        )
        payload = json.dumps({"sid": "SM0123", "status": "queued", "to": form["To"]}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


class _LoopbackHttpClient(TwilioHttpClient):
    """Twilio's own HTTP client, sending to the loopback server instead of api.twilio.com."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base

    def request(self, method, url, *args, **kwargs):
        parts = urlsplit(url)
        return super().request(method, f"{self.base}{parts.path}", *args, **kwargs)


@pytest.fixture
def fake_twilio():
    _FakeTwilio.received = []
    server = HTTPServer(("127.0.0.1", 0), _FakeTwilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_twilio_adapter_sends_through_the_official_client(fake_twilio, settings):
    settings.SMS_STATUS_CALLBACK_URL = "https://example.org/texts/status/"
    client = Client("AC123", "secret-token", http_client=_LoopbackHttpClient(fake_twilio))
    sid = sms.TwilioBackend(client=client).send(
        to="+447700900123", body="You have a new message.", sender="Messages"
    )
    assert sid == "SM0123"
    [request] = _FakeTwilio.received
    assert request["path"] == "/2010-04-01/Accounts/AC123/Messages.json"
    assert request["form"] == {
        "To": "+447700900123",
        "From": "Messages",
        "Body": "You have a new message.",
        "StatusCallback": "https://example.org/texts/status/",
    }
    expected = base64.b64encode(b"AC123:secret-token").decode()
    assert request["auth"] == f"Basic {expected}"


def test_a_webhook_signature_is_checked_with_twilios_validator(settings):
    settings.TWILIO_AUTH_TOKEN = "secret-token"
    url = "https://example.org/texts/status/"
    params = {"MessageSid": "SM0123", "MessageStatus": "delivered"}
    good = RequestValidator("secret-token").compute_signature(url, params)
    assert sms.signature_is_valid(url=url, params=params, signature=good)
    assert not sms.signature_is_valid(url=url, params=params, signature="bad")
    assert not sms.signature_is_valid(url=url, params=params, signature="")
    tampered = {**params, "MessageStatus": "failed"}
    assert not sms.signature_is_valid(url=url, params=tampered, signature=good)


def test_no_signature_passes_without_a_token(settings):
    settings.TWILIO_AUTH_TOKEN = ""
    url = "https://example.org/texts/status/"
    signature = RequestValidator("").compute_signature(url, {})
    assert not sms.signature_is_valid(url=url, params={}, signature=signature)


@pytest.mark.parametrize(
    "body",
    [
        "STOP",
        "stop",
        " Stop ",
        "S T O P",
        "stop.",
        "STOPALL",
        "Unsubscribe",
        "cancel",
        "END",
        "quit!",
        "Stop all",
    ],
)
def test_stop_and_its_usual_variants_are_understood(body):
    assert sms.reply_intent(body) == "stop"


@pytest.mark.parametrize("body", ["HELP", "help", " Help? ", "info"])
def test_help_is_understood(body):
    assert sms.reply_intent(body) == "help"


@pytest.mark.parametrize("body", ["", "Please stop sending me these", "ok thanks", "stopp", "123"])
def test_any_other_reply_is_just_a_reply(body):
    assert sms.reply_intent(body) == "other"


def test_a_text_links_only_through_the_neutral_address(settings):
    settings.SITE_URL = "https://participation.pace.example"
    settings.DISCREET_SITE_URL = "https://my-messages.example"
    text = sms.notice_text("event_reminder")
    assert "https://my-messages.example/" in text
    assert sms.says_too_much(text) == []


def test_without_a_neutral_address_a_text_carries_no_link(settings):
    settings.SITE_URL = "https://participation.pace.example"
    settings.DISCREET_SITE_URL = ""
    text = sms.notice_text()
    assert text == "You have a new message. Sign in to read it."
    assert sms.says_too_much(text) == []
