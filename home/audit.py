"""The public site's audit action codes."""

from pace_site.audit.registry import register_codes

register_codes(
    {
        "pages.story.taken_down": "Story taken off the site: the parent withdrew permission",
    }
)
