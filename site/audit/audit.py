"""The audit trail's own action codes, and those of rows written before codes existed."""

from .registry import register_codes

register_codes(
    {
        "audit.listing.exported": "Staff listing exported as a spreadsheet",
        "audit.legacy.viewed": "Viewed (older entry)",
        "audit.legacy.created": "Created (older entry)",
        "audit.legacy.changed": "Changed (older entry)",
        "audit.legacy.deleted": "Deleted (older entry)",
        "audit.legacy.exported": "Exported (older entry)",
    }
)
