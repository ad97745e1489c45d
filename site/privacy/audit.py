"""The data-rights audit codes."""

from pace_site.audit.registry import register_codes

# -- retention, breaches and the audit viewer --
register_codes(
    {
        "privacy.retention.applied": "Old records cleared or removed on schedule",
        "privacy.breach.recorded": "Data breach recorded",
        "privacy.breach.viewed": "Data breach viewed",
        "privacy.breach.assessed": "Data breach risk assessed",
        "privacy.breach.reported": "Data breach reported to the ICO",
        "privacy.breach.people_told": "People affected by a data breach told",
        "privacy.breach.closed": "Data breach closed",
        "privacy.breach_list.viewed": "Data breach log viewed",
        "privacy.audit_viewer.viewed": "A person's audit history viewed",
        "privacy.audit_viewer.exported": "A person's audit history exported",
    }
)

# -- erasure and correction -----------------------------------------------------------------
register_codes(
    {
        "privacy.erasure.requested": "Erasure asked for",
        "privacy.erasure.proposed": "Erasure proposed for approval",
        "privacy.erasure.done": "Erasure approved and done",
        "privacy.erasure.refused": "Erasure refused",
        "privacy.erasure.withdrawn": "Erasure request withdrawn",
        "privacy.erasure_request.viewed": "Erasure request viewed",
        "privacy.erasure_list.viewed": "Erasure requests listing viewed",
        "privacy.correction_list.viewed": "Correction requests listing viewed",
        "privacy.correction.requested": "Correction asked for",
        "privacy.correction.answered": "Correction request answered",
        "privacy.correction.viewed": "Correction request viewed",
    }
)

# -- subject access ----------------------------------------------------------------------------
register_codes(
    {
        "privacy.own_data.viewed": "Person looked at their own information",
        "privacy.own_data.downloaded": "Person downloaded their own information",
        "privacy.access_request.opened": "Subject access request opened",
        "privacy.access_request.identity_checked": "Identity checked for a subject access request",
        "privacy.access_request.extended": "Subject access request extended",
        "privacy.access_request.review_opened": "Full subject access copy opened for review",
        "privacy.access_request.reviewed": "Subject access copy reviewed",
        "privacy.access_request.released": "Subject access copy released",
        "privacy.access_request.withdrawn": "Subject access request withdrawn",
        "privacy.access_request.viewed": "Subject access request viewed",
        "privacy.access_request.copy_downloaded": "Released subject access copy downloaded",
        "privacy.access_request_list.viewed": "Subject access requests listing viewed",
        "privacy.access_dashboard.viewed": "Subject access requests due soon viewed",
    }
)

# -- consent and information sharing --
register_codes(
    {
        "privacy.sharing.recorded": "Information sharing recorded",
        "privacy.sharing.reviewed": "Sharing without consent reviewed by a manager",
        "privacy.sharing.asked": "Person asked about information shared about them",
        "privacy.sharing.viewed": "Information sharing record viewed",
        "privacy.sharing_list.viewed": "Information sharing listing viewed",
        "privacy.sharing.own_viewed": "Person viewed what was shared about them",
        "privacy.sharing.dashboard_viewed": "Sharing to review viewed on the dashboard",
    }
)
