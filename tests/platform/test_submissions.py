"""A form submission acts once: a second click or a resend is recognised (PostgreSQL)."""

import threading
from datetime import timedelta
from uuid import uuid4

import pytest
from django.db import connection, transaction
from django.utils import timezone

from pace_site.submissions.forms import OnceOnlyFormMixin
from pace_site.submissions.models import SubmissionKey
from pace_site.submissions.services import DuplicateSubmission, claim, forget_old_keys
from tests.factories import make_user


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
    assert connection.vendor == "postgresql"
    key = uuid4()
    ready = threading.Barrier(2)
    outcomes: list[str] = []

    def submit():
        from django.db import connection as thread_connection

        try:
            thread_connection.ensure_connection()
            ready.wait(timeout=30)
            try:
                with transaction.atomic():
                    claim(key, by=None)
                outcomes.append("acted")
            except DuplicateSubmission:
                outcomes.append("duplicate")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["acted", "duplicate"]


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
