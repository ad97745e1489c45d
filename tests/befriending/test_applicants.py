"""A volunteer is an applicant, with nothing but their own application page, until a coordinator
makes them active after vetting and training; only then are they a Befriender, with volunteer
events, venues and the concern form (which also needs a current or recent match)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from befriending import services
from befriending.models import BefrienderStatus, MatchStatus
from events.models import Audience
from pace_site.accounts.models import Invitation, User
from pace_site.accounts.roles import Role
from pace_site.accounts.services import accept_invitation, invitation_token
from pace_site.notifications.models import Notification
from tests.events.factories import EventFactory
from tests.factories import make_user
from tests.helpers import sign_in

from .factories import BefrienderFactory, decide_applications, keyed, make_active_match

pytestmark = pytest.mark.django_db

APPLICATION = {
    "name": "Rosa Lane",
    "email": "rosa@example.org",
    "phone": "",
    "region": "Leeds",
    "languages": "English",
    "gender": "woman",
    "availability": ["mon_evening"],
    "what_they_bring": "I listen well.",
    "understands_checks": "on",
}
VOLUNTEER_PAGES = [
    "befriending:log_contact",
    "befriending:raise_concern",
    "befriending:concern_sent",
    "befriending:my_record",
    "befriending:past_matches",
]


@pytest.fixture
def applicant(client):
    """A stranger who applied through the public form and set up their account."""
    client.post(reverse("befriending:volunteer"), keyed(APPLICATION))
    decide_applications()
    invitation = Invitation.objects.get(email="rosa@example.org")
    user = accept_invitation(
        invitation_token(invitation), password="a-long-new-password", display_name="Rosa"
    )
    services.link_account(user)
    return User.objects.get(pk=user.pk)


def test_the_public_form_makes_an_applicant_not_a_befriender(applicant):
    assert Invitation.objects.get(email="rosa@example.org").role == Role.APPLICANT
    assert applicant.role_names == {Role.APPLICANT}


def test_an_applicant_sees_only_their_own_application(client, applicant):
    event = EventFactory(
        audience=Audience.VOLUNTEERS,
        title="Volunteers' summer gathering",
        published_at=timezone.now(),
    )
    sign_in(client, applicant)
    page = client.get(reverse("befriending:my_match")).content.decode()
    assert "Your application" in page
    assert "What happens next" in page
    assert "Raise a concern" not in page
    assert "Log a contact" not in page
    home = client.get(reverse("pace_site:portal_home")).content.decode()
    assert "Your application" in home
    assert "Raise a concern" not in home
    for name in VOLUNTEER_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 403, name
    # The events pages show them no volunteer event, and never its venue.
    events = client.get(reverse("events:list")).content.decode()
    assert "summer gathering" not in events
    assert "Secret Street" not in events
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404
    # Posting the concern form raises nothing either.
    client.post(reverse("befriending:raise_concern"), keyed({"urgency": "now", "details": "x"}))
    assert not Notification.objects.filter(kind="befriending/concern_raised").exists()


def test_being_made_active_gives_the_befriender_role_and_leaving_takes_it(applicant):
    coordinator = make_user(Role.BEFRIENDING_COORDINATOR)
    befriender = applicant.befriender
    befriender.status = BefrienderStatus.TRAINED
    befriender.save()
    befriender.training.create(module="induction", completed_on=timezone.localdate())
    services.move_befriender(befriender, to=BefrienderStatus.ACTIVE, by=coordinator)
    assert User.objects.get(pk=applicant.pk).role_names == {Role.BEFRIENDER}
    services.move_befriender(befriender, to=BefrienderStatus.PAUSED, by=coordinator)
    assert User.objects.get(pk=applicant.pk).role_names == {Role.APPLICANT}
    services.move_befriender(befriender, to=BefrienderStatus.LEFT, by=coordinator)
    assert User.objects.get(pk=applicant.pk).role_names == set()


def test_an_applicant_can_withdraw_after_confirming(client, applicant):
    coordinator = make_user(Role.BEFRIENDING_COORDINATOR)
    sign_in(client, applicant)
    url = reverse("befriending:withdraw_application")
    assert "Withdraw your application?" in client.get(url).content.decode()
    first = client.post(url)
    second = client.post(url)  # a second click
    for response in (first, second):
        assert response.status_code == 200
        assert "Your application is withdrawn" in response.content.decode()
    befriender = applicant.befriender
    befriender.refresh_from_db()
    assert befriender.status == BefrienderStatus.NOT_TAKEN_FORWARD
    assert User.objects.get(pk=applicant.pk).role_names == set()
    assert (
        Notification.objects.filter(
            kind="befriending/application_withdrawn", recipient=coordinator
        ).count()
        == 1
    )


def test_the_concern_form_needs_a_current_or_recent_match(client):
    befriender = BefrienderFactory()
    sign_in(client, befriender.user)
    url = reverse("befriending:raise_concern")
    assert client.get(url).status_code == 403  # active, but no match yet

    match = make_active_match(befriender, started_on=timezone.localdate() - timedelta(days=90))
    assert client.get(url).status_code == 200

    match.status = MatchStatus.ENDED
    match.ended_on = timezone.localdate() - timedelta(days=20)
    match.ending_reason = "planned"
    match.save()
    assert client.get(url).status_code == 200

    match.ended_on = timezone.localdate() - timedelta(days=40)
    match.save()
    response = client.get(url)
    assert response.status_code == 403
    assert "Please ring us instead" in response.content.decode()


def test_volunteer_events_and_their_venue_are_for_active_befrienders(client):
    event = EventFactory(
        audience=Audience.VOLUNTEERS,
        title="Volunteers' summer gathering",
        published_at=timezone.now(),
    )
    active = BefrienderFactory()
    sign_in(client, active.user)
    response = client.get(reverse("events:detail", args=[event.pk]))
    assert response.status_code == 200
    assert "summer gathering" in response.content.decode()


def test_staff_cannot_invite_anyone_straight_in_as_a_befriender(client):
    from pace_site.accounts.views import roles_user_may_invite

    for role in (Role.ADMINISTRATOR, Role.BEFRIENDING_COORDINATOR):
        assert Role.BEFRIENDER not in roles_user_may_invite(make_user(role))
    assert Role.APPLICANT in roles_user_may_invite(make_user(Role.BEFRIENDING_COORDINATOR))
