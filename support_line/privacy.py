"""The support line keeps no personal data (see pace_site.privacy.registry)."""

from pace_site.privacy.registry import not_personal

not_personal(
    "support_line.SupportContact",
    "A tally of a contact with the support line: when, how, in general terms who and about "
    "what; never a name, a number or what was said.",
    actors=("recorded_by",),
)
