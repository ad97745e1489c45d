"""Query counts pinned for the coordinator's lists and dashboard, at two data sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from befriending import services
from befriending.dashboard import dashboard_figures
from befriending.models import Concern, ContactLog

from .factories import BefrienderFactory, ReferralFactory, make_active_match

pytestmark = pytest.mark.django_db


def _log_with_concern(match, *, urgency):
    """A contact log on the match, and a concern about it."""
    log = ContactLog.objects.create(
        match=match,
        happened_on=match.started_on,
        duration_minutes=30,
        method="phone",
        parent_mood="okay",
    )
    Concern.objects.create(
        befriender=match.befriender, match=match, contact_log=log, urgency=urgency, details="x"
    )


def make_data(n):
    """n active matches (with reviews, a log and an open concern each), n waiting referrals and
    n volunteers in vetting."""
    for _ in range(n):
        match = make_active_match(started_on=timezone.localdate().replace(day=1))
        _log_with_concern(match, urgency="today")
        ReferralFactory()
        BefrienderFactory(
            status="interviewed", dbs_issued_on=timezone.localdate().replace(year=2020)
        )


LISTS = {
    "befriending_volunteers:index": None,
    "befriending_referrals:index": None,
    "befriending_matches:index": None,
    "befriending_reviews:index": None,
    "befriending_concerns:index": None,
    "befriending_contact_logs:index": None,
}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# Every list: session, user, groups (role check), MFA authenticator (staff gate), user
# permissions, group permissions, Wagtail user profile, row count, locales, page permissions,
# collection permissions, the page of rows with their related records joined in, the audit row
# for the view (one insert; its content type is cached after the first view), and the session
# save (savepoint, update, release). Sixteen, whatever the number of rows.
LIST_QUERIES = 16


@pytest.mark.parametrize("name", list(LISTS))
def test_lists_take_the_same_queries_at_two_sizes(name, signed_in_client, users):
    client = signed_in_client(users["Befriending coordinator"])
    url = reverse(name)
    client.get(url)  # warm the content-type cache the audit row uses
    make_data(2)
    assert count_queries(client, url) == LIST_QUERIES
    make_data(15)
    assert count_queries(client, url) == LIST_QUERIES


def test_dashboard_figures_take_nine_queries_whatever_the_size(django_assert_num_queries):
    make_data(2)
    # open concerns (rows), open-concern count, reviews aggregate, overdue review rows, matches
    # ending, DBS renewals due, volunteers waiting, referrals waiting, volunteers' answers to
    # follow up.
    with django_assert_num_queries(9):
        small = dashboard_figures()
    make_data(12)
    with django_assert_num_queries(9):
        large = dashboard_figures()
    assert large["open_concern_count"] == 14 > small["open_concern_count"]
    assert large["dbs_due"] == 14


def test_dashboard_page_same_queries_at_two_sizes(signed_in_client, users):
    client = signed_in_client(users["Befriending coordinator"])
    client.get("/admin/")  # warm the per-process caches, whichever tests ran before in it
    make_data(2)
    small = count_queries(client, "/admin/")
    make_data(12)
    large = count_queries(client, "/admin/")
    assert small == large
    page = client.get("/admin/").content.decode()
    assert "14 concerns open" in page


def _add_history(match, n):
    for _ in range(n):
        _log_with_concern(match, urgency="soon")


def test_match_page_same_queries_at_two_sizes(signed_in_client, users):
    client = signed_in_client(users["Befriending coordinator"])
    match = make_active_match()
    url = reverse("befriending_matches:inspect", args=[match.pk])
    client.get(url)  # warm the content-type cache the audit entry uses
    _add_history(match, 2)
    small = count_queries(client, url)
    _add_history(match, 10)
    assert count_queries(client, url) == small


def test_volunteer_page_same_queries_at_two_sizes(signed_in_client, users):
    client = signed_in_client(users["Befriending coordinator"])
    match = make_active_match()
    url = reverse("befriending_volunteers:inspect", args=[match.befriender.pk])
    client.get(url)
    _add_history(match, 2)
    small = count_queries(client, url)
    _add_history(match, 10)
    for n in range(5):
        services.record_supervision(
            match.befriender,
            held_on=match.started_on,
            notes=f"n{n}",
            by=users["Befriending coordinator"],
        )
    assert count_queries(client, url) == small


def test_my_match_same_queries_at_two_sizes(signed_in_client, django_assert_num_queries):
    match = make_active_match()
    client = signed_in_client(match.befriender.user)
    url = reverse("befriending:my_match")
    _add_history(match, 2)
    # The helpline and the site's menu come from the cache after the first page of any kind
    # (whichever test ran before in this process); count the pages a befriender sees after it.
    assert client.get(url).status_code == 200
    # session, user, groups (role check), befriender, match with parent, its user and contact
    # rules, the parent's roles (for default contact rules), next review, recent contacts,
    # whether a concern may be raised (the menu), session save (savepoint, update, release).
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    _add_history(match, 10)
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


def test_dashboard_links_open_the_matching_lists(signed_in_client, users):
    from dateutil.relativedelta import relativedelta

    client = signed_in_client(users["Befriending coordinator"])
    today = timezone.localdate()
    ending = make_active_match(started_on=today - relativedelta(months=6), months=6)
    later = make_active_match(started_on=today, months=12)
    waiting = BefrienderFactory(name="Wendy Waiting")
    BefrienderFactory(name="Olga Olddbs", dbs_issued_on=today.replace(year=today.year - 4))
    ending.reviews.filter(due_on__lt=today).update(completed_on=today, outcome="continue")
    overdue = later.reviews.first()
    overdue.due_on = today - relativedelta(days=3)
    overdue.save()
    Concern.objects.create(befriender=waiting, urgency="now", details="x", status="in_hand")

    def names(url):
        return client.get(url).content.decode()

    page = names(reverse("befriending_volunteers:index") + "?waiting=true")
    assert "Wendy Waiting" in page and ending.befriender.name not in page
    page = names(reverse("befriending_volunteers:index") + "?dbs_due=true")
    assert "Olga Olddbs" in page and "Wendy Waiting" not in page
    page = names(reverse("befriending_matches:index") + "?ending_soon=true")
    assert ending.befriender.name in page and later.befriender.name not in page
    page = names(reverse("befriending_reviews:index") + "?overdue=true")
    assert later.befriender.name in page and ending.befriender.name not in page
    page = names(reverse("befriending_concerns:index") + "?unresolved=true")
    assert "Wendy Waiting" in page
