"""`manage.py seed_scale`: ten years of records for measuring, made by each app's part."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from befriending.models import Befriender, ContactLog, Match
from events.models import Event, Registration
from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.scale import SIZES
from participation.models import CheckIn, Parent, ParentStatus, Pause


@pytest.mark.django_db
def test_seed_scale_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_scale", "--size", "small", stdout=io.StringIO())
    assert not Parent.objects.exists()


@pytest.mark.django_db
def test_seed_scale_small_makes_each_kind_of_record_and_runs_once(settings):
    settings.DEBUG = True
    size = SIZES["small"]
    call_command("seed_scale", "--size", "small", stdout=io.StringIO())
    parents = Parent.objects.filter(user__email__endswith="@scale.pace.example")
    assert parents.count() == size.parents
    statuses = {status: parents.filter(status=status).count() for status in ParentStatus.values}
    # Most parents active, some on a break (each with their open pause), some left.
    assert statuses["active"] > size.parents * 0.7
    assert 0 < statuses["paused"] == Pause.objects.open().filter(parent__in=parents).count()
    assert statuses["left"] > 0
    assert User.objects.with_role(Role.PARENT).filter(parent__in=parents).count() == size.parents
    # Check-ins over ten years, roughly as many as asked for.
    assert abs(CheckIn.objects.count() - size.check_ins) < size.check_ins * 0.05
    years = {d.year for d in CheckIn.objects.dates("happened_at", "year")}
    assert len(years) >= 10
    assert Befriender.objects.count() == size.befrienders
    assert Match.objects.exists()
    assert ContactLog.objects.count() <= size.contact_logs
    assert ContactLog.objects.count() > size.contact_logs * 0.9
    assert Event.objects.count() == size.events
    assert Registration.objects.count() == size.registrations
    before = CheckIn.objects.count()
    call_command("seed_scale", "--size", "small", stdout=io.StringIO())
    assert CheckIn.objects.count() == before
    assert Parent.objects.count() == size.parents
