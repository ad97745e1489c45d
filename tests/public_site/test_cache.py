"""Anonymous public pages are cached, and purged for the page and its listings on publish."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.session import SessionStorage
from django.http import HttpRequest
from django.urls import resolve
from wagtail.models import Page, PageViewRestriction

from pace_site.accounts.roles import Role
from tests.factories import make_user

from .factories import GuidePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def rename_quietly(page, title):
    """Change the stored page without publishing (no purge), to see what the cache serves."""
    Page.objects.filter(pk=page.pk).update(title=title)


def test_anonymous_page_is_served_from_the_cache(client, debt_bondage_guide):
    first = client.get("/guides/debt-bondage-guide/")
    rename_quietly(debt_bondage_guide, "Renamed quietly")
    second = client.get("/guides/debt-bondage-guide/")
    assert second.content == first.content
    assert b"Renamed quietly" not in second.content
    # The cached copy still gets this request's security headers and Exit this page.
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"]
    assert "Cookie" in second["Vary"]
    assert b"Exit this page" in second.content
    assert not second.cookies


def test_publishing_purges_the_page_and_its_listings(client, guides, debt_bondage_guide):
    client.get("/guides/debt-bondage-guide/")
    client.get("/guides/")
    client.get("/")
    debt_bondage_guide.title = "Debt Bondage Guide, second edition"
    debt_bondage_guide.save_revision().publish()
    assert b"second edition" in client.get("/guides/debt-bondage-guide/").content
    assert b"second edition" in client.get("/guides/").content

    new_guide = GuidePageFactory(parent=guides, title="A new guide")
    assert b"A new guide" in client.get("/guides/").content

    new_guide.unpublish()
    assert b"A new guide" not in client.get("/guides/").content


def test_signed_in_people_are_never_served_or_stored_in_the_cache(
    client, signed_in_client, debt_bondage_guide
):
    client.get("/guides/debt-bondage-guide/")  # cached for anonymous visitors
    rename_quietly(debt_bondage_guide, "What staff see now")
    staff = signed_in_client(make_user(Role.EDITOR))
    assert b"What staff see now" in staff.get("/guides/debt-bondage-guide/").content
    staff.logout()
    assert b"What staff see now" not in client.get("/guides/debt-bondage-guide/").content


def test_a_visitor_with_something_in_their_session_is_not_cached(client, debt_bondage_guide):
    session = client.session
    session["something"] = "theirs"
    session.save()
    client.get("/guides/")
    rename_quietly(debt_bondage_guide, "Fresh for this visitor")
    assert b"Fresh for this visitor" in client.get("/guides/").content
    client.cookies.clear()
    # Nothing was stored from the visitor with a session, so a new visitor sees the fresh page.
    assert b"Fresh for this visitor" in client.get("/guides/").content


def test_a_page_showing_a_message_is_never_cached(client, debt_bondage_guide):
    request = HttpRequest()
    request.session = client.session
    SessionStorage(request)._store([Message(messages.INFO, "You have signed out.")], None)
    request.session.save()
    assert b"You have signed out." in client.get("/guides/").content
    client.cookies.clear()
    assert b"You have signed out." not in client.get("/guides/").content


def test_the_page_cache_fails_open_when_redis_is_down(client, redis_control, debt_bondage_guide):
    redis_control.stop()
    response = client.get("/guides/debt-bondage-guide/")
    assert response.status_code == 200
    assert b"Debt Bondage Guide" in response.content


def test_the_cached_page_route_leaves_documents_and_password_forms_alone():
    assert resolve("/documents/1/guide.pdf").url_name == "wagtaildocs_serve"
    assert (
        resolve("/documents/authenticate_with_password/1/").url_name
        == "wagtaildocs_authenticate_with_password"
    )
    assert (
        resolve("/_util/authenticate_with_password/1/2/").url_name
        == "wagtailcore_authenticate_with_password"
    )
    assert resolve("/guides/debt-bondage-guide/").url_name == "serve_page"


def test_password_protected_and_private_pages_are_never_cached(client, home):
    page = StandardPageFactory(parent=home, title="Protected", slug="protected")
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="secret")
    first = client.get("/protected/")
    assert b"password" in first.content.lower()
    client.post(
        f"/_util/authenticate_with_password/{page.view_restrictions.get().pk}/{page.pk}/",
        {"password": "secret", "return_url": "/protected/"},
    )
    seen = client.get("/protected/")
    assert b"Text about about us." in seen.content
    client.cookies.clear()
    assert b"Text about about us." not in client.get("/protected/").content
