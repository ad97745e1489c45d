"""Every account page (sign in, sign out, password, e-mail, two-step sign-in, backup codes,
confirming it's you) is a product page: the product's layout with its Exit this page button, plain
sentence-case words, labels without colons, one "Forgotten your password?" link, and help that
is valid HTML."""

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from pace_site.accounts import services
from pace_site.accounts.roles import Role
from tests.factories import PASSWORD, make_user
from tests.helpers import give_totp, sign_in

JARGON = [
    "Two-Factor",
    "two-factor",
    "Recovery Codes",
    "recovery code",
    "Sign In",
    "Password Reset",
    "Authenticator App",
    "Email Addresses",
    "Confirm Access",
    "reauthenticate",
]


def assert_product_page(response, heading: str) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="skip-link"' in html and "quick-exit" in html, "not the product's layout"
    assert 'class="site-footer"' in html
    assert re.search(rf"<h1>\s*{re.escape(heading)}\s*</h1>", html), heading
    words = re.sub(r"<[^>]+>", " ", html)
    for word in JARGON:
        assert word not in words, f"{word!r} on {response.request['PATH_INFO']}"
    assert not re.search(r"<p[^>]*>\s*<ul", html), "a list inside a paragraph"
    assert not re.search(r"<label[^>]*>[^<]*:\s*</label>", html), "a label ending in a colon"
    assert "placeholder=" not in html
    return html


def confirm_its_you(client):
    """allauth asks for the password again before changing how one signs in."""
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_sign_in_has_one_forgotten_password_link_and_plain_labels(client):
    html = assert_product_page(client.get("/accounts/login/"), "Sign in")
    assert html.count("Forgotten your password?") == 1
    assert html.count('href="/accounts/password/reset/"') == 1
    assert ">E-mail address</label>" in html and ">Password</label>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/password/reset/", "Forgotten your password"),
        ("/accounts/password/reset/done/", "Check your e-mail"),
        ("/accounts/password/reset/key/1-wrong/", "This link can't be used"),
        ("/accounts/password/reset/key/done/", "Your password is changed"),
        ("/accounts/signup/", "Accounts are by invitation"),
    ],
)
def test_pages_before_signing_in_are_product_pages(client, path, heading):
    assert_product_page(client.get(path, follow=True), heading)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/logout/", "Sign out"),
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/email/", "Your e-mail address"),
        ("/accounts/2fa/", "Two-step sign-in"),
        ("/accounts/2fa/totp/activate/", "Set up two-step sign-in"),
        ("/accounts/reauthenticate/", "Confirm it's you"),
    ],
)
def test_a_parents_account_pages_are_product_pages(client, path, heading):
    sign_in(client, make_user(Role.PARENT))
    if path != "/accounts/reauthenticate/":
        confirm_its_you(client)
    assert_product_page(client.get(path), heading)


def test_password_help_is_a_list_people_can_read(client, db):
    """Django's password rules are a <ul>: inside a <p> the browser ends the paragraph and
    screen readers lose the rules."""
    sign_in(client, make_user(Role.PARENT))
    html = assert_product_page(client.get("/accounts/password/change/"), "Change your password")
    assert re.search(r'<div class="field__help" id="id_password1_helptext">\s*<ul>', html)
    assert ">Your current password</label>" in html
    assert ">Type the new password again</label>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/2fa/", "Two-step sign-in"),
        ("/accounts/2fa/totp/deactivate/", "Turn off two-step sign-in"),
        ("/accounts/2fa/recovery-codes/", "Backup codes"),
        ("/accounts/2fa/recovery-codes/generate/", "Make new backup codes"),
        ("/accounts/2fa/reauthenticate/", "Confirm it's you"),
    ],
)
def test_two_step_pages_are_product_pages(client, path, heading):
    manager = make_user(Role.PARTICIPATION_MANAGER)
    give_totp(manager)
    RecoveryCodes.activate(manager)
    sign_in(client, manager)
    if path != "/accounts/2fa/reauthenticate/":
        confirm_its_you(client)
    html = assert_product_page(client.get(path), heading)
    if path == "/accounts/2fa/":
        assert "Backup codes" in html and "backup codes left out of" in html


@pytest.mark.django_db
def test_the_second_step_of_signing_in_is_a_product_page(client):
    manager = make_user(Role.PARTICIPATION_MANAGER)
    give_totp(manager)
    response = client.post("/accounts/login/", {"login": manager.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    html = assert_product_page(client.get("/accounts/2fa/authenticate/"), "Two-step sign-in")
    assert ">Code</label>" in html
    assert 'autocomplete="one-time-code"' in html


@pytest.mark.django_db
def test_a_refused_sign_in_is_said_in_plain_words(client):
    parent = make_user(Role.PARENT)
    response = client.post("/accounts/login/", {"login": parent.email, "password": "not it"})
    html = response.content.decode()
    assert "That e-mail address and password don&#x27;t match." in html
    assert "and/or" not in html


@pytest.mark.django_db
def test_accepting_an_invitation_is_a_product_page(client):
    manager = make_user(Role.PARTICIPATION_MANAGER)
    invitation = services.invite(
        email="new.parent@example.org", role=Role.PARENT, display_name="Jo", by=manager
    )
    path = reverse(
        "accounts:accept_invitation", kwargs={"token": services.invitation_token(invitation)}
    )
    html = assert_product_page(client.get(path), "Set up your account")
    assert re.search(r'<div class="field__help" id="id_password1_helptext">', html)
    refused = client.get(path[:-3] + "xx/")
    assert refused.status_code == 410
    assert 'class="skip-link"' in refused.content.decode()


@pytest.mark.django_db
def test_a_changed_password_is_confirmed_in_plain_words(client):
    parent = make_user(Role.PARENT)
    sign_in(client, parent)
    confirm_its_you(client)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "a new long password",
            "password2": "a new long password",
        },
        follow=True,
    )
    assert "Your password is changed." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/password/reset/", "/accounts/password/reset/done/"]
)
def test_where_an_account_page_says_call_us_the_number_is_there_to_tap(client, path):
    html = client.get(path).content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]  # not only the footer's number
    assert "call us on" in main and 'href="tel:' in main, path
