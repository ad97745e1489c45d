"""Pauses, wellbeing check-ins and consent."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.crypto import EncryptedTextField

# How close (in days) an opportunity may come to one of a parent's private dates before we hold
# back the offer and warn the manager.
from .people import (
    READINESS_VALID_DAYS,
    ConsentPurpose,
    GivenHow,
    Parent,
    ParentRowsQuerySet,
    ParentStatus,
    WithdrawnHow,
)

# A call a parent asked for is urgent once it has waited this many days.
CALL_URGENT_DAYS = 2


def call_is_urgent(check_in, today: date) -> bool:
    """Asked for a call, not yet rung back, and waiting CALL_URGENT_DAYS days or more."""
    return bool(
        check_in.wants_call
        and not check_in.follow_up_done_at
        and (today - timezone.localdate(check_in.happened_at)).days >= CALL_URGENT_DAYS
    )


class PauseStartedBy(models.TextChoices):
    PARENT = "parent", _("the parent")
    MANAGER = "manager", _("the manager")


class PauseQuerySet(ParentRowsQuerySet):
    def open(self):
        return self.filter(ended_at__isnull=True)

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
        return f"Pause for {self.parent} from {self.started_on:%-d %b %Y}"

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


class CheckInQuerySet(ParentRowsQuerySet):
    """Parents see their own check-ins; their pages never show the staff notes."""

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
            # The check-in listing's order (newest first), so a page of it is read, not sorted.
            models.Index(fields=["-happened_at", "-id"], name="checkin_newest_idx"),
            models.Index(
                fields=["wants_call"],
                condition=Q(wants_call=True, follow_up_done_at__isnull=True),
                name="checkin_call_wanted_idx",
            ),
        ]

    def __str__(self):
        return f"Check-in with {self.parent} on {timezone.localtime(self.happened_at):%-d %b %Y}"


def in_force(prefix: str = "", today: date | None = None) -> Q:
    """Consents neither withdrawn nor past their expiry date (`prefix`: the ORM path to the
    consent, e.g. "consent__")."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}withdrawn_at__isnull": True}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gt": today})
    )


class ConsentQuerySet(ParentRowsQuerySet):
    def active(self, today: date | None = None):
        """In force: not withdrawn, not expired. An expired permission counts as not given."""
        return self.filter(in_force(today=today))

    def lapsed_unhandled(self, today: date | None = None):
        """Run out (not withdrawn), and what relied on them not yet stopped."""
        today = today or timezone.localdate()
        return self.filter(
            withdrawn_at__isnull=True, expires_on__lte=today, lapse_handled_at__isnull=True
        )

    def to_ask_again(self, today: date, days: int):
        """In force, running out within `days`, and the parent not asked again yet. Parents on
        a break or who have left are not asked (the permission simply runs out)."""
        return self.active(today).filter(
            expires_on__lte=today + timedelta(days=days),
            renewal_asked_on__isnull=True,
            parent__status=ParentStatus.ACTIVE,
        )


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
    # What they were told: the version of the purpose's wording shown (participation/wording.py).
    # Rows made without the service (fixtures, older imports) are version "1", the first wording.
    wording_version = models.CharField(_("wording shown (version)"), max_length=10, default="1")
    given_how = models.CharField(
        _("how they gave it"), max_length=20, choices=GivenHow.choices, default=GivenHow.UNKNOWN
    )
    expires_on = models.DateField(
        _("runs out on"), null=True, blank=True, help_text=_("Empty: until taken back.")
    )
    renewal_asked_on = models.DateField(null=True, blank=True)
    # When what relied on it was stopped because it ran out (services.end_lapsed_consent).
    lapse_handled_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(wording_version=""), name="consent_wording_version_recorded"
            ),
        ]
        indexes = [
            models.Index(
                fields=["expires_on"],
                condition=Q(withdrawn_at__isnull=True, expires_on__isnull=False),
                name="consent_expiring_idx",
            )
        ]

    def __str__(self):
        # Shown wherever Wagtail prints a related object (page revisions, compare, history),
        # which editors read: never the parent's name or their words, a pseudonym at most.
        if self.purpose == ConsentPurpose.STORY and self.parent.pseudonym:
            return f"Story permission from {self.parent.pseudonym}"
        return f"Permission {self.pk}: {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        """In force: not withdrawn and not expired (an expired permission counts as not given)."""
        return self.withdrawn_at is None and not self.is_expired

    @property
    def runs_out_soon(self) -> bool:
        """In force and running out within the month before its end (when we ask again)."""
        from ..wording import ASK_AGAIN_DAYS

        return (
            self.is_active
            and self.expires_on is not None
            and self.expires_on <= timezone.localdate() + timedelta(days=ASK_AGAIN_DAYS)
        )

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on <= timezone.localdate()

    @property
    def wording(self):
        """The words the parent was shown when they gave it (None if not known)."""
        from ..wording import wording

        return wording(self.purpose, self.wording_version)
