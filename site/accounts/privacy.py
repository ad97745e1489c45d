"""Personal data held by accounts: the sign-in account itself, invitations, reset requests."""

from pace_site.privacy.anonymous import ERASED_NAME, erased_email
from pace_site.privacy.registry import Category, Erase, PersonalData, Retention, declare

declare(
    PersonalData(
        "accounts.User",
        heading="Your account",
        subject=("pk",),
        category=Category.ACCOUNT,
        fields=("email", "display_name", "first_name", "last_name", "date_joined", "last_login"),
        erase=Erase.ANONYMISE,
        # The account row stays so that counts and the audit trail still add up; it can no
        # longer sign in and says nothing about the person.
        anonymise={
            "email": erased_email,
            "display_name": ERASED_NAME,
            "first_name": "",
            "last_name": "",
            "password": "!",
            "is_active": False,
        },
    ),
    PersonalData(
        "accounts.Invitation",
        heading="Invitations to your account",
        subject=("user",),
        category=Category.CONTACT,
        fields=("email", "display_name", "role", "created_at", "accepted_at"),
        erase=Erase.DELETE,
        actors=("invited_by",),
        retention=Retention(
            months=3,
            after="expires_at",
            note="Invitations: 3 months after they expired (accepted or not).",
        ),
    ),
    PersonalData(
        "accounts.PasswordResetRequest",
        heading="Password reset requests",
        # The request holds only an encrypted address, never a link to an account.
        subject=(),
        category=Category.CONTACT,
        fields=("requested_at",),
        erase=Erase.DELETE,
        address_field="email",
        retention=Retention(
            months=0,
            days=2,
            after="requested_at",
            note="Password reset requests: 2 days (a link lasts less than one).",
        ),
    ),
)
