"""Every error page, under production settings (DEBUG off): styled, with Exit this page, a way
back, the helpline as a tel: link, and plain words on what to do next. None shows what failed."""

import pytest
from django.urls import reverse

from pace_site.accounts.roles import Role
from tests.factories import make_user
from tests.platform.erroring_urls import FAILURE_DETAIL

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.platform.erroring_urls")]

HELPLINE = '<a href="tel:01132403040">0113 240 3040</a>'


@pytest.fixture(autouse=True)
def production_like(settings, client):
    settings.DEBUG = False
    client.raise_request_exception = False


def assert_styled(response, status: int, heading: str):
    body = response.content.decode()
    assert response.status_code == status, body[:300]
    assert body.startswith("<!DOCTYPE html>")
    assert "/static/pace/css/pace.css" in body or "pace.css" in body
    assert 'class="exit-this-page' in body and "Exit this page" in body
    assert heading in body
    assert "What you can do now" in body
    assert 'href="/"' in body  # a way back
    assert HELPLINE in body
    assert FAILURE_DETAIL not in body
    return body


def test_400_for_a_request_that_makes_no_sense(client):
    response = client.get("/", HTTP_HOST="not-ours.example")
    assert_styled(response, 400, "did not make sense")


def test_403_for_a_parent_on_a_befriender_page_offers_their_own_page(signed_in_client):
    client = signed_in_client(make_user(Role.PARENT))
    client.raise_request_exception = False
    response = client.get(reverse("befriending:log_contact"))
    body = assert_styled(response, 403, "You cannot see this page")
    assert "This page is for someone else" in body
    assert f'href="{reverse("pace_site:after_login")}">Go to your page' in body


def test_403_for_staff_on_the_portal_offers_their_own_page(signed_in_client):
    client = signed_in_client(make_user(Role.PARTICIPATION_MANAGER), mfa=True)
    client.raise_request_exception = False
    response = client.get(reverse("pace_site:portal_home"))
    body = assert_styled(response, 403, "You cannot see this page")
    assert "Go to your page" in body
    # That link takes staff to their own home, the workspace.
    assert client.get(reverse("pace_site:after_login"))["Location"].startswith("/admin/")


def test_404(client):
    assert_styled(client.get("/no-such-page/"), 404, "find that page")


def test_405_keeps_its_allow_header(client):
    response = client.get("/_test/post-only/")
    assert_styled(response, 405, "That did not work")
    assert response["Allow"] == "POST"


def test_405_of_exit_this_page_asked_with_get(client):
    assert_styled(client.get(reverse("pace_site:exit_this_page")), 405, "That did not work")


def test_410(client):
    assert_styled(client.get("/_test/gone/"), 410, "This page has been taken down")


def test_413(client):
    response = client.generic(
        "POST", "/volunteer/", b"x", CONTENT_TYPE="text/plain", CONTENT_LENGTH="999999999"
    )
    assert_styled(response, 413, "too much to send")


def test_429_on_wrong_passwords(client, settings):
    from wagtail.models import Page, PageViewRestriction

    page = Page.objects.filter(depth=2).first()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="right"
    )
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    for n in range(11):
        response = client.post(url, {"password": f"guess{n}", "return_url": "/"})
    assert_styled(response, 429, "Please wait a little")


def test_500_needs_no_database_and_shows_nothing_of_the_failure(client):
    assert_styled(client.get("/_test/fails/"), 500, "Something went wrong on our side")


@pytest.mark.parametrize("what", ["database-down", "broker-down"])
def test_503_when_the_database_or_the_broker_is_down(client, what):
    response = client.get(f"/_test/{what}/")
    assert_styled(response, 503, "not working properly just now")
    assert response["Retry-After"] == "120"


def test_csrf_failure(client):
    client = client.__class__(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert_styled(response, 403, "Please try again")


def test_an_outage_met_before_any_view_gets_the_503_page_not_the_500(rf):
    """Reading the session or the signed-in person with the database down fails in middleware,
    where Django hands the request to handler500: that answers with the 503 page too."""
    from django.db import OperationalError

    from pace_site import errors

    try:
        raise OperationalError("could not connect to server")
    except OperationalError:
        response = errors.server_error(rf.get("/my/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "Exit this page" in response.content.decode()

    try:
        raise ValueError("a mistake in the code")
    except ValueError:
        assert errors.server_error(rf.get("/my/")).status_code == 500
