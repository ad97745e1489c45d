"""A permission records what the parent was told (the wording version), how they gave it and
when it runs out; an expired permission counts as not given; the parent is asked again once,
discreetly, before it runs out; and every permission can be taken back from the portal."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from home.models import StoryPage
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import ContactRules, Notification, Status
from pace_site.notifications.services import deliver
from participation import services
from participation.models import (
    ActivityContent,
    Consent,
    ConsentPurpose,
    GivenHow,
    SignUp,
    SignUpStatus,
    WithdrawnHow,
)
from participation.tasks import ask_again_before_consents_expire, end_lapsed_consents
from participation.wording import WORDINGS, current
from tests.factories import ParentFactory
from tests.helpers import sign_in

from .factories import OpportunityFactory, SignUpFactory, activity

pytestmark = pytest.mark.django_db


def give(parent, purpose, **kwargs):
    return services.give_consent(parent, purpose=purpose, by=parent.user, **kwargs)


def expire(consent, days_ago=0):
    Consent.objects.filter(pk=consent.pk).update(
        expires_on=timezone.localdate() - timedelta(days=days_ago)
    )
    consent.refresh_from_db()
    return consent


def renewals():
    return Notification.objects.filter(kind="participation/consent_renewal")


# -- what was recorded -----------------------------------------------------------------------


def test_a_permission_records_the_wording_shown_how_it_was_given_and_when_it_runs_out(parent):
    story = give(parent, ConsentPurpose.STORY)
    assert story.wording_version == current(ConsentPurpose.STORY).version
    assert story.wording.text == current(ConsentPurpose.STORY).text
    assert story.given_how == GivenHow.PORTAL
    assert story.expires_on == timezone.localdate() + relativedelta(months=12)
    newsletter = give(parent, ConsentPurpose.NEWSLETTER)
    assert newsletter.expires_on is None and newsletter.is_active
    entry = AuditEntry.objects.filter(action="participation.consent.given").latest("pk")
    assert entry.data["how"] == GivenHow.PORTAL and entry.data["wording"] == "1"


def test_every_purpose_has_a_wording():
    assert set(WORDINGS) == set(ConsentPurpose.values)
    for versions in WORDINGS.values():
        assert [w.version for w in versions] == sorted({w.version for w in versions}, key=int)


@pytest.mark.parametrize("how", ["", "unknown", "carrier pigeon"])
def test_a_permission_needs_a_known_way_it_was_given(parent, how):
    with pytest.raises(services.ParticipationError, match="how they gave it"):
        give(parent, ConsentPurpose.NEWSLETTER, how=how)
    assert not Consent.objects.exists()


def test_staff_record_how_the_permission_was_given(client, parent, manager):
    sign_in(client, manager)
    url = reverse("participation_parents:give_consent", args=[parent.pk])
    response = client.post(url, {"purpose": "photos", "detail": "Lilac day"})
    assert response.status_code == 400
    assert "Please say how they gave it." in response.content.decode()
    assert not Consent.objects.exists()
    response = client.post(url, {"purpose": "photos", "detail": "Lilac day", "how": "paper"})
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.given_how == GivenHow.PAPER and consent.recorded_by == manager
    page = client.get(reverse("participation_parents:inspect", args=[parent.pk])).content
    assert b"on a paper form" in page and b"wording version 1" in page


def test_the_portal_shows_todays_wording_when_asking(client, parent):
    client.force_login(parent.user)
    page = client.get(reverse("participation:consents")).content.decode()
    for purpose in ConsentPurpose.values:
        assert escape(current(purpose).text.split(".")[0]) in page
    assert reverse("privacy:shared") in page


# -- an expired permission counts as not given -------------------------------------------------


def test_an_expired_permission_counts_as_not_given(parent):
    photos = expire(give(parent, ConsentPurpose.PHOTOS))
    assert photos.is_expired and not photos.is_active
    assert not parent.has_consent(ConsentPurpose.PHOTOS)
    assert not Consent.objects.active().filter(pk=photos.pk).exists()
    # It can be given again, as a new permission with today's wording.
    again = give(parent, ConsentPurpose.PHOTOS)
    assert again.pk != photos.pk and again.is_active


def test_a_place_that_needs_an_expired_permission_cannot_be_confirmed(parent, manager):
    expire(give(parent, ConsentPurpose.PHOTOS))
    filmed = OpportunityFactory(
        activity_type=activity("Consultation"), content_notes=[ActivityContent.RECORDED]
    )
    signup = SignUpFactory(parent=parent, opportunity=filmed)
    with pytest.raises(services.ParticipationError, match="photos"):
        services.confirm_sign_up(signup, by=manager)
    assert SignUp.objects.get(pk=signup.pk).status != SignUpStatus.CONFIRMED


def test_when_a_permission_runs_out_what_relied_on_it_stops_once(parent, manager):
    from events.models import Registration
    from tests.events.factories import RegistrationFactory

    photos = give(parent, ConsentPurpose.PHOTOS)
    filmed = OpportunityFactory(
        activity_type=activity("Consultation"), content_notes=[ActivityContent.RECORDED]
    )
    signup = SignUpFactory(parent=parent, opportunity=filmed)
    services.confirm_sign_up(signup, by=manager)
    tick = RegistrationFactory(user=parent.user, photo_consent=True)
    assert end_lapsed_consents() == 0  # still in force
    expire(photos)
    assert end_lapsed_consents() == 1
    assert end_lapsed_consents() == 0  # once only
    assert SignUp.objects.get(pk=signup.pk).status == SignUpStatus.WITHDRAWN
    assert Registration.objects.get(pk=tick.pk).photo_consent is False
    told = Notification.objects.get(kind="participation/places_given_up_lapsed")
    assert told.recipient == parent.user and filmed.title in told.body
    assert AuditEntry.objects.filter(action="participation.consent.lapsed").count() == 1


def test_a_story_whose_permission_ran_out_is_not_shown(parent):
    from tests.public_site.factories import StoryIndexPageFactory, StoryPageFactory, site_home

    consent = give(parent, ConsentPurpose.STORY)
    index = StoryIndexPageFactory(parent=site_home())
    page = StoryPageFactory(parent=index, slug="joe", consent=consent)
    assert StoryPage.objects.with_consent().filter(pk=page.pk).exists()
    expire(consent)
    assert not StoryPage.objects.with_consent().filter(pk=page.pk).exists()
    assert not StoryPage.objects.get(pk=page.pk).has_active_consent  # its page is a 404
    end_lapsed_consents()
    assert not StoryPage.objects.get(pk=page.pk).live  # and it comes off the site


def test_the_portal_lists_an_expired_permission_as_ended(client, parent):
    expire(give(parent, ConsentPurpose.STORY), days_ago=3)
    client.force_login(parent.user)
    page = client.get(reverse("participation:consents")).content.decode()
    assert "Taken back or ended" in page and "ended" in page


# -- asked again before it runs out, once, discreetly ----------------------------------------


def test_the_parent_is_asked_once_a_month_before_it_runs_out(parent):
    soon = give(parent, ConsentPurpose.STORY)
    Consent.objects.filter(pk=soon.pk).update(expires_on=timezone.localdate() + timedelta(days=20))
    later = give(parent, ConsentPurpose.PHOTOS)  # a year away: not yet
    give(parent, ConsentPurpose.NEWSLETTER)  # never runs out
    assert ask_again_before_consents_expire() == 1
    assert ask_again_before_consents_expire() == 0  # idempotent
    message = renewals().get()
    assert message.recipient == parent.user and message.link == reverse("participation:consents")
    # Neutral words: nothing says what the permission is for.
    for word in ("story", "photo", "publish", "exploit"):
        assert word not in (message.subject + message.body).lower()
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.renewal_asked_on == timezone.localdate() and later.renewal_asked_on is None
    assert AuditEntry.objects.filter(action="participation.consent.renewal_asked").count() == 1


def test_the_question_waits_for_quiet_hours_and_goes_discreetly(parent, mailoutbox):
    now = timezone.localtime()
    ContactRules.objects.create(
        user=parent.user,
        quiet_hours_start=(now - timedelta(hours=1)).time().replace(second=0, microsecond=0),
        quiet_hours_end=(now + timedelta(hours=2)).time().replace(second=0, microsecond=0),
        discreet_mode=True,
    )
    consent = give(parent, ConsentPurpose.PHOTOS)
    Consent.objects.filter(pk=consent.pk).update(expires_on=timezone.localdate() + timedelta(1))
    ask_again_before_consents_expire()
    message = renewals().get()
    assert message.due_at > timezone.now() + timedelta(hours=1)
    assert deliver(message.pk) == "not yet due"
    Notification.objects.filter(pk=message.pk).update(due_at=timezone.now())
    ContactRules.objects.filter(user=parent.user).update(
        quiet_hours_start=None, quiet_hours_end=None
    )
    assert deliver(message.pk) == "sent"
    assert "permission" not in mailoutbox[0].body.lower()
    assert "runs out" not in mailoutbox[0].body


def test_no_e_mail_when_they_turned_e_mail_off_and_no_question_while_paused(parent, manager):
    ContactRules.objects.create(user=parent.user, email_allowed=False, quiet_hours_start=None)
    consent = give(parent, ConsentPurpose.PHOTOS)
    Consent.objects.filter(pk=consent.pk).update(expires_on=timezone.localdate() + timedelta(5))
    paused = ParentFactory()
    their = give(paused, ConsentPurpose.STORY)
    Consent.objects.filter(pk=their.pk).update(expires_on=timezone.localdate() + timedelta(5))
    services.pause_parent(paused, by=manager, by_parent=False, until=None, reason="")
    assert ask_again_before_consents_expire() == 1
    assert renewals().get().status == Status.PORTAL_ONLY
    assert not renewals().filter(recipient=paused.user).exists()


def test_the_parent_keeps_a_permission_going_from_their_page(client, parent):
    story = give(parent, ConsentPurpose.STORY)
    client.force_login(parent.user)
    renew = reverse("participation:consent_renew", args=[story.pk])
    assert renew not in client.get(reverse("participation:consents")).content.decode()
    Consent.objects.filter(pk=story.pk).update(
        expires_on=timezone.localdate() + timedelta(days=10),
        renewal_asked_on=timezone.localdate(),
    )
    assert renew in client.get(reverse("participation:consents")).content.decode()
    assert client.get(renew).status_code == 405
    key = "7a1f1bd2-3c1e-4d55-9a43-1a2b3c4d5e6f"
    assert client.post(renew, {"submission_key": key}).status_code == 302
    assert client.post(renew, {"submission_key": key}).status_code == 302  # sent twice
    story.refresh_from_db()
    assert story.expires_on == timezone.localdate() + relativedelta(months=12)
    assert story.renewal_asked_on is None and story.given_how == GivenHow.PORTAL
    assert AuditEntry.objects.filter(action="participation.consent.renewed").count() == 1


def test_only_a_permission_in_force_that_runs_out_can_be_renewed(parent):
    newsletter = give(parent, ConsentPurpose.NEWSLETTER)
    with pytest.raises(services.ParticipationError, match="does not run out"):
        services.renew_consent(newsletter, by=parent.user)
    photos = expire(give(parent, ConsentPurpose.PHOTOS))
    with pytest.raises(services.ParticipationError, match="already ended"):
        services.renew_consent(photos, by=parent.user)
    assert not AuditEntry.objects.filter(action="participation.consent.renewed").exists()


def test_another_parents_permission_cannot_be_renewed(client, parent):
    theirs = give(ParentFactory(), ConsentPurpose.STORY)
    client.force_login(parent.user)
    response = client.post(reverse("participation:consent_renew", args=[theirs.pk]))
    assert response.status_code == 404


# -- taking a permission back: from the portal, for every purpose -----------------------------


@pytest.mark.parametrize("purpose", ConsentPurpose.values)
def test_every_permission_can_be_taken_back_from_the_portal_in_one_step(client, parent, purpose):
    consent = give(parent, purpose, detail="For the test")
    client.force_login(parent.user)
    page = client.get(reverse("participation:consents")).content.decode()
    withdraw_url = reverse("participation:consent_withdraw", args=[consent.pk])
    assert withdraw_url in page
    assert "Yes, take it back" in client.get(withdraw_url).content.decode()  # the confirmation
    assert client.post(withdraw_url).status_code == 302
    consent.refresh_from_db()
    assert not consent.is_active and consent.withdrawn_how == WithdrawnHow.ONLINE
    assert AuditEntry.objects.filter(
        action="participation.consent.withdrawn", object_id=str(consent.pk)
    ).exists()
