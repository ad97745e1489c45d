"""Personal data held by parent participation (see pace_site.privacy.registry)."""

from django.db.models import Q

from pace_site.privacy.anonymous import ERASED_NAME
from pace_site.privacy.registry import (
    Category,
    Erase,
    PersonalData,
    Retention,
    declare,
    not_personal,
)
from pace_site.privacy.sharing import register_consent_provider

from .models import Consent, ConsentPurpose, ParentStatus, SignUpStatus

LEFT = Q(parent__status=ParentStatus.LEFT)

declare(
    PersonalData(
        "participation.Parent",
        heading="You in the core group",
        subject=("user",),
        category=Category.SPECIAL,
        fields=(
            "preferred_name",
            "pseudonym",
            "region",
            "joined_on",
            "status",
            "interests",
            "ways_accepted",
            "will_not_do",
            "private_dates",
            "check_in_every_weeks",
            "check_in_due_on",
        ),
        erase=Erase.ANONYMISE,
        anonymise={
            "preferred_name": ERASED_NAME,
            "pseudonym": "",
            "region": "",
            "private_dates": "",
            "ways_accepted": [],
            "will_not_do": [],
            "status": ParentStatus.LEFT,
            "check_in_due_on": None,
        },
        person_record=True,
    ),
    PersonalData(
        "participation.Pause",
        heading="Your breaks from taking part",
        subject=("parent__user",),
        category=Category.SPECIAL,
        fields=("started_on", "planned_end_on", "started_by", "reason", "ended_at"),
        staff_only=("reason",),
        erase=Erase.ANONYMISE,
        anonymise={"reason": ""},
        actors=("recorded_by", "ended_by"),
        retention=Retention(
            months=24,
            after="ended_at",
            when=LEFT,
            note="Breaks of parents who left: the reason 2 years after the break ended.",
        ),
    ),
    PersonalData(
        "participation.CheckIn",
        heading="Your wellbeing check-ins and debriefs",
        subject=("parent__user",),
        category=Category.SPECIAL,
        fields=(
            "happened_at",
            "channel",
            "kind",
            "wellbeing",
            "words",
            "support_wanted",
            "wants_call",
            "notes",
            "follow_up",
        ),
        staff_only=("notes", "follow_up"),
        erase=Erase.ANONYMISE,
        anonymise={"words": "", "notes": "", "support_wanted": "", "follow_up": ""},
        actors=("by",),
        retention=Retention(
            months=24,
            after="happened_at",
            when=LEFT,
            note="Check-ins of parents who left: their words 2 years after the check-in.",
        ),
    ),
    PersonalData(
        "participation.Consent",
        heading="Your permissions",
        subject=("parent__user",),
        category=Category.PERSONAL,
        fields=(
            "purpose",
            "detail",
            "given_at",
            "given_how",
            "wording_version",
            "expires_on",
            "withdrawn_at",
            "withdrawn_how",
        ),
        # What a person agreed to, and when they withdrew, is the record that shows their data
        # was used lawfully.
        erase=Erase.KEEP,
        keep_reason=(
            "A record of what the person agreed to and when they withdrew shows that their "
            "information was used lawfully (UK GDPR Article 7(1)); its free-text detail is "
            "cleared on erasure."
        ),
        keep_plainly=(
            "We keep a note of what you agreed to and when you changed your mind, "
            "because it shows we only used your information as you allowed."
        ),
        anonymise={"detail": ""},
        actors=("recorded_by", "withdrawn_by"),
    ),
    PersonalData(
        "participation.SignUp",
        heading="Opportunities you signed up to",
        subject=("parent__user",),
        category=Category.SPECIAL,
        fields=("opportunity", "created_at", "status", "way", "message", "access_needs"),
        erase=Erase.ANONYMISE,
        anonymise={"message": "", "access_needs": ""},
        actors=("decided_by",),
        retention=Retention(
            months=12,
            after="created_at",
            when=Q(status=SignUpStatus.WITHDRAWN),
            note="Withdrawn sign-ups: the message and access needs 12 months after signing up.",
        ),
    ),
    PersonalData(
        "participation.ChangeContribution",
        heading="You said, we did: what your help changed",
        subject=("sign_up__parent__user",),
        category=Category.SPECIAL,
        fields=("change", "told_at"),
        # The row stays so that the report's count of contributions with a recorded change
        # adds up; its sign-up is anonymised with the parent, so it no longer leads to anyone.
        erase=Erase.ANONYMISE,
        anonymise={"told_at": None},
    ),
)

not_personal(
    "participation.Opportunity",
    "An opportunity describes an activity, not a person.",
    actors=("created_by",),
)

not_personal(
    "participation.ChangeMade",
    "What an opportunity changed (a policy, a guide, a course), described without names; the "
    "parents linked to it are in ChangeContribution.",
    actors=("recorded_by",),
)


def sharing_consents(person):
    """The person's permissions to share information that are in force, for the sharing log."""
    consents = Consent.objects.active().filter(parent__user=person, purpose=ConsentPurpose.SHARING)
    return [
        (c, f"Permission to share ({c.detail or 'no partner named'}), given {c.given_at:%-d %b %Y}")
        for c in consents
    ]


register_consent_provider(sharing_consents)
not_personal(
    "participation.PaymentRate",
    "What an activity type pays for a length of time, from a date; about no one.",
    actors=("created_by",),
)
