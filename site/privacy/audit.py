"""Data rights' audit action codes."""

from pace_site.audit.registry import register_codes

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
