"""Referrals: a parent referred for befriending, waiting for a match."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.crypto import EncryptedTextField

from .choices import (
    GenderPreference,
    ReferralStatus,
    describe_slots,
)


class ReferralQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=ReferralStatus.WAITING)


class Referral(models.Model):
    """A parent referred for befriending by staff, with what they hope for and who would suit."""

    parent = models.ForeignKey(
        "participation.Parent", on_delete=models.PROTECT, related_name="befriending_referrals"
    )
    hopes = EncryptedTextField(_("what they hope for"), blank=True)
    preferred_gender = models.CharField(
        _("befriender they would prefer"),
        max_length=10,
        choices=GenderPreference.choices,
        default=GenderPreference.ANY,
    )
    preferred_language = models.CharField(max_length=50, blank=True)
    region = models.CharField(max_length=100)
    availability = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.WAITING
    )
    referred_on = models.DateField(default=timezone.localdate)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["referred_on", "pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"Referral of {self.parent} ({self.referred_on:%-d %b %Y})"

    @property
    def availability_display(self) -> str:
        return describe_slots(self.availability)
