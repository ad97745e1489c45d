"""A staff session opened with a password alone reaches nothing but two-step set-up, sign-out and
the public site, whatever the route."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from pace_site.access import rule_of
from pace_site.accounts.roles import Role
from tests.factories import make_user
from tests.helpers import give_totp, sign_in

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"

# allauth's own pages that change the account: a password alone must not reach them either.
ACCOUNT_PAGES = ["/accounts/email/", "/accounts/password/change/"]


def _walk(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern):
            yield entry, namespace


def _sample(name, entry):
    kwargs = {}
    for key, converter in getattr(entry.pattern, "converters", {}).items():
        if isinstance(converter, IntConverter):
            kwargs[key] = 1
        elif isinstance(converter, UUIDConverter):
            kwargs[key] = uuid.UUID(int=0)
        else:
            kwargs[key] = "unknown"
    return reverse(name, kwargs=kwargs)


def signed_in_routes():
    """One sample address for every route of ours that is not public, plus the admin and the
    account pages."""
    urls = ["/admin/", "/admin/pages/", *ACCOUNT_PAGES]
    for entry, namespace in _walk():
        rule = rule_of(entry.callback)
        if rule is None or rule.kind == "public" or not entry.name:
            continue
        name = f"{namespace}:{entry.name}" if namespace else entry.name
        urls.append(_sample(name, entry))
    return sorted(set(urls))


@pytest.mark.parametrize("url", signed_in_routes())
def test_password_only_staff_session_is_closed_everywhere_signed_in(client, url):
    staff = make_user(Role.ADMINISTRATOR)
    give_totp(staff)
    sign_in(client, staff, mfa=False)
    response = client.get(url)
    assert response.status_code == 302, (url, response.status_code)
    assert response["Location"].startswith(LOGIN), (url, response["Location"])
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url", signed_in_routes())
@pytest.mark.parametrize("role", [Role.PARTICIPATION_MANAGER, Role.BEFRIENDING_COORDINATOR])
def test_staff_without_an_authenticator_is_sent_to_set_one_up_everywhere(client, url, role):
    staff = make_user(role)
    sign_in(client, staff, mfa=False)
    response = client.get(url)
    assert response.status_code == 302, (url, response.status_code)
    assert response["Location"].startswith(reverse("mfa_activate_totp")), (url, response)


def test_password_only_staff_cannot_read_a_message_in_the_portal(client):
    from pace_site.notifications.services import notify

    staff = make_user(Role.PARTICIPATION_MANAGER)
    give_totp(staff)
    message = notify(staff, "call_request", subject="Call request", body="Jo would like a call")
    sign_in(client, staff, mfa=False)
    response = client.get(f"/my/messages/{message.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert b"Jo would like a call" not in response.content


def test_password_only_staff_still_reach_set_up_sign_out_and_the_public_site(client):
    staff = make_user(Role.EDITOR)
    sign_in(client, staff, mfa=False)
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1:] in ([], [(response.redirect_chain[-1][0], 302)])
    assert (
        not response.redirect_chain
        or "/accounts/reauthenticate/" in (response.redirect_chain[-1][0])
    )
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/search/?query=debt").status_code == 200
    assert client.get("/accounts/logout/").status_code == 200
    assert "_auth_user_id" in client.session


def test_staff_who_passed_mfa_and_parents_are_not_held_back(client):
    staff = make_user(Role.PARTICIPATION_MANAGER)
    sign_in(client, staff)
    assert client.get("/my/messages/").status_code == 200
    client.logout()
    parent = make_user(Role.PARENT)
    sign_in(client, parent)
    assert client.get("/my/messages/").status_code == 200
