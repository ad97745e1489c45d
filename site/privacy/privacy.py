"""Personal data held by the data-rights records themselves (see registry)."""

from .registry import Category, Erase, PersonalData, declare

# -- consent and information sharing --
declare(
    PersonalData(
        "privacy.Sharing",
        heading="Information we shared about you",
        subject=("person",),
        category=Category.SAFEGUARDING,
        fields=(
            "shared_on",
            "partner_kind",
            "partner_name",
            "what",
            "why",
            "basis",
            "basis_other",
            "consent_label",
            "staff_note",
            "review_note",
        ),
        staff_only=("staff_note", "review_note"),
        erase=Erase.KEEP,
        keep_reason=(
            "A record of what was disclosed to a partner, when and on what basis, is kept to "
            "show the sharing was lawful and to answer any later safeguarding inquiry; the "
            "staff notes are cleared on erasure."
        ),
        anonymise={"staff_note": "", "review_note": ""},
        actors=("recorded_by", "reviewed_by"),
    ),
    PersonalData(
        "privacy.SharingQuestion",
        heading="Your questions about what we shared",
        subject=("asked_by",),
        category=Category.PERSONAL,
        fields=("asked_at", "question"),
        erase=Erase.DELETE,
    ),
)
