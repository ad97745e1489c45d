"""Ten years of Pace, `size` people per kind per year: parents who joined and left with their
check-ins, breaks and sign-ups (some withdrawn); volunteers (some not taken forward); ended
matches with contact logs; events with bookings and feedback; messages, audit entries,
invitations, reset requests and sealed applications. Every record of year `y` is dated `y`
years and ten days before `now`, so which rows are past their period is known exactly
(`expected_counts`). Rows are made with bulk_create: a few hundred rows take a second or two."""

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from befriending.models import (
    Befriender,
    BefrienderStatus,
    ContactLog,
    ContactMethod,
    EndingReason,
    Match,
    MatchStatus,
    ParentMood,
    ReceivedApplication,
    Review,
    ReviewKind,
    ReviewOutcome,
)
from events.models import Answer, Feedback, Registration, RegistrationStatus
from pace_site.accounts.models import Invitation, PasswordResetRequest, User
from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import Notification, Status
from participation.models import (
    CheckIn,
    Parent,
    ParentStatus,
    Pause,
    PauseStartedBy,
    SignUp,
    SignUpStatus,
)
from tests.events.factories import EventFactory
from tests.participation.factories import OpportunityFactory

YEARS = 10
SECRET = "Hollyhock"  # in every free-text field, so a test can look for what is left


def expected_counts(size: int) -> dict[str, int]:
    """Rows past their period (see the dates above): year y is y years and ten days ago."""
    past = {period: sum(1 for y in range(YEARS) if y >= period) for period in (1, 2, 6)}
    parents = 2 * size  # per year: one who left, one still taking part
    return {
        "accounts.Invitation": past[1] * size,  # 3 months after expiry
        "accounts.PasswordResetRequest": YEARS * size,  # 2 days
        "notifications.Notification": past[1] * parents,  # 12 months
        "audit.AuditEntry": past[6] * size,  # 6 years
        "participation.Pause": past[2] * size,  # left parents, 2 years
        "participation.CheckIn": past[2] * size,  # left parents, 2 years
        "participation.SignUp": past[1] * parents,  # withdrawn, 12 months
        "befriending.Befriender": past[1] * size,  # not taken forward, 12 months
        "befriending.ReceivedApplication": past[1] * size,  # 30 days
        "befriending.Match": past[6] * size,  # ended, 6 years
        "befriending.ContactLog": past[2] * size * 2,  # 2 per match, 2 years after its end
        "befriending.Review": past[6] * size,  # 1 per match, 6 years after its end
        "events.Registration": past[1] * parents,  # 3 months after the event
        "events.Feedback": past[2] * parents,  # 2 years
    }


def seed(size: int, now: datetime) -> None:
    def ago(years: int, days: int = 10) -> datetime:
        return timezone.localtime(now) - relativedelta(years=years, days=days)

    offers = [OpportunityFactory(), OpportunityFactory()]
    events = [
        EventFactory(
            starts_at=ago(y) - timedelta(hours=5),
            ends_at=ago(y),
            registration_opens_at=ago(y) - timedelta(days=60),
            registration_closes_at=ago(y) - timedelta(days=2),
            published_at=ago(y) - timedelta(days=60),
        )
        for y in range(YEARS)
    ]
    years = [(y, k) for y in range(YEARS) for k in range(size)]
    users = User.objects.bulk_create(
        User(email=f"seed-{y}-{k}-{n}@example.org", display_name=f"{SECRET} {y}{k}{n}")
        for y, k in years
        for n in range(3)  # a parent who left, a parent taking part, a volunteer
    )
    parents = Parent.objects.bulk_create(
        Parent(
            user=users[3 * i + n],
            preferred_name=f"{SECRET} Parent",
            region="Leeds",
            joined_on=ago(y + 1).date(),
            status=ParentStatus.LEFT if n == 0 else ParentStatus.ACTIVE,
        )
        for i, (y, _k) in enumerate(years)
        for n in range(2)
    )
    year_of_parent = [y for y, _k in years for _n in range(2)]
    CheckIn.objects.bulk_create(
        CheckIn(
            parent=parent,
            channel="phone",
            wellbeing=3,
            happened_at=when,
            words=SECRET,
            notes=SECRET,
            next_due_on=when.date() + timedelta(weeks=4),
        )
        for parent, y in zip(parents, year_of_parent, strict=True)
        for when in (ago(y), ago(0, days=5))
    )
    Pause.objects.bulk_create(
        Pause(
            parent=parent,
            started_on=ago(y, days=40).date(),
            started_by=PauseStartedBy.PARENT,
            reason=SECRET,
            ended_at=ago(y),
        )
        for parent, y in zip(parents, year_of_parent, strict=True)
    )
    SignUp.objects.bulk_create(
        SignUp(
            parent=parent,
            opportunity=offer,
            way="first_name",
            status=status,
            message=SECRET,
            access_needs=SECRET,
            created_at=ago(y),
        )
        for parent, y in zip(parents, year_of_parent, strict=True)
        for offer, status in zip(
            offers, (SignUpStatus.WITHDRAWN, SignUpStatus.CONFIRMED), strict=True
        )
    )
    _seed_befriending(years, users, parents, ago)
    _seed_events(years, users, events, ago)
    _seed_platform(years, users, ago)


