"""The moments after an event and at a befriending match's review and ending."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from befriending import services as befriending_services
from befriending.models import BefrienderStatus, ReviewOutcome
from befriending.outcomes import (
    ENDING_BEFRIENDER,
    ENDING_PARENT,
    REVIEW_BEFRIENDER,
    REVIEW_PARENT,
)
from events import services as event_services
from events.models import Feedback, RegistrationStatus
from events.outcomes import AFTER_EVENT
from events.tasks import ask_after_event, ask_after_events
from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification
from pace_site.outcomes.models import Invitation, Moment
from participation.models import ParentStatus
from tests.befriending.factories import BefrienderFactory, ReferralFactory, make_active_match
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import ParentFactory, make_user
from tests.helpers import sign_in

# -- after an event ----------------------------------------------------------------------------


def ended_event(**kwargs):
    start = timezone.now() - timedelta(days=1)
    return EventFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=5),
        registration_opens_at=start - timedelta(days=20),
        registration_closes_at=start - timedelta(days=2),
        **kwargs,
    )


@pytest.fixture
def events_staff(db):
    return make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")


def test_marked_there_after_the_event_is_asked_once_discreetly(parent, events_staff, moments):
    registration = RegistrationFactory(event=ended_event(), user=parent.user)
    event_services.mark_attendance(registration, attended=True, by=events_staff)
    invitation = Invitation.objects.get(person=parent.user)
    assert invitation.moment == AFTER_EVENT
    assert invitation.subject_id == registration.event_id
    assert invitation.questionnaire.slug == "after-the-event"
    message = Notification.objects.get(recipient=parent.user, kind="outcomes/invited")
    assert registration.event.title not in message.body and "event" not in message.body.lower()
    # The daily task finds nothing more to ask, and asking again sends nothing.
    assert ask_after_events() == 0
    assert ask_after_event(registration.pk) is False
    assert Invitation.objects.filter(person=parent.user).count() == 1


def test_marked_there_on_the_day_is_asked_by_the_next_daily_task(
    parent, events_staff, moments, django_capture_on_commit_callbacks
):
    event = EventFactory(starts_at=timezone.now() - timedelta(hours=1))
    registration = RegistrationFactory(event=event, user=parent.user)
    event_services.mark_attendance(registration, attended=True, by=events_staff)
    assert not Invitation.objects.exists()  # the day is not over
    event.ends_at = timezone.now() - timedelta(minutes=1)
    event.save(update_fields=["ends_at"])
    assert ask_after_events() == 1  # one task queued, for this person
    assert ask_after_event(registration.pk) is True
    assert Invitation.objects.get(person=parent.user).moment == AFTER_EVENT


def test_not_asked_after_an_event_when_absent_on_a_break_feedback_given_or_switched_off(
    events_staff, moments
):
    event = ended_event()
    absent = RegistrationFactory(event=event, user=ParentFactory().user)
    event_services.mark_attendance(absent, attended=False, by=events_staff)
    paused = ParentFactory(status=ParentStatus.PAUSED)
    on_a_break = RegistrationFactory(
        event=event, user=paused.user, status=RegistrationStatus.ATTENDED
    )
    gave_feedback = RegistrationFactory(
        event=event, user=ParentFactory().user, status=RegistrationStatus.ATTENDED
    )
    Feedback.objects.create(
        registration=gave_feedback,
        felt_less_alone="yes",
        met_someone_who_understands="yes",
        more_confident="yes",
    )
    assert ask_after_events() == 1  # only the parent on a break is due, and is not asked
    assert ask_after_event(on_a_break.pk) is False
    assert not Invitation.objects.exists()

    Moment.objects.filter(key=AFTER_EVENT).update(is_on=False)
    came = RegistrationFactory(event=event, user=ParentFactory().user)
    event_services.mark_attendance(came, attended=True, by=events_staff)
    assert not Invitation.objects.exists()


def test_an_event_long_past_is_not_asked_about(parent, moments):
    start = timezone.now() - timedelta(days=30)
    event = EventFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=5),
        registration_opens_at=start - timedelta(days=20),
        registration_closes_at=start - timedelta(days=2),
    )
    RegistrationFactory(event=event, user=parent.user, status=RegistrationStatus.ATTENDED)
    assert ask_after_events() == 0


# -- befriending -------------------------------------------------------------------------------


@pytest.fixture
def coordinator(db):
    return make_user(Role.BEFRIENDING_COORDINATOR, display_name="Cara")


def record_review(match, coordinator):
    review = match.reviews.order_by("due_on").first()
    return befriending_services.complete_review(
        review,
        completed_on=timezone.localdate(),
        outcome=ReviewOutcome.CONTINUE,
        next_steps="Keep going.",
        by=coordinator,
    )


def test_a_review_asks_the_parent_and_the_befriender_each_their_own_questions(coordinator, moments):
    match = make_active_match()
    review = record_review(match, coordinator)
    parent_invitation = Invitation.objects.get(person=match.parent.user)
    befriender_invitation = Invitation.objects.get(person=match.befriender.user)
    assert parent_invitation.moment == REVIEW_PARENT
    assert parent_invitation.questionnaire.slug == "befriending-parent"
    assert befriender_invitation.moment == REVIEW_BEFRIENDER
    assert befriender_invitation.questionnaire.slug == "befriending-volunteer"
    assert {parent_invitation.subject_id, befriender_invitation.subject_id} == {review.pk}
    for person in (match.parent.user, match.befriender.user):
        message = Notification.objects.get(recipient=person, kind="outcomes/invited")
        assert "befriend" not in message.body.lower() and "review" not in message.body.lower()


def test_an_ending_asks_both_once_and_a_proposal_that_never_started_asks_nobody(
    coordinator, moments
):
    match = make_active_match()
    befriending_services.end_match(
        match, ended_on=timezone.localdate(), reason="planned", summary="", by=coordinator
    )
    assert set(Invitation.objects.values_list("moment", flat=True)) == {
        ENDING_PARENT,
        ENDING_BEFRIENDER,
    }
    # Asked once: the same ending cannot be recorded twice.
    assert Invitation.objects.count() == 2
    Invitation.objects.all().delete()
    referral = ReferralFactory()
    proposal = befriending_services.propose_match(
        referral, befriender=BefrienderFactory(), by=coordinator
    )
    befriending_services.end_match(
        proposal, ended_on=timezone.localdate(), reason="other", summary="", by=coordinator
    )
    assert not Invitation.objects.exists()


def test_a_befriender_who_left_or_without_an_account_and_a_paused_parent_are_not_asked(
    coordinator, moments
):
    no_account = make_active_match(befriender=BefrienderFactory(user=None))
    record_review(no_account, coordinator)
    assert set(Invitation.objects.values_list("moment", flat=True)) == {REVIEW_PARENT}
    Invitation.objects.all().delete()
    left = make_active_match(
        befriender=BefrienderFactory(status=BefrienderStatus.LEFT),
        parent=ParentFactory(status=ParentStatus.PAUSED),
    )
    record_review(left, coordinator)
    assert not Invitation.objects.exists()


def test_a_befriender_answers_in_the_portal_and_someone_else_gets_a_404(
    client, coordinator, moments
):
    match = make_active_match()
    record_review(match, coordinator)
    invitation = Invitation.objects.get(person=match.befriender.user)
    sign_in(client, match.befriender.user)
    home = client.get(reverse("pace_site:portal_home"))
    assert "Questions for you" in home.content.decode()
    page = client.get(reverse("outcomes:questionnaire", args=[invitation.pk]))
    assert page.status_code == 200 and "How befriending is going for you" in page.content.decode()
    other = make_active_match()
    sign_in(client, other.befriender.user)
    assert client.get(reverse("outcomes:questionnaire", args=[invitation.pk])).status_code == 404


def test_a_volunteer_who_asks_to_talk_is_followed_up_by_the_coordinators(
    client, coordinator, moments
):
    """A befriender's answers go to the befriending coordinators, who support volunteers; the
    participation managers neither get the alert nor see it, and a parent's stays theirs."""
    from uuid import uuid4

    from pace_site.outcomes import services as outcome_services
    from pace_site.outcomes.models import FollowUp

    manager = make_user(Role.PARTICIPATION_MANAGER)
    match = make_active_match()
    record_review(match, coordinator)
    volunteer = Invitation.objects.get(person=match.befriender.user)
    outcome_services.answer(volunteer, answers={}, by=match.befriender.user)
    sign_in(client, match.befriender.user)
    client.post(reverse("outcomes:thanks", args=[volunteer.pk]), {"submission_key": str(uuid4())})
    theirs = FollowUp.objects.get(invitation=volunteer)
    assert theirs.for_role == Role.BEFRIENDING_COORDINATOR
    assert Notification.objects.filter(recipient=coordinator, kind="outcomes/follow_up").exists()
    assert not Notification.objects.filter(recipient=manager, kind="outcomes/follow_up").exists()

    parents = Invitation.objects.get(person=match.parent.user)
    outcome_services.answer(parents, answers={}, by=match.parent.user)
    sign_in(client, match.parent.user)
    client.post(reverse("outcomes:thanks", args=[parents.pk]), {"submission_key": str(uuid4())})
    parent_follow_up = FollowUp.objects.get(invitation=parents)
    assert parent_follow_up.for_role == Role.PARTICIPATION_MANAGER

    sign_in(client, coordinator)
    listing = client.get(reverse("outcomes_follow_ups:index")).content.decode()
    assert match.befriender.user.display_name in listing
    assert match.parent.user.display_name not in listing
    done = reverse("outcomes_follow_ups:done", args=[parent_follow_up.pk])
    assert client.get(done).status_code == 404
    assert "1 volunteer's answer to follow up" in client.get("/admin/").content.decode()
    sign_in(client, manager)
    listing = client.get(reverse("outcomes_follow_ups:index")).content.decode()
    assert match.parent.user.display_name in listing
    assert match.befriender.user.display_name not in listing
    assert client.get(reverse("outcomes_follow_ups:done", args=[theirs.pk])).status_code == 404
