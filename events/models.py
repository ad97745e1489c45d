"""Network days, residential weekends and other events; registrations, waitlists and feedback.

Invariants live in the database: capacity is positive, an event ends after it starts, a person
holds at most one live registration per event, a waitlisted registration has a queue number
unique within its event, travel amounts are bounded and approval names its approver.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from pace_site.accounts.roles import STAFF_ROLES, Role
from pace_site.crypto import EncryptedTextField

# Nobody needs more than this to get to an event; larger amounts are typing mistakes.
MAX_TRAVEL_AMOUNT = Decimal("500.00")


class EventKind(models.TextChoices):
    NETWORK_DAY = "network_day", _("Parent Network Day")
    RESIDENTIAL = "residential", _("residential weekend")
    OPEN_GROUP = "open_group", _("Parent Open Group meeting")
    TRAINING = "training", _("training")
    OTHER = "other", _("other")


class Audience(models.TextChoices):
    PARENTS = "parents", _("parents")
    VOLUNTEERS = "volunteers", _("volunteers")
    STAFF = "staff", _("staff")
    PUBLIC = "public", _("the public")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")


def audiences_for(user) -> set[str]:
    """Which events a signed-in person may see and register for in the portal."""
    if not user.is_authenticated:
        return set()
    names = user.role_names
    audiences = set()
    if Role.PARENT in names:
        audiences.add(Audience.PARENTS)
    if Role.BEFRIENDER in names:
        audiences.add(Audience.VOLUNTEERS)
    if user.is_superuser or names & STAFF_ROLES:
        audiences.add(Audience.STAFF)
    return audiences


def is_events_staff(user) -> bool:
    """Participation managers and administrators run events: they reach every event and
    registration."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.has_role(Role.PARTICIPATION_MANAGER, Role.ADMINISTRATOR))
    )


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every event for events staff; for anyone else the published events meant for them."""
        return self if is_events_staff(user) else self.for_person(user)

    def published(self):
        return self.filter(published_at__isnull=False)

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())

    def public(self):
        """Shown on the public /events/ page: published, open to the public, not cancelled."""
        return self.published().filter(audience=Audience.PUBLIC, status=EventStatus.SCHEDULED)

    def for_person(self, user):
        """Published events meant for this person (parents, volunteers or staff)."""
        return self.published().filter(audience__in=audiences_for(user))

    def with_places_taken(self):
        """Each event with `places_taken` (confirmed, attended or marked absent: the places
        held) and `waitlisted_count`, in the same query."""
        return self.annotate(
            places_taken=Count("registrations", filter=Q(registrations__status__in=PLACE_STATUSES)),
            waitlisted_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
            ),
        )

    def places_taken(self, event_id: int) -> int:
        """The places held at one event now (one query: call it after locking the event row,
        so the count cannot change before the places are given)."""
        return (
            self.filter(pk=event_id).with_places_taken().values_list("places_taken", flat=True)[0]
        )


class Event(ClusterableModel):
    """Something Pace holds on a date: a network day, a residential, a meeting or a training."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.NETWORK_DAY)
    title = models.CharField(max_length=150)
    description = models.TextField(
        blank=True, help_text=_("What happens and who it is for. Shown to everyone who can see it.")
    )
    audience = models.CharField(
        _("who it is for"), max_length=20, choices=Audience.choices, default=Audience.PARENTS
    )
    region = models.CharField(
        max_length=100, help_text=_("Town or area, e.g. Leeds. Shown to everyone.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue_name = models.CharField(
        max_length=150, blank=True, help_text=_("Shown only to people with a confirmed place.")
    )
    venue_address = models.TextField(
        blank=True, help_text=_("Shown only to people with a confirmed place.")
    )
    capacity = models.PositiveIntegerField(
        _("places"), default=30, validators=[MinValueValidator(1)]
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), default=timezone.now)
    registration_closes_at = models.DateTimeField(_("registration closes"))
    travel_support_offered = models.BooleanField(_("travel support offered"), default=True)
    status = models.CharField(
        max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED, editable=False
    )
    # The iCalendar SEQUENCE: raised on every change that a calendar should pick up.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["audience", "starts_at"], name="event_audience_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message=_("An event needs at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_window",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__lte=models.F("ends_at")),
                name="event_registration_closes_by_end",
                violation_error_message=_("Registration must close by the end."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=EventStatus.CANCELLED, cancelled_at__isnull=False)
                    | Q(status=EventStatus.SCHEDULED, cancelled_at__isnull=True)
                ),
                name="event_cancelled_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%-d %b %Y})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_residential(self) -> bool:
        return self.kind == EventKind.RESIDENTIAL

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.is_published
            and not self.is_cancelled
            and self.registration_opens_at <= now < self.registration_closes_at
        )

    def has_ended(self, now=None) -> bool:
        return self.ends_at < (now or timezone.now())


