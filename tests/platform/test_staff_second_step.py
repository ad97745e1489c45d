"""A staff member who has not passed two-step sign-in reaches nothing signed-in: not the
portal, not their inbox (parents' names and alerts), not their account settings."""

import pytest

from pace_site.accounts.roles import Role
from pace_site.notifications.services import notify
from tests.factories import make_user
from tests.helpers import give_totp, sign_in

pytestmark = pytest.mark.django_db

STAFF = [
    Role.PARTICIPATION_MANAGER,
    Role.BEFRIENDING_COORDINATOR,
    Role.EDITOR,
    Role.ADMINISTRATOR,
]


def closed_to(client, url) -> bool:
    response = client.get(url)
    return response.status_code == 302 and response["Location"].startswith(
        ("/accounts/2fa/totp/activate/", "/accounts/login/")
    )


@pytest.mark.parametrize("role", STAFF)
def test_a_staff_password_session_without_an_authenticator_reaches_only_set_up(client, role):
    staff = make_user(role)
    alert = notify(staff, "test", subject="Call request", body="Samantha Jones asked for a call.")
    sign_in(client, staff, mfa=False)
    for url in [
        f"/my/messages/{alert.pk}/",
        "/my/messages/",
        "/my/",
        "/my/contact/",
        "/signed-in/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/admin/",
    ]:
        assert closed_to(client, url), url
    assert client.get(f"/my/messages/{alert.pk}/", follow=True).content.count(b"Samantha") == 0
    # What stays open: setting up two-step sign-in, signing out, and the public site.
    assert client.get("/accounts/2fa/totp/activate/").status_code in (200, 302)
    assert client.get("/search/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 200


def test_a_staff_session_that_skipped_the_second_step_is_closed(client):
    staff = make_user(Role.PARTICIPATION_MANAGER)
    give_totp(staff)
    alert = notify(staff, "test", subject="Call request", body="Samantha Jones asked for a call.")
    sign_in(client, staff, mfa=False)
    response = client.get(f"/my/messages/{alert.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_staff_who_passed_the_second_step_read_their_messages(client):
    staff = make_user(Role.PARTICIPATION_MANAGER)
    alert = notify(staff, "test", subject="Call request", body="Samantha Jones asked for a call.")
    sign_in(client, staff)
    response = client.get(f"/my/messages/{alert.pk}/")
    assert response.status_code == 200
    assert b"Samantha Jones" in response.content


def test_parents_are_not_asked_for_a_second_step(client):
    parent = make_user(Role.PARENT)
    sign_in(client, parent)
    assert client.get("/my/messages/").status_code == 200
