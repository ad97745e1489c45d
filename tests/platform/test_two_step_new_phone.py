"""Two-step sign-in is moved to a new phone without ever being off, and staff cannot turn it off:
an account left with its password alone could be taken over by anyone who learns the password."""

from uuid import uuid4

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse

from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from tests.factories import PASSWORD, make_user
from tests.helpers import give_totp, scripts_besides_our_own, sign_in, totp_code, totp_secret

pytestmark = pytest.mark.django_db

MOVE = reverse("pace_site:move_two_step")


@pytest.fixture
def parent(client):
    user = make_user(Role.PARENT)
    old = give_totp(user)
    sign_in(client, user, mfa=True)
    return user, old


def open_page(client) -> str:
    """Open the page; the new key it shows (kept in the session for the form)."""
    response = client.get(MOVE)
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in response.content.decode()
    return secret


def moves(user) -> int:
    return AuditEntry.objects.filter(action="accounts.two_step.moved", user=user).count()


def test_the_new_phone_takes_over_and_the_old_one_stops_working(client, parent):
    user, old = parent
    new = open_page(client)

    response = client.post(
        MOVE, {"current_code": totp_code(old), "code": totp_code(new), "submission_key": uuid4()}
    )

    assert response.status_code == 302 and response["Location"] == reverse("mfa_index")
    assert totp_secret(user) == new
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).count() == 1
    assert moves(user) == 1
    page = client.get(reverse("mfa_index")).content.decode()
    assert "now uses your new phone" in page


def test_a_backup_code_stands_in_for_a_lost_old_phone_and_is_then_used_up(client, parent):
    user, _old = parent
    RecoveryCodes.activate(user)
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    backup = codes.wrap().get_unused_codes()[0]
    new = open_page(client)

    response = client.post(
        MOVE, {"current_code": backup, "code": totp_code(new), "submission_key": uuid4()}
    )

    assert response.status_code == 302
    assert totp_secret(user) == new
    codes.refresh_from_db()
    assert backup not in codes.wrap().get_unused_codes()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"current_code": "000000"}, "Incorrect code"),
        ({"code": "000000"}, "Incorrect code"),
        ({"current_code": ""}, "This field is required"),
        ({"code": "<script>alert(1)</script>"}, "at most 20 characters"),
        ({"code": "<b>12</b>"}, "Incorrect code"),
        ({"current_code": "9" * 500}, "at most 20 characters"),
        ({"submission_key": "not-a-key"}, "This form has expired"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, parent, change, message):
    user, old = parent
    new = open_page(client)
    data = {"current_code": totp_code(old), "code": totp_code(new), "submission_key": uuid4()}

    response = client.post(MOVE, {**data, **change})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert scripts_besides_our_own(response.content.decode()) == 0
    assert "<b>12" not in response.content.decode()
    assert totp_secret(user) == old
    assert moves(user) == 0
    # The same square code is shown again, so the app already set up still matches.
    assert client.session[SECRET_SESSION_KEY] == new


def test_a_second_click_changes_nothing_more(client, parent):
    user, old = parent
    new = open_page(client)
    data = {"current_code": totp_code(old), "code": totp_code(new), "submission_key": uuid4()}

    first = client.post(MOVE, data)
    second = client.post(MOVE, data)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("mfa_index")
    assert totp_secret(user) == new
    assert moves(user) == 1


def test_someone_without_two_step_sign_in_is_sent_to_set_it_up(client):
    user = make_user(Role.PARENT)
    sign_in(client, user, mfa=False)
    response = client.get(MOVE)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def confirm_password(client, user):
    """allauth asks for the password again before two-step sign-in can be turned off."""
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(response["Location"], {"password": PASSWORD}).status_code == 302


def test_staff_cannot_turn_two_step_sign_in_off_but_can_move_it(client):
    staff = make_user(Role.PARTICIPATION_MANAGER)
    sign_in(client, staff)
    confirm_password(client, staff)

    page = client.get(reverse("mfa_index")).content.decode()
    assert reverse("mfa_deactivate_totp") not in page
    assert MOVE in page

    page = client.get(reverse("mfa_deactivate_totp")).content.decode()
    assert "Turn it off" not in page and MOVE in page
    response = client.post(reverse("mfa_deactivate_totp"), follow=True)
    assert "Staff accounts keep two-step sign-in on" in response.content.decode()
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_a_parent_may_still_turn_it_off(client, parent):
    user, _old = parent
    assert reverse("mfa_deactivate_totp") in client.get(reverse("mfa_index")).content.decode()
    confirm_password(client, user)
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
