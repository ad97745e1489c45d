"""Site search: finds guides by words and by editors' promoted phrases; never drafts."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from .factories import GuidePageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def search(client, query: str, **params):
    return client.get("/search/", {"query": query, **params})


def test_finds_the_debt_bondage_guide_and_highlights_the_words(client, debt_bondage_guide):
    response = search(client, "debt bondage")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/guides/debt-bondage-guide/"' in html
    assert "made-up <mark>debt</mark>s" in html


def test_promoted_phrase_puts_the_guide_first(client, home, debt_bondage_guide):
    StandardPageFactory(parent=home, title="County lines explained", slug="county-lines")
    SearchPromotion.objects.create(
        query=Query.get("County Lines"), page=debt_bondage_guide, description="Our guide."
    )
    html = search(client, "county lines").content.decode()
    assert "Recommended" in html
    assert html.index("/guides/debt-bondage-guide/") < html.index("/county-lines/")
    assert html.count('href="/guides/debt-bondage-guide/"') == 1


def test_drafts_and_private_pages_never_appear(client, home, guides):
    GuidePageFactory(parent=guides, title="Secret draft bondage", publish=False)
    private = StandardPageFactory(parent=home, title="Private bondage notes", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    html = search(client, "bondage").content.decode()
    assert "Secret draft" not in html
    assert "Private bondage notes" not in html


def test_results_are_paginated(client, guides):
    for n in range(12):
        GuidePageFactory(parent=guides, title=f"Exploitation guide {n}")
    first = search(client, "exploitation").content.decode()
    assert "Page 1 of 2" in first
    second = search(client, "exploitation", page=2).content.decode()
    assert "Page 2 of 2" in second
    assert "query=exploitation&amp;page=1" in second
    assert search(client, "exploitation", page="abc").status_code == 200
    assert search(client, "exploitation", page="99").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["<script>alert(1)</script>", "' OR 1=1 --", "%00", "debt\x00", "🙂", "a" * 199],
)
def test_odd_queries_are_handled_safely(client, debt_bondage_guide, query):
    response = search(client, query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_overlong_query_gets_a_clear_message(client, debt_bondage_guide):
    html = search(client, "debt " * 60).content.decode()
    assert "Please search for something shorter" in html
    assert "Debt Bondage Guide" not in html


def test_empty_search_shows_the_form_only(client):
    html = client.get("/search/").content.decode()
    assert "What are you looking for?" in html
    assert "results for" not in html
    assert client.post("/search/").status_code in {403, 405}
