"""Accounts' audit action codes."""

from pace_site.audit.registry import register_codes

register_codes(
    {
        "accounts.invitation.sent": "Invitation sent",
        "accounts.invitation.accepted": "Invitation accepted and account made",
        "accounts.user.roles_changed": "Roles given or taken away",
        "accounts.two_step.moved": "Two-step sign-in moved to a new phone",
    }
)
