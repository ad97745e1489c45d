"""Records of the core parent group: parents, the kinds of activity they opt in to,
opportunities and sign-ups, pauses, wellbeing check-ins and consent.

Who may see what is said by the queryset methods here (`visible_to`, `for_parent`); views never
build those filters by hand.
"""

import json
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.accounts.roles import Role
from pace_site.crypto import EncryptedTextField

# How close (in days) an opportunity may come to one of a parent's private dates before we hold
# back the offer and warn the manager.
PRIVATE_DATE_MARGIN_DAYS = 3
# A readiness check-in counts for this long before a speaking or media commitment.
READINESS_VALID_DAYS = 14
DEFAULT_CHECK_IN_WEEKS = 4


def is_participation_staff(user) -> bool:
    """The participation manager and administrators see every participation record."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.has_role(Role.PARTICIPATION_MANAGER, Role.ADMINISTRATOR))
    )


class ParentStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    LEFT = "left", _("left the programme")


class Way(models.TextChoices):
    """How a parent may take part."""

    NAMED = "named", _("using my name")
    FIRST_NAME = "first_name", _("first name only")
    ANONYMOUS = "anonymous", _("anonymously")
    VOICE_ONLY = "voice_only", _("voice only")
    VIDEO_LINK = "video_link", _("by video link")


class ContentNote(models.TextChoices):
    """What taking part involves; parents say which of these they do not want to be asked to do."""

    EXPLOITATION_DETAILS = "exploitation_details", _("details of exploitation discussed")
    POLICE_PRESENT = "police_present", _("police present")
    RECORDED = "recorded", _("recorded or filmed")
    MEDIA = "media", _("speaking to journalists")
    LARGE_AUDIENCE = "large_audience", _("a large audience")
    TRAVEL = "travel", _("travel or an overnight stay")


class ConsentPurpose(models.TextChoices):
    STORY = "story", _("publishing my story")
    PHOTOS = "photos", _("photos or film")
    SHARING = "sharing", _("sharing information with a named partner")
    NEWSLETTER = "newsletter", _("the newsletter")
    RESEARCH = "research", _("research")


class WithdrawnHow(models.TextChoices):
    """How a parent told us they took a permission back (the ICO asks for who, when and how)."""

    ONLINE = "online", _("on their own page")
    PHONE = "phone", _("by phone")
    IN_PERSON = "in_person", _("in person")
    WRITING = "writing", _("by e-mail, text or letter")


class ActivityType(models.Model):
    """A kind of activity parents opt in to: speaking at training, consultations, media, …"""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    needs_readiness = models.BooleanField(
        _("needs a readiness check-in"),
        default=False,
        help_text=_("Speaking, media, conferences, filming: check in before confirming."),
    )
    needs_consent = models.CharField(
        _("needs a permission"),
        max_length=20,
        choices=ConsentPurpose.choices,
        blank=True,
        help_text=_(
            "A parent is confirmed only while they have given this permission (e.g. research); "
            "withdrawing it takes them off what is still to come."
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ParentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ParentStatus.ACTIVE)

    def paused(self):
        return self.filter(status=ParentStatus.PAUSED)

    def in_group(self):
        """Active or paused: everyone still in the core group."""
        return self.exclude(status=ParentStatus.LEFT)

    def visible_to(self, user):
        if is_participation_staff(user):
            return self
        if user.is_authenticated:
            return self.filter(user=user)
        return self.none()

    def for_befriending_referral(self):
        """For the befriending coordinator: only whether a parent exists and how they may be
        contacted. Use `.contact_summary()` on each row; nothing else about them is for befriending."""
        return self.select_related("user__contact_rules")

    def check_in_overdue(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.in_group().filter(check_in_due_on__lt=today)

    def check_in_due_between(self, start: date, end: date):
        return self.in_group().filter(check_in_due_on__gte=start, check_in_due_on__lte=end)

    def interested_in(self, activity_type):
        return self.filter(interests=activity_type)


class Parent(models.Model):
    """A parent in the core group, linked to their sign-in account.

    `status` follows the open Pause: only the pause services in services.py change it between
    active and paused, so it stays consistent and other apps can read it cheaply.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="parent"
    )
    preferred_name = models.CharField(_("name they want used"), max_length=100)
    pseudonym = models.CharField(_("pseudonym for public use"), max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    joined_on = models.DateField(_("joined the core group on"), default=timezone.localdate)
    status = models.CharField(
        max_length=20, choices=ParentStatus.choices, default=ParentStatus.ACTIVE
    )
    interests = models.ManyToManyField(
        ActivityType,
        blank=True,
        related_name="interested_parents",
        verbose_name=_("kinds of activity they opt in to"),
    )
    # Lists of Way / ContentNote values. Kept as JSON lists (portable to SQLite for `make run`);
    # matching checks them in Python over the handful of parents already filtered in SQL.
    ways_accepted = models.JSONField(_("ways of taking part they accept"), default=list, blank=True)
    will_not_do = models.JSONField(
        _("what they do not want to be asked to do"), default=list, blank=True
    )
    # Encrypted JSON list of {"on": "YYYY-MM-DD", "note": "…"}. It cannot be queried in SQL, so
    # "is this date near a private date" is answered in Python for one parent at a time
    # (`private_date_near`); the parent list is small and already narrowed by interests.
    private_dates = EncryptedTextField(_("private dates to avoid"), blank=True, default="")
    check_in_every_weeks = models.PositiveSmallIntegerField(
        _("check in every (weeks)"), default=DEFAULT_CHECK_IN_WEEKS
    )
    # The earliest check-in due: the next regular one or an open debrief. Kept by services.
    check_in_due_on = models.DateField(_("next check-in due"), null=True, blank=True)

    objects = ParentQuerySet.as_manager()

    class Meta:
        ordering = ["preferred_name"]
        indexes = [models.Index(fields=["status", "check_in_due_on"], name="parent_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(check_in_every_weeks__gte=1) & Q(check_in_every_weeks__lte=26),
                name="parent_check_in_cadence_range",
                violation_error_message=_("Check in every 1 to 26 weeks."),
            )
        ]

    def __str__(self):
        return self.preferred_name

    # -- private dates -------------------------------------------------------------------------

    @property
    def private_date_list(self) -> list[dict]:
        """[{"on": date, "note": str}, …] sorted by date. Staff and the parent only."""
        if not self.private_dates:
            return []
        items = []
        for item in json.loads(self.private_dates):
            try:
                items.append({"on": date.fromisoformat(item["on"]), "note": item.get("note", "")})
            except (KeyError, TypeError, ValueError):
                continue
        return sorted(items, key=lambda item: item["on"])

    def set_private_dates(self, items: list[dict]) -> None:
        self.private_dates = json.dumps(
            [
                {"on": item["on"].isoformat(), "note": item.get("note", "")}
                for item in sorted(items, key=lambda item: item["on"])
            ]
        )

    def private_date_near(self, day: date | None, margin: int = PRIVATE_DATE_MARGIN_DAYS):
        """The first private date within `margin` days of `day`, or None."""
        if day is None:
            return None
        for item in self.private_date_list:
            if abs((item["on"] - day).days) <= margin:
                return item
        return None

    # -- matching ------------------------------------------------------------------------------

    def accepts(self, opportunity) -> bool:
        """Whether the opportunity fits this parent's boundaries (ways, no-go content, dates).
        Interests and status are checked in SQL by `Opportunity.objects.matching`."""
        ways_fit = set(opportunity.ways) & set(self.ways_accepted)
        if opportunity.ways and self.ways_accepted and not ways_fit:
            return False
        if set(opportunity.content_notes) & set(self.will_not_do):
            return False
        return self.private_date_near(opportunity.key_date) is None

    def has_consent(self, purpose) -> bool:
        return any(c.purpose == purpose and c.is_active for c in self.consents.all())

    def contact_summary(self) -> dict:
        """What the befriending coordinator may know: that the parent exists, and their contact
        rules."""
        from pace_site.notifications.models import ContactRules

        rules = ContactRules.for_user(self.user)
        return {
            "exists": True,
            "name": self.preferred_name,
            "in_core_group": self.status != ParentStatus.LEFT,
            "email_allowed": rules.email_allowed,
            "discreet_mode": rules.discreet_mode,
            "quiet_hours": rules.describe_quiet_hours(),
        }

    def way_labels(self) -> list[str]:
        return [Way(value).label for value in self.ways_accepted if value in Way.values]

    def will_not_do_labels(self) -> list[str]:
        return [ContentNote(v).label for v in self.will_not_do if v in ContentNote.values]

    @property
    def is_paused(self) -> bool:
        return self.status == ParentStatus.PAUSED


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed to sign-ups")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class OpportunityQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=OpportunityStatus.OPEN)

    def upcoming(self):
        now = timezone.now()
        return self.filter(Q(starts_at__gte=now) | Q(starts_at__isnull=True, respond_by__gte=now))

    def with_places_taken(self):
        """Each opportunity with `places_taken`: its confirmed sign-ups and those who took part."""
        return self.annotate(
            places_taken=models.Count(
                "sign_ups", filter=Q(sign_ups__status__in=PLACE_TAKING_STATUSES)
            )
        )

    def closing_soon(self, days: int = 7):
        now = timezone.now()
        return self.open().filter(respond_by__gte=now, respond_by__lte=now + timedelta(days=days))

    def matching(self, parent):
        """Open opportunities this parent opted in to and whose boundaries fit (a list).

        Status and interests are filtered in SQL; ways, no-go content and private dates
        (encrypted) are checked in Python on the few rows left."""
        if parent.status != ParentStatus.ACTIVE:
            return []
        rows = (
            self.open()
            .upcoming()
            .filter(activity_type__interested_parents=parent)
            .select_related("activity_type")
            .order_by("starts_at", "respond_by", "pk")
        )
        return [opportunity for opportunity in rows if parent.accepts(opportunity)]


class Opportunity(models.Model):
    """A request for parents to speak, consult, be interviewed, review a document, …"""

    title = models.CharField(max_length=200)
    activity_type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="opportunities"
    )
    description = models.TextField(max_length=4000)
    partner = models.CharField(
        _("requesting partner"),
        max_length=200,
        blank=True,
        help_text=_("For example a regional organised crime unit or a local authority."),
    )
    starts_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    respond_by = models.DateTimeField(_("deadline to say yes"), null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    is_remote = models.BooleanField(_("remote or by video link"), default=False)
    places = models.PositiveSmallIntegerField(_("number of places"), default=1)
    ways = models.JSONField(_("ways a parent may take part"), default=list, blank=True)
    content_notes = models.JSONField(_("what it involves"), default=list, blank=True)
    expenses = models.CharField(_("expenses or voucher offered"), max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["status", "respond_by"], name="opportunity_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=1) & Q(places__lte=500),
                name="opportunity_places_range",
                violation_error_message=_("The number of places must be between 1 and 500."),
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=False) | Q(respond_by__isnull=False),
                name="opportunity_has_a_date",
                violation_error_message=_("Give a date and time, a deadline, or both."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        # "At least one date" is the opportunity_has_a_date constraint, with its own message.
        if self.starts_at and self.respond_by and self.respond_by > self.starts_at:
            raise ValidationError(
                {"respond_by": _("The deadline to say yes must be before the date itself.")}
            )

    @property
    def key_date(self) -> date | None:
        moment = self.starts_at or self.respond_by
        return timezone.localdate(moment) if moment else None

    def way_labels(self) -> list[str]:
        return [Way(value).label for value in self.ways if value in Way.values]

    def content_note_labels(self) -> list[str]:
        return [ContentNote(v).label for v in self.content_notes if v in ContentNote.values]

    @property
    def is_recorded(self) -> bool:
        return ContentNote.RECORDED in self.content_notes

    @property
    def consents_needed(self) -> list[str]:
        """The permissions a parent must hold to be confirmed: photos or film when it is
        recorded, and whatever its kind of activity needs."""
        needed = [ConsentPurpose.PHOTOS] if self.is_recorded else []
        if self.activity_type.needs_consent and self.activity_type.needs_consent not in needed:
            needed.append(self.activity_type.needs_consent)
        return needed

    @property
    def is_accepting_sign_ups(self) -> bool:
        if self.status != OpportunityStatus.OPEN:
            return False
        return self.respond_by is None or self.respond_by >= timezone.now()


class SignUpStatus(models.TextChoices):
    INTERESTED = "interested", _("interested")
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    DECLINED = "declined", _("not this time")
    WITHDRAWN = "withdrawn", _("withdrawn")
    TOOK_PART = "took_part", _("took part")
    DID_NOT_TAKE_PART = "did_not_take_part", _("did not take part")


# Sign-ups that hold or claim a place.
LIVE_STATUSES = (SignUpStatus.INTERESTED, SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)
PLACE_TAKING_STATUSES = (SignUpStatus.CONFIRMED, SignUpStatus.TOOK_PART)


class SignUpQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_participation_staff(user):
            return self
        if user.is_authenticated:
            return self.filter(parent__user=user)
        return self.none()

    def for_parent(self, parent):
        return self.filter(parent=parent)

    def live(self):
        return self.filter(status__in=LIVE_STATUSES)

    def waiting(self):
        """Sign-ups waiting for the manager to decide."""
        return self.filter(
            status=SignUpStatus.INTERESTED,
            opportunity__status__in=[OpportunityStatus.OPEN, OpportunityStatus.CLOSED],
        )

    def upcoming_commitments(self):
        return self.filter(status=SignUpStatus.CONFIRMED).exclude(
            opportunity__status__in=[OpportunityStatus.DONE, OpportunityStatus.CANCELLED]
        )

    def debrief_open(self):
        return self.filter(debrief_due_on__isnull=False, debrief_done_at__isnull=True)


class SignUp(models.Model):
    """A parent's "I'm interested" in an opportunity, and what the manager decided."""

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="sign_ups")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="sign_ups")
    message = EncryptedTextField(_("message to the team"), blank=True, default="")
    way = models.CharField(_("how I'd take part"), max_length=20, choices=Way.choices)
    access_needs = EncryptedTextField(_("access needs"), blank=True, default="")
    status = models.CharField(
        max_length=20, choices=SignUpStatus.choices, default=SignUpStatus.INTERESTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    readiness_check_in = models.ForeignKey(
        "CheckIn", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    debrief_due_on = models.DateField(null=True, blank=True)
    debrief_done_at = models.DateTimeField(null=True, blank=True)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "sign-up"
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "opportunity"],
                name="signup_one_per_parent_and_opportunity",
                violation_error_message=_("This parent has already signed up for this."),
            )
        ]
        indexes = [models.Index(fields=["status", "opportunity"], name="signup_status_idx")]

    def __str__(self):
        return f"{self.parent} – {self.opportunity}"

    @property
    def can_withdraw(self) -> bool:
        return self.status in LIVE_STATUSES


