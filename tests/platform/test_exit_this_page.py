"""Exit this page's server side: the beacon ends the session; the button is on every page."""

import pytest
from django.urls import reverse

from home.helpline import current, forget
from home.models import HelplineSettings
from pace_site.accounts.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_beacon_signs_the_person_out(signed_in_client):
    client = signed_in_client(make_user(Role.PARENT))
    assert client.get(reverse("pace_site:portal_home")).status_code == 200
    response = client.post(reverse("pace_site:exit_this_page"))
    assert response.status_code == 204
    assert response.content == b""
    # Whoever picks up the phone next is asked to sign in.
    after = client.get(reverse("pace_site:portal_home"))
    assert after.status_code == 302 and "/accounts/login/" in after["Location"]


def test_a_beacon_from_another_site_does_nothing(signed_in_client):
    client = signed_in_client(make_user(Role.PARENT))
    response = client.post(reverse("pace_site:exit_this_page"), HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 204
    assert client.get(reverse("pace_site:portal_home")).status_code == 200


def test_the_beacon_for_someone_not_signed_in_is_calm(client):
    assert client.post(reverse("pace_site:exit_this_page")).status_code == 204


def test_a_get_changes_nothing(signed_in_client):
    client = signed_in_client(make_user(Role.PARENT))
    assert client.get(reverse("pace_site:exit_this_page")).status_code == 405
    assert client.get(reverse("pace_site:portal_home")).status_code == 200


@pytest.mark.parametrize(
    "url", ["/accounts/password/change/", "/my/", "/no-such-page/", "/search/"]
)
def test_every_kind_of_page_has_the_button_and_no_escape_hint(signed_in_client, url):
    client = signed_in_client(make_user(Role.PARENT))
    html = client.get(url).content.decode()
    assert 'class="exit-this-page__button"' in html
    assert 'role="button"' in html
    assert "or press Shift 3 times" in html
    assert "Esc" not in html
    assert 'data-exit-leave-url="/exit/"' in html
    # The first-time note is there for the script to show, with the cover-your-tracks link.
    assert "It does not delete your browsing history" in html
    assert 'href="/support/cover-your-tracks/"' in html


@pytest.fixture
def fresh_helpline():
    forget()
    yield
    forget()


def test_the_helpline_is_edited_in_settings_and_shown_everywhere(client, fresh_helpline):
    assert current().phone == "0113 240 3040"  # the default, from the settings file
    saved = HelplineSettings.load()
    saved.phone = "0800 123 4567"
    saved.hours = "Every day, 8am to 8pm"
    saved.save()
    html = client.get("/accounts/login/").content.decode()
    assert '<a href="tel:08001234567">0800 123 4567</a>' in html
    assert "Every day, 8am to 8pm" in html


def test_a_helpline_without_digits_is_refused(fresh_helpline):
    from django.core.exceptions import ValidationError

    saved = HelplineSettings.load()
    saved.phone = "call us"
    with pytest.raises(ValidationError):
        saved.full_clean()
    assert HelplineSettings.load().phone == "0113 240 3040"
