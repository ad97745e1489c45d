"""Personal data held by the data-rights records themselves (see registry.py)."""

from .registry import Category, Erase, PersonalData, declare

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
        actors=("discovered_by", "recorded_by", "assessed_by", "closed_by"),
    ),
)
