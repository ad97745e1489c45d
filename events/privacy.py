"""Personal data held by events (see pace_site.privacy.registry)."""

from pace_site.privacy.registry import (
    Category,
    Erase,
    PersonalData,
    Retention,
    declare,
    not_personal,
)

declare(
    PersonalData(
        "events.Registration",
        heading="Events you booked",
        subject=("user",),
        category=Category.SPECIAL,
        fields=(
            "event",
            "status",
            "registered_at",
            "dietary_needs",
            "access_needs",
            "arrival_on",
            "departure_on",
            "room_preference",
            "room_notes",
            "travel_support_requested",
            "travel_support_approved",
            "photo_consent",
        ),
        erase=Erase.ANONYMISE,
        anonymise={"dietary_needs": "", "access_needs": "", "room_notes": ""},
        actors=("travel_approved_by",),
        retention=Retention(
            months=3,
            after="event__ends_at",
            note="Dietary, access and room needs: 3 months after the event ended.",
        ),
    ),
    PersonalData(
        "events.Feedback",
        heading="Your feedback on events",
        subject=("registration__user",),
        category=Category.PERSONAL,
        fields=(
            "given_at",
            "felt_less_alone",
            "met_someone_who_understands",
            "more_confident",
            "anything_to_change",
        ),
        erase=Erase.ANONYMISE,
        anonymise={"anything_to_change": ""},
        retention=Retention(
            months=24,
            after="given_at",
            note="Feedback: the written answer 2 years after it was given (the scores stay).",
        ),
    ),
    PersonalData(
        "events.CalendarFeed",
        heading="Your calendar link",
        subject=("user",),
        category=Category.ACCOUNT,
        fields=("created_at",),
        erase=Erase.DELETE,
    ),
)

not_personal("events.Event", "An event describes a day or a weekend, not a person.")
