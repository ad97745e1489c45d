"""Listings, breadcrumbs and search leave out restricted sections from a cached list of them,
which a new or removed restriction (or a moved page) replaces at once."""

import pytest
from wagtail.models import PageViewRestriction

from home.cache import restricted_sections

pytestmark = pytest.mark.django_db


def test_the_list_is_read_once_then_kept(debt_bondage_guide, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert restricted_sections() == []
    with django_assert_num_queries(0):
        assert restricted_sections() == []


def test_a_new_restriction_takes_its_section_out_of_listings_and_search_at_once(
    client, guides, debt_bondage_guide, django_capture_on_commit_callbacks
):
    assert "Debt Bondage Guide" in client.get("/guides/").text
    assert "Debt Bondage Guide" in client.get("/search/?query=debt").text
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=debt_bondage_guide, restriction_type=PageViewRestriction.LOGIN
        )
    assert restricted_sections() == [debt_bondage_guide.path]
    assert "Debt Bondage Guide" not in client.get("/guides/").text
    assert "Debt Bondage Guide" not in client.get("/search/?query=debt").text
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert restricted_sections() == []
    assert "Debt Bondage Guide" in client.get("/guides/").text
