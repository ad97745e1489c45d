"""Data rights' audit action codes."""

from pace_site.audit.registry import register_codes

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