class AgendaItem(Orderable):
    """One session in an event's agenda."""

    event = ParentalKey(Event, on_delete=models.CASCADE, related_name="agenda_items")
    starts_at = models.TimeField(_("time"))
    title = models.CharField(max_length=150)
    day = models.PositiveSmallIntegerField(
        default=1, help_text=_("Day 1, 2, 3… for events over several days.")
    )

    class Meta(Orderable.Meta):
        constraints = [models.CheckConstraint(condition=Q(day__gte=1), name="agenda_day_positive")]

    def __str__(self):
        return f"{self.starts_at:%H:%M} {self.title}"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
    ATTENDED = "attended", _("attended")
    DID_NOT_ATTEND = "did_not_attend", _("did not attend")


LIVE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)

# What a person reads about their own booking, one name per state, on every screen.
OWN_STATUS_NAMES = {
    RegistrationStatus.CONFIRMED: _("You have a place"),
    RegistrationStatus.WAITLISTED: _("You are on the waiting list"),
    RegistrationStatus.CANCELLED: _("You said you can't come"),
    RegistrationStatus.ATTENDED: _("You came"),
    RegistrationStatus.DID_NOT_ATTEND: _("You could not come"),
}
# The same once the event is over: a place nobody marked means the person had a place.
OWN_PAST_STATUS_NAMES = {
    **OWN_STATUS_NAMES,
    RegistrationStatus.CONFIRMED: _("You had a place"),
    RegistrationStatus.WAITLISTED: _("You were on the waiting list"),
}
# Statuses that hold a place: attendance is marked on confirmed places.
PLACE_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.DID_NOT_ATTEND,
)


class RoomPreference(models.TextChoices):
    OWN_ROOM = "own_room", _("a room of my own")
    HAPPY_TO_SHARE = "happy_to_share", _("happy to share")
    SHARE_WITH = "share_with", _("share with someone I name")


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=LIVE_STATUSES)

    def holding_places(self):
        return self.filter(status__in=PLACE_STATUSES)

    def waitlisted(self):
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlist_number")

    def for_user(self, user):
        """The person's own registrations (what the portal shows them)."""
        return self.filter(user=user)

    def visible_to(self, user):
        """Every registration for events staff; for anyone else their own."""
        return self if is_events_staff(user) else self.for_user(user)

    def for_staff_list(self):
        return self.select_related("user", "user__parent", "travel_approved_by").order_by(
            models.Case(
                *(
                    models.When(status=status, then=models.Value(rank))
                    for rank, status in enumerate(
                        [
                            RegistrationStatus.CONFIRMED,
                            RegistrationStatus.ATTENDED,
                            RegistrationStatus.DID_NOT_ATTEND,
                            RegistrationStatus.WAITLISTED,
                            RegistrationStatus.CANCELLED,
                        ]
                    )
                ),
                output_field=models.IntegerField(),
            ),
            "waitlist_number",
            "registered_at",
        )


