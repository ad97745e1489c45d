import io

import pytest
from django.apps import apps

from events.models import Event, EventKind, Feedback, Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_network_days_a_residential_needs_and_a_waiting_list(users):
    apps.get_app_config("participation").seed_demo(users=users, stdout=io.StringIO())
    config = apps.get_app_config("events")
    config.seed_demo(users=users, stdout=io.StringIO())
    counts = (Event.objects.count(), Registration.objects.count(), Feedback.objects.count())
    config.seed_demo(users=users, stdout=io.StringIO())  # idempotent
    assert (Event.objects.count(), Registration.objects.count(), Feedback.objects.count()) == counts

    titles = set(Event.objects.values_list("title", flat=True))
    for town in ("Leeds", "Newcastle", "London", "Birmingham"):
        assert f"Parent Network Day, {town}" in titles
    assert Event.objects.past().filter(kind=EventKind.NETWORK_DAY).count() >= 2
    assert Event.objects.upcoming().filter(kind=EventKind.NETWORK_DAY).count() >= 2
    assert Event.objects.filter(kind=EventKind.RESIDENTIAL).exists()
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).count() >= 2
    assert any(r.dietary_needs or r.access_needs for r in Registration.objects.all())
    assert Feedback.objects.exists()
