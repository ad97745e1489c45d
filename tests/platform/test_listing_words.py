"""Staff listings say yes or no in words, never Python's True and False."""

import re

import pytest
from django.urls import reverse

from pace_site.accounts.roles import Role
from pace_site.notifications.models import ContactRules
from participation.models import ActivityType
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def cells(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    ]


@pytest.mark.parametrize(
    ("url_name", "role"),
    [
        ("participation_activity_types:index", Role.PARTICIPATION_MANAGER),
        ("contact_rules:index", Role.ADMINISTRATOR),
        ("outcomes_questionnaires:index", Role.ADMINISTRATOR),
        ("outcomes_moments:index", Role.ADMINISTRATOR),
    ],
)
def test_yes_or_no_fields_read_yes_or_no(signed_in_client, url_name, role):
    ActivityType.objects.get_or_create(name="Panel", defaults={"needs_readiness": True})
    ContactRules.objects.get_or_create(user=make_user(Role.PARENT))
    response = signed_in_client(make_user(role)).get(reverse(url_name))
    assert response.status_code == 200
    shown = cells(response.content.decode())
    assert shown, "the listing has rows"
    assert "True" not in shown and "False" not in shown
    assert {"Yes", "No"} & set(shown)


def test_the_contact_rules_listing_names_its_columns_in_plain_words(signed_in_client):
    ContactRules.objects.get_or_create(user=make_user(Role.PARENT))
    page = signed_in_client(make_user(Role.ADMINISTRATOR)).get(reverse("contact_rules:index"))
    html = page.content.decode()
    assert "Quiet hours" in html and "Describe quiet hours" not in html
