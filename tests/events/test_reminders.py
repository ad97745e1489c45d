"""Reminders seven days and one day before, through the outbox; invitations to new events."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import Registration
from events.tasks import due_reminders, queue_event_reminders, send_event_reminder
from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import Notification, Status
from pace_site.notifications.services import deliver
from participation.models import Parent
from tests.helpers import wait_until

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def booked(user, *, starts_in, booked_ago=timedelta(days=30)):
    now = timezone.now()
    event = EventFactory(
        starts_at=now + starts_in,
        ends_at=now + starts_in + timedelta(hours=5),
        registration_opens_at=now - booked_ago - timedelta(days=1),
        registration_closes_at=now + starts_in - timedelta(hours=1),
    )
    return Registration.objects.create(
        event=event, user=user, status="confirmed", confirmed_at=now - booked_ago
    )


def test_which_reminders_are_due(user_with_role):
    parent = user_with_role(Role.PARENT)
    week = booked(parent, starts_in=timedelta(days=6))
    day = booked(parent, starts_in=timedelta(hours=20))
    far = booked(parent, starts_in=timedelta(days=12))
    just_booked = booked(parent, starts_in=timedelta(days=5), booked_ago=timedelta(hours=1))
    assert set(due_reminders("week")) == {week}
    assert set(due_reminders("day")) == {day}
    assert far not in due_reminders("day") and just_booked not in due_reminders("week")


def test_a_reminder_is_sent_once_and_a_paused_parent_still_gets_it(user_with_role, mailoutbox):
    parent = user_with_role(Role.PARENT)
    Parent.objects.create(user=parent, preferred_name="Sam", status="paused")
    registration = booked(parent, starts_in=timedelta(hours=20))
    assert send_event_reminder(registration.pk, "day") == "sent"
    assert send_event_reminder(registration.pk, "day") == "nothing to do"
    assert (
        AuditEntry.objects.for_object(registration)
        .filter(action="events.registration.reminder_sent", data={"which": "day"})
        .count()
        == 1
    )
    (notification,) = Notification.objects.filter(kind="events/reminder_day")
    assert notification.category == "logistics" and notification.recipient == parent
    assert deliver(notification.pk) == "sent"
    assert len(mailoutbox) == 1


def test_no_reminder_for_cancelled_places_or_events(user_with_role, users):
    parent = user_with_role(Role.PARENT)
    cancelled_place = booked(parent, starts_in=timedelta(hours=20))
    services.cancel_registration(cancelled_place, by=parent)
    cancelled_event = booked(parent, starts_in=timedelta(hours=20))
    services.cancel_event(cancelled_event.event, by=users[Role.PARTICIPATION_MANAGER])
    assert not due_reminders("day").exists()
    assert send_event_reminder(cancelled_place.pk, "day") == "nothing to do"
    assert send_event_reminder(cancelled_place.pk, "month") == "unknown reminder"


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_beat_fans_out_one_task_per_reminder_to_a_real_worker(user_with_role, celery_worker):
    parents = [user_with_role(Role.PARENT) for _ in range(3)]
    registrations = [booked(p, starts_in=timedelta(days=5)) for p in parents]
    assert queue_event_reminders() == 3
    wait_until(
        lambda: Registration.objects.filter(week_reminder_sent_at__isnull=False).count() == 3,
        what="the worker to send the week reminders",
    )
    assert queue_event_reminders() == 0
    assert Notification.objects.filter(kind="events/reminder_week").count() == 3
    # The worker also delivers them; let it finish before the database is emptied.
    wait_until(
        lambda: not Notification.objects.filter(status=Status.PENDING).exists(),
        what="the worker to deliver the reminders",
    )
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}
    assert {r.pk for r in registrations} == set(
        Registration.objects.filter(week_reminder_sent_at__isnull=False).values_list(
            "pk", flat=True
        )
    )


def test_publishing_invites_the_people_it_is_for_but_not_paused_parents(user_with_role, users):
    active = user_with_role(Role.PARENT)
    Parent.objects.create(user=active, preferred_name="Active")
    paused = user_with_role(Role.PARENT)
    Parent.objects.create(user=paused, preferred_name="Paused", status="paused")
    volunteer = user_with_role(Role.BEFRIENDER)
    event = EventFactory(published_at=None)
    services.publish_event(event, by=users[Role.PARTICIPATION_MANAGER])
    invited = Notification.objects.filter(kind="events/invitation")
    assert active in {n.recipient for n in invited}
    assert paused not in {n.recipient for n in invited}
    assert volunteer not in {n.recipient for n in invited}
    assert {n.category for n in invited} == {"offer"}
    # Publishing again is done already: nobody is invited twice.
    before = invited.count()
    services.publish_event(event, by=users[Role.PARTICIPATION_MANAGER])
    assert Notification.objects.filter(kind="events/invitation").count() == before


def test_an_invitation_is_held_back_if_the_parent_pauses_before_it_is_sent(user_with_role, users):
    parent = user_with_role(Role.PARENT)
    record = Parent.objects.create(user=parent, preferred_name="Jo")
    services.publish_event(EventFactory(published_at=None), by=users[Role.PARTICIPATION_MANAGER])
    notification = Notification.objects.get(kind="events/invitation", recipient=parent)
    record.status = "paused"
    record.save()
    assert deliver(notification.pk) == "withheld"
    notification.refresh_from_db()
    assert notification.status == Status.WITHHELD
