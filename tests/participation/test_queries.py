"""Pages run a fixed number of queries whatever the size of the group (5 or 200 parents, each
with sign-ups, check-ins, a pause and a consent)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from participation.models import (
    CheckIn,
    Consent,
    Opportunity,
    OpportunityStatus,
    Parent,
    Pause,
    SignUp,
    SignUpStatus,
    TakingPartWay,
)

pytestmark = pytest.mark.django_db

SIZES = [5, 200]
LISTINGS = ("parents", "sign_ups", "check_ins", "pauses", "consents")


def build_group(size: int, speaking) -> list[Parent]:
    """`size` parents, each with history: sign-ups, check-ins (one asking for a call), a past
    pause, a consent; a fifth of them overdue for a check-in."""
    today, now = timezone.localdate(), timezone.now()
    group = Group.objects.get(name=Role.PARENT)
    users = User.objects.bulk_create(
        [User(email=f"bulk{size}-{i}@example.org", display_name=f"P{i}") for i in range(size)]
    )
    group.user_set.add(*users)
    parents = Parent.objects.bulk_create(
        [
            Parent(
                user=user,
                preferred_name=f"Parent {i:03}",
                check_in_due_on=today + timedelta(days=(i % 5) * 3 - 3),
            )
            for i, user in enumerate(users)
        ]
    )
    Parent.interests.through.objects.bulk_create(
        [Parent.interests.through(parent=p, activitytype=speaking) for p in parents]
    )
    opportunities = Opportunity.objects.bulk_create(
        [
            Opportunity(
                title=f"Opportunity {i}",
                activity_type=speaking,
                description="…",
                starts_at=now + timedelta(days=10 + i),
                respond_by=now + timedelta(days=3 + i),
                places=3,
                ways=[TakingPartWay.NAMED],
                status=OpportunityStatus.OPEN,
            )
            for i in range(max(size // 4, 2))
        ]
    )
    SignUp.objects.bulk_create(
        [
            SignUp(
                parent=p,
                opportunity=opportunities[i % len(opportunities)],
                way=TakingPartWay.NAMED,
                status=[SignUpStatus.INTERESTED, SignUpStatus.CONFIRMED, SignUpStatus.TOOK_PART][
                    i % 3
                ],
            )
            for i, p in enumerate(parents)
        ]
    )
    CheckIn.objects.bulk_create(
        [
            CheckIn(parent=p, channel="phone", wellbeing=3, wants_call=(i % 7 == 0), notes="n")
            for i, p in enumerate(parents)
            for _ in range(2)
        ]
    )
    Pause.objects.bulk_create(
        [
            Pause(
                parent=p, started_by="parent", started_on=today - timedelta(days=40), ended_at=now
            )
            for p in parents
        ]
    )
    Consent.objects.bulk_create([Consent(parent=p, purpose="newsletter") for p in parents])
    return parents


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("size", SIZES)
def test_parents_list_dashboard_and_timeline(signed_in_client, manager, speaking, size):
    parents = build_group(size, speaking)
    client = signed_in_client(manager)
    client.get("/admin/")  # warm caches that Wagtail fills once per process
    client.get(reverse("participation_parents:index"))  # and the audit row's content type
    # Parents list: session, user, groups/permissions (Wagtail menus), count + page of parents
    # with users, filter choices (activity types), the audit row's insert; no query per row.
    assert count_queries(client, reverse("participation_parents:index")) <= 17
    # Dashboard: Wagtail's own panels plus ours, each list bounded with its count: overdue,
    # due soon, calls, waiting, pauses ending, closing soon (count + rows each), paused
    # commitments (rows, one more than shown); the
    # audit row for the view (one insert); the open requests to delete or correct information
    # (erasures, corrections: two); the subject access panel (requests due, with their count, in
    # one query; its audit row); sharing without consent to review (count + rows); questionnaire
    # answers to follow up (count); involvement payments overdue (count + rows).
    assert count_queries(client, "/admin/") <= 43
    # Timeline: session, user, groups, MFA, permissions (2), Wagtail profile; ours: parent + user,
    # sign-ups + opportunities, check-ins + by, pauses, consents, information shared about
    # them; the audit row (insert, plus
    # Wagtail's reference index for it, content types when not cached yet); locale, page and
    # collection permissions for the admin menu; the session save.
    timeline = reverse("participation_parents:inspect", args=[parents[0].pk])
    assert count_queries(client, timeline) <= 28


@pytest.mark.parametrize("size", SIZES)
def test_portal_home_and_opportunities(signed_in_client, speaking, size):
    parents = build_group(size, speaking)
    client = signed_in_client(parents[0].user)
    # Portal home: session, user, groups, our panel and the other apps' panels (the questions
    # panel: one count of the questions waiting).
    assert count_queries(client, "/my/") <= 15
    # Our panel on its own: the parent, matching offers, upcoming commitments.
    from django.test import RequestFactory

    from participation.portal import panel_context

    request = RequestFactory().get("/my/")
    request.user = parents[0].user
    with CaptureQueriesContext(connection) as queries:
        panel_context(request)
    assert len(queries) == 3
    # Opportunities: session, user, groups, parent, matching, own live sign-ups, session save
    # (savepoint, update, release), the header's menu pages.
    assert count_queries(client, reverse("participation:opportunities")) <= 10


def test_counts_do_not_grow_with_the_group(signed_in_client, manager, speaking):
    client = signed_in_client(manager)
    counts = []
    for size in SIZES:
        parents = build_group(size, speaking)
        client.get("/admin/")
        for listing in LISTINGS:  # each listing's first visit caches its content type
            client.get(reverse(f"participation_{listing}:index"))
        counts.append(
            (
                count_queries(client, "/admin/"),
                count_queries(
                    client, reverse("participation_parents:inspect", args=[parents[0].pk])
                ),
                # Every listing: one page of rows each, whatever the group's size.
                *(
                    count_queries(client, reverse(f"participation_{listing}:index"))
                    for listing in LISTINGS
                ),
            )
        )
    assert counts[0] == counts[1], counts
