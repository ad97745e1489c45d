"""Give entries written before action codes a code from the vocabulary, and drop the names that
their descriptions carried. The old free-text note stays, read-only, as "older note"."""

from django.db import migrations

# (app label, model, old action) -> code, where the old action meant one thing only.
BY_MODEL = {
    ("participation", "parent", "viewed"): "participation.parent.timeline_viewed",
    ("participation", "checkin", "viewed"): "participation.check_in.viewed",
    ("participation", "pause", "viewed"): "participation.pause.viewed",
    ("participation", "pause", "created"): "participation.parent.paused",
    ("participation", "signup", "created"): "participation.sign_up.created",
    ("participation", "consent", "created"): "participation.consent.given",
    ("participation", "consent", "changed"): "participation.consent.withdrawn",
    ("befriending", "befriender", "viewed"): "befriending.befriender.private_reason_viewed",
    ("befriending", "befriender", "created"): "befriending.befriender.applied",
    ("befriending", "referral", "viewed"): "befriending.referral.viewed",
    ("befriending", "referral", "created"): "befriending.referral.created",
    ("befriending", "referral", "changed"): "befriending.referral.closed",
    ("befriending", "match", "viewed"): "befriending.match.viewed",
    ("befriending", "match", "created"): "befriending.match.proposed",
    ("befriending", "review", "changed"): "befriending.review.recorded",
    ("befriending", "supervisionsession", "created"): "befriending.supervision.recorded",
    ("befriending", "contactlog", "viewed"): "befriending.contact_log.viewed",
    ("befriending", "contactlog", "created"): "befriending.contact_log.created",
    ("befriending", "concern", "viewed"): "befriending.concern.viewed",
    ("befriending", "concern", "created"): "befriending.concern.raised",
    ("events", "event", "viewed"): "events.registration_list.viewed",
    ("events", "event", "exported"): "events.registration_list.exported",
    ("events", "registration", "created"): "events.registration.created",
    ("events", "feedback", "created"): "events.feedback.given",
    ("events", "calendarfeed", "created"): "events.calendar_feed.made",
    ("events", "calendarfeed", "changed"): "events.calendar_feed.replaced",
    ("home", "storypage", "changed"): "pages.story.taken_down",
    ("accounts", "invitation", "created"): "accounts.invitation.sent",
    ("accounts", "user", "created"): "accounts.invitation.accepted",
}

# (old action, how the old note began) -> code, for models whose old action meant several things.
BY_NOTE = [
    ("changed", "interests and boundaries", "participation.parent.interests_changed"),
    ("changed", "private date added", "participation.parent.private_date_added"),
    ("changed", "private date removed", "participation.parent.private_date_removed"),
    ("changed", "left the programme", "participation.parent.left"),
    ("changed", "published; offered", "participation.opportunity.published"),
    ("changed", "offered to parent", "participation.opportunity.offered"),
    ("changed", "withdrawn by the parent", "participation.sign_up.withdrawn"),
    ("changed", "confirmed", "participation.sign_up.confirmed"),
    ("changed", "marked ", "participation.sign_up.decided"),
    ("changed", "pause ended", "participation.parent.resumed"),
    ("changed", "end reminder", "participation.pause.end_reminder_sent"),
    ("created", "own check-in", "participation.check_in.self_reported"),
    ("created", "", "participation.check_in.logged"),
    ("changed", "follow-up done", "participation.check_in.follow_up_done"),
    ("changed", "account linked", "befriending.befriender.account_linked"),
    ("changed", "may have", "befriending.befriender.capacity_changed"),
    ("changed", "DBS certificate", "befriending.befriender.dbs_recorded"),
    ("changed", "training ", "befriending.befriender.training_recorded"),
    ("changed", "introduction meeting", "befriending.match.introduction_recorded"),
    ("changed", "match started", "befriending.match.started"),
    ("changed", "planned end", "befriending.match.end_date_changed"),
    ("changed", "arrangements changed", "befriending.match.arrangements_changed"),
    ("changed", "match ended", "befriending.match.ended"),
    ("changed", "concern taken in hand", "befriending.concern.taken_in_hand"),
    ("changed", "concern closed", "befriending.concern.closed"),
    ("changed", "registration cancelled", "events.registration.cancelled"),
    ("changed", "promoted from the waiting list", "events.registration.promoted"),
    ("changed", "travel support approved", "events.registration.travel_approved"),
    ("changed", "attendance", "events.registration.attendance_marked"),
    ("changed", "published", "events.event.published"),
    ("changed", "event cancelled", "events.event.cancelled"),
    ("changed", "capacity set", "events.event.capacity_changed"),
    ("changed", "changed: ", "events.event.changed"),
]

OLD_ACTIONS = {"viewed", "created", "changed", "deleted", "exported"}


def code_for(entry, content_type):
    if entry.action not in OLD_ACTIONS:
        return entry.action
    if entry.action == "exported" and entry.object_id == "list":
        return "audit.listing.exported"
    key = (content_type.app_label, content_type.model, entry.action) if content_type else None
    if key in BY_MODEL:
        return BY_MODEL[key]
    if entry.action == "changed" and content_type and content_type.model == "befriender":
        if entry.summary.startswith("status "):
            return "befriending.befriender.status_changed"
    for action, start, code in BY_NOTE:
        if entry.action == action and entry.summary.startswith(start):
            if start or (content_type and content_type.model == "checkin"):
                return code
    return f"audit.legacy.{entry.action}"


def forwards(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = {ct.pk: ct for ct in ContentType.objects.all()}
    for entry in AuditEntry.objects.all().iterator():
        content_type = content_types.get(entry.content_type_id)
        entry.action = code_for(entry, content_type)
        if entry.object_id == "list":
            entry.object_id = ""
        name = content_type.model if content_type else "record"
        try:
            name = apps.get_model(content_type.app_label, content_type.model)._meta.verbose_name
        except (AttributeError, LookupError):
            pass
        entry.object_repr = f"{name} {entry.object_id}".strip() if entry.object_id else f"{name} list"
        entry.save(update_fields=["action", "object_id", "object_repr"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_action_codes_and_data"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
