"""The rules of the core group, through the services: offers, sign-ups, confirming, pauses,
check-ins, readiness and debriefs, consent."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import MessageCategory, Notification, Status
from pace_site.notifications.services import deliver
from participation import services
from participation.models import (
    ActivityContent,
    CheckIn,
    CheckInKind,
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
from participation.services import ParticipationError, add_working_days
from tests.factories import ParentFactory

from .factories import CheckInFactory, OpportunityFactory, SignUpFactory, activity

pytestmark = pytest.mark.django_db


def offers_to(parent):
    return Notification.objects.filter(recipient=parent.user, kind="participation/offer")


# -- offers ------------------------------------------------------------------------------------


def test_publishing_offers_only_to_active_opted_in_parents_who_fit(
    manager, speaking, django_capture_on_commit_callbacks
):
    fits = ParentFactory(interests=[speaking])
    other_interest = ParentFactory(interests=[activity("Research")])
    paused = ParentFactory(interests=[speaking])
    services.pause_parent(paused, by=paused.user, by_parent=True)
    no_filming = ParentFactory(interests=[speaking], will_not_do=[ActivityContent.RECORDED])
    voice_only = ParentFactory(interests=[speaking], ways_accepted=[TakingPartWay.VOICE_ONLY])
    court = ParentFactory(interests=[speaking])
    opportunity = OpportunityFactory(
        status=OpportunityStatus.DRAFT, content_notes=[ActivityContent.RECORDED]
    )
    court.set_private_dates([{"on": opportunity.key_date + timedelta(days=1), "note": "court"}])
    court.save()

    with django_capture_on_commit_callbacks(execute=True):
        offered = services.publish_opportunity(opportunity, by=manager)

    assert offered == [fits]
    assert offers_to(fits).get().category == MessageCategory.OFFER
    for parent in (other_interest, paused, no_filming, voice_only, court):
        assert not offers_to(parent).exists()
    opportunity.refresh_from_db()
    assert opportunity.status == OpportunityStatus.OPEN


def test_publishing_twice_is_refused(manager):
    opportunity = OpportunityFactory(status=OpportunityStatus.DRAFT)
    services.publish_opportunity(opportunity, by=manager)
    with pytest.raises(ParticipationError, match="already"):
        services.publish_opportunity(opportunity, by=manager)


def test_an_offer_queued_before_a_pause_is_withheld_at_delivery(
    parent, manager, mailoutbox, django_capture_on_commit_callbacks
):
    opportunity = OpportunityFactory(status=OpportunityStatus.DRAFT)
    services.publish_opportunity(opportunity, by=manager)
    offer = offers_to(parent).get()
    assert offer.status == Status.PENDING
    services.pause_parent(parent, by=manager, by_parent=False)
    deliver(offer.pk)
    offer.refresh_from_db()
    assert offer.status == Status.WITHHELD
    assert offer.status_reason == "paused: no offers"
    assert not [m for m in mailoutbox if m.to == [parent.user.email] and "might like" in m.subject]


def test_the_policy_lets_other_messages_reach_a_paused_parent(parent, manager):
    services.pause_parent(parent, by=manager, by_parent=False)
    told = Notification.objects.get(recipient=parent.user, kind="participation/paused_for_you")
    assert told.status == Status.PENDING


# -- sign-ups ----------------------------------------------------------------------------------


def test_sign_up_and_withdraw_without_a_reason(parent):
    opportunity = OpportunityFactory()
    signup = services.sign_up(
        parent=parent,
        opportunity=opportunity,
        way=TakingPartWay.FIRST_NAME,
        message="Mornings",
        by=parent.user,
    )
    assert signup.status == SignUpStatus.INTERESTED
    services.withdraw_sign_up(signup, by=parent.user)
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.WITHDRAWN
    # Changing their mind again reuses the one row.
    again = services.sign_up(
        parent=parent, opportunity=opportunity, way=TakingPartWay.NAMED, by=parent.user
    )
    assert again.pk == signup.pk and again.status == SignUpStatus.INTERESTED


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ({"status": OpportunityStatus.CLOSED}, "closed"),
        ({"status": OpportunityStatus.CANCELLED}, "cancelled"),
        ({"status": OpportunityStatus.DRAFT}, "closed"),
        ({"respond_by": "past"}, "closed"),
        ({"places": 1, "full": True}, "places have been taken"),
    ],
)
def test_sign_up_refused_with_a_clear_message_and_nothing_changes(parent, setup, message):
    setup = dict(setup)
    full = setup.pop("full", False)
    if setup.get("respond_by") == "past":
        setup["respond_by"] = timezone.now() - timedelta(hours=1)
    opportunity = OpportunityFactory(**setup)
    if full:
        SignUpFactory(opportunity=opportunity, status=SignUpStatus.CONFIRMED)
    before = SignUp.objects.count()
    with pytest.raises(ParticipationError, match=message):
        services.sign_up(
            parent=parent, opportunity=opportunity, way=TakingPartWay.NAMED, by=parent.user
        )
    assert SignUp.objects.count() == before


def test_a_second_sign_up_is_refused_and_the_database_backs_it(parent):
    opportunity = OpportunityFactory()
    services.sign_up(
        parent=parent, opportunity=opportunity, way=TakingPartWay.NAMED, by=parent.user
    )
    with pytest.raises(ParticipationError, match="already"):
        services.sign_up(
            parent=parent, opportunity=opportunity, way=TakingPartWay.NAMED, by=parent.user
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SignUp.objects.create(parent=parent, opportunity=opportunity, way=TakingPartWay.NAMED)
    assert SignUp.objects.filter(parent=parent).count() == 1


def test_a_way_not_offered_is_refused(parent):
    opportunity = OpportunityFactory(ways=[TakingPartWay.ANONYMOUS])
    with pytest.raises(ParticipationError, match="ways"):
        services.sign_up(
            parent=parent, opportunity=opportunity, way=TakingPartWay.NAMED, by=parent.user
        )


def test_paused_parent_cannot_sign_up(parent):
    services.pause_parent(parent, by=parent.user, by_parent=True)
    with pytest.raises(ParticipationError, match="break"):
        services.sign_up(
            parent=parent, opportunity=OpportunityFactory(), way=TakingPartWay.NAMED, by=parent.user
        )


# -- confirming --------------------------------------------------------------------------------


def test_confirm_needs_a_recent_readiness_check_in_for_speaking(parent, manager, speaking):
    signup = SignUpFactory(parent=parent, opportunity=OpportunityFactory(activity_type=speaking))
    with pytest.raises(ParticipationError, match="readiness"):
        services.confirm_sign_up(signup, by=manager)
    old = CheckInFactory(parent=parent, kind=CheckInKind.READINESS)
    CheckIn.objects.filter(pk=old.pk).update(happened_at=timezone.now() - timedelta(days=15))
    with pytest.raises(ParticipationError, match="readiness"):
        services.confirm_sign_up(signup, by=manager)
    fresh = services.log_check_in(
        parent, by=manager, channel="phone", wellbeing=4, kind=CheckInKind.READINESS
    )
    services.confirm_sign_up(signup, by=manager)
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CONFIRMED
    assert signup.readiness_check_in == fresh
    assert signup.decided_by == manager and signup.decided_at is not None
    assert Notification.objects.filter(
        recipient=parent.user, kind="participation/confirmed"
    ).exists()


def test_confirm_without_readiness_for_a_consultation(parent, manager):
    signup = SignUpFactory(
        parent=parent, opportunity=OpportunityFactory(activity_type=activity("Consultation"))
    )
    services.confirm_sign_up(signup, by=manager)
    assert SignUp.objects.get(pk=signup.pk).status == SignUpStatus.CONFIRMED


def test_confirm_within_places_only(manager):
    opportunity = OpportunityFactory(activity_type=activity("Consultation"), places=1)
    first, second = SignUpFactory(opportunity=opportunity), SignUpFactory(opportunity=opportunity)
    services.confirm_sign_up(first, by=manager)
    with pytest.raises(ParticipationError, match="places are taken"):
        services.confirm_sign_up(second, by=manager)
    assert SignUp.objects.get(pk=second.pk).status == SignUpStatus.INTERESTED
    with pytest.raises(ParticipationError, match="only one that is waiting"):
        services.confirm_sign_up(first, by=manager)  # a second click


def test_confirm_near_a_private_date_needs_acknowledging(parent, manager):
    opportunity = OpportunityFactory(activity_type=activity("Consultation"))
    parent.set_private_dates([{"on": opportunity.key_date, "note": "anniversary"}])
    parent.save()
    signup = SignUpFactory(parent=parent, opportunity=opportunity)
    with pytest.raises(ParticipationError, match="private dates"):
        services.confirm_sign_up(signup, by=manager)
    services.confirm_sign_up(signup, by=manager, private_date_acknowledged=True)
    assert SignUp.objects.get(pk=signup.pk).status == SignUpStatus.CONFIRMED


def test_paused_parents_sign_ups_are_held_not_confirmed(parent, manager):
    signup = SignUpFactory(
        parent=parent, opportunity=OpportunityFactory(activity_type=activity("Consultation"))
    )
    services.pause_parent(parent, by=manager, by_parent=False)
    with pytest.raises(ParticipationError, match="taking a break"):
        services.confirm_sign_up(signup, by=manager)
    assert SignUp.objects.get(pk=signup.pk).status == SignUpStatus.INTERESTED


def test_waitlist_and_decline_kindly(manager):
    signup = SignUpFactory()
    services.decide_sign_up(signup, decision=SignUpStatus.WAITLISTED, by=manager)
    services.decide_sign_up(signup, decision=SignUpStatus.DECLINED, by=manager)
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.DECLINED
    declined = Notification.objects.get(recipient=signup.parent.user, kind="participation/declined")
    assert "not about you" in declined.body
    with pytest.raises(ParticipationError):
        services.decide_sign_up(signup, decision="confirmed", by=manager)
    with pytest.raises(ParticipationError):
        services.decide_sign_up(signup, decision=SignUpStatus.TOOK_PART, by=manager)


# -- debriefs ----------------------------------------------------------------------------------


def test_working_days_skip_the_weekend():
    friday = date(2026, 11, 27)
    assert add_working_days(friday, 2) == date(2026, 12, 1)
    assert add_working_days(date(2026, 11, 23), 2) == date(2026, 11, 25)


def test_debrief_due_within_two_working_days_after_taking_part(parent, manager):
    opportunity = OpportunityFactory(
        activity_type=activity("Consultation"), starts_at=timezone.now() - timedelta(hours=2)
    )
    signup = SignUpFactory(parent=parent, opportunity=opportunity, status=SignUpStatus.CONFIRMED)
    services.decide_sign_up(signup, decision=SignUpStatus.TOOK_PART, by=manager)
    signup.refresh_from_db()
    parent.refresh_from_db()
    expected = add_working_days(timezone.localdate(), 2)
    assert signup.debrief_due_on == expected
    assert parent.check_in_due_on == expected
    assert list(SignUp.objects.debrief_open()) == [signup]

    services.log_check_in(
        parent, by=manager, channel="phone", wellbeing=3, kind=CheckInKind.DEBRIEF
    )
    signup.refresh_from_db()
    parent.refresh_from_db()
    assert signup.debrief_done_at is not None
    assert parent.check_in_due_on == timezone.localdate() + timedelta(weeks=4)


# -- pauses ------------------------------------------------------------------------------------


def test_self_pause_then_resume(parent, manager, django_capture_on_commit_callbacks):
    commitment = SignUpFactory(parent=parent, status=SignUpStatus.CONFIRMED)
    until = timezone.localdate() + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        pause = services.pause_parent(parent, by=parent.user, by_parent=True, until=until)
    parent.refresh_from_db()
    assert parent.status == ParentStatus.PAUSED
    assert list(Parent.objects.paused()) == [parent]
    assert pause.started_by == "parent" and pause.planned_end_on == until
    alert = Notification.objects.get(recipient=manager, kind="participation/paused")
    assert commitment.opportunity.title in alert.body  # confirmed commitments are flagged

    with pytest.raises(ParticipationError, match="already"):
        services.pause_parent(parent, by=parent.user, by_parent=True)  # second click

    services.resume_parent(parent, by=parent.user, by_parent=True)
    parent.refresh_from_db()
    assert parent.status == ParentStatus.ACTIVE
    assert Pause.objects.get(pk=pause.pk).ended_at is not None
    assert Notification.objects.filter(recipient=manager, kind="participation/resumed").exists()
    with pytest.raises(ParticipationError, match="not taking a break"):
        services.resume_parent(parent, by=parent.user, by_parent=True)


def test_pause_with_an_end_before_its_start_is_refused(parent, manager):
    with pytest.raises(ParticipationError, match="before today"):
        services.pause_parent(
            parent, by=manager, by_parent=False, until=timezone.localdate() - timedelta(days=1)
        )
    parent.refresh_from_db()
    assert parent.status == ParentStatus.ACTIVE and not Pause.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        Pause.objects.create(
            parent=parent,
            started_by="manager",
            started_on=timezone.localdate(),
            planned_end_on=timezone.localdate() - timedelta(days=1),
        )


def test_only_one_open_pause_per_parent_in_the_database(parent, manager):
    services.pause_parent(parent, by=manager, by_parent=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pause.objects.create(parent=parent, started_by="manager")


def test_pause_reason_is_encrypted_at_rest(parent, manager):
    from django.db import connection

    pause = services.pause_parent(parent, by=manager, by_parent=False, reason="Son arrested")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM participation_pause WHERE id = %s", [pause.pk])
        stored = cursor.fetchone()[0]
    assert "arrested" not in stored
    assert Pause.objects.get(pk=pause.pk).reason == "Son arrested"


# -- check-ins ---------------------------------------------------------------------------------


def test_urgent_call_request_notifies_managers_at_once(
    parent, manager, settings, django_capture_on_commit_callbacks
):
    from pace_site.notifications.models import ContactRules

    # Even inside the manager's quiet hours the alert is due now.
    ContactRules.objects.create(
        user=manager,
        quiet_hours_start=timezone.localtime().time().replace(hour=0, minute=0),
        quiet_hours_end=timezone.localtime().time().replace(hour=23, minute=59),
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        check_in = services.self_check_in(
            parent, wellbeing=2, words="Bad week", wants_call=True, by=parent.user
        )
    alert = Notification.objects.get(recipient=manager, kind="participation/call_requested")
    assert alert.urgent and alert.category == MessageCategory.ALERT
    assert alert.due_at <= timezone.now() and alert.queued_at is not None
    assert callbacks  # delivery queued on commit
    assert "Bad week" not in alert.body  # the parent's words stay in the record
    assert list(CheckIn.objects.calls_requested()) == [check_in]
    services.complete_follow_up(check_in, by=manager, note="Called, OK")
    assert not CheckIn.objects.calls_requested().exists()


def test_self_check_in_without_a_call_alerts_nobody(parent, manager):
    services.self_check_in(parent, wellbeing=4, wants_call=False, by=parent.user)
    assert not Notification.objects.filter(recipient=manager).exists()


@pytest.mark.parametrize("score", [0, 6, 9, -1])
def test_a_score_outside_1_to_5_is_refused(parent, manager, score):
    with pytest.raises(ParticipationError, match="1 to 5"):
        services.log_check_in(parent, by=manager, channel="phone", wellbeing=score)
    with pytest.raises(ParticipationError, match="1 to 5"):
        services.self_check_in(parent, wellbeing=score, wants_call=False, by=parent.user)
    assert not CheckIn.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckInFactory(parent=parent, wellbeing=score)


def test_check_in_sets_the_next_due_date_and_is_audited(parent, manager):
    check_in = services.log_check_in(parent, by=manager, channel="phone", wellbeing=4, notes="x")
    parent.refresh_from_db()
    assert check_in.next_due_on == timezone.localdate() + timedelta(weeks=4)
    assert parent.check_in_due_on == check_in.next_due_on
    assert (
        AuditEntry.objects.for_object(check_in)
        .filter(action="participation.check_in.logged")
        .exists()
    )


def test_overdue_and_due_querysets(manager, speaking):
    today = timezone.localdate()
    overdue = ParentFactory(check_in_due_on=today - timedelta(days=3))
    due = ParentFactory(check_in_due_on=today)
    ParentFactory(check_in_due_on=today + timedelta(days=20))
    ParentFactory(check_in_due_on=today - timedelta(days=3), status=ParentStatus.LEFT)
    assert list(Parent.objects.check_in_overdue()) == [overdue]
    assert list(Parent.objects.check_in_due_between(today, today)) == [due]


# -- consent -----------------------------------------------------------------------------------


def test_consent_withdrawal_stops_the_purpose_it_covers(parent, manager):
    from participation.signals import consent_withdrawn

    heard = []

    def listener(sender, consent, by, **kwargs):
        heard.append((consent.pk, by))

    consent_withdrawn.connect(listener)
    try:
        photos = services.give_consent(parent, purpose=ConsentPurpose.PHOTOS, by=parent.user)
        filmed = OpportunityFactory(
            activity_type=activity("Consultation"), content_notes=[ActivityContent.RECORDED]
        )
        first = SignUpFactory(parent=parent, opportunity=filmed)
        assert parent.has_consent(ConsentPurpose.PHOTOS)

        services.withdraw_consent(photos, by=parent.user, how="online")
        assert heard == [(photos.pk, parent.user)]  # other apps act in the same transaction
        assert not Consent.objects.active().filter(parent=parent).exists()
        parent = Parent.objects.get(pk=parent.pk)
        assert not parent.has_consent(ConsentPurpose.PHOTOS)
        with pytest.raises(ParticipationError, match="photos or film"):
            services.confirm_sign_up(first, by=manager)
        with pytest.raises(ParticipationError, match="already withdrawn"):
            services.withdraw_consent(photos, by=parent.user, how="online")
    finally:
        consent_withdrawn.disconnect(listener)


def test_a_listener_that_fails_withdraws_nothing(parent):
    """Other apps act in the withdrawal's own transaction: if one cannot, nothing is withdrawn
    and the parent is asked to try again, rather than a permission marked withdrawn while what
    it covered carries on."""
    from participation.signals import consent_withdrawn

    def listener(sender, consent, by, **kwargs):
        raise RuntimeError("the other app could not stop its part")

    story = services.give_consent(parent, purpose=ConsentPurpose.STORY, by=parent.user)
    consent_withdrawn.connect(listener)
    try:
        with pytest.raises(RuntimeError):
            services.withdraw_consent(story, by=parent.user, how="online")
    finally:
        consent_withdrawn.disconnect(listener)
    story.refresh_from_db()
    assert story.is_active and story.withdrawn_by is None


def test_a_consent_cannot_be_given_twice(parent):
    services.give_consent(parent, purpose=ConsentPurpose.NEWSLETTER, by=parent.user)
    with pytest.raises(ParticipationError, match="already"):
        services.give_consent(parent, purpose=ConsentPurpose.NEWSLETTER, by=parent.user)


# -- private dates and read API for other apps -------------------------------------------------


def test_private_dates_are_encrypted_and_checked_per_parent(parent):
    from django.db import connection

    court = timezone.localdate() + timedelta(days=40)
    services.add_private_date(parent, on=court, note="court", by=parent.user)
    with pytest.raises(ParticipationError, match="already"):
        services.add_private_date(parent, on=court, note="again", by=parent.user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT private_dates FROM participation_parent WHERE id = %s", [parent.pk])
        assert "court" not in cursor.fetchone()[0]
    parent.refresh_from_db()
    assert parent.private_date_near(court + timedelta(days=2))["note"] == "court"
    assert parent.private_date_near(court + timedelta(days=10)) is None
    services.remove_private_date(parent, on=court, by=parent.user)
    parent.refresh_from_db()
    assert parent.private_date_list == []


def test_befriending_referral_read_api(parent):
    found = Parent.objects.for_befriending_referral().get(pk=parent.pk)
    summary = found.contact_summary()
    assert summary["exists"] and summary["discreet_mode"] is True
    assert set(summary) == {
        "exists",
        "name",
        "in_core_group",
        "email_allowed",
        "discreet_mode",
        "quiet_hours",
    }


def test_no_offer_reaches_a_parent_who_left(parent, manager):
    services.mark_left(parent, by=manager)
    opportunity = OpportunityFactory(status=OpportunityStatus.DRAFT)
    assert services.publish_opportunity(opportunity, by=manager) == []
    from pace_site.notifications.services import notify

    offer = notify(
        parent.user,
        "participation/offer",
        context={"parent": parent, "opportunity": opportunity},
        category=MessageCategory.OFFER,
    )
    assert offer.status == Status.WITHHELD and "left" in offer.status_reason


def test_offers_obey_discreet_mode_and_e_mail_off(parent, manager, mailoutbox, speaking):
    from pace_site.notifications.models import ContactRules

    no_email = ParentFactory(interests=[speaking])
    ContactRules.objects.create(user=no_email.user, email_allowed=False)
    opportunity = OpportunityFactory(status=OpportunityStatus.DRAFT, title="Radio interview")
    services.publish_opportunity(opportunity, by=manager)
    deliver(offers_to(parent).get().pk)
    sent = [m for m in mailoutbox if m.to == [parent.user.email]]
    assert len(sent) == 1
    assert sent[0].subject == "You have a new message"  # discreet by default for parents
    assert "Radio interview" not in sent[0].body and "Pace" not in sent[0].from_email
    assert offers_to(no_email).get().status == Status.PORTAL_ONLY
