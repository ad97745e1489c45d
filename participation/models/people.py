"""Parents of the core group, the kinds of activity they opt in to, and their choices."""

import json
from datetime import date

from django.conf import settings
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


class TakingPartWay(models.TextChoices):
    """How a parent may take part."""

    NAMED = "named", _("using my name")
    FIRST_NAME = "first_name", _("first name only")
    ANONYMOUS = "anonymous", _("anonymously")
    VOICE_ONLY = "voice_only", _("voice only")
    VIDEO_LINK = "video_link", _("by video link")


class ActivityContent(models.TextChoices):
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


class GivenHow(models.TextChoices):
    """How a parent gave a permission (the ICO asks for who, when, how and what they were told)."""

    PORTAL = "portal", _("on their own page")
    PHONE = "phone", _("by phone")
    IN_PERSON = "in_person", _("in person")
    PAPER = "paper", _("on a paper form")
    UNKNOWN = "unknown", _("not known (recorded by staff before we kept this)")


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


class ParentRowsQuerySet(models.QuerySet):
    """Rows that belong to one parent (sign-ups, pauses, check-ins, permissions)."""

    def visible_to(self, user):
        """Everything for the participation manager and administrators; a parent's own rows
        for that parent; nothing for anyone else."""
        if is_participation_staff(user):
            return self
        if user.is_authenticated:
            return self.filter(parent__user=user)
        return self.none()

    def for_parent(self, parent):
        return self.filter(parent=parent)


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
    # Lists of TakingPartWay / ActivityContent values. Kept as JSON lists (portable to SQLite for `make run`);
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
        indexes = [
            models.Index(fields=["status", "check_in_due_on"], name="parent_due_idx"),
            # The parents listing's order, so a page of 10,000 parents is read, not sorted.
            models.Index(fields=["preferred_name"], name="parent_name_idx"),
        ]
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
        """A permission for this purpose is in force (withdrawn or expired ones count as not
        given)."""
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
        return [
            TakingPartWay(value).label
            for value in self.ways_accepted
            if value in TakingPartWay.values
        ]

    def will_not_do_labels(self) -> list[str]:
        return [ActivityContent(v).label for v in self.will_not_do if v in ActivityContent.values]

    @property
    def is_paused(self) -> bool:
        return self.status == ParentStatus.PAUSED
