"""Personal data held by the data-rights records themselves (see registry.py)."""

from .registry import Category, Erase, PersonalData, Retention, declare

# -- subject access ----------------------------------------------------------------------------
declare(
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
)
