from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ParentStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    LEFT = "left", _("left the programme")


class Parent(models.Model):
    """A parent in the core group, linked to their sign-in account."""

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

    class Meta:
        ordering = ["preferred_name"]

    def __str__(self):
        return self.preferred_name


class ConsentPurpose(models.TextChoices):
    STORY = "story", _("publishing my story")
    PHOTOS = "photos", _("photos or film")
    SHARING = "sharing", _("sharing information with a named partner")
    NEWSLETTER = "newsletter", _("the newsletter")
    RESEARCH = "research", _("research")


class ConsentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


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

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at"]

    def __str__(self):
        label = self.get_purpose_display()
        return f"{self.parent}: {label}{' – ' + self.detail if self.detail else ''}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
