import io

import pytest
from django.apps import apps
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page

from home.demo import seed_demo
from home.models import GuidePage, StoryPage
from pace_site.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_demo_content_is_complete_and_seeding_twice_changes_nothing(client, users):
    apps.get_app_config("participation").seed_demo(users=users, stdout=io.StringIO())
    seed_demo(users=users, stdout=io.StringIO())
    pages = Page.objects.count()
    seed_demo(users=users, stdout=io.StringIO())
    assert Page.objects.count() == pages

    guide = GuidePage.objects.get(slug="debt-bondage-guide")
    assert guide.live and guide.document.file_extension == "pdf"
    assert len(guide.contents) >= 4
    assert GuidePage.objects.filter(audience="professionals").exists()
    assert GuidePage.objects.filter(audience="parents").exists()
    stories = StoryPage.objects.live().with_consent()
    assert sorted(s.pseudonym for s in stories) == ["Anna", "Joe"]
    assert {s.consent.parent.user for s in stories} == {users[Role.PARENT]}
    assert SearchPromotion.objects.filter(query__query_string="county lines", page=guide).exists()
    pdf = client.get(guide.document.url)
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-1.4")
    assert "cover your tracks" in client.get("/support/").content.decode().lower()
    assert "Debt Bondage Guide" in client.get("/search/?query=county+lines").content.decode()
