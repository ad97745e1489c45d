"""One row per contact with the support line: when, how, who got in touch (in general terms),
what it was about, how long it took and where it led. Nothing in a row says who it was: no
name, no number, no words they said (those stay in the support worker's own case notes, if
anywhere), so the tally can be kept for as long as the figures are needed."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_MINUTES = 600


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("E-mail")
    TEXT = "text", _("Text message")
    WEB_CHAT = "web_chat", _("Web chat")
    IN_PERSON = "in_person", _("In person")


class Caller(models.TextChoices):
    PARENT_OR_CARER = "parent_or_carer", _("A parent or carer")
    FAMILY_OR_FRIEND = "family_or_friend", _("Another family member or a friend")
    PROFESSIONAL = "professional", _("A professional")
    OTHER = "other", _("Someone else")


class Concern(models.TextChoices):
    SEXUAL = "sexual_exploitation", _("Child sexual exploitation")
    CRIMINAL = "criminal_exploitation", _("Child criminal exploitation")
    BOTH = "both", _("Both")
    NOT_SURE = "not_sure", _("Not sure yet")
    OTHER = "other", _("Something else")


class ReferredTo(models.TextChoices):
    NONE = "none", _("Nowhere: support given on the line")
    PARTICIPATION = "participation", _("Parent participation")
    BEFRIENDING = "befriending", _("Befriending")
    EVENTS = "events", _("A Parent Network Day or residential")
    OTHER_AGENCY = "other_agency", _("Another organisation")


class SupportContactQuerySet(models.QuerySet):
    def in_period(self, starts_on: datetime.date, ends_on: datetime.date):
        return self.filter(happened_on__gte=starts_on, happened_on__lte=ends_on)

    def in_region(self, region: str):
        return self.filter(region__iexact=region) if region else self


class SupportContact(models.Model):
    happened_on = models.DateField(_("date"), db_index=True)
    channel = models.CharField(_("how"), max_length=20, choices=ContactChannel.choices)
    caller = models.CharField(_("who got in touch"), max_length=20, choices=Caller.choices)
    concern = models.CharField(_("about"), max_length=30, choices=Concern.choices)
    region = models.CharField(_("region"), max_length=100, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    first_contact = models.BooleanField(_("first time in touch"), default=False)
    referred_to = models.CharField(
        _("referred to"), max_length=20, choices=ReferredTo.choices, default=ReferredTo.NONE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = SupportContactQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = "support line contact"
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES),
                name="support_contact_minutes_in_range",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=ContactChannel.values)
                & Q(caller__in=Caller.values)
                & Q(concern__in=Concern.values)
                & Q(referred_to__in=ReferredTo.values),
                name="support_contact_known_choices",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()}, {self.happened_on:%-d %b %Y}"
