"""Account flows a person relies on: signing out, confirming an e-mail address, signing in with
a recovery code, a parent turning on two-step sign-in, the outbox sweep finding a message whose
worker died, and the styled page when something fails."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification, Status
from pace_site.notifications.services import deliver, notify
from pace_site.notifications.tasks import sweep_outbox
from tests.conftest import worker_mails
from tests.factories import PASSWORD, make_user
from tests.helpers import give_totp, totp_code, wait_until

LOGIN = "/accounts/login/"
SECOND_STEP = "/accounts/2fa/authenticate/"


def post_login(client, email, password=PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def sends_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


# Signing out -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_parent_who_signs_out_leaves_a_cookie_that_opens_nothing(client):
    parent = make_user(Role.PARENT)
    post_login(client, parent.email)
    assert client.get("/my/").status_code == 200
    old_key = client.cookies[django_settings.SESSION_COOKIE_NAME].value

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=old_key).exists()

    # Someone who kept the old cookie (a shared computer, a copied cookie) is a stranger now.
    client.cookies[django_settings.SESSION_COOKIE_NAME] = old_key
    assert sends_to_sign_in(client.get("/my/"))
    assert sends_to_sign_in(client.get("/my/messages/"))


@pytest.mark.django_db
def test_a_staff_member_who_signs_out_leaves_a_cookie_that_opens_nothing(client):
    staff = make_user(Role.PARTICIPATION_MANAGER)
    secret = give_totp(staff)
    post_login(client, staff.email)
    client.post(SECOND_STEP, {"code": totp_code(secret)})
    assert client.get("/admin/").status_code == 200
    old_key = client.cookies[django_settings.SESSION_COOKIE_NAME].value

    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=old_key).exists()

    client.cookies[django_settings.SESSION_COOKIE_NAME] = old_key
    assert sends_to_sign_in(client.get("/admin/"))
    assert sends_to_sign_in(client.get("/admin/pages/"))
    assert sends_to_sign_in(client.get("/my/messages/"))


# Confirming an e-mail address ------------------------------------------------------------------


@pytest.mark.django_db
def test_an_added_address_is_confirmed_by_the_link_in_the_mail_and_the_link_works_once(
    client, mailoutbox
):
    """A parent adds a second address on allauth's e-mail page; the confirmation goes through
    the outbox, and following the link from the delivered mail verifies the address. The same
    link again, or a made-up one, gets a calm page and verifies nothing."""
    parent = make_user(Role.PARENT)
    post_login(client, parent.email)
    new_address = "jo.new.address@example.org"

    response = client.post("/accounts/email/", {"email": new_address, "action_add": ""})
    assert response.status_code == 302
    address = EmailAddress.objects.get(user=parent, email=new_address)
    assert not address.verified

    (notification,) = Notification.objects.filter(kind="account")
    assert notification.to_email == new_address
    assert deliver(notification.pk) == "sent"
    (mail,) = mailoutbox
    assert mail.to == [new_address]
    (link,) = re.findall(r"https?://\S+/accounts/confirm-email/\S+/", mail.body)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    # Opened on another device, not signed in.
    client.post(reverse("account_logout"))
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.verified
    assert "_auth_user_id" not in client.session  # confirming is not signing in
    parent.refresh_from_db()
    assert parent.email != new_address  # adding an address does not replace the sign-in one

    # The used link, and one nobody sent, confirm nothing and do not fail.
    for used_or_invented in (path, "/accounts/confirm-email/not-a-real-key/"):
        response = client.get(used_or_invented)
        assert response.status_code == 200
        assert "This link can't be used" in response.content.decode()
        response = client.post(used_or_invented)
        assert response.status_code == 404
        assert "We can't find that page" in response.content.decode()
    assert EmailAddress.objects.filter(user=parent, verified=True).count() == 2


# Recovery codes --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_sign_in_with_a_recovery_code_once_only(client):
    staff = make_user(Role.BEFRIENDING_COORDINATOR)
    give_totp(staff)
    RecoveryCodes.activate(staff)
    code = (
        Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()[0]
    )

    assert post_login(client, staff.email)["Location"].startswith(SECOND_STEP)
    response = client.post(SECOND_STEP, {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    client.post(reverse("account_logout"))
    assert post_login(client, staff.email)["Location"].startswith(SECOND_STEP)
    response = client.post(SECOND_STEP, {"code": code})
    assert response.status_code == 200  # the form again, with an error
    assert "Incorrect code" in response.content.decode()
    assert sends_to_sign_in(client.get("/admin/"))


@pytest.mark.django_db
@pytest.mark.parametrize(("step", "taken"), [(-1, True), (1, True), (-2, False), (2, False)])
def test_a_code_from_the_window_next_to_its_own_is_taken_once(step, taken):
    """A code typed at the end of its 30 seconds may reach a busy server in the next window: one
    window of drift either side is taken, two are not, and a code is good once only."""
    import time

    from django.test import Client

    staff = make_user(Role.PARTICIPATION_MANAGER)
    secret = give_totp(staff)
    for _attempt in range(2):  # again if the 30-second window turned during the request
        window = int(time.time()) // 30
        code = totp_code(secret, offset=step)
        first = Client()
        assert post_login(first, staff.email)["Location"].startswith(SECOND_STEP)
        answer = first.post(SECOND_STEP, {"code": code})
        if int(time.time()) // 30 == window:
            break
    assert (answer.status_code == 302) is taken
    assert (first.get("/admin/").status_code == 200) is taken
    if taken:
        again = Client()
        post_login(again, staff.email)
        assert "Incorrect code" in again.post(SECOND_STEP, {"code": code}).content.decode()


# A parent turning on two-step sign-in -----------------------------------------------------------


@pytest.mark.django_db
def test_a_parent_can_turn_on_two_step_sign_in_and_is_then_asked_for_it(client):
    parent = make_user(Role.PARENT)
    post_login(client, parent.email)

    # allauth asks for the password again before two-step sign-in can be set up.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert f"secret={secret}" in response.context["totp_url"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=parent, type=Authenticator.Type.TOTP).exists()

    client.post(reverse("account_logout"))
    response = post_login(client, parent.email)
    assert response["Location"].startswith(SECOND_STEP)
    assert sends_to_sign_in(client.get("/my/"))  # half signed in is not signed in

    response = client.post(SECOND_STEP, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/my/").status_code == 200


# The outbox sweep after a worker died -----------------------------------------------------------


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_sweep_requeues_a_message_whose_worker_died_and_it_is_sent_once(
    celery_worker, mail_dir
):
    """A row queued longer ago than the grace period, still pending, lost its task with a dead
    worker: the sweep queues it again and the worker sends it. A row queued a moment ago still
    has its task and is left alone."""
    now = timezone.now()
    lost_at = now - django_settings.NOTIFICATION_SWEEP_GRACE - timedelta(minutes=1)
    lost = Notification.objects.create(
        recipient=make_user(Role.PARENT, email="lost.task@example.org"),
        to_email="lost.task@example.org",
        kind="test",
        subject="Your next session",
        body="See you on Tuesday.",
        due_at=lost_at,
        queued_at=lost_at,
    )
    just_queued_at = now - timedelta(seconds=10)
    recent = Notification.objects.create(
        recipient=make_user(Role.PARENT, email="just.queued@example.org"),
        to_email="just.queued@example.org",
        kind="test",
        subject="Your next session",
        body="See you on Wednesday.",
        due_at=just_queued_at,
        queued_at=just_queued_at,
    )

    assert sweep_outbox() == 1
    wait_until(
        lambda: Notification.objects.get(pk=lost.pk).status == Status.SENT,
        what="the re-queued message to be sent",
    )
    # The worker takes tasks in order: once a later message is out, nothing else is coming.
    marker = make_user(Role.PARENT, email="sweep.marker@example.org")
    notify(marker, "test", subject="Marker", body="Marker.")
    wait_until(
        lambda: any("sweep.marker@example.org" in m for m in worker_mails(mail_dir)),
        what="the marker message",
    )

    assert sweep_outbox() == 0
    mails = worker_mails(mail_dir)
    assert sum("lost.task@example.org" in mail for mail in mails) == 1
    assert not any("just.queued@example.org" in mail for mail in mails)
    recent.refresh_from_db()
    assert recent.status == Status.PENDING and recent.queued_at == just_queued_at


# The page shown when something fails -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.urls("tests.platform.erroring_urls")
def test_a_failure_shows_the_calm_styled_page_and_nothing_of_the_failure(client, settings):
    from tests.platform.erroring_urls import FAILURE_DETAIL

    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/_test/fails/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    assert "Nothing you did caused this" in body
    assert "0113 240 3040" in body
    assert "Exit this page" in body and settings.QUICK_EXIT_URL in body
    assert "/static/pace/css/pace.css" in body
    for leak in (
        FAILURE_DETAIL,
        "RuntimeError",
        "Traceback",
        "erroring_urls",
        settings.SECRET_KEY,
        "DATABASES",
        "DJANGO_SETTINGS_MODULE",
    ):
        assert leak not in body, leak