class PauseStartedBy(models.TextChoices):
    PARENT = "parent", _("the parent")
    MANAGER = "manager", _("the manager")


class PauseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(ended_at__isnull=True)

    def visible_to(self, user):
        if is_participation_staff(user):
            return self
        if user.is_authenticated:
            return self.filter(parent__user=user)
        return self.none()

    def ending_between(self, start: date, end: date):
        return self.open().filter(planned_end_on__gte=start, planned_end_on__lte=end)


class Pause(models.Model):
    """A parent stepping back for a while. The parent's status follows the open pause."""

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(default=timezone.localdate)
    planned_end_on = models.DateField(_("planned return date"), null=True, blank=True)
    started_by = models.CharField(max_length=10, choices=PauseStartedBy.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = EncryptedTextField(_("reason (staff only)"), blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reminder_sent_on = models.DateField(null=True, blank=True)
    # The parent said "I'm ready to come back": a request, not a resumption. The manager checks
    # in with them and resumes them; until then the pause holds (no offers).
    return_requested_at = models.DateTimeField(null=True, blank=True)

    objects = PauseQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent"],
                condition=Q(ended_at__isnull=True),
                name="pause_one_open_per_parent",
            ),
            models.CheckConstraint(
                condition=Q(planned_end_on__isnull=True)
                | Q(planned_end_on__gte=models.F("started_on")),
                name="pause_end_after_start",
                violation_error_message=_("The planned end cannot be before the pause starts."),
            ),
        ]
        indexes = [models.Index(fields=["ended_at", "planned_end_on"], name="pause_open_idx")]

    def __str__(self):
        return f"Pause for {self.parent} from {self.started_on:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class Channel(models.TextChoices):
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    IN_PERSON = "in_person", _("in person")
    SELF_UPDATE = "self_update", _("parent's own update")


