"""Events' audit action codes."""

from pace_site.audit.registry import register_codes

register_codes(
    {
        "events.registration.created": "Registered for an event",
        "events.registration.cancelled": "Registration cancelled",
        "events.registration.promoted": "Place given from the waiting list",
        "events.registration.travel_approved": "Travel support approved",
        "events.registration.attendance_marked": "Attendance recorded",
        "events.registration.photo_consent_cleared": (
            "Photo tick cleared because photos and film permission was withdrawn"
        ),
        "events.registration.reminder_sent": "Event reminder sent",
        "events.registration_list.viewed": "Event registrations and needs viewed",
        "events.registration_list.exported": "Venue list exported",
        "events.attendance_list.viewed": "Attendance list for the day viewed",
        "events.event.created": "Event created",
        "events.event.deleted": "Event deleted",
        "events.event.published": "Event published",
        "events.event.changed": "Event changed",
        "events.event.cancelled": "Event cancelled",
        "events.event.capacity_changed": "Event capacity changed",
        "events.feedback.given": "Event feedback given",
        "events.calendar_feed.made": "Calendar address made",
        "events.calendar_feed.replaced": "Calendar address replaced",
    }
)
