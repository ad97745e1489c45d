"""Retention on ten years of data: the dry run says exactly what the real run does, a second run
does nothing, rows inside their period are untouched, and the work is done in a fixed number of
queries whatever the amount of data."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from befriending.models import Befriender, ContactLog, Match
from events.models import Feedback, Registration
from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import Notification
from pace_site.privacy import retention
from pace_site.privacy.registry import with_retention
from participation.models import CheckIn, Pause, SignUp, SignUpStatus
from tests.factories import make_user

from .ten_years import SECRET, expected_counts, seed

pytestmark = pytest.mark.django_db


def counts_of(steps) -> dict[str, int]:
    return {step.model: step.count for step in steps}


def test_the_dry_run_matches_the_real_run_and_a_second_run_does_nothing():
    now = timezone.now()
    seed(2, now)
    planned = counts_of(retention.plan(now))
    assert {k: v for k, v in planned.items() if v} == expected_counts(2)

    done = counts_of(retention.apply(now, batch_size=7))  # several batches per table

    assert done == planned
    assert all(count == 0 for count in counts_of(retention.plan(now)).values())
    assert all(count == 0 for count in counts_of(retention.apply(now)).values())


def test_rows_inside_their_period_are_untouched():
    now = timezone.now()
    seed(1, now)
    retention.apply(now)

    # Check-ins: the recent ones of everyone, and the old ones of parents still taking part.
    kept = CheckIn.objects.exclude(words="")
    # Every recent one (20), the old ones of parents taking part (10), and the old ones of
    # parents who left less than two years ago (2).
    assert kept.count() == 20 + 10 + 2
    assert {c.words for c in kept} == {SECRET}
    assert CheckIn.objects.filter(words="", parent__status="active").count() == 0
    # Confirmed sign-ups keep their words; withdrawn ones from this year too.
    assert all(s.message == SECRET for s in SignUp.objects.filter(status=SignUpStatus.CONFIRMED))
    assert SignUp.objects.filter(status=SignUpStatus.WITHDRAWN).exclude(message="").count() == 2
    # Volunteers taken forward are untouched; the one not taken forward this year too.
    assert Befriender.objects.filter(name=SECRET + " Volunteer").count() == 10 + 1
    # The newest matches keep their summaries; every log of a match ended under 2 years ago too.
    assert Match.objects.exclude(closing_summary="").count() == 6
    assert ContactLog.objects.exclude(notes="").count() == 2 * 2
    assert Registration.objects.exclude(dietary_needs="").count() == 2
    assert Feedback.objects.exclude(anything_to_change="").count() == 2 * 2
    # Audit entries younger than six years stay; the scores of old feedback stay.
    assert AuditEntry.objects.filter(action="audit.legacy.viewed").count() == 6
    assert Feedback.objects.count() == 20


def test_anonymising_writes_the_declared_values():
    now = timezone.now()
    seed(1, now)
    retention.apply(now)
    old_volunteer = Befriender.objects.filter(name="Erased").order_by("pk").first()
    assert old_volunteer.email.endswith("@erased.invalid")
    assert (old_volunteer.phone, old_volunteer.not_taken_forward_reason) == ("", "")
    assert old_volunteer.availability == []
    old_message = Notification.objects.filter(subject="").first()
    assert (old_message.body, old_message.to_email, old_message.link) == ("", "", "")
    assert Pause.objects.filter(reason="").count() == 8


@pytest.mark.parametrize("size", [1, 3])
def test_queries_do_not_grow_with_the_data(size, django_assert_max_num_queries):
    now = timezone.now()
    seed(size, now)
    tables = len(with_retention())
    # The plan: one count per table.
    with django_assert_max_num_queries(tables):
        retention.plan(now)
    # The run, one batch per table (13 tables): each batch's ids, its change in a savepoint
    # pair, and for deletions Django's look at what refers to the rows; the volunteers' unique
    # addresses add their rows and one bulk update: 58 for 13 tables, at either size.
    with django_assert_max_num_queries(tables * 5):
        retention.apply(now, batch_size=1000)


def test_the_nightly_run_is_audited_and_tells_administrators_counts_only():
    now = timezone.now()
    seed(1, now)
    admin = make_user(Role.ADMINISTRATOR)
    manager = make_user(Role.PARTICIPATION_MANAGER)

    retention.run(now=now)

    entry = AuditEntry.objects.get(action="privacy.retention.applied")
    assert entry.data["tables"]["participation.CheckIn"] == 8
    assert entry.data["anonymised"] + entry.data["deleted"] == sum(expected_counts(1).values())
    message = Notification.objects.get(recipient=admin)
    assert "check-ins: 8 anonymised" in message.body
    assert SECRET not in message.body and SECRET not in message.subject
    assert not Notification.objects.filter(recipient=manager).exists()

    # A second night: nothing to do, nobody told again, the audit says so.
    retention.run(now=now)
    assert Notification.objects.filter(recipient=admin).count() == 1
    assert AuditEntry.objects.filter(action="privacy.retention.applied").count() == 2


def test_the_beat_task_is_registered():
    entries = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "pace_site.privacy.tasks.apply_retention" in entries
    from pace_site.privacy.tasks import apply_retention

    assert apply_retention.name == "pace_site.privacy.tasks.apply_retention"


def test_the_command_says_what_it_would_do_then_does_it():
    seed(1, timezone.now())
    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Dry run: nothing is changed." in text
    assert "check-ins: 8 to be anonymised." in text
    assert "Check-ins of parents who left" in text
    assert CheckIn.objects.filter(words="").count() == 0

    out = StringIO()
    call_command("retention", stdout=out)
    assert "check-ins: 8 anonymised." in out.getvalue()
    assert CheckIn.objects.filter(words="").count() == 8

    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "Nothing is past its retention period." in out.getvalue()


def test_every_retention_period_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    missing = [e.model for e in with_retention() if e.retention.note not in readme]
    assert missing == []


def test_every_anonymised_table_can_tell_rows_already_done():
    """Without one plain anonymised value to compare, every run would touch the same rows again
    and the plan would never reach zero."""
    from pace_site.privacy.registry import Erase

    blind = [
        e.model
        for e in with_retention()
        if e.retention_action == Erase.ANONYMISE and retention._already_done(e) is None
    ]
    assert blind == []


def test_periods_are_calendar_months_and_days_in_uk_time():
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from pace_site.privacy.registry import entry_for

    london = ZoneInfo("Europe/London")
    # A month before 31 March is the last day of February.
    signups = entry_for("participation.SignUp")  # 12 months after a date-time
    end_of_march = datetime(2027, 3, 31, 12, 0, tzinfo=london)
    assert retention.cutoff(signups, end_of_march) == datetime(2026, 3, 31, 12, 0, tzinfo=london)
    logs = entry_for("befriending.ContactLog")  # 24 months after the match's end (a date)
    assert retention.cutoff(logs, datetime(2028, 2, 29, 1, 0, tzinfo=london)) == date(2026, 2, 28)
    # Two days back across the change to summer time: the same wall-clock time in London.
    resets = entry_for("accounts.PasswordResetRequest")
    after_change = datetime(2027, 3, 29, 9, 0, tzinfo=london)
    assert retention.cutoff(resets, after_change) == datetime(2027, 3, 27, 9, 0, tzinfo=london)


def test_the_task_runs_the_same_retention():
    from pace_site.privacy.tasks import apply_retention

    seed(1, timezone.now())
    assert apply_retention() == expected_counts(1)
    assert apply_retention() == {}
