"""Every befriending form that creates or changes something acts once (PostgreSQL): the same form
sent from two tabs at the same moment, and sent again afterwards (the browser resending), saves
one row, writes one audit entry, sends one message, and gets the same calm answer each time."""

import threading
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from befriending.models import (
    Befriender,
    BefrienderStatus,
    Concern,
    ContactLog,
    Match,
    MatchStatus,
    ReceivedApplication,
    Referral,
    ReferralStatus,
    Review,
    SupervisionSession,
    add_months,
)
from pace_site.accounts.models import Invitation
from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import Notification
from tests.factories import ParentFactory, make_user
from tests.helpers import keyed_form as form
from tests.helpers import twice_at_once_then_again

from .factories import BefrienderFactory, ReferralFactory, decide_applications, make_active_match

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_limits():
    """The hourly limit on applications from one address lives in the cache table, which the
    flush between these tests leaves alone: start each test afresh."""
    from django.core.cache import caches

    caches["default"].clear()


def audited(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


@pytest.fixture
def coordinator():
    return make_user(Role.BEFRIENDING_COORDINATOR)


# -- the public form and the befriender's portal -------------------------------------------------


def test_the_volunteer_form_sent_twice_is_taken_once():
    url = reverse("befriending:volunteer")
    data = form(
        name="Rosa Lane",
        email="rosa@example.org",
        region="Leeds",
        languages="English",
        gender="woman",
        availability=["mon_evening"],
        what_they_bring="I listen well.",
        understands_checks="on",
    )

    answers = twice_at_once_then_again(None, url, data)

    assert answers == [(302, reverse("befriending:volunteer_thanks"), [])] * 3
    assert ReceivedApplication.objects.count() == 1
    decide_applications()
    assert Befriender.objects.filter(email="rosa@example.org").count() == 1
    assert Invitation.objects.filter(email="rosa@example.org").count() == 1


def test_two_applications_for_one_address_at_the_same_moment_make_one_applicant():
    """Two different forms (two keys) for one address, decided by two workers at once."""
    url = reverse("befriending:volunteer")
    for _ in range(2):
        data = form(
            name="Rosa Lane",
            email="rosa@example.org",
            region="Leeds",
            languages="English",
            gender="woman",
            what_they_bring="I listen well.",
            understands_checks="on",
        )
        assert Client().post(url, data)["Location"] == reverse("befriending:volunteer_thanks")
    from befriending.services import handle_received_application

    barrier = threading.Barrier(2)
    errors = []

    def decide(received_id):
        from django.db import connection as thread_connection

        try:
            thread_connection.ensure_connection()
            barrier.wait(timeout=30)
            handle_received_application(received_id)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=decide, args=(pk,))
        for pk in ReceivedApplication.objects.values_list("pk", flat=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Befriender.objects.filter(email="rosa@example.org").count() == 1
    assert Invitation.objects.filter(email="rosa@example.org").count() == 1
    assert not ReceivedApplication.objects.exists()


def test_a_contact_log_sent_twice_is_saved_once():
    match = make_active_match()
    url = reverse("befriending:log_contact")
    data = form(
        happened_on=timezone.localdate().isoformat(),
        duration_minutes="30",
        method="phone",
        parent_mood="okay",
    )

    answers = twice_at_once_then_again(match.befriender.user, url, data)

    assert ContactLog.objects.filter(match=match).count() == 1
    assert audited("befriending.contact_log.created") == 1
    thanks = (302, reverse("befriending:my_match"), ["Thank you. Your contact is logged."])
    assert answers == [thanks] * 3


def test_a_worried_contact_log_sent_twice_leads_to_the_same_concern_form():
    match = make_active_match()
    url = reverse("befriending:log_contact")
    data = form(
        happened_on=timezone.localdate().isoformat(),
        duration_minutes="30",
        method="phone",
        parent_mood="worried",
    )

    answers = twice_at_once_then_again(match.befriender.user, url, data)

    log = ContactLog.objects.get(match=match)
    assert {a[1] for a in answers} == {f"{reverse('befriending:raise_concern')}?contact={log.pk}"}
    assert len({tuple(a[2]) for a in answers}) == 1


def test_a_concern_sent_twice_alerts_each_coordinator_once(coordinator):
    match = make_active_match()
    url = reverse("befriending:raise_concern")

    answers = twice_at_once_then_again(
        match.befriender.user, url, form(urgency="now", details="She seemed frightened.")
    )

    assert Concern.objects.count() == 1
    assert (
        Notification.objects.filter(
            kind="befriending/concern_raised", recipient=coordinator
        ).count()
        == 1
    )
    assert answers == [(302, reverse("befriending:concern_sent"), [])] * 3


def test_withdrawing_twice_withdraws_once_and_tells_the_coordinator_once(coordinator):
    applicant = make_user(Role.APPLICANT)
    befriender = BefrienderFactory(user=applicant, status=BefrienderStatus.INTERVIEWED)
    url = reverse("befriending:withdraw_application")

    answers = twice_at_once_then_again(applicant, url, {})

    befriender.refresh_from_db()
    assert befriender.status == BefrienderStatus.NOT_TAKEN_FORWARD
    assert audited("befriending.befriender.application_withdrawn") == 1
    assert Notification.objects.filter(kind="befriending/application_withdrawn").count() == 1
    assert answers == [(200, None, [])] * 3


# -- the coordinator's screens ---------------------------------------------------------------------


def test_moving_a_volunteer_on_twice_moves_them_one_step(coordinator):
    befriender = BefrienderFactory(status=BefrienderStatus.APPLIED)
    url = reverse("befriending_volunteers:move", args=[befriender.pk])

    answers = twice_at_once_then_again(coordinator, url, form(to="interviewed", reason=""))

    befriender.refresh_from_db()
    assert befriender.status == BefrienderStatus.INTERVIEWED
    assert audited("befriending.befriender.status_changed") == 1
    back = reverse("befriending_volunteers:inspect", args=[befriender.pk])
    assert answers == [(302, back, ["Status changed."])] * 3


def test_making_a_volunteer_active_twice_gives_the_role_once(coordinator):
    user = make_user(Role.APPLICANT)
    befriender = BefrienderFactory(user=user, status=BefrienderStatus.TRAINED)
    befriender.training.create(module="induction", completed_on=timezone.localdate())
    url = reverse("befriending_volunteers:move", args=[befriender.pk])

    answers = twice_at_once_then_again(coordinator, url, form(to="active", reason=""))

    assert Befriender.objects.get(pk=befriender.pk).status == BefrienderStatus.ACTIVE
    assert audited("accounts.user.roles_changed") == 1
    back = reverse("befriending_volunteers:inspect", args=[befriender.pk])
    assert answers == [(302, back, ["Status changed."])] * 3


@pytest.mark.parametrize(
    ("action", "data", "audit", "message"),
    [
        (
            "capacity",
            {"max_active_matches": "2"},
            "befriending.befriender.capacity_changed",
            "Number of matches saved.",
        ),
        (
            "dbs",
            {"certificate_number": "001122334455", "issued_on": "2026-01-05"},
            "befriending.befriender.dbs_recorded",
            "DBS certificate recorded.",
        ),
        (
            "training",
            {"module": "induction", "completed_on": "2026-01-05"},
            "befriending.befriender.training_recorded",
            "Training recorded.",
        ),
        (
            "supervision",
            {"held_on": "2026-01-05", "notes": "Went well."},
            "befriending.supervision.recorded",
            "Supervision session recorded.",
        ),
    ],
)
def test_recording_on_a_volunteer_twice_records_once(coordinator, action, data, audit, message):
    befriender = BefrienderFactory()
    url = reverse(f"befriending_volunteers:{action}", args=[befriender.pk])

    answers = twice_at_once_then_again(coordinator, url, form(**data))

    assert audited(audit) == 1
    assert SupervisionSession.objects.count() == (1 if action == "supervision" else 0)
    back = reverse("befriending_volunteers:inspect", args=[befriender.pk])
    assert answers == [(302, back, [message])] * 3


def test_a_referral_saved_twice_is_saved_once(coordinator):
    parent = ParentFactory()
    url = reverse("befriending_referrals:refer")
    data = form(parent=parent.pk, hopes="", preferred_gender="any", region="Leeds", availability=[])

    answers = twice_at_once_then_again(coordinator, url, data)

    referral = Referral.objects.get(parent=parent)
    assert audited("befriending.referral.created") == 1
    saved = "Referral saved. Here are the suggested volunteers."
    back = reverse("befriending_referrals:inspect", args=[referral.pk])
    assert answers == [(302, back, [saved])] * 3


def test_a_volunteer_proposed_twice_is_proposed_once(coordinator):
    referral = ReferralFactory()
    befriender = BefrienderFactory(max_active_matches=2)
    url = reverse("befriending_referrals:propose", args=[referral.pk])

    answers = twice_at_once_then_again(coordinator, url, form(befriender=befriender.pk))

    match = Match.objects.get(referral=referral)
    assert audited("befriending.match.proposed") == 1
    proposed = f"{befriender.name} proposed. Record the introduction next."
    back = reverse("befriending_matches:inspect", args=[match.pk])
    assert answers == [(302, back, [proposed])] * 3


def test_a_referral_closed_twice_is_closed_once(coordinator):
    referral = ReferralFactory()
    url = reverse("befriending_referrals:close", args=[referral.pk])

    answers = twice_at_once_then_again(coordinator, url, form())

    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.CLOSED
    assert audited("befriending.referral.closed") == 1
    back = reverse("befriending_referrals:inspect", args=[referral.pk])
    assert answers == [(302, back, ["Referral closed."])] * 3


def _proposed_match():
    return Match.objects.create(befriender=BefrienderFactory(), parent=ParentFactory())


def test_an_introduction_recorded_twice_is_recorded_once(coordinator):
    match = _proposed_match()
    url = reverse("befriending_matches:introduce", args=[match.pk])
    day = timezone.localdate().isoformat()

    answers = twice_at_once_then_again(coordinator, url, form(introduction_on=day))

    assert audited("befriending.match.introduction_recorded") == 1
    back = reverse("befriending_matches:inspect", args=[match.pk])
    assert answers == [(302, back, ["Introduction recorded."])] * 3


def test_a_match_started_twice_is_started_once(coordinator):
    match = _proposed_match()
    today = timezone.localdate()
    match.status, match.introduction_on = MatchStatus.INTRODUCED, today
    match.save()
    url = reverse("befriending_matches:start", args=[match.pk])
    data = form(
        started_on=today.isoformat(),
        planned_end_on=add_months(today, 12).isoformat(),
        how_often="Weekly",
        contact_method="meeting",
        where="Café",
    )

    answers = twice_at_once_then_again(coordinator, url, data)

    assert Match.objects.get(pk=match.pk).status == MatchStatus.ACTIVE
    assert audited("befriending.match.started") == 1
    back = reverse("befriending_matches:inspect", args=[match.pk])
    assert answers == [(302, back, ["Match started. Its reviews are scheduled."])] * 3


@pytest.mark.parametrize(
    ("action", "data", "audit", "message"),
    [
        (
            "change_end",
            {"planned_end_on": "+15"},
            "befriending.match.end_date_changed",
            "Planned end changed. The reviews are scheduled again.",
        ),
        (
            "arrangements",
            {"how_often": "Fortnightly", "contact_method": "phone", "where": ""},
            "befriending.match.arrangements_changed",
            "Arrangements saved.",
        ),
        (
            "end",
            {"ended_on": "today", "reason": "planned", "summary": "Went well."},
            "befriending.match.ended",
            "Match ended.",
        ),
    ],
)
def test_changing_an_active_match_twice_changes_it_once(coordinator, action, data, audit, message):
    match = make_active_match()
    data = dict(data)
    if data.get("planned_end_on") == "+15":
        data["planned_end_on"] = add_months(match.started_on, 15).isoformat()
    if data.get("ended_on") == "today":
        data["ended_on"] = timezone.localdate().isoformat()
    url = reverse(f"befriending_matches:{action}", args=[match.pk])

    answers = twice_at_once_then_again(coordinator, url, form(**data))

    assert audited(audit) == 1
    back = reverse("befriending_matches:inspect", args=[match.pk])
    assert answers == [(302, back, [message])] * 3


def test_a_review_recorded_twice_is_recorded_once(coordinator):
    match = make_active_match()
    review = Review.objects.filter(match=match).first()
    url = reverse("befriending_reviews:complete", args=[review.pk])
    day = (timezone.localdate() - timedelta(days=1)).isoformat()

    answers = twice_at_once_then_again(
        coordinator, url, form(completed_on=day, outcome="continue", next_steps="")
    )

    assert audited("befriending.review.recorded") == 1
    back = reverse("befriending_matches:inspect", args=[match.pk])
    assert answers == [(302, back, ["Review recorded."])] * 3


def test_a_concern_taken_in_hand_and_closed_twice_acts_once(coordinator):
    match = make_active_match()
    concern = Concern.objects.create(
        befriender=match.befriender, match=match, urgency="today", details="Worry"
    )
    back = reverse("befriending_concerns:inspect", args=[concern.pk])

    url = reverse("befriending_concerns:take_in_hand", args=[concern.pk])
    answers = twice_at_once_then_again(coordinator, url, form())
    assert audited("befriending.concern.taken_in_hand") == 1
    assert answers == [(302, back, ["You have taken this concern in hand."])] * 3

    url = reverse("befriending_concerns:close", args=[concern.pk])
    answers = twice_at_once_then_again(coordinator, url, form(outcome="Spoke with the family."))
    assert audited("befriending.concern.closed") == 1
    assert answers == [(302, back, ["Concern closed with its outcome."])] * 3
