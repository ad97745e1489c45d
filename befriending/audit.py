"""Befriending's audit action codes."""

from pace_site.audit.registry import register_codes

register_codes(
    {
        "befriending.befriender.applied": "Volunteer applied to befriend",
        "befriending.befriender.account_linked": "Volunteer's account linked to their application",
        "befriending.befriender.status_changed": "Volunteer's vetting status changed",
        "befriending.befriender.application_withdrawn": "Volunteer withdrew their application",
        "befriending.befriender.capacity_changed": "Volunteer's number of matches changed",
        "befriending.befriender.dbs_recorded": "DBS certificate recorded",
        "befriending.befriender.training_recorded": "Training recorded",
        "befriending.befriender.viewed": "Volunteer's page viewed (matches, concerns)",
        "befriending.befriender.private_reason_viewed": "Volunteer's page viewed with the private reason",
        "befriending.befriender_list.viewed": "Volunteers listing viewed",
        "befriending.dashboard.viewed": "Dashboard viewed (open concerns)",
        "befriending.supervision.recorded": "Supervision session recorded",
        "befriending.referral.created": "Parent referred for befriending",
        "befriending.referral.closed": "Referral closed",
        "befriending.referral.viewed": "Referral viewed",
        "befriending.referral_list.viewed": "Referrals listing viewed",
        "befriending.match.proposed": "Match proposed",
        "befriending.match.introduction_recorded": "Introduction meeting recorded",
        "befriending.match.started": "Match started",
        "befriending.match.end_date_changed": "Match's planned end changed",
        "befriending.match.arrangements_changed": "Match arrangements changed",
        "befriending.match.ended": "Match ended",
        "befriending.match.viewed": "Match viewed with its contact logs",
        "befriending.match_list.viewed": "Matches listing viewed",
        "befriending.review.recorded": "Match review recorded",
        "befriending.review_list.viewed": "Match reviews listing viewed",
        "befriending.contact_log.created": "Contact logged",
        "befriending.contact_log.viewed": "Contact log viewed",
        "befriending.contact_log_list.viewed": "Contact logs listing viewed",
        "befriending.concern.raised": "Concern raised",
        "befriending.concern.taken_in_hand": "Concern taken in hand",
        "befriending.concern.closed": "Concern closed with an outcome",
        "befriending.concern.viewed": "Concern viewed",
        "befriending.concern_list.viewed": "Concerns listing viewed",
    }
)
