"""The public "Volunteer with us" application: it stores an applicant and sends the invitation
that lets them confirm their address and set a password; bad input changes nothing."""

import pytest
from django.urls import reverse

from befriending.models import Befriender
from pace_site.accounts.models import Invitation
from pace_site.accounts.services import accept_invitation, invitation_token
from pace_site.notifications.models import Notification
from tests.factories import make_user

from .factories import decide_applications, keyed

pytestmark = pytest.mark.django_db

URL = reverse("befriending:volunteer")
GOOD = {
    "name": "  Rosa   Lane ",
    "email": "Rosa@Example.org",
    "phone": "07700 900123",
    "region": "Leeds",
    "languages": "English, Polish",
    "gender": "woman",
    "availability": ["mon_evening", "sat_morning"],
    "what_they_bring": "I listen well.",
    "understands_checks": "on",
}


def test_the_page_is_public(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Volunteer with us" in response.content.decode()


def test_applying_creates_an_applicant_and_sends_the_invitation(
    client, django_capture_on_commit_callbacks, users
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, keyed(GOOD))
        decide_applications()
    assert response.status_code == 302
    assert response["Location"] == reverse("befriending:volunteer_thanks")
    befriender = Befriender.objects.get()
    assert (befriender.name, befriender.email, befriender.status) == (
        "Rosa Lane",
        "rosa@example.org",
        "applied",
    )
    assert befriender.availability == ["mon_evening", "sat_morning"]
    assert befriender.user is None
    invitation = Invitation.objects.get(email="rosa@example.org")
    assert invitation.role == "Volunteer applicant" and invitation.invited_by is None
    (sent,) = Notification.objects.filter(kind="accounts/invitation")
    assert sent.to_email == "rosa@example.org"
    assert Notification.objects.filter(
        kind="befriending/new_application", recipient=users["Befriending coordinator"]
    ).exists()

    # Accepting the invitation and signing in links the account to the application.
    user = accept_invitation(
        invitation_token(invitation), password="a-long-new-password", display_name="Rosa"
    )
    assert client.login(email=user.email, password="a-long-new-password")
    befriender.refresh_from_db()
    assert befriender.user == user
    page = client.get(reverse("befriending:my_match")).content.decode()
    assert "Your application" in page


def test_a_second_application_for_the_same_address_changes_nothing(client):
    client.post(URL, keyed(GOOD))
    decide_applications()
    response = client.post(URL, keyed({**GOOD, "name": "Someone Else"}))
    decide_applications()
    assert response["Location"] == reverse("befriending:volunteer_thanks")
    assert Befriender.objects.get().name == "Rosa Lane"
    assert Invitation.objects.count() == 1


def test_an_address_with_an_account_gets_the_same_reply_and_no_invitation(client):
    make_user("Parent", email="rosa@example.org")
    response = client.post(URL, keyed(GOOD))
    decide_applications()
    assert response["Location"] == reverse("befriending:volunteer_thanks")
    assert not Befriender.objects.exists()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "   "}, "This field is required"),
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"understands_checks": ""}, "Please tick this box to apply"),
        ({"availability": ["sometime"]}, "Select a valid choice"),
        ({"gender": "robot"}, "Select a valid choice"),
        ({"what_they_bring": "x" * 1001}, "at most 1000 characters"),
        ({"region": ""}, "This field is required"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_stored(client, change, message):
    response = client.post(URL, keyed({**GOOD, **change}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Befriender.objects.exists()
    assert not Invitation.objects.exists()


def test_html_stored_in_an_application_is_shown_as_text(signed_in_client, users):
    from tests.befriending.factories import BefrienderFactory

    # Older rows, from before the form refused markup, are escaped where staff read them.
    befriender = BefrienderFactory(user=None, what_they_bring="<b>bold</b><script>x()</script>")
    coordinator = signed_in_client(users["Befriending coordinator"])
    page = coordinator.get(reverse("befriending_volunteers:inspect", args=[befriender.pk]))
    assert "<script>x()</script>" not in page.content.decode()


def test_one_connection_may_apply_only_a_few_times_an_hour(client):
    for n in range(5):
        response = client.post(URL, keyed({**GOOD, "email": f"person{n}@example.org"}))
        assert response.status_code == 302
    response = client.post(URL, keyed({**GOOD, "email": "sixth@example.org"}))
    decide_applications()
    assert response.status_code == 429
    assert "Please try again later" in response.content.decode()
    assert not Befriender.objects.filter(email="sixth@example.org").exists()
    assert Befriender.objects.count() == 5


def test_a_new_account_is_not_linked_to_a_closed_application(client):
    from befriending.services import link_account

    from .factories import BefrienderFactory

    BefrienderFactory(user=None, email="old@example.org", status="not_taken_forward")
    user = make_user("Befriender", email="old@example.org")
    assert link_account(user) is None
    parent = make_user("Parent", email="rosa@example.org")
    BefrienderFactory(user=None, email="rosa@example.org", status="applied")
    assert link_account(parent) is None  # only volunteer accounts are linked


@pytest.mark.parametrize("address", ["sam@example.org", "SAM@Example.ORG"])
def test_the_public_form_never_touches_a_pending_invitation(client, address):
    from pace_site.accounts.services import invite

    staff = make_user("Administrator")
    invitation = invite(email="sam@example.org", role="Parent", display_name="Sam", by=staff)
    response = client.post(URL, keyed({**GOOD, "email": address}))
    decide_applications()
    assert response["Location"] == reverse("befriending:volunteer_thanks")
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert invitation.role == "Parent"
    assert Invitation.objects.count() == 1
    assert not Befriender.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "<script>alert(1)</script>"),
        ("name", "Rosa <b>Lane</b>"),
        ("name", "Rosa\x00Lane"),
        ("region", "<img src=x onerror=alert(1)>"),
        ("languages", "English<script>"),
        ("what_they_bring", "<a href='javascript:alert(1)'>me</a>"),
    ],
)
def test_markup_in_the_volunteer_form_is_refused_with_a_message(client, field, value):
    response = client.post(URL, keyed({**GOOD, field: value}))
    assert response.status_code == 200
    assert "plain" in response.content.decode()
    assert not Befriender.objects.exists()
    assert not Invitation.objects.exists()


def test_names_with_apostrophes_and_hyphens_are_welcome(client):
    client.post(URL, keyed({**GOOD, "name": "Siobhán O'Neill-Smith"}))
    decide_applications()
    assert Befriender.objects.get().name == "Siobhán O'Neill-Smith"
