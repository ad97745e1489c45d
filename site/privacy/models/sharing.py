"""The information-sharing log: what Pace shared about a person, with which partner, why and on
what basis. Pace's promise to parents is that information about a family is shared only with
their informed consent (or where the law or a child's safety requires it), and that they are
told how it was used: each row is shown to the person it is about (never the staff note), and
sharing without consent is flagged for a manager to review."""

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.accounts.roles import Role
from pace_site.crypto import EncryptedTextField

# Who works with the log: they record sharing, read it and review sharing without consent.
SHARING_STAFF = (Role.PARTICIPATION_MANAGER, Role.BEFRIENDING_COORDINATOR)


class PartnerKind(models.TextChoices):
    POLICE = "police", _("the police")
    SOCIAL_CARE = "social_care", _("children's social care")
    SCHOOL = "school", _("a school")
    HEALTH = "health", _("a health service")
    YOUTH_JUSTICE = "youth_justice", _("a youth justice service")
    OTHER = "other", _("another organisation")


class Basis(models.TextChoices):
    """Why we were allowed to share (UK GDPR lawful basis, in plain words)."""

    CONSENT = "consent", _("you gave your permission")
    LEGAL_DUTY = "legal_duty", _("the law required us to")
    SAFEGUARDING = "safeguarding", _("to protect a child or adult from harm")
    OTHER = "other", _("another reason")


# The basis as staff read it (the choices' own words are written to the parent).
BASIS_FOR_STAFF: dict[str, Any] = {
    Basis.CONSENT: _("their permission"),
    Basis.LEGAL_DUTY: _("a legal duty"),
    Basis.SAFEGUARDING: _("safeguarding"),
    Basis.OTHER: _("another reason"),
}


def is_sharing_staff(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or bool(user.role_names & {*SHARING_STAFF, Role.ADMINISTRATOR})
    )


class SharingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff who work with families see every row; anyone else none (a parent reads their
        own through `about(user)`)."""
        return self if is_sharing_staff(user) else self.none()

    def about(self, user):
        return self.filter(person=user)

    def needing_review(self):
        """Shared without the person's consent and not yet looked at by a manager."""
        return self.exclude(basis=Basis.CONSENT).filter(reviewed_at__isnull=True)


class Sharing(models.Model):
    """One occasion when we shared information about a person with a partner."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sharings_about"
    )
    partner_kind = models.CharField(_("who with"), max_length=20, choices=PartnerKind.choices)
    partner_name = models.CharField(
        _("organisation"), max_length=200, help_text=_("For example: Leeds Children's Services.")
    )
    what = EncryptedTextField(_("what was shared"))
    why = EncryptedTextField(_("why"))
    basis = models.CharField(_("on what basis"), max_length=20, choices=Basis.choices)
    basis_other = EncryptedTextField(_("the other reason"), blank=True, default="")
    # The permission relied on (basis: consent). The platform knows no app's models: a generic
    # reference, and its description as it was when the sharing was recorded.
    consent_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consent_id = models.PositiveBigIntegerField(null=True, blank=True)
    consent_label = models.CharField(max_length=200, blank=True)
    shared_on = models.DateField(_("date shared"))
    staff_note = EncryptedTextField(_("note (staff only)"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = EncryptedTextField(_("review note (staff only)"), blank=True, default="")

    objects = SharingQuerySet.as_manager()

    class Meta:
        ordering = ["-shared_on", "-pk"]
        verbose_name = "information sharing"
        verbose_name_plural = "information sharing"
        constraints = [
            models.CheckConstraint(
                condition=~Q(basis="consent")
                | Q(consent_type__isnull=False, consent_id__isnull=False),
                name="sharing_consent_named",
                violation_error_message=_("Say which permission the sharing relied on."),
            ),
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True) | ~Q(basis="consent"),
                name="sharing_review_only_without_consent",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "-shared_on"], name="sharing_person_idx"),
            models.Index(
                fields=["recorded_at"],
                condition=Q(reviewed_at__isnull=True) & ~Q(basis="consent"),
                name="sharing_to_review_idx",
            ),
        ]

    def __str__(self):
        # Printed in staff pages and the audit trail: never the person's name or what was said.
        return f"Sharing {self.pk} with {self.get_partner_kind_display()}"

    @property
    def basis_for_staff(self) -> str:
        return str(BASIS_FOR_STAFF.get(self.basis, self.basis))

    @property
    def needs_review(self) -> bool:
        return self.basis != Basis.CONSENT and self.reviewed_at is None


class SharingQuestion(models.Model):
    """A person asking us about something we shared about them."""

    sharing = models.ForeignKey(Sharing, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    question = EncryptedTextField(_("your question"))
    asked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self):
        return f"Question {self.pk} about sharing {self.sharing_id}"
