"""Item 18: every participation form that creates or changes something acts once. The same form
sent twice at once, and sent again afterwards, changes things once and gets the same calm
answer each time; every form on every page carries its one-time key."""

import re
from dataclasses import dataclass
from datetime import timedelta
from uuid import uuid4

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification
from participation import services
from participation.models import (
    CheckIn,
    Consent,
    ConsentPurpose,
    Parent,
    Pause,
    SignUp,
    SignUpStatus,
)
from tests.factories import ParentFactory, make_user
from tests.helpers import sign_in
from tests.races import race

from .factories import CheckInFactory, OpportunityFactory, SignUpFactory, activity

PORTAL_PAGES = [
    "participation:check_in",
    "participation:take_break",
    "participation:interests",
    "participation:private_dates",
    "participation:consents",
]


def post_forms(html: str) -> list[str]:
    return re.findall(r'<form[^>]*method="post"[^>]*>.*?</form>', html, flags=re.S | re.I)


@pytest.mark.django_db
def test_every_form_on_the_parents_pages_carries_its_key(client):
    parent = ParentFactory()
    services.add_private_date(
        parent, on=timezone.localdate() + timedelta(days=9), note="", by=parent.user
    )
    consent = services.give_consent(parent, purpose=ConsentPurpose.NEWSLETTER, by=parent.user)
    opportunity = OpportunityFactory(activity_type=activity("Consultation"))
    parent.interests.add(opportunity.activity_type)
    signup = SignUpFactory(parent=parent, opportunity=OpportunityFactory())
    sign_in(client, parent.user)
    urls = [reverse(name) for name in PORTAL_PAGES] + [
        reverse("participation:opportunity", args=[opportunity.pk]),
        reverse("participation:withdraw_sign_up", args=[signup.pk]),
        reverse("participation:consent_withdraw", args=[consent.pk]),
    ]
    services.pause_parent(parent, by=parent.user, by_parent=True)
    urls.append(reverse("participation:take_break"))  # the "ready to come back" form
    seen = 0
    for url in urls:
        for form in post_forms(client.get(url).content.decode()):
            seen += 1
            if "quick-exit" in form:
                continue
            assert 'name="submission_key"' in form, f"{url}: {form[:200]}"
    assert seen >= len(urls)


@pytest.mark.django_db
def test_every_form_on_the_managers_pages_carries_its_key(client):
    manager = make_user(Role.PARTICIPATION_MANAGER)
    parent = ParentFactory()
    consent = services.give_consent(parent, purpose=ConsentPurpose.NEWSLETTER, by=parent.user)
    opportunity = OpportunityFactory(activity_type=activity("Consultation"))
    signup = SignUpFactory(parent=parent, opportunity=opportunity)
    check_in = CheckInFactory(parent=parent, wants_call=True)
    other = ParentFactory(interests=[opportunity.activity_type])
    sign_in(client, manager)
    urls = [
        reverse("participation_parents:pause", args=[parent.pk]),
        reverse("participation_parents:give_consent", args=[parent.pk]),
        reverse("participation_consents:withdraw", args=[consent.pk]),
        reverse("participation_parents:leave", args=[parent.pk]),
        reverse("participation_parents:log_check_in", args=[parent.pk]),
        reverse("participation_check_ins:inspect", args=[check_in.pk]),
        reverse("participation_opportunities:inspect", args=[opportunity.pk]),
        reverse("participation_sign_ups:confirm", args=[signup.pk]),
    ]
    assert other  # someone to offer to: the opportunity page shows an offer form for them
    for url in urls:
        forms = post_forms(client.get(url).content.decode())
        ours = [f for f in forms if "/admin/logout/" not in f]
        assert ours, url
        for form in ours:
            assert 'name="submission_key"' in form, f"{url}: {form[:300]}"


# -- the same form twice at once, then again --------------------------------------------------


@dataclass
class Case:
    """One form: who sends it, where, with what, and how to count what it made."""

    url: str
    data: dict
    user: object
    count: object  # () -> int
    gate: str  # the table its change writes to (tests/races.py)
    message: str
    expected: int = 1  # what `count` grows by when the form is acted on once


def _parent():
    return ParentFactory(preferred_name="Tamsin")


def take_a_break():
    parent = _parent()
    return Case(
        reverse("participation:take_break"),
        {"action": "pause", "until": ""},
        parent.user,
        lambda: Pause.objects.filter(parent=parent).count(),
        Pause._meta.db_table,
        "Your break has started",
    )


