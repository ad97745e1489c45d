"""Personal data held by notifications: contact rules, their history, and the outbox."""

from django.db.models import Q

from pace_site.privacy.registry import Category, Erase, PersonalData, Retention, declare

declare(
    PersonalData(
        "notifications.ContactRules",
        heading="How we may contact you",
        subject=("user",),
        category=Category.CONTACT,
        fields=(
            "email_allowed",
            "sms_allowed",
            "quiet_hours_start",
            "quiet_hours_end",
            "discreet_mode",
            "updated_at",
        ),
        erase=Erase.DELETE,
    ),
    PersonalData(
        "notifications.ContactRulesChange",
        heading="Changes to how we may contact you",
        subject=("rules__user",),
        category=Category.CONTACT,
        fields=("changed_at", "changes", "reason"),
        staff_only=("reason",),
        erase=Erase.DELETE,
        actors=("changed_by",),
    ),
    PersonalData(
        "notifications.Notification",
        heading="Messages we sent you",
        subject=("recipient",),
        category=Category.CONTACT,
        fields=("created_at", "sent_at", "read_at", "channel", "status", "subject", "body"),
        # The row stays (what kind, when, delivered or not) so counts still add up; the address,
        # words and link go.
        erase=Erase.ANONYMISE,
        anonymise={"to_email": "", "subject": "", "body": "", "link": "", "last_error": ""},
        address_field="to_email",
        retention=Retention(
            months=12,
            after="created_at",
            when=~Q(status="pending"),
            note="Messages: their words and address 12 months after they were written.",
        ),
    ),
)
