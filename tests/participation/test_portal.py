"""The parent portal under /my/: own records only, plain messages for bad input."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification
from participation.models import (
    CheckIn,
    Consent,
    ConsentPurpose,
    OpportunityStatus,
    Parent,
    ParentStatus,
    Pause,
    SignUp,
    SignUpStatus,
    TakingPartWay,
)
from tests.factories import ParentFactory, make_user

from .factories import OpportunityFactory, SignUpFactory, activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent_client(signed_in_client, parent):
    return signed_in_client(parent.user)


def text(response) -> str:
    return response.content.decode()


def test_portal_home_shows_the_panel(parent_client, parent):
    OpportunityFactory(title="Speak to trainee social workers")
    response = parent_client.get("/my/")
    assert response.status_code == 200
    assert "There is 1 opportunity that fits" in text(response)
    assert "Take a break" in text(response)


def test_matching_opportunities_and_interest(parent_client, parent, speaking):
    shown = OpportunityFactory(title="Speak to trainee social workers")
    OpportunityFactory(title="Hidden draft", status=OpportunityStatus.DRAFT)
    page = text(parent_client.get(reverse("participation:opportunities")))
    assert "Speak to trainee social workers" in page and "Hidden draft" not in page

    url = reverse("participation:opportunity", args=[shown.pk])
    response = parent_client.post(
        url, {"way": TakingPartWay.FIRST_NAME, "message": "Mornings are best"}
    )
    assert response.status_code == 302
    signup = SignUp.objects.get(parent=parent, opportunity=shown)
    assert signup.status == SignUpStatus.INTERESTED and signup.message == "Mornings are best"

    # A second click changes nothing and says so.
    response = parent_client.post(url, {"way": TakingPartWay.FIRST_NAME}, follow=True)
    assert "already said you are interested" in text(response)
    assert SignUp.objects.filter(parent=parent).count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Please choose how you would like to take part."),
        ({"way": "on_stage"}, "Please choose one of the ways offered."),
        ({"way": TakingPartWay.NAMED, "message": "x" * 2001}, "at most 2000 characters"),
        ({"way": TakingPartWay.NAMED, "message": "<script>alert(1)</script>"}, "plain words only"),
        (
            {"way": TakingPartWay.NAMED, "access_needs": '<img src=x onerror="alert(1)">'},
            "plain words only",
        ),
    ],
)
def test_bad_sign_up_input_gets_a_clear_message_and_changes_nothing(
    parent_client, parent, data, error
):
    opportunity = OpportunityFactory()
    response = parent_client.post(reverse("participation:opportunity", args=[opportunity.pk]), data)
    assert response.status_code == 200
    assert error in text(response)
    assert not SignUp.objects.exists()


def test_sign_up_to_a_full_opportunity_is_refused_in_plain_words(parent_client, parent):
    opportunity = OpportunityFactory(places=1)
    page = text(parent_client.get(reverse("participation:opportunity", args=[opportunity.pk])))
    assert "I'm interested" in page
    SignUpFactory(opportunity=opportunity, status=SignUpStatus.CONFIRMED)  # taken meanwhile
    response = parent_client.post(
        reverse("participation:opportunity", args=[opportunity.pk]),
        {"way": TakingPartWay.NAMED},
        follow=True,
    )
    assert "all the places have been taken" in text(response)
    assert not SignUp.objects.filter(parent=parent).exists()


def test_cancelled_or_unmatched_opportunity_is_not_found(parent_client, parent):
    cancelled = OpportunityFactory(status=OpportunityStatus.CANCELLED)
    assert (
        parent_client.get(reverse("participation:opportunity", args=[cancelled.pk])).status_code
        == 404
    )
    response = parent_client.post(
        reverse("participation:opportunity", args=[cancelled.pk]), {"way": TakingPartWay.NAMED}
    )
    assert response.status_code == 404
    assert not SignUp.objects.exists()


def test_withdraw_needs_no_reason(parent_client, parent):
    signup = SignUpFactory(parent=parent, status=SignUpStatus.CONFIRMED)
    url = reverse("participation:withdraw_sign_up", args=[signup.pk])
    assert "don't need to give a reason" in text(parent_client.get(url))
    parent_client.post(url)
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.WITHDRAWN
    response = parent_client.post(url, follow=True)  # a second click
    assert "no longer open" in text(response)


def test_id_guessing_gives_404_for_someone_elses_records(parent_client, parent):
    other = ParentFactory()
    their_signup = SignUpFactory(
        parent=other,
        status=SignUpStatus.CONFIRMED,
        opportunity=OpportunityFactory(activity_type=activity("Research")),
    )
    their_consent = Consent.objects.create(parent=other, purpose=ConsentPurpose.STORY)
    for url in (
        reverse("participation:withdraw_sign_up", args=[their_signup.pk]),
        reverse("participation:consent_withdraw", args=[their_consent.pk]),
    ):
        assert parent_client.get(url).status_code == 404
        assert parent_client.post(url).status_code == 404
    their_signup.refresh_from_db()
    their_consent.refresh_from_db()
    assert their_signup.status == SignUpStatus.CONFIRMED and their_consent.is_active
    # Their opportunity, which does not match my interests, is not found either.
    assert (
        parent_client.get(
            reverse("participation:opportunity", args=[their_signup.opportunity_id])
        ).status_code
        == 404
    )


def test_a_parent_account_without_a_core_group_record_gets_404(signed_in_client):
    client = signed_in_client(make_user(Role.PARENT))
    assert client.get(reverse("participation:opportunities")).status_code == 404
    assert client.get("/my/").status_code == 200  # the panel stays out of the way


def test_self_check_in_asking_for_a_call(parent_client, parent, manager):
    response = parent_client.post(
        reverse("participation:check_in"),
        {"wellbeing": "2", "words": "Hard week", "wants_call": "on", "submission_key": uuid4()},
        follow=True,
    )
    assert "would like a call" in text(response)
    check_in = CheckIn.objects.get(parent=parent)
    assert check_in.wants_call and check_in.wellbeing == 2
    assert Notification.objects.filter(
        recipient=manager, kind="participation/call_requested", urgent=True
    ).exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"wellbeing": "9"}, "Please choose a number from 1 to 5."),
        ({"wellbeing": "two"}, "Please choose a number from 1 to 5."),
        ({}, "Please choose a number from 1 to 5."),
        ({"wellbeing": "3", "words": "<b>hi</b>"}, "plain words only"),
        ({"wellbeing": "3", "support_wanted": "y" * 3000}, "at most 2000 characters"),
    ],
)
def test_bad_check_in_input_changes_nothing(parent_client, manager, data, error):
    response = parent_client.post(
        reverse("participation:check_in"), {**data, "submission_key": uuid4()}
    )
    assert response.status_code == 200
    assert error in text(response)
    assert not CheckIn.objects.exists()
    assert not Notification.objects.filter(recipient=manager).exists()


def test_take_a_break_then_come_back(parent_client, parent, manager):
    OpportunityFactory(title="Radio interview")
    until = timezone.localdate() + timedelta(days=14)
    response = parent_client.post(
        reverse("participation:take_break"),
        {"action": "pause", "until": until.isoformat()},
        follow=True,
    )
    assert "Your break has started" in text(response)
    parent.refresh_from_db()
    assert parent.status == ParentStatus.PAUSED

    page = text(parent_client.get(reverse("participation:opportunities")))
    assert "You are taking a break." in page and "Radio interview" not in page
    assert "You are taking a break." in text(parent_client.get("/my/"))

    # A stale "take a break" form, posted again, changes nothing.
    response = parent_client.post(
        reverse("participation:take_break"), {"action": "pause"}, follow=True
    )
    assert "already taking a break" in text(response)
    assert Pause.objects.count() == 1

    # "I'm ready to come back" asks the manager to ring; the break holds until they resume.
    response = parent_client.post(
        reverse("participation:take_break"), {"action": "resume"}, follow=True
    )
    assert "Someone from the team will give you a ring soon" in text(response)
    assert "We know you are ready" in text(response)
    parent.refresh_from_db()
    assert parent.status == ParentStatus.PAUSED
    assert "Radio interview" not in text(parent_client.get(reverse("participation:opportunities")))


def test_ready_to_come_back_is_a_request_to_the_manager_made_once(
    parent_client, parent, django_capture_on_commit_callbacks
):
    from pace_site.accounts.roles import Role
    from pace_site.notifications.models import Notification
    from participation import services
    from tests.factories import make_user

    managers = [make_user(Role.PARTICIPATION_MANAGER) for _ in range(2)]
    services.pause_parent(parent, by=parent.user, by_parent=True, until=None)
    url = reverse("participation:take_break")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):  # a double click, then a resend
            parent_client.post(url, {"action": "resume"})
    parent.refresh_from_db()
    assert parent.status == ParentStatus.PAUSED
    alerts = Notification.objects.filter(kind="participation/return_requested")
    assert sorted(alerts.values_list("recipient_id", flat=True)) == sorted(m.pk for m in managers)
    assert all(alert.urgent for alert in alerts)
    assert not Notification.objects.filter(kind="participation/resumed").exists()

    # The manager resumes them after checking in; a later break can be asked back from again.
    services.resume_parent(parent, by=managers[0], by_parent=False)
    parent.refresh_from_db()
    assert parent.status == ParentStatus.ACTIVE


@pytest.mark.parametrize(
    ("until", "error"),
    [
        ("2001-01-01", "from today onwards"),
        ("2999-01-01", "within the next two years"),
        ("31/31/2026", "real date"),
    ],
)
def test_bad_return_date_changes_nothing(parent_client, parent, until, error):
    response = parent_client.post(
        reverse("participation:take_break"), {"action": "pause", "until": until}
    )
    assert error in text(response)
    parent.refresh_from_db()
    assert parent.status == ParentStatus.ACTIVE and not Pause.objects.exists()


def test_interests_and_boundaries(parent_client, parent, speaking):
    research = activity("Research")
    parent_client.post(
        reverse("participation:interests"),
        {
            "interests": [research.pk],
            "ways_accepted": [TakingPartWay.ANONYMOUS],
            "will_not_do": ["police_present"],
        },
    )
    parent = Parent.objects.get(pk=parent.pk)
    assert list(parent.interests.all()) == [research]
    assert parent.ways_accepted == [TakingPartWay.ANONYMOUS] and parent.will_not_do == [
        "police_present"
    ]
    response = parent_client.post(reverse("participation:interests"), {"interests": ["999999"]})
    assert "Please choose from the list." in text(response)
    assert list(Parent.objects.get(pk=parent.pk).interests.all()) == [research]


def test_private_dates_add_remove_and_bad_input(parent_client, parent):
    day = timezone.localdate() + timedelta(days=50)
    parent_client.post(
        reverse("participation:private_dates"), {"on": day.isoformat(), "note": "court"}
    )
    page = text(parent_client.get(reverse("participation:private_dates")))
    assert "court" in page
    for bad, error in (
        ({"on": "not a date"}, "real date"),
        ({"on": "2099-01-01"}, "next three years"),
        ({"on": day.isoformat()}, "already on your list"),
        ({"on": (day + timedelta(days=1)).isoformat(), "note": "<script>"}, "plain words only"),
    ):
        assert error in text(parent_client.post(reverse("participation:private_dates"), bad))
    parent.refresh_from_db()
    assert [item["on"] for item in parent.private_date_list] == [day]
    parent_client.post(reverse("participation:private_date_remove"), {"on": day.isoformat()})
    parent.refresh_from_db()
    assert parent.private_date_list == []
    response = parent_client.post(
        reverse("participation:private_date_remove"), {"on": "x"}, follow=True
    )
    assert "could not be found" in text(response)


def test_give_and_withdraw_consent(parent_client, parent):
    parent_client.post(
        reverse("participation:consents"),
        {"purpose": ConsentPurpose.PHOTOS, "detail": "Training film"},
    )
    consent = Consent.objects.get(parent=parent)
    assert consent.is_active and consent.recorded_by == parent.user
    response = parent_client.post(reverse("participation:consents"), {"purpose": "everything"})
    assert "Please choose from the list." in text(response)
    parent_client.post(reverse("participation:consent_withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert not consent.is_active
    page = text(parent_client.get(reverse("participation:consents")))
    assert "Taken back" in page


def test_involvement_lists_upcoming_and_history(parent_client, parent):
    SignUpFactory(
        parent=parent,
        status=SignUpStatus.CONFIRMED,
        opportunity=OpportunityFactory(title="Conference panel"),
    )
    SignUpFactory(
        parent=parent,
        status=SignUpStatus.TOOK_PART,
        opportunity=OpportunityFactory(title="Charter review", status=OpportunityStatus.DONE),
    )
    page = text(parent_client.get(reverse("participation:involvement")))
    assert "Conference panel" in page and "Charter review" in page
    assert "You have taken part 1 time" in page


def test_a_check_in_without_its_form_key_is_refused_with_a_message(parent_client, manager):
    response = parent_client.post(
        reverse("participation:check_in"), {"wellbeing": "3", "submission_key": ""}
    )
    assert response.status_code == 200
    assert "This form has expired. Please try again." in text(response)
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "name",
    [
        "participation:opportunity",
        "participation:withdraw_sign_up",
        "participation_parents:inspect",
        "participation_parents:pause",
        "participation_consents:withdraw",
    ],
)
def test_a_record_id_no_database_can_hold_is_not_found(name):
    """SQLite fails the whole query on such a number (a 500), so the address does not match."""
    from django.urls import resolve, reverse

    url = reverse(name, args=[123456789]).replace("123456789", "99999999999999999999")
    assert resolve(url).view_name != name