class Registration(models.Model):
    """One person's place (or place in the queue) at one event, with what they need."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    # Order in the event's waiting list; the position shown is the rank among those still waiting.
    waitlist_number = models.PositiveIntegerField(null=True, blank=True)
    dietary_needs = EncryptedTextField(_("food and drink needs"), blank=True)
    access_needs = EncryptedTextField(_("access needs"), blank=True)
    arrival_on = models.DateField(_("arriving on"), null=True, blank=True)
    departure_on = models.DateField(_("leaving on"), null=True, blank=True)
    room_preference = models.CharField(
        _("room"), max_length=20, choices=RoomPreference.choices, blank=True
    )
    room_notes = EncryptedTextField(_("who you would like to share with"), blank=True)
    travel_support_requested = models.DecimalField(
        _("travel support asked for (£)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    travel_support_approved = models.DecimalField(
        _("travel support approved (£)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    travel_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    travel_approved_at = models.DateTimeField(null=True, blank=True)
    photo_consent = models.BooleanField(_("happy to be in photos on the day"), default=False)
    registered_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    week_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    day_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "registered_at", "pk"]
        indexes = [
            models.Index(fields=["user", "status"], name="registration_user_status_idx"),
            models.Index(fields=["event", "status"], name="registration_event_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="registration_one_live_per_person",
            ),
            models.UniqueConstraint(
                fields=["event", "waitlist_number"],
                condition=Q(waitlist_number__isnull=False),
                name="registration_unique_queue_number",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=RegistrationStatus.WAITLISTED, waitlist_number__isnull=False)
                    | (~Q(status=RegistrationStatus.WAITLISTED) & Q(waitlist_number__isnull=True))
                ),
                name="registration_waitlisted_has_number",
            ),
            models.CheckConstraint(
                condition=Q(departure_on__isnull=True)
                | Q(arrival_on__isnull=True)
                | Q(departure_on__gte=models.F("arrival_on")),
                name="registration_departure_after_arrival",
            ),
            models.CheckConstraint(
                condition=Q(travel_support_requested__isnull=True)
                | Q(
                    travel_support_requested__gte=0,
                    travel_support_requested__lte=MAX_TRAVEL_AMOUNT,
                ),
                name="registration_travel_requested_range",
            ),
            models.CheckConstraint(
                condition=Q(travel_support_approved__isnull=True)
                | Q(
                    travel_support_approved__gte=0,
                    travel_support_approved__lte=MAX_TRAVEL_AMOUNT,
                    travel_approved_by__isnull=False,
                    travel_approved_at__isnull=False,
                ),
                name="registration_travel_approval_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.CANCELLED) | Q(cancelled_at__isnull=False),
                name="registration_cancelled_has_time",
            ),
        ]

    def __str__(self):
        return f"Registration {self.pk} for {self.event.title}"

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_STATUSES

    # For templates, which cannot name the statuses.
    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_cancelled(self) -> bool:
        return self.status == RegistrationStatus.CANCELLED

    @property
    def own_status(self) -> str:
        """The booking's state in the person's own words (over once the event has ended)."""
        names = OWN_PAST_STATUS_NAMES if self.event.has_ended() else OWN_STATUS_NAMES
        return str(names[RegistrationStatus(self.status)])

    @property
    def may_give_feedback(self) -> bool:
        return self.event.has_ended() and self.status in (
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.ATTENDED,
        )

    @property
    def is_marked_here(self) -> bool:
        return self.status == RegistrationStatus.ATTENDED

    @property
    def is_marked_absent(self) -> bool:
        return self.status == RegistrationStatus.DID_NOT_ATTEND

    @property
    def nights(self) -> int | None:
        if self.arrival_on and self.departure_on:
            return (self.departure_on - self.arrival_on).days
        return None

    def person_name(self) -> str:
        """The name staff see: the parent's preferred name when there is a Parent record."""
        parent = getattr(self.user, "parent", None)
        if parent is not None and parent.preferred_name:
            return parent.preferred_name
        return self.user.get_full_name()


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    A_LITTLE = "a_little", _("A little")
    NO = "no", _("No")


class Feedback(models.Model):
    """An attendee's short feedback after an event; staff see it in aggregate."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    felt_less_alone = models.CharField(
        _("Do you feel less alone after the day?"), max_length=10, choices=Answer.choices
    )
    met_someone_who_understands = models.CharField(
        _("Did you meet someone who understands?"), max_length=10, choices=Answer.choices
    )
    more_confident = models.CharField(
        _("Do you feel more confident?"), max_length=10, choices=Answer.choices
    )
    anything_to_change = EncryptedTextField(_("Is there anything we should change?"), blank=True)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self):
        return f"Feedback {self.pk}"


class CalendarFeed(models.Model):
    """A person's secret calendar subscription address.

    The token is a credential: it is kept encrypted (so the portal can show the link again) and
    looked up by its SHA-256 hash, then compared in constant time. Replacing it kills the old URL.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    token = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.user}"
