"""Personal data held by the data-rights records themselves (see registry.py)."""

from .registry import Category, Erase, PersonalData, Retention, declare

declare(
    PersonalData(
        "privacy.Breach",
        heading="Data breaches that affected you",
        subject=("people_affected",),
        category=Category.PERSONAL,
        fields=(
            "discovered_at",
            "what_happened",
            "data_kinds",
            "risk",
            "reported_at",
            "people_told_at",
        ),
        staff_only=("what_happened",),
        erase=Erase.KEEP,
        keep_reason=(
            "The breach log must show every breach and who it affected, for the Information "
            "Commissioner (UK GDPR Article 33(5)); it holds no notes about the person."
        ),
        keep_plainly=(
            "We keep a note that your information was caught up in a data breach, "
            "because the law asks us to keep a full list of breaches. It holds no "
            "notes about you."
        ),
        actors=("discovered_by", "recorded_by", "assessed_by", "closed_by"),
    ),
    PersonalData(
        "privacy.ErasureRequest",
        heading="Your requests to delete your information",
        subject=("person",),
        category=Category.PERSONAL,
        fields=("how", "received_on", "status", "done_at"),
        erase=Erase.KEEP,
        keep_reason=(
            "The record that an erasure was asked for and done (when, by whom, and how many "
            "records) shows that the request was answered as the law requires (UK GDPR Article "
            "5(2)); it holds no erased words."
        ),
        keep_plainly=(
            "We keep a note that you asked us to delete your information and that we "
            "did it, so that we can show we did what you asked."
        ),
        anonymise={"refused_reason": ""},
        actors=("recorded_by", "proposed_by", "approved_by", "refused_by"),
    ),
    PersonalData(
        "privacy.CorrectionRequest",
        heading="Your requests to correct your information",
        subject=("person",),
        category=Category.PERSONAL,
        fields=("how", "received_on", "what_is_wrong", "status", "handled_at", "reply"),
        erase=Erase.DELETE,
        actors=("recorded_by", "handled_by"),
    ),
    PersonalData(
        "privacy.SubjectAccessRequest",
        heading="Your requests for a copy of your information",
        subject=("person",),
        category=Category.PERSONAL,
        fields=("received_on", "received_how", "due_on", "status", "released_at", "released_how"),
        erase=Erase.KEEP,
        keep_reason=(
            "A record that a request for a copy was answered, and when, shows the right of "
            "access was honoured (UK GDPR Articles 5(2) and 15); the copy itself and the "
            "reasons are cleared on erasure."
        ),
        keep_plainly=(
            "We keep a note that you asked for a copy of your information and when we "
            "sent it, so that we can show we answered. The copy itself is deleted."
        ),
        anonymise={"copy": "", "withheld": "", "extension_reason": ""},
        actors=(
            "opened_by",
            "identity_checked_by",
            "extended_by",
            "reviewed_by",
            "released_by",
        ),
        retention=Retention(
            months=72,
            after="received_on",
            note="Subject access requests: 6 years after they were received.",
        ),
    ),
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
        keep_plainly=(
            "We keep a note of what we shared about you, with whom and why, so that we can "
            "always show it was done properly and answer your questions about it."
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
