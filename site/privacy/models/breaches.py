"""The breach log: every personal-data breach, its risk, and whether the ICO and the people
affected were told (UK GDPR Articles 33 and 34). Administrators only."""

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.crypto import EncryptedTextField

# A breach that must be reported goes to the ICO within 72 hours of being discovered.
REPORT_WITHIN = timedelta(hours=72)


class BreachRisk(models.TextChoices):
    NO_RISK = "no_risk", _("unlikely to put anyone at risk")
    RISK = "risk", _("a risk to the people affected")
    HIGH_RISK = "high_risk", _("a high risk to the people affected")


class ToldHow(models.TextChoices):
    PHONE = "phone", _("by phone")
    IN_PERSON = "in_person", _("in person")
    LETTER = "letter", _("by letter")
    EMAIL = "email", _("by e-mail")
    PORTAL = "portal", _("through their portal")


class BreachQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BreachQuerySet":
        """Administrators see every breach; nobody else sees any."""
        from pace_site.accounts.roles import Role

        if user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMINISTRATOR)):
            return self.all()
        return self.none()

    def open(self) -> "BreachQuerySet":
        return self.filter(closed_at__isnull=True)

    def awaiting_report(self) -> "BreachQuerySet":
        """Open breaches with the ICO question still open: not yet decided, or to be reported
        and not reported yet. These are on the 72-hour clock."""
        return self.open().filter(
            Q(must_report__isnull=True) | Q(must_report=True, reported_at__isnull=True)
        )


class Breach(models.Model):
    what_happened = EncryptedTextField(_("what happened"))
    happened_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("when we found out"))
    discovered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who found out"),
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    people_affected = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="breaches_affecting"
    )
    others_affected = models.PositiveIntegerField(
        _("people affected who have no account here"), default=0
    )
    # Which kinds of personal data were involved: values of pace_site.privacy.registry.Category.
    data_kinds = models.JSONField(_("kinds of data involved"), default=list, blank=True)
    risk = models.CharField(max_length=20, choices=BreachRisk.choices, blank=True)
    risk_notes = EncryptedTextField(_("risk assessment"), blank=True, default="")
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # None: not decided yet.
    must_report = models.BooleanField(_("must be reported to the ICO"), null=True, blank=True)
    not_reported_reason = EncryptedTextField(_("why it is not reported"), blank=True, default="")
    reported_at = models.DateTimeField(_("reported to the ICO"), null=True, blank=True)
    ico_reference = models.CharField(_("ICO reference"), max_length=40, blank=True)
    people_told_at = models.DateTimeField(_("people affected told"), null=True, blank=True)
    people_told_how = models.CharField(max_length=20, choices=ToldHow.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BreachQuerySet.as_manager()

    class Meta:
        ordering = ["-discovered_at", "-pk"]
        verbose_name_plural = "breaches"
        indexes = [models.Index(fields=["closed_at", "discovered_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(happened_at__isnull=True)
                | Q(happened_at__lte=models.F("discovered_at")),
                name="breach_happened_before_found",
            ),
            models.CheckConstraint(
                condition=Q(risk="") | Q(risk__in=BreachRisk.values), name="breach_risk_known"
            ),
            # Only a breach unlikely to put anyone at risk may go unreported, with the reason.
            models.CheckConstraint(
                condition=~Q(must_report=False)
                | (Q(risk=BreachRisk.NO_RISK) & ~Q(not_reported_reason="")),
                name="breach_not_reported_only_without_risk",
            ),
            models.CheckConstraint(
                condition=Q(reported_at__isnull=True)
                | (
                    Q(must_report=True)
                    & Q(reported_at__gte=models.F("discovered_at"))
                    & ~Q(ico_reference="")
                ),
                name="breach_reported_after_found_with_reference",
            ),
            models.CheckConstraint(
                condition=Q(people_told_at__isnull=True)
                | (Q(people_told_at__gte=models.F("discovered_at")) & ~Q(people_told_how="")),
                name="breach_people_told_after_found_and_how",
            ),
            # Closed only once decided: assessed, and reported if it had to be.
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | (
                    ~Q(risk="")
                    & Q(closed_at__gte=models.F("discovered_at"))
                    & (Q(must_report=False) | Q(must_report=True, reported_at__isnull=False))
                ),
                name="breach_closed_only_when_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"Breach {self.pk}"

    @property
    def report_due_at(self) -> datetime:
        """The end of the 72 hours in which a reportable breach goes to the ICO."""
        return self.discovered_at + REPORT_WITHIN

    def hours_left(self, now: datetime | None = None) -> int:
        """Whole hours until the report is due; once overdue, minus the hours overdue (a part
        of an hour counts as a whole one)."""
        seconds = (self.report_due_at - (now or timezone.now())).total_seconds()
        return int(seconds // 3600) if seconds >= 0 else -math.ceil(-seconds / 3600)

    @property
    def hours_to_report(self) -> int:
        return self.hours_left()

    @property
    def hours_overdue(self) -> int:
        return max(0, -self.hours_left())

    @property
    def is_awaiting_report(self) -> bool:
        return self.closed_at is None and (
            self.must_report is None or (self.must_report and self.reported_at is None)
        )

    @property
    def ico_status(self) -> str:
        """The report to the ICO in a few words, for the listing."""
        if self.reported_at is not None:
            return "reported"
        if self.must_report is False:
            return "not needed"
        if self.closed_at is not None:
            return "closed"
        hours = self.hours_left()
        return f"{hours} hours left" if hours >= 0 else f"{-hours} hours overdue"

    @property
    def data_kind_labels(self) -> list[str]:
        from ..registry import Category

        return [str(Category(kind).label) for kind in self.data_kinds if kind in Category.values]
