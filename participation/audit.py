"""Parent participation's audit action codes."""

from pace_site.audit.registry import register_codes

register_codes(
    {
        "participation.parent.interests_changed": "Parent's interests and boundaries changed",
        "participation.parent.private_date_added": "Private date added for a parent",
        "participation.parent.private_date_removed": "Private date removed for a parent",
        "participation.parent.left": "Parent left the programme",
        "participation.parent.account_linked": "Parent record linked to their account",
        "participation.parent.timeline_viewed": "Parent's timeline viewed",
        "participation.parent_list.viewed": "Parents listing viewed",
        "participation.dashboard.viewed": "Dashboard viewed (call requests, pauses ending)",
        "participation.opportunity.created": "Opportunity created",
        "participation.opportunity.changed": "Opportunity changed",
        "participation.payment_rate.saved": "Payment rate saved",
        "participation.activity_type.created": "Activity type created",
        "participation.activity_type.changed": "Activity type changed",
        "participation.opportunity.published": "Opportunity published and offered",
        "participation.opportunity.offered": "Opportunity offered to one parent",
        "participation.opportunity.status_changed": "Opportunity status changed",
        "participation.sign_up.created": "Parent said they are interested",
        "participation.sign_up.withdrawn": "Sign-up withdrawn by the parent",
        "participation.sign_up.given_up_with_consent": (
            "Confirmed place given up because the permission it needs was withdrawn"
        ),
        "participation.sign_up.confirmed": "Sign-up confirmed",
        "participation.sign_up.decided": "Sign-up outcome recorded",
        "participation.sign_up_list.viewed": "Sign-ups listing viewed",
        "participation.sign_up.viewed": "Sign-up viewed for confirming",
        "participation.parent.paused": "Parent paused",
        "participation.parent.resumed": "Parent's pause ended",
        "participation.parent.return_requested": "Parent asked to come back from a break",
        "participation.pause.viewed": "Pause viewed",
        "participation.pause_list.viewed": "Pauses listing viewed",
        "participation.pause.end_reminder_sent": "Managers reminded that a pause ends",
        "participation.check_in.logged": "Check-in logged by staff",
        "participation.change_made.recorded": "You said, we did: a change recorded",
        "participation.check_in.self_reported": "Parent checked in",
        "participation.check_in.follow_up_done": "Check-in follow-up done",
        "participation.check_in.viewed": "Check-in viewed",
        "participation.check_in_list.viewed": "Check-ins listing viewed",
        "participation.consent.given": "Consent given",
        "participation.consent.withdrawn": "Consent withdrawn",
        "participation.consent.renewal_asked": "Parent asked whether to renew a consent",
        "participation.consent.renewed": "Consent renewed for another period",
        "participation.consent.lapsed": "Consent ran out; what relied on it stopped",
        "participation.consent_list.viewed": "Consents listing viewed",
    }
)
