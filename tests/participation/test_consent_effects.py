"""Item 16: every permission has a defined effect when it is taken back, carried out in the
same transaction, and the Consent row records who withdrew it and how."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import Notification
from participation import services
from participation.models import (
    ActivityContent,
    Consent,
    ConsentPurpose,
    SignUp,
    SignUpStatus,
)
from tests.events.factories import EventFactory, RegistrationFactory, soon
from tests.factories import ParentFactory, make_user

from .factories import OpportunityFactory, SignUpFactory, activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def managers():
    return [make_user(Role.PARTICIPATION_MANAGER) for _ in range(2)]


def give(parent, purpose, detail=""):
    return services.give_consent(parent, purpose=purpose, detail=detail, by=parent.user)


def withdraw_in_portal(client, parent, consent):
    client.force_login(parent.user)
    response = client.post(reverse("participation:consent_withdraw", args=[consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    return consent


def alerts():
    return Notification.objects.filter(kind="participation/consent_withdrawn")


def test_photos_withdrawn_gives_up_filmed_places_to_come_and_clears_photo_ticks(client, managers):
    parent = ParentFactory(preferred_name="Saffron")
    photos = give(parent, ConsentPurpose.PHOTOS)
    consultation = activity("Consultation")
    filmed = OpportunityFactory(
        title="Training film for new officers",
        activity_type=consultation,
        content_notes=[ActivityContent.RECORDED],
        places=1,
    )
    filmed_past = OpportunityFactory(
        activity_type=consultation,
        content_notes=[ActivityContent.RECORDED],
        starts_at=timezone.now() - timedelta(days=10),
        respond_by=None,
    )
    not_filmed = OpportunityFactory(title="A quiet consultation", activity_type=consultation)
    to_come = SignUpFactory(parent=parent, opportunity=filmed, status=SignUpStatus.CONFIRMED)
    done = SignUpFactory(parent=parent, opportunity=filmed_past, status=SignUpStatus.TOOK_PART)
    unaffected = SignUpFactory(parent=parent, opportunity=not_filmed, status=SignUpStatus.CONFIRMED)
    coming_event = RegistrationFactory(user=parent.user, photo_consent=True)
    past_event = RegistrationFactory(
        user=parent.user,
        photo_consent=True,
        event=EventFactory(
            starts_at=soon(-20),
            ends_at=soon(-20) + timedelta(hours=4),
            registration_opens_at=soon(-40),
        ),
    )

    photos = withdraw_in_portal(client, parent, photos)

    assert (photos.withdrawn_by, photos.withdrawn_how) == (parent.user, "online")
    statuses = dict(SignUp.objects.values_list("pk", "status"))
    assert statuses[to_come.pk] == SignUpStatus.WITHDRAWN
    assert statuses[done.pk] == SignUpStatus.TOOK_PART
    assert statuses[unaffected.pk] == SignUpStatus.CONFIRMED
    assert Registration.objects.get(pk=coming_event.pk).photo_consent is False
    assert Registration.objects.get(pk=past_event.pk).photo_consent is True
    # The parent is told kindly, each manager once, with what is left to do by hand.
    told = Notification.objects.get(kind="participation/places_given_up")
    assert told.recipient == parent.user and "Training film for new officers" in told.body
    assert "A quiet consultation" not in told.body
    assert sorted(a.recipient_id for a in alerts()) == sorted(m.pk for m in managers)
    body = alerts().first().body
    assert "Training film for new officers" in body and "Do not use photos or film" in body
    assert AuditEntry.objects.filter(
        action="participation.sign_up.given_up_with_consent", object_id=str(to_come.pk)
    ).exists()
    # The freed place goes to someone else.
    other = ParentFactory()
    give(other, ConsentPurpose.PHOTOS)
    waiting = SignUpFactory(parent=other, opportunity=filmed)
    assert services.confirm_sign_up(waiting, by=managers[0]).status == SignUpStatus.CONFIRMED


def test_a_place_still_covered_by_another_photos_permission_stays(client, managers):
    parent = ParentFactory()
    general = give(parent, ConsentPurpose.PHOTOS)
    give(parent, ConsentPurpose.PHOTOS, detail="Training film for police")
    filmed = OpportunityFactory(content_notes=[ActivityContent.RECORDED])
    signup = SignUpFactory(parent=parent, opportunity=filmed, status=SignUpStatus.CONFIRMED)
    coming_event = RegistrationFactory(user=parent.user, photo_consent=True)
    withdraw_in_portal(client, parent, general)
    assert SignUp.objects.get(pk=signup.pk).status == SignUpStatus.CONFIRMED
    assert Registration.objects.get(pk=coming_event.pk).photo_consent is True
    assert not Notification.objects.filter(kind="participation/places_given_up").exists()


def test_research_needs_its_permission_to_be_confirmed_and_to_stay_confirmed(client, managers):
    parent = ParentFactory()
    study = OpportunityFactory(
        title="University study interviews", activity_type=activity("Research")
    )
    signup = SignUpFactory(parent=parent, opportunity=study)
    with pytest.raises(services.ParticipationError, match="permission for research"):
        services.confirm_sign_up(signup, by=managers[0])
    research = give(parent, ConsentPurpose.RESEARCH, detail="University of Bedfordshire study")
    services.confirm_sign_up(signup, by=managers[0])
    withdraw_in_portal(client, parent, research)
    assert SignUp.objects.get(pk=signup.pk).status == SignUpStatus.WITHDRAWN
    body = alerts().first().body
    assert "University of Bedfordshire study" in body and "research team" in body


@pytest.mark.parametrize(
    ("purpose", "detail", "to_do", "urgent"),
    [
        (ConsentPurpose.SHARING, "Home Office consultation team", "Tell the partner", True),
        (ConsentPurpose.NEWSLETTER, "", "newsletter mailing list", False),
        (ConsentPurpose.STORY, "Joe's story", "taken off the website", True),
    ],
)
def test_each_purpose_tells_the_managers_what_is_left_to_do(
    signed_in_client, managers, purpose, detail, to_do, urgent
):
    parent = ParentFactory(preferred_name="Marigold")
    consent = give(parent, purpose, detail)
    client = signed_in_client(managers[0])
    response = client.post(
        reverse("participation_consents:withdraw", args=[consent.pk]), {"how": "in_person"}
    )
    assert response.status_code == 302
    consent = Consent.objects.get(pk=consent.pk)
    assert (consent.withdrawn_by, consent.withdrawn_how) == (managers[0], "in_person")
    assert alerts().count() == len(managers)
    alert = alerts().first()
    assert to_do in alert.body and "in person" in alert.body
    if detail:
        assert detail in alert.body
    assert alert.urgent is urgent
    entry = AuditEntry.objects.get(action="participation.consent.withdrawn")
    assert entry.user == managers[0] and entry.data == {"how": "in_person"}


def test_every_purpose_has_a_defined_effect():
    assert set(services.AFTER_WITHDRAWAL) == set(ConsentPurpose.values)
    assert set(services.NEEDS_BECAUSE) == set(ConsentPurpose.values)
