"""A form submission acts once: a second click or a resend is recognised (PostgreSQL)."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.db import transaction
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.submissions.forms import OnceOnlyFormMixin
from pace_site.submissions.models import SubmissionKey
from pace_site.submissions.services import DuplicateSubmission, claim, forget_old_keys
from tests.factories import make_user
from tests.races import race


@pytest.mark.django_db
def test_a_key_is_claimed_once_and_a_resend_is_refused():
    user = make_user(None)
    key = uuid4()
    with transaction.atomic():
        claim(key, by=user)
    with pytest.raises(DuplicateSubmission), transaction.atomic():
        claim(key, by=user)
    assert SubmissionKey.objects.filter(key=key, user=user).count() == 1


@pytest.mark.django_db
def test_a_refused_claim_rolls_back_with_the_change_it_guarded():
    user = make_user(None)
    key = uuid4()
    claim(key, by=user)
    with pytest.raises(DuplicateSubmission), transaction.atomic():
        make_user(None, email="second@example.org")
        claim(key, by=user)
    assert not type(user).objects.filter(email="second@example.org").exists()


@pytest.mark.django_db
def test_no_key_claims_nothing():
    claim(None, by=None)
    assert SubmissionKey.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_the_same_moment_act_once():
    """Both requests claim the key and go on to make their change in the same moment. The race
    happens every time (tests/races.py): each request stops at the change it guards until both
    are parked there or behind the other's claim. The unique key makes the second wait for the
    first and then refuse; without it both would act."""
    key = uuid4()

    def submit(n):
        with transaction.atomic():
            claim(key, by=None)
            make_user(None, email=f"racer{n}@example.org")  # the change the key guards

    racers = race(
        [lambda n=n: submit(n) for n in range(2)],
        gate=User._meta.db_table,
        what="both requests to wait at the gate or behind the other's claim",
    )

    assert sorted(type(r.error).__name__ for r in racers) == ["DuplicateSubmission", "NoneType"]
    assert User.objects.filter(email__startswith="racer").count() == 1
    assert SubmissionKey.objects.filter(key=key).count() == 1


@pytest.mark.django_db
def test_old_keys_are_forgotten_and_recent_ones_kept():
    old = SubmissionKey.objects.create(key=uuid4(), used_at=timezone.now() - timedelta(days=31))
    recent = SubmissionKey.objects.create(key=uuid4())
    assert forget_old_keys() == 1
    assert list(SubmissionKey.objects.values_list("key", flat=True)) == [recent.key]
    assert not SubmissionKey.objects.filter(key=old.key).exists()


def test_the_form_gets_a_new_key_each_time_and_refuses_a_post_without_one():
    class Form(OnceOnlyFormMixin):
        pass

    first = Form().fields["submission_key"].initial()
    second = Form().fields["submission_key"].initial()
    assert first != second
    form = Form(data={})
    assert not form.is_valid()
    assert form.errors["submission_key"] == ["This form has expired. Please try again."]
    assert Form(data={"submission_key": str(first)}).is_valid()
