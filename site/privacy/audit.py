"""The data-rights audit codes."""

from pace_site.audit.registry import register_codes

# -- retention, breaches and the audit viewer --
register_codes(
    {
        "privacy.retention.applied": "Old records cleared or removed on schedule",
    }
)
