"""Item 9: the outbox keeps only what it needs to deliver, encrypted, and forgets a secret link
(an invitation, a password reset) once the message is sent or given up; no address reaches
the row's error or any log line."""

import asyncio
import logging
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.urls import reverse

from pace_site.accounts import services as accounts
from pace_site.accounts.models import PasswordResetRequest
from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification, Status
from pace_site.notifications.services import LINK_FORGOTTEN, deliver, notify_address
from tests.factories import make_user
from tests.helpers import sign_in

from .test_log_redaction import captured_log_output

pytestmark = pytest.mark.django_db

INVITEE = "hidden.invitee@example.org"


def raw_row(pk: int) -> str:
    """The stored row as the database holds it, every column as text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_email, link, body, subject, last_error, status_reason "
            "FROM notifications_notification WHERE id = %s",
            [pk],
        )
        return " ".join(str(value) for value in cursor.fetchone())


def invite(django_capture_on_commit_callbacks):
    manager = make_user(Role.PARTICIPATION_MANAGER)
    with django_capture_on_commit_callbacks(execute=False):
        invitation = accounts.invite(email=INVITEE, role=Role.PARENT, by=manager)
    return invitation, Notification.objects.get(kind="accounts/invitation")


def test_the_address_and_the_link_are_encrypted_while_the_message_waits(
    django_capture_on_commit_callbacks,
):
    invitation, notification = invite(django_capture_on_commit_callbacks)
    token = accounts.invitation_url(invitation).rstrip("/").rsplit("/", 1)[1]
    assert notification.link.startswith("http") and "/join/invitation/" in notification.link
    stored = raw_row(notification.pk)
    assert INVITEE not in stored
    assert "/join/invitation/" not in stored
    assert token.split(":")[0] not in stored


def test_a_sent_invitation_forgets_its_link_but_the_mail_carried_it(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    _invitation, notification = invite(django_capture_on_commit_callbacks)
    assert deliver(notification.pk) == "sent"
    (mail,) = mailoutbox
    link = re.search(r"\S+/join/invitation/\S+/", mail.body).group(0)
    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert notification.link == ""
    assert "/join/invitation/" not in notification.body
    assert LINK_FORGOTTEN in notification.body
    assert notification.to_email == INVITEE  # still known, encrypted, for the record
    # The link still works: only the copy here is gone.
    path = "/join/" + link.split("/join/", 1)[1]
    assert client.get(path).status_code == 200


def test_a_password_reset_read_in_the_inbox_shows_no_live_link(client, mailoutbox):
    parent = make_user(Role.PARENT, email="reset.me@example.org")
    client.post("/accounts/password/reset/", {"email": parent.email})
    from pace_site.accounts.services import send_password_reset

    for request_id in PasswordResetRequest.objects.values_list("pk", flat=True):
        send_password_reset(request_id)
    notification = Notification.objects.get(recipient=parent, kind="account")
    assert deliver(notification.pk) == "sent"
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    sign_in(client, parent)
    page = client.get(reverse("notifications:message", args=[notification.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "/accounts/password/reset/key/" not in html
    assert "not kept here" in html
    assert "/accounts/password/reset/key/" not in raw_row(notification.pk)


def test_a_message_given_up_forgets_its_link(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    settings.NOTIFICATION_MAX_ATTEMPTS = 1
    _invitation, notification = invite(django_capture_on_commit_callbacks)
    assert deliver(notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.status == Status.FAILED and notification.link == ""
    assert "/join/invitation/" not in notification.body


def test_a_message_that_waits_keeps_its_link_until_it_is_sent(settings):
    """Before it goes, the link must still be there to send (a retry after a failure)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    notification = notify_address(
        INVITEE,
        "account",
        subject="Your link",
        body="Open https://participation.example/accounts/password/reset/key/1-abc/",
        link="https://participation.example/accounts/password/reset/key/1-abc/",
        carries_link=True,
        urgent=True,
    )
    assert deliver(notification.pk) == "failed, will retry"
    notification.refresh_from_db()
    assert notification.link.endswith("/reset/key/1-abc/")


def test_nothing_about_a_message_names_its_address():
    parent = make_user(Role.PARENT, email="named.parent@example.org")
    notification = notify_address(parent.email, "account", subject="s", body="b")
    assert "named.parent" not in str(notification)


class Refuses:
    """An SMTP server that turns every recipient away, naming them, as real servers do."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def refusing_smtp(settings):
    asyncio.set_event_loop(asyncio.new_event_loop())
    controller = Controller(Refuses(), hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        controller.port,
        5,
    )
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield controller
    controller.stop()


def test_a_refused_address_is_not_written_to_the_row_or_the_log(refusing_smtp):
    parent = make_user(Role.PARENT, email="refused.parent@example.org")
    notification = notify_address(parent.email, "account", subject="Hello", body="Hello")
    with captured_log_output() as out:
        assert deliver(notification.pk) == "failed, will retry"
        # Whatever a future line prints, the handlers' filter takes any address out.
        logging.getLogger("pace.notifications").warning(
            "Could not send %s: %s", notification.pk, notification.last_error
        )
        logging.getLogger("pace.notifications").warning("Sent to %s", parent.email)
    notification.refresh_from_db()
    assert notification.last_error.startswith("SMTPRecipientsRefused")
    assert "[address]" in notification.last_error
    assert "refused.parent" not in raw_row(notification.pk)
    printed = out.getvalue()
    assert "Sent to [address]" in printed
    assert "refused.parent" not in printed
