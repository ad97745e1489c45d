"""The support line's audit action codes."""

from pace_site.audit.registry import register_codes

register_codes(
    {
        "support_line.contact.recorded": "Support line contact recorded",
        "support_line.contact.removed": "Support line contact removed (recorded by mistake)",
    }
)
