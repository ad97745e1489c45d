"""Contact logs (the volunteer's record of one contact) and concerns."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.accounts.roles import Role
from pace_site.crypto import EncryptedTextField

from .befrienders import Befriender
from .choices import (
    ConcernStatus,
    ConcernUrgency,
    ContactMethod,
    ParentMood,
)
from .matches import Match


class ContactLogQuerySet(models.QuerySet):
    def for_befriender(self, user):
        """A volunteer's own logs for their current match; nothing once it has ended."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(match__in=Match.objects.for_befriender(user))

    def visible_to(self, user):
        """Every log for the coordinator (and Administrators); a volunteer's own otherwise."""
        if user.is_authenticated and (
            user.is_superuser or user.has_role(Role.BEFRIENDING_COORDINATOR, Role.ADMINISTRATOR)
        ):
            return self.all()
        return self.for_befriender(user)


class ContactLog(models.Model):
    """The befriender's record of one contact with the parent. The notes are encrypted."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="contact_logs")
    happened_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("how long (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(720)]
    )
    method = models.CharField(_("how"), max_length=20, choices=ContactMethod.choices)
    parent_mood = models.CharField(
        _("how the parent seemed"), max_length=20, choices=ParentMood.choices
    )
    notes = EncryptedTextField(_("short notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The key of the form that sent it: the same form sent twice (a double click, a resend after a
    # lost connection) is saved once.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ContactLogQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        # The contact logs listing's order (newest first), so a page of it is read, not sorted.
        indexes = [models.Index(fields=["-happened_on", "-id"], name="contactlog_newest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=720),
                name="contactlog_duration_1_to_720_minutes",
            )
        ]

    def __str__(self):
        return f"Contact on {self.happened_on:%-d %b %Y}"


class ConcernQuerySet(models.QuerySet):
    def unresolved(self):
        return self.exclude(status=ConcernStatus.CLOSED)


class Concern(models.Model):
    """A safeguarding worry raised by a befriender, tracked to a recorded outcome."""

    befriender = models.ForeignKey(Befriender, on_delete=models.PROTECT, related_name="concerns")
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.PROTECT, related_name="concerns"
    )
    contact_log = models.ForeignKey(
        ContactLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns"
    )
    urgency = models.CharField(max_length=10, choices=ConcernUrgency.choices)
    details = EncryptedTextField(_("what happened"))
    raised_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = EncryptedTextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["status", "raised_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ConcernStatus.CLOSED) | Q(closed_at__isnull=False),
                name="concern_closed_has_date",
            )
        ]

    def __str__(self):
        return f"Concern raised {timezone.localtime(self.raised_at):%-d %b %Y %H:%M}"
