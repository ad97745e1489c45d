"""Small factories for befriending records."""

from uuid import uuid4

import factory
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from befriending.models import (
    Befriender,
    BefrienderStatus,
    Match,
    MatchStatus,
    Referral,
    Review,
    review_schedule,
)
from pace_site.accounts.roles import Role
from tests.factories import ParentFactory, make_user


class BefrienderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Befriender

    user = factory.LazyFunction(lambda: make_user(Role.BEFRIENDER))
    name = factory.Sequence(lambda n: f"Volunteer{n} Person")
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else f"{o.name[:12]}@ex.org")
    status = BefrienderStatus.ACTIVE
    region = "Leeds"
    languages = "English"
    availability = factory.LazyFunction(lambda: ["mon_morning", "tue_evening"])


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    parent = factory.SubFactory(ParentFactory)
    region = "Leeds"


def make_active_match(befriender=None, parent=None, *, started_on=None, months=12, **kwargs):
    """An active match with its reviews scheduled, as start_match leaves it."""
    started_on = started_on or timezone.localdate() - relativedelta(months=1)
    match = Match.objects.create(
        befriender=befriender or BefrienderFactory(),
        parent=parent or ParentFactory(),
        status=MatchStatus.ACTIVE,
        introduction_on=started_on,
        started_on=started_on,
        planned_end_on=started_on + relativedelta(months=months),
        how_often="Every week",
        contact_method="meeting",
        where="Café",
        **kwargs,
    )
    Review.objects.bulk_create(
        Review(match=match, kind=kind, due_on=due)
        for kind, due in review_schedule(match.started_on, match.planned_end_on)
    )
    return match


def keyed(data: dict) -> dict:
    """Form data with the hidden one-time key every acting form carries."""
    return {"submission_key": str(uuid4()), **data}


def decide_applications() -> None:
    """Do what the worker does after the public form: decide about every received application."""
    from befriending.models import ReceivedApplication
    from befriending.services import handle_received_application

    for received_id in ReceivedApplication.objects.values_list("pk", flat=True):
        handle_received_application(received_id)
