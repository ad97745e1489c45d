"""What taking part pays: how long an opportunity is, and the rates by activity type and length.

The money itself (offers, choices, approval, paying) is the platform's (`pace_site.payments`);
`participation/payments.py` offers a payment when a parent is recorded as having taken part.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.payments.models import MAX_PENCE, pounds

from .people import ActivityType


class OpportunityLength(models.TextChoices):
    """How long taking part is, including preparation."""

    UP_TO_TWO_HOURS = "up_to_two_hours", _("Up to 2 hours")
    HALF_DAY = "half_day", _("Half a day")
    FULL_DAY = "full_day", _("A full day")


# The hours each length stands for in the outcomes report's "hours contributed".
LENGTH_HOURS = {
    OpportunityLength.UP_TO_TWO_HOURS: 2.0,
    OpportunityLength.HALF_DAY: 3.5,
    OpportunityLength.FULL_DAY: 7.0,
}


class PaymentRateQuerySet(models.QuerySet):
    def in_effect(self, *, activity_type_id: int, length: str, on: date):
        """The rate for this kind and length in effect on a day: the latest that started."""
        return (
            self.filter(activity_type_id=activity_type_id, length=length, effective_from__lte=on)
            .order_by("-effective_from", "-pk")
            .first()
        )


def attach_pay(opportunities) -> None:
    """Set `pays` (the rate in effect on its date, or None) on each opportunity: one query for
    them all."""
    opportunities = list(opportunities)
    wanted = [o for o in opportunities if o.length and o.key_date]
    for opportunity in opportunities:
        opportunity.pays = None
    if not wanted:
        return
    rates = list(
        PaymentRate.objects.filter(
            activity_type_id__in={o.activity_type_id for o in wanted},
            length__in={o.length for o in wanted},
        ).order_by("-effective_from", "-pk")
    )
    for opportunity in wanted:
        opportunity.pays = next(
            (
                rate
                for rate in rates
                if rate.activity_type_id == opportunity.activity_type_id
                and rate.length == opportunity.length
                and rate.effective_from <= opportunity.key_date
            ),
            None,
        )


class PaymentRate(models.Model):
    """What an activity type of a given length pays, from a date on."""

    activity_type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="payment_rates"
    )
    length = models.CharField(max_length=20, choices=OpportunityLength.choices)
    amount_pence = models.PositiveIntegerField(
        _("amount in pence"), help_text=_("For example 7500 for £75.00.")
    )
    effective_from = models.DateField(_("in effect from"), default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PaymentRateQuerySet.as_manager()

    class Meta:
        ordering = ["activity_type__name", "length", "-effective_from"]
        verbose_name = "payment rate"
        constraints = [
            models.UniqueConstraint(
                fields=["activity_type", "length", "effective_from"],
                name="payment_rate_one_per_start",
                violation_error_message=_(
                    "There is already a rate for this activity type and length from that date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_pence__gte=1) & Q(amount_pence__lte=MAX_PENCE),
                name="payment_rate_amount_range",
                violation_error_message=_("The amount must be between 1p and £5,000."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.activity_type} – {self.get_length_display()}: {pounds(self.amount_pence)} "
            f"from {self.effective_from:%-d %b %Y}"
        )

    @property
    def amount(self) -> str:
        return pounds(self.amount_pence)
