"""Small factories for the core parent group."""

from datetime import timedelta

import factory
from django.utils import timezone

from participation.models import (
    ActivityType,
    CheckIn,
    Opportunity,
    OpportunityStatus,
    SignUp,
    TakingPartWay,
)
from tests.factories import ParentFactory

READINESS = {"Speaking at training", "Media interview", "Conference", "Film or audio"}
NEEDS_CONSENT = {"Research": "research", "Film or audio": "photos"}


def activity(name="Speaking at training") -> ActivityType:
    """The seeded activity type (re-made after a transactional test flushed the tables)."""
    return ActivityType.objects.get_or_create(
        name=name,
        defaults={
            "needs_readiness": name in READINESS,
            "needs_consent": NEEDS_CONSENT.get(name, ""),
        },
    )[0]


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    title = factory.Sequence(lambda n: f"Talk to new police officers {n}")
    activity_type = factory.LazyFunction(activity)
    description = "Share your experience with officers in training."
    partner = "Regional organised crime unit"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    respond_by = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    place = "Leeds"
    places = 2
    ways = factory.LazyFunction(
        lambda: [TakingPartWay.NAMED, TakingPartWay.FIRST_NAME, TakingPartWay.ANONYMOUS]
    )
    content_notes = factory.LazyFunction(list)
    status = OpportunityStatus.OPEN


class SignUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SignUp

    parent = factory.SubFactory(ParentFactory)
    opportunity = factory.SubFactory(OpportunityFactory)
    way = TakingPartWay.FIRST_NAME


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    parent = factory.SubFactory(ParentFactory)
    channel = "phone"
    wellbeing = 4
    notes = "Doing better; court date moved."
    next_due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(weeks=4))
