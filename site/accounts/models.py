from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from pace_site.crypto import EncryptedTextField

from .roles import PORTAL_ROLES, STAFF_ROLES, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def with_role(self, role: Role):
        return self.filter(groups__name=role, is_active=True)


class User(AbstractUser):
    """A person who signs in. The e-mail address is the login; there is no username."""

    username = None  # type: ignore[assignment]  # the e-mail address is the login
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("name to use"),
        max_length=150,
        blank=True,
        help_text=_("The name we use when we greet you."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")
        ]

    def __str__(self):
        return self.display_name or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.display_name or super().get_full_name() or self.email

    def get_short_name(self):
        return self.display_name or self.first_name or self.email

    @cached_property
    def role_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: Role) -> bool:
        return bool(self.role_names & set(roles))

    @property
    def is_staff_member(self) -> bool:
        """Staff roles work in the Wagtail admin and must use two-factor sign-in."""
        return self.is_superuser or bool(self.role_names & STAFF_ROLES)

    @property
    def is_portal_user(self) -> bool:
        return bool(self.role_names & PORTAL_ROLES)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mailed invitation to set a password and join with one role. Single use; expires."""

    email = models.EmailField(_("e-mail address"))
    display_name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(max_length=40, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email} ({self.role})"

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class PasswordResetRequest(models.Model):
    """An address someone asked to reset a password for, waiting for the background task.

    The request page only stores this row, whether or not anyone here has the address, so the
    answer takes the same work and the same time either way; the task looks the address up and
    mails a link only to an account holder, then deletes the row. The address is encrypted and
    kept only until then."""

    email = EncryptedTextField()
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self):
        return f"Password reset request {self.pk}"
