from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.crypto import EncryptedTextField


class ContactRules(models.Model):
    """How a person may be contacted. Parents may have phones or inboxes that others watch."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_rules"
    )
    email_allowed = models.BooleanField(
        _("Send me e-mails"),
        default=True,
        help_text=_("If this is off, messages wait for you here when you sign in."),
    )
    # Room for text messages later; no channel but e-mail exists yet.
    sms_allowed = models.BooleanField(_("Send me text messages"), default=False, editable=False)
    quiet_hours_start = models.TimeField(
        _("Quiet from"), null=True, blank=True, help_text=_("No e-mails from this time…")
    )
    quiet_hours_end = models.TimeField(
        _("Quiet until"), null=True, blank=True, help_text=_("…until this time.")
    )
    discreet_mode = models.BooleanField(
        _("Discreet e-mails"),
        default=True,
        help_text=_(
            "E-mails come from 'Notifications' with a plain subject and say only that you have a "
            "message. You read it after signing in."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "contact rules"
        verbose_name_plural = "contact rules"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(quiet_hours_start__isnull=True, quiet_hours_end__isnull=True)
                    | Q(quiet_hours_start__isnull=False, quiet_hours_end__isnull=False)
                ),
                name="contactrules_quiet_hours_both_or_neither",
            )
        ]

    def __str__(self):
        return f"Contact rules for {self.user}"

    # The fields a person sets (and, more carefully only, staff).
    FIELDS = ("email_allowed", "discreet_mode", "quiet_hours_start", "quiet_hours_end")

    def clean(self):
        if (self.quiet_hours_start is None) != (self.quiet_hours_end is None):
            raise ValidationError(_("Give both a start and an end for quiet hours, or neither."))
        if self.quiet_hours_start is not None and self.quiet_hours_start == self.quiet_hours_end:
            raise ValidationError(_("Quiet hours need different start and end times."))

    @classmethod
    def for_user(cls, user) -> "ContactRules":
        """The person's rules, or the safe defaults if they have never set any (not saved)."""
        try:
            return user.contact_rules
        except cls.DoesNotExist:
            return cls(user=user, discreet_mode=not user.is_staff_member)

    def quiet_until(self, moment: datetime) -> datetime | None:
        """If `moment` falls in quiet hours, when they end (aware); otherwise None."""
        if self.quiet_hours_start is None or self.quiet_hours_end is None:
            return None
        local = timezone.localtime(moment)
        start, end, now = self.quiet_hours_start, self.quiet_hours_end, local.time()
        if start < end:
            inside = start <= now < end
            end_day = local.date()
        else:  # overnight, e.g. 21:00 to 08:00
            inside = now >= start or now < end
            end_day = local.date() + timedelta(days=1) if now >= start else local.date()
        if not inside:
            return None
        naive = datetime.combine(end_day, end)
        return timezone.make_aware(naive, timezone.get_current_timezone())

    def describe_quiet_hours(self) -> str:
        if self.quiet_hours_start is None or self.quiet_hours_end is None:
            return ""
        return f"{_fmt(self.quiet_hours_start)} to {_fmt(self.quiet_hours_end)}"

    describe_quiet_hours.short_description = _("Quiet hours")  # type: ignore[attr-defined]


class ContactRulesChange(models.Model):
    """A change a staff member made to someone's contact rules, with their reason (encrypted).

    A person's contact rules are their own; staff may only make them more careful, and each
    such change is kept here, written to the audit trail and told to the person."""

    rules = models.ForeignKey(ContactRules, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(help_text="Each field changed: [before, after].")
    reason = EncryptedTextField()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"Contact rules change {self.pk}"


def _fmt(value: time) -> str:
    return value.strftime("%H:%M")


class Status(models.TextChoices):
    PENDING = "pending", _("waiting to send")
    SENT = "sent", _("sent")
    PORTAL_ONLY = "portal_only", _("in the portal only")
    WITHHELD = "withheld", _("withheld by a rule")
    FAILED = "failed", _("failed")


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        return self.filter(recipient=user).exclude(status=Status.WITHHELD)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def due_for_sweep(self, now=None):
        """Pending rows that are due and were never queued, or were queued long enough ago that
        the task must have been lost (a dead worker, or Redis down when it was queued)."""
        now = now or timezone.now()
        grace = now - settings.NOTIFICATION_SWEEP_GRACE
        return self.filter(status=Status.PENDING, due_at__lte=now).filter(
            Q(queued_at__isnull=True) | Q(queued_at__lte=grace)
        )


class MessageCategory(models.TextChoices):
    """What a message is for; the rules that hold a message back (a paused parent gets no
    offers) read this."""

    GENERAL = "general", "general"
    OFFER = "offer", "an offer to take part in something"  # held back from paused parents
    LOGISTICS = "logistics", "about something the person already agreed to"
    ALERT = "alert", "for staff: something needs attention"
    ACCOUNT = "account", "about the person's account"


class Notification(models.Model):
    """One message to one person: a row in the outbox first, delivered by a task afterwards."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Encrypted: the address of someone invited may be known to nobody else here.
    to_email = EncryptedTextField(
        help_text="Where the e-mail goes; for invitations there is no user yet."
    )
    kind = models.CharField(max_length=80, db_index=True)
    category = models.CharField(
        max_length=20, choices=MessageCategory.choices, default=MessageCategory.GENERAL
    )
    subject = EncryptedTextField()
    body = EncryptedTextField()
    # Encrypted, and for a link that opens an account (an invitation, a password reset) cleared
    # once the message is sent or given up: see services.forget_link.
    link = EncryptedTextField(blank=True)
    carries_link = models.BooleanField(
        default=False, help_text="The e-mail itself must carry the link (a secret one)."
    )
    urgent = models.BooleanField(default=False)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    status_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="notification_outbox_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self):
        return f"{self.kind} ({self.status})"