def ready_to_come_back():
    parent = _parent()
    services.pause_parent(parent, by=parent.user, by_parent=True)
    return Case(
        reverse("participation:take_break"),
        {"action": "resume"},
        parent.user,
        lambda: (
            Notification.objects.filter(kind="participation/return_requested").count()
            + Pause.objects.filter(parent=parent, return_requested_at__isnull=False).count()
        ),
        Pause._meta.db_table,
        "Someone from the team will give you a ring",
    )


def sign_up():
    parent = _parent()
    opportunity = OpportunityFactory(activity_type=activity("Consultation"))
    parent.interests.add(opportunity.activity_type)
    return Case(
        reverse("participation:opportunity", args=[opportunity.pk]),
        {"way": "first_name", "message": "", "access_needs": ""},
        parent.user,
        lambda: SignUp.objects.filter(parent=parent).count(),
        SignUp._meta.db_table,
        "We have your interest",
    )


def give_permission():
    parent = _parent()
    return Case(
        reverse("participation:consents"),
        {"purpose": "research", "detail": "A study"},
        parent.user,
        lambda: Consent.objects.filter(parent=parent).count(),
        Consent._meta.db_table,
        "You can take this back at any time",
    )


def add_a_date():
    parent = _parent()
    return Case(
        reverse("participation:private_dates"),
        {"on": (timezone.localdate() + timedelta(days=30)).isoformat(), "note": "Court"},
        parent.user,
        lambda: len(Parent.objects.get(pk=parent.pk).private_date_list),
        Parent._meta.db_table,
        "Added.",
    )


def withdraw_a_sign_up():
    parent = _parent()
    signup = SignUpFactory(parent=parent, status=SignUpStatus.CONFIRMED)
    make_user(Role.PARTICIPATION_MANAGER)
    return Case(
        reverse("participation:withdraw_sign_up", args=[signup.pk]),
        {},
        parent.user,
        lambda: (
            Notification.objects.filter(kind="participation/withdrawn").count()
            + SignUp.objects.filter(pk=signup.pk, status=SignUpStatus.WITHDRAWN).count()
        ),
        SignUp._meta.db_table,
        "We have let the team know",
        expected=2,  # withdrawn, and the manager told once
    )


def manager_pauses():
    parent = _parent()
    manager = make_user(Role.PARTICIPATION_MANAGER)
    return Case(
        reverse("participation_parents:pause", args=[parent.pk]),
        {"until": "", "reason": "She asked on the phone."},
        manager,
        lambda: Pause.objects.filter(parent=parent).count(),
        Pause._meta.db_table,
        "is paused",
    )


def manager_logs_a_check_in():
    parent = _parent()
    manager = make_user(Role.PARTICIPATION_MANAGER)
    return Case(
        reverse("participation_parents:log_check_in", args=[parent.pk]),
        {
            "kind": "regular",
            "channel": "phone",
            "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "wellbeing": "3",
        },
        manager,
        lambda: CheckIn.objects.filter(parent=parent).count(),
        CheckIn._meta.db_table,
        "Check-in saved.",
    )


CASES = [
    take_a_break,
    ready_to_come_back,
    sign_up,
    give_permission,
    add_a_date,
    withdraw_a_sign_up,
    manager_pauses,
    manager_logs_a_check_in,
]


def _answer(response):
    return response.status_code, response.get("Location", "")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("make", CASES, ids=lambda make: make.__name__)
def test_the_same_form_twice_at_once_and_again_acts_once(make):
    case = make()
    before = case.count()
    data = {**case.data, "submission_key": str(uuid4())}
    clients = [Client(), Client(), Client()]
    for each in clients:
        sign_in(each, case.user)

    racers = race(
        [lambda c=c: c.post(case.url, data) for c in clients[:2]],
        gate=case.gate,
        what="both posts to wait at the gate or behind the first one's key",
    )
    assert [r.error for r in racers] == [None, None]
    resend = clients[2].post(case.url, data)

    answers = [_answer(r.result) for r in racers] + [_answer(resend)]
    assert answers[0][0] == 302 and answers.count(answers[0]) == 3, answers
    assert case.count() - before == case.expected
    # Each person read the same calm words.
    for each in clients:
        page = each.get(answers[0][1]).content.decode()
        assert case.message in page
        assert "went wrong" not in page and "already" not in page.lower()


@pytest.mark.django_db
def test_a_form_without_its_key_changes_nothing(client):
    parent = _parent()
    sign_in(client, parent.user)
    response = client.post(
        reverse("participation:take_break"), {"action": "pause", "submission_key": ""}
    )
    assert response.status_code == 302
    assert "This form has expired" in client.get(response["Location"]).content.decode()
    assert not Pause.objects.exists()