class CheckInKind(models.TextChoices):
    REGULAR = "regular", _("regular")
    READINESS = "readiness", _("readiness before taking part")
    DEBRIEF = "debrief", _("debrief after taking part")


class CheckInQuerySet(models.QuerySet):
    def visible_to(self, user):
        if is_participation_staff(user):
            return self
        if user.is_authenticated:
            # Parents see their own check-ins; the template never shows staff notes to them.
            return self.filter(parent__user=user)
        return self.none()

    def calls_requested(self):
        """Parents who asked for a call and are still waiting for it."""
        return self.filter(wants_call=True, follow_up_done_at__isnull=True)

    def recent_readiness(self, parent, today: date | None = None):
        today = today or timezone.localdate()
        since = today - timedelta(days=READINESS_VALID_DAYS)
        return self.filter(
            parent=parent, kind=CheckInKind.READINESS, happened_at__date__gte=since
        ).order_by("-happened_at")


class CheckIn(models.Model):
    """A wellbeing conversation, or a parent's own short update."""

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="check_ins")
    happened_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    kind = models.CharField(max_length=20, choices=CheckInKind.choices, default=CheckInKind.REGULAR)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    wellbeing = models.PositiveSmallIntegerField(
        _("how they are doing (1 to 5)"),
        help_text=_("1 is struggling, 5 is doing well."),
    )
    words = EncryptedTextField(_("in their words"), blank=True, default="")
    notes = EncryptedTextField(_("notes (staff only)"), blank=True, default="")
    support_wanted = EncryptedTextField(_("support wanted"), blank=True, default="")
    wants_call = models.BooleanField(_("asked for a call"), default=False)
    follow_up = EncryptedTextField(_("follow-up"), blank=True, default="")
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    next_due_on = models.DateField(_("next check-in due"), null=True, blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_at", "-pk"]
        verbose_name = "check-in"
        constraints = [
            models.CheckConstraint(
                condition=Q(wellbeing__gte=1) & Q(wellbeing__lte=5),
                name="checkin_wellbeing_1_to_5",
                violation_error_message=_("How they are doing must be a number from 1 to 5."),
            )
        ]
        indexes = [
            models.Index(fields=["parent", "-happened_at"], name="checkin_parent_idx"),
            models.Index(
                fields=["wants_call"],
                condition=Q(wants_call=True, follow_up_done_at__isnull=True),
                name="checkin_call_wanted_idx",
            ),
        ]

    def __str__(self):
        return f"Check-in with {self.parent} on {timezone.localtime(self.happened_at):%d %b %Y}"


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def visible_to(self, user):
        if is_participation_staff(user):
            return self
        if user.is_authenticated:
            return self.filter(parent__user=user)
        return self.none()


class Consent(models.Model):
    """A parent's permission for one purpose, which they can withdraw at any time."""

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    detail = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("What exactly: which story, which partner, which study."),
    )
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_how = models.CharField(
        max_length=20, choices=WithdrawnHow.choices, blank=True, help_text=_("How they told us.")
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at"]

    def __str__(self):
        # Shown wherever Wagtail prints a related object (page revisions, compare, history),
        # which editors read: never the parent's name or their words, a pseudonym at most.
        if self.purpose == ConsentPurpose.STORY and self.parent.pseudonym:
            return f"Story permission from {self.parent.pseudonym}"
        return f"Permission {self.pk}: {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
