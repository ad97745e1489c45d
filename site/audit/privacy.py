"""The audit trail is personal data too: who looked at whose record."""

from pace_site.privacy.registry import Category, Erase, PersonalData, Retention, declare

declare(
    PersonalData(
        "audit.AuditEntry",
        heading="What you did here that we keep a note of",
        # Entries name the account that acted; entries about a person's records are found
        # through the record (see the privacy services), not through a column of their own.
        subject=("user",),
        category=Category.PERSONAL,
        fields=("at", "action", "object_repr"),
        erase=Erase.KEEP,
        keep_reason=(
            "The audit trail shows who saw or changed a record and must stay complete for "
            "safeguarding and for the Information Commissioner; on erasure its details and "
            "record names are cleared, and that the erasure happened is recorded."
        ),
        keep_plainly=(
            "We keep a note that someone at Pace looked at or changed a record, and "
            "when, so that we can always show who saw what. Your name and details are "
            "taken out of it."
        ),
        anonymise={"object_repr": "", "data": {}, "summary": ""},
        retention=Retention(
            months=72,
            after="at",
            note="Audit trail: 6 years, then deleted.",
        ),
    ),
)
