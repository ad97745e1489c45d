"""Answers to follow up on the parent's staff record: private, with the action to mark the call
made, and never on any page the parent sees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pace_site.accounts.roles import Role
from pace_site.outcomes.models import FollowUp, Invitation, Questionnaire
from participation.outcomes import SIX_MONTHLY
from tests.factories import ParentFactory, make_user
from tests.helpers import keyed_form, sign_in

pytestmark = pytest.mark.django_db


def raise_follow_up(parent, occasion="2026-12", reason=FollowUp.Reason.DISTRESS) -> FollowUp:
    invitation = Invitation.objects.create(
        person=parent.user,
        questionnaire=Questionnaire.objects.get(slug="how-things-are"),
        moment=SIX_MONTHLY,
        occasion=occasion,
        question_count=12,
    )
    return FollowUp.objects.create(person=parent.user, invitation=invitation, reason=reason)


def test_the_parents_record_shows_the_follow_up_and_marks_the_call_made(
    client, parent, manager, moments
):
    follow_up = raise_follow_up(parent)
    record = reverse("participation_parents:inspect", args=[parent.pk])
    sign_in(client, manager)
    page = client.get(record).content.decode()
    assert "Answers to follow up" in page and "Mark call made" in page
    done = reverse("outcomes_follow_ups:done", args=[follow_up.pk])
    assert f"{done}?next={record}" in page.replace("%2F", "/")
    response = client.post(f"{done}?next={record}", keyed_form())
    assert response.status_code == 302 and response.url == record
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    page = client.get(record).content.decode()
    assert "Mark call made" not in page and "call offered" in page
    # The list of answers to follow up is still there for the dashboard.
    assert client.get(reverse("outcomes_follow_ups:index")).status_code == 200


def test_next_only_goes_back_to_a_page_of_this_admin(client, parent, manager, moments):
    follow_up = raise_follow_up(parent)
    sign_in(client, manager)
    done = reverse("outcomes_follow_ups:done", args=[follow_up.pk])
    for elsewhere in ("https://example.com/admin/", "//example.com/admin/", "/my/"):
        follow_up.done_at = None
        follow_up.save()
        response = client.post(f"{done}?next={elsewhere}", keyed_form())
        assert response.url == reverse("outcomes_follow_ups:index")


def test_the_parent_never_sees_the_follow_up(client, parent, moments):
    raise_follow_up(parent)
    sign_in(client, parent.user)
    for url in ("/my/", reverse("outcomes:my_questions"), reverse("outcomes:my_answers")):
        page = client.get(url).content.decode().lower()
        assert "follow up" not in page and "call made" not in page


def test_someone_elses_follow_up_is_not_on_this_record(client, parent, manager, moments):
    other = ParentFactory()
    raise_follow_up(other)
    sign_in(client, manager)
    page = client.get(reverse("participation_parents:inspect", args=[parent.pk])).content
    assert b'id="follow-ups"' not in page and b"Mark call made" not in page


def test_a_coordinator_cannot_mark_a_follow_up(client, parent, moments):
    follow_up = raise_follow_up(parent)
    sign_in(client, make_user(Role.BEFRIENDING_COORDINATOR))
    response = client.post(reverse("outcomes_follow_ups:done", args=[follow_up.pk]), {})
    assert response.status_code in (302, 403, 404)
    follow_up.refresh_from_db()
    assert follow_up.done_at is None


@pytest.mark.parametrize("how_many", [1, 6])
def test_the_record_with_follow_ups_keeps_its_query_count(
    client, parent, manager, moments, how_many
):
    for n in range(how_many):
        raise_follow_up(parent, occasion=f"occasion {n}", reason=FollowUp.Reason.TALK)
    sign_in(client, manager)
    record = reverse("participation_parents:inspect", args=[parent.pk])
    client.get("/admin/")
    client.get(record)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(record).status_code == 200
    # As the timeline pin in tests/participation/test_queries.py, with the answers to follow
    # up in one query (their questionnaires joined).
    assert len(queries) <= 28
