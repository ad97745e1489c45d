"""Data rights' audit action codes."""

from pace_site.audit.registry import register_codes

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
