"""The events questionnaire moment (registered with pace_site.outcomes in ready()).

After an event, each person marked as there is asked "How was the day?" once, when staff mark
them there after the event has ended, or the next morning by the daily task. It extends the
event's own feedback form rather than replacing it: someone who has already given feedback on
the event is not asked the questionnaire too. A parent who is on a break or has left is never
asked.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.utils import timezone

from pace_site.outcomes.models import Invitation
from pace_site.outcomes.moments import register_moment
from participation.models import Parent, ParentStatus

from .models import Event, Feedback, Registration, RegistrationStatus

AFTER_EVENT = "events.after_event"
# Someone marked as there long after the event is not asked any more.
ASK_WITHIN = timedelta(days=14)


def is_not_on_a_break(person) -> bool:
    """Anyone who came, except a parent who is on a break or has left."""
    return not Parent.objects.filter(user=person).exclude(status=ParentStatus.ACTIVE).exists()


def register() -> None:
    register_moment(
        AFTER_EVENT,
        "After an event (someone who came)",
        may_ask=is_not_on_a_break,
        questionnaire="after-the-event",
    )


def registrations_to_ask(now=None):
    """People marked as there at an event that ended in the last two weeks, who have neither
    been asked about it nor given its feedback (one query)."""
    now = now or timezone.now()
    asked = Invitation.objects.filter(
        person_id=OuterRef("user_id"),
        moment=AFTER_EVENT,
        subject_type=ContentType.objects.get_for_model(Event),
        subject_id=OuterRef("event_id"),
    )
    return Registration.objects.filter(
        status=RegistrationStatus.ATTENDED,
        event__ends_at__lt=now,
        event__ends_at__gte=now - ASK_WITHIN,
    ).exclude(Exists(asked) | Exists(Feedback.objects.filter(registration=OuterRef("pk"))))


def ask_after_event(registration: Registration, *, now=None) -> Invitation | None:
    """Ask one person who came, if still due."""
    from pace_site.outcomes.services import invite

    if not registrations_to_ask(now).filter(pk=registration.pk).exists():
        return None
    return invite(registration.user, moment=AFTER_EVENT, about=registration.event)
