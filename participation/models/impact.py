""" "You said, we did": what parents' contributions changed.

A manager records a change (a policy, a guide, a training course) that came from an
opportunity, and links the sign-ups of the parents who took part and helped bring it about.
Each linked parent is told (discreetly) and sees the list in their portal. The report counts
`SignUp.objects.with_recorded_change()`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .opportunities import Opportunity, SignUp

CHANGE_TITLE_MAX = 150
CHANGE_DESCRIPTION_MAX = 600


class ChangeKind(models.TextChoices):
    POLICY = "policy", _("a policy")
    GUIDE = "guide", _("a guide or leaflet")
    TRAINING = "training", _("a training course")
    SERVICE = "service", _("how Pace works")
    OTHER = "other", _("something else")


class ChangeMadeQuerySet(models.QuerySet):
    def for_user(self, user):
        """The changes a parent helped bring about (through their own sign-ups)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(contributions__sign_up__parent__user=user).distinct()


class ChangeMade(models.Model):
    """What an opportunity's contributions changed, in a short description parents read."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.PROTECT, related_name="changes_made"
    )
    kind = models.CharField(_("what kind of change"), max_length=20, choices=ChangeKind.choices)
    title = models.CharField(_("what changed"), max_length=CHANGE_TITLE_MAX)
    description = models.TextField(_("what we did"), max_length=CHANGE_DESCRIPTION_MAX)
    changed_on = models.DateField(_("when it changed"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    sign_ups = models.ManyToManyField(
        SignUp, through="ChangeContribution", related_name="changes_made"
    )

    objects = ChangeMadeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = "change made"
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="change_made_has_a_title"),
            models.CheckConstraint(
                condition=~Q(description="")
                & LessThanOrEqual(Length("description"), CHANGE_DESCRIPTION_MAX),
                name="change_made_description_short",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ChangeKind.values), name="change_made_kind_known"
            ),
            models.UniqueConstraint(
                fields=["opportunity", "title"],
                name="change_made_once_per_opportunity_and_title",
                violation_error_message=_("This change is already recorded for this."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ChangeContribution(models.Model):
    """One parent's sign-up linked to a change it helped bring about; `told_at` when the parent
    was told."""

    change = models.ForeignKey(ChangeMade, on_delete=models.CASCADE, related_name="contributions")
    sign_up = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="contributions")
    told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-change__changed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["change", "sign_up"], name="change_contribution_once_per_sign_up"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sign_up} → {self.change}"


__all__ = [
    "CHANGE_DESCRIPTION_MAX",
    "CHANGE_TITLE_MAX",
    "ChangeContribution",
    "ChangeKind",
    "ChangeMade",
]