def _seed_befriending(years, users, parents, ago) -> None:
    volunteers = Befriender.objects.bulk_create(
        Befriender(
            user=users[3 * i + 2] if taken else None,
            name=f"{SECRET} Volunteer",
            email=f"volunteer-{y}-{k}-{taken}@example.org",
            phone="07700 900123",
            region="Leeds",
            languages="English",
            what_they_bring=SECRET,
            availability=["mon_morning"],
            status=BefrienderStatus.ACTIVE if taken else BefrienderStatus.NOT_TAKEN_FORWARD,
            not_taken_forward_reason="" if taken else SECRET,
            status_changed_at=ago(y),
        )
        for i, (y, k) in enumerate(years)
        for taken in (True, False)
    )
    matches = Match.objects.bulk_create(
        Match(
            befriender=volunteers[2 * i],
            parent=parents[2 * i],
            status=MatchStatus.ENDED,
            introduction_on=ago(y, days=375).date(),
            started_on=ago(y, days=375).date(),
            planned_end_on=ago(y, days=375).date() + relativedelta(months=12),
            ended_on=ago(y).date(),
            ending_reason=EndingReason.PLANNED,
            how_often="Every week",
            contact_method=ContactMethod.MEETING,
            where=SECRET,
            closing_summary=SECRET,
        )
        for i, (y, _k) in enumerate(years)
    )
    ContactLog.objects.bulk_create(
        ContactLog(
            match=match,
            happened_on=match.ended_on - timedelta(days=days),
            duration_minutes=30,
            method=ContactMethod.PHONE,
            parent_mood=ParentMood.OKAY,
            notes=SECRET,
        )
        for match in matches
        for days in (20, 50)
    )
    Review.objects.bulk_create(
        Review(
            match=match,
            kind=ReviewKind.ENDING,
            due_on=match.ended_on,
            completed_on=match.ended_on,
            outcome=ReviewOutcome.CLOSE,
            next_steps=SECRET,
        )
        for match in matches
    )
    ReceivedApplication.objects.bulk_create(
        ReceivedApplication(details=SECRET, received_at=ago(y)) for y, _k in years
    )


def _seed_events(years, users, events, ago) -> None:
    registrations = Registration.objects.bulk_create(
        Registration(
            event=events[y],
            user=users[3 * i + n],
            status=RegistrationStatus.CONFIRMED,
            registered_at=ago(y, days=40),
            confirmed_at=ago(y, days=40),
            dietary_needs=SECRET,
            access_needs=SECRET,
        )
        for i, (y, _k) in enumerate(years)
        for n in range(2)
    )
    Feedback.objects.bulk_create(
        Feedback(
            registration=registration,
            felt_less_alone=Answer.YES,
            met_someone_who_understands=Answer.YES,
            more_confident=Answer.A_LITTLE,
            anything_to_change=SECRET,
            given_at=registration.event.ends_at + timedelta(days=1),
        )
        for registration in registrations
    )


def _seed_platform(years, users, ago) -> None:
    Notification.objects.bulk_create(
        Notification(
            recipient=users[3 * i + n],
            to_email=users[3 * i + n].email,
            kind="participation/paused",
            subject=SECRET,
            body=SECRET,
            link="http://127.0.0.1/portal/",
            status=Status.SENT,
            created_at=ago(y),
            sent_at=ago(y),
        )
        for i, (y, _k) in enumerate(years)
        for n in range(2)
    )
    AuditEntry.objects.bulk_create(
        AuditEntry(action="audit.legacy.viewed", object_repr=f"parent {i}", at=ago(y))
        for i, (y, _k) in enumerate(years)
    )
    Invitation.objects.bulk_create(
        Invitation(
            email=f"invited-{i}@example.org",
            role=Role.PARENT,
            created_at=ago(y, days=24),
            expires_at=ago(y),
        )
        for i, (y, _k) in enumerate(years)
    )
    PasswordResetRequest.objects.bulk_create(
        PasswordResetRequest(email=f"reset-{i}@example.org", requested_at=ago(y))
        for i, (y, _k) in enumerate(years)
    )
