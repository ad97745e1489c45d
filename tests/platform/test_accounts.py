import re
from datetime import timedelta
from uuid import uuid4

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts import services
from pace_site.accounts.models import Invitation, PasswordResetRequest, User
from pace_site.accounts.roles import Role
from pace_site.accounts.tasks import send_password_reset
from pace_site.notifications.models import Notification
from pace_site.notifications.services import deliver
from tests.factories import PASSWORD, make_user
from tests.helpers import give_totp, sign_in, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
NEW_PASSWORD = "Kettle-on-the-hob-7"


def post_login(client, email, password, next_url=None):
    url = LOGIN + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": password})


def test_parent_signs_in_and_lands_in_the_portal(client):
    parent = make_user(Role.PARENT)
    response = post_login(client, parent.email, PASSWORD)
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == reverse("pace_site:portal_home")
    assert response.context["user"] == parent


def test_wrong_password_gets_a_clear_message_and_no_session(client):
    parent = make_user(Role.PARENT)
    response = post_login(client, parent.email, "not-the-password")
    assert response.status_code == 200
    assert "That e-mail address and password don" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_is_rate_limited_after_repeated_wrong_passwords(client):
    parent = make_user(Role.PARENT)
    for _ in range(5):
        post_login(client, parent.email, "wrong-password")
    response = post_login(client, parent.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert "Too many tries. Please wait a few minutes" in response.content.decode()


def test_wagtail_login_form_never_takes_a_password(client):
    staff = make_user(Role.EDITOR)
    give_totp(staff)
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_wagtails_frontend_login_only_forwards_to_the_real_sign_in(client):
    parent = make_user(Role.PARENT)
    response = client.post("/_util/login/", {"username": parent.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    # Only addresses on this site come back after signing in.
    response = client.get("/_util/login/?next=https://elsewhere.example/")
    assert response["Location"] == f"{LOGIN}?next=%2F"


def test_staff_must_pass_mfa_before_the_admin(client):
    staff = make_user(Role.PARTICIPATION_MANAGER)
    secret = give_totp(staff)
    response = post_login(client, staff.email, PASSWORD, next_url="/admin/")
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    # Half signed in: the admin is still closed.
    assert client.get("/admin/")["Location"].startswith(LOGIN)
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_without_an_authenticator_is_sent_to_set_one_up(client):
    staff = make_user(Role.EDITOR)
    post_login(client, staff.email, PASSWORD)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_session_opened_without_mfa_is_closed_at_the_admin(client):
    staff = make_user(Role.ADMINISTRATOR)
    give_totp(staff)
    sign_in(client, staff, mfa=False)  # e.g. a session from some other sign-in route
    response = client.get("/admin/")
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_non_staff_at_the_admin_gets_a_plain_refusal(client):
    parent = make_user(Role.PARENT)
    sign_in(client, parent)
    response = client.get("/admin/pages/")
    assert response.status_code == 403
    assert "This area is for Pace staff" in response.content.decode()


def test_mfa_secrets_are_not_stored_in_plaintext(client):
    staff = make_user(Role.EDITOR)
    secret = give_totp(staff)
    with connection.cursor() as cursor:
        cursor.execute("SELECT data::text FROM mfa_authenticator WHERE user_id = %s", [staff.pk])
        raw = cursor.fetchone()[0]
    assert secret not in raw
    assert Authenticator.objects.get(user=staff).wrap().validate_code(totp_code(secret))


def test_staff_sessions_end_after_12_hours_others_after_14_days_idle(client):
    staff = make_user(Role.EDITOR)
    secret = give_totp(staff)
    post_login(client, staff.email, PASSWORD)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    expiry = client.session.get_expiry_date()
    assert timedelta(hours=11, minutes=59) < expiry - timezone.now() <= timedelta(hours=12)

    client.logout()
    parent = make_user(Role.PARENT)
    post_login(client, parent.email, PASSWORD)
    assert client.session.get_expiry_age() == 14 * 24 * 3600


def test_there_is_no_open_sign_up(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert not User.objects.filter(email="new@example.org").exists()
    assert response.status_code in {200, 403}


def test_roles_exist_as_groups_with_admin_access_for_staff_only():
    groups = {g.name: g for g in Group.objects.prefetch_related("permissions")}
    assert set(Role.values) <= set(groups)
    for role in Role:
        codenames = {p.codename for p in groups[role].permissions.all()}
        assert ("access_admin" in codenames) == (
            role not in {Role.PARENT, Role.BEFRIENDER, Role.APPLICANT}
        ), role


# Invitations ---------------------------------------------------------------------------------


def invite_parent(django_capture_on_commit_callbacks, email="new.parent@example.org"):
    manager = make_user(Role.PARTICIPATION_MANAGER)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(email=email, role=Role.PARENT, display_name="Jo", by=manager)
    return invitation


def test_invitation_is_emailed_discreetly_and_sets_up_the_account(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    invitation = invite_parent(django_capture_on_commit_callbacks)
    notification = Notification.objects.get(kind="accounts/invitation")
    assert notification.to_email == invitation.email
    assert deliver(notification.pk) == "sent"
    (mail,) = mailoutbox
    assert mail.subject == "Your link"  # no account yet: discreet by default
    assert "Pace" not in mail.body and "exploitation" not in mail.body.lower()
    # The link in the mail is the one that opens the invitation (its signature carries the
    # second it was made, so it is read from the mail rather than made again here).
    link = re.search(r"\S+/join/invitation/\S+/", mail.body).group(0)
    assert link.startswith(services.invitation_url(invitation).split("/join/", 1)[0])

    path = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else link
    response = client.get(path)
    assert response.status_code == 200
    response = client.post(
        path, {"display_name": "Jo", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(email=invitation.email)
    assert user.has_role(Role.PARENT) and user.check_password(NEW_PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)

    client.logout()
    again = client.post(
        path, {"display_name": "Jo", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert User.objects.filter(email=invitation.email).count() == 1


def test_expired_invitation_is_refused_with_a_clear_message(
    client, django_capture_on_commit_callbacks
):
    invitation = invite_parent(django_capture_on_commit_callbacks)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    path = reverse(
        "accounts:accept_invitation", kwargs={"token": services.invitation_token(invitation)}
    )
    response = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_tampered_invitation_link_is_refused(client, django_capture_on_commit_callbacks):
    invitation = invite_parent(django_capture_on_commit_callbacks)
    token = services.invitation_token(invitation)
    response = client.get(
        reverse("accounts:accept_invitation", kwargs={"token": token[:-2] + "xx"})
    )
    assert response.status_code == 410
    assert "not valid" in response.content.decode()


def test_invitation_form_rejects_weak_or_mismatched_passwords(
    client, django_capture_on_commit_callbacks
):
    invitation = invite_parent(django_capture_on_commit_callbacks)
    path = reverse(
        "accounts:accept_invitation", kwargs={"token": services.invitation_token(invitation)}
    )
    response = client.post(path, {"password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    response = client.post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "not the same" in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_a_newer_invitation_replaces_the_old_one(django_capture_on_commit_callbacks, client):
    first = invite_parent(django_capture_on_commit_callbacks)
    invite_parent(django_capture_on_commit_callbacks)
    path = reverse("accounts:accept_invitation", kwargs={"token": services.invitation_token(first)})
    assert client.get(path).status_code == 410


def test_staff_invite_screen_offers_only_the_roles_they_may_invite(
    signed_in_client, django_capture_on_commit_callbacks
):
    manager = make_user(Role.PARTICIPATION_MANAGER)
    client = signed_in_client(manager)
    url = reverse("invitations:invite")
    response = client.get(url)
    assert response.status_code == 200
    assert [c[0] for c in response.context["form"].fields["role"].choices] == [Role.PARENT]
    response = client.post(
        url,
        {"email": "someone@example.org", "role": Role.ADMINISTRATOR, "submission_key": uuid4()},
    )
    assert response.status_code == 200
    assert not Invitation.objects.filter(email="someone@example.org").exists()
    data = {"email": "someone@example.org", "role": Role.PARENT, "submission_key": str(uuid4())}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
        again = client.post(url, data)  # a double click, or the browser sending it again
    assert response.status_code == again.status_code == 302
    assert response["Location"] == again["Location"]
    (invitation,) = Invitation.objects.filter(email="someone@example.org")
    assert invitation.invited_by == manager and invitation.revoked_at is None
    assert Notification.objects.filter(kind="accounts/invitation").count() == 1
    response = client.post(url, {**data, "submission_key": ""})
    assert response.status_code == 200 and "This form has expired" in response.content.decode()


# Password reset --------------------------------------------------------------------------------


def send_queued_password_resets():
    """What the worker does with each reset request the page stored."""
    for request_id in PasswordResetRequest.objects.values_list("pk", flat=True):
        send_password_reset(request_id)


def test_password_reset_goes_through_the_outbox_and_works(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    parent = make_user(Role.PARENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": parent.email})
    assert response.status_code == 302
    send_queued_password_resets()
    notification = Notification.objects.get(recipient=parent, kind="account")
    deliver(notification.pk)
    (mail,) = mailoutbox
    assert mail.subject == "Your link"
    link = notification.link
    assert link and link in mail.body

    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else "/" + path
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    parent.refresh_from_db()
    assert parent.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302  # the same answer as for a real address
    send_queued_password_resets()
    assert not Notification.objects.exists()


# Sign-in with Redis down -----------------------------------------------------------------------


def test_sign_in_and_mfa_still_work_with_redis_stopped(client, redis_control):
    staff = make_user(Role.BEFRIENDING_COORDINATOR)
    secret = give_totp(staff)
    redis_control.stop()
    response = post_login(client, staff.email, PASSWORD)
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert client.get("/admin/").status_code == 200
