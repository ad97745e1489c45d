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
