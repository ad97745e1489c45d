"""Notifications' audit action codes."""

from pace_site.audit.registry import register_codes

register_codes(
    {
        "notifications.contact_rules_list.viewed": "Contact rules listing viewed",
        "notifications.contact_rules.viewed": "A person's contact rules viewed",
        "notifications.contact_rules.changed": "A person changed their own contact rules",
        "notifications.contact_rules.changed_by_staff": (
            "A staff member made a person's contact rules more careful, with a reason"
        ),
    }
)
