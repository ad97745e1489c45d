"""Personal data held by befriending (see pace_site.privacy.registry)."""

from django.db.models import Q

from pace_site.privacy.anonymous import ERASED_NAME, erased_email
from pace_site.privacy.registry import Category, Erase, PersonalData, Retention, declare

from .models.choices import BefrienderStatus, MatchStatus

ENDED_MATCH = Q(match__status=MatchStatus.ENDED)

declare(
    PersonalData(
        "befriending.Befriender",
        heading="You as a volunteer befriender",
        subject=("user",),
        category=Category.PERSONAL,
        fields=(
            "name",
            "email",
            "phone",
            "status",
            "applied_on",
            "region",
            "languages",
            "gender",
            "availability",
            "what_they_bring",
            "dbs_issued_on",
            "not_taken_forward_reason",
        ),
        staff_only=("not_taken_forward_reason",),
        erase=Erase.ANONYMISE,
        anonymise={
            "name": ERASED_NAME,
            "email": erased_email,
            "phone": "",
            "not_taken_forward_reason": "",
            "region": "",
            "languages": "",
            "availability": [],
            "what_they_bring": "",
            "dbs_certificate_number": "",
            # An erased volunteer is never offered for a match again.
            "status": BefrienderStatus.LEFT,
        },
        retention=Retention(
            months=12,
            after="status_changed_at",
            when=Q(status=BefrienderStatus.NOT_TAKEN_FORWARD),
            note="Volunteer applications not taken forward: 12 months after the decision.",
        ),
        person_record=True,
    ),
    PersonalData(
        "befriending.ReceivedApplication",
        heading="Volunteer applications waiting to be read",
        # The sealed application is opened by a worker within minutes; it links to nobody.
        subject=(),
        category=Category.PERSONAL,
        fields=("received_at",),
        erase=Erase.DELETE,
        retention=Retention(
            months=0,
            days=30,
            after="received_at",
            note="Applications still sealed after 30 days (the worker opens them in minutes).",
        ),
    ),
    PersonalData(
        "befriending.TrainingRecord",
        heading="Your training",
        subject=("befriender__user",),
        category=Category.PERSONAL,
        fields=("module", "completed_on"),
        erase=Erase.DELETE,
    ),
    PersonalData(
        "befriending.SupervisionSession",
        heading="Your supervision sessions",
        subject=("befriender__user",),
        category=Category.PERSONAL,
        fields=("held_on", "notes"),
        staff_only=("notes",),
        erase=Erase.ANONYMISE,
        anonymise={"notes": ""},
        actors=("held_by",),
    ),
    PersonalData(
        "befriending.Referral",
        heading="Your referral for a befriender",
        subject=("parent__user",),
        category=Category.SPECIAL,
        fields=(
            "referred_on",
            "status",
            "hopes",
            "preferred_gender",
            "preferred_language",
            "region",
            "availability",
        ),
        staff_only=("hopes",),
        erase=Erase.ANONYMISE,
        anonymise={"hopes": "", "preferred_language": "", "region": "", "availability": []},
        actors=("referred_by",),
    ),
    PersonalData(
        "befriending.Match",
        heading="Your befriending match",
        subject=("parent__user", "befriender__user"),
        category=Category.SAFEGUARDING,
        fields=(
            "status",
            "started_on",
            "planned_end_on",
            "ended_on",
            "how_often",
            "contact_method",
            "where",
            "ending_reason",
            "closing_summary",
        ),
        staff_only=("closing_summary",),
        erase=Erase.ANONYMISE,
        anonymise={"where": "", "closing_summary": ""},
        retention=Retention(
            months=72,
            after="ended_on",
            when=Q(status=MatchStatus.ENDED),
            note="Ended matches: the closing summary 6 years after the match ended.",
        ),
    ),
    PersonalData(
        "befriending.Review",
        heading="Reviews of your match",
        subject=("match__parent__user", "match__befriender__user"),
        category=Category.SPECIAL,
        fields=("kind", "due_on", "completed_on", "outcome", "next_steps"),
        staff_only=("next_steps",),
        erase=Erase.ANONYMISE,
        anonymise={"next_steps": ""},
        actors=("completed_by",),
        retention=Retention(
            months=72,
            after="match__ended_on",
            when=ENDED_MATCH,
            note="Reviews of an ended match: their next steps 6 years after the match ended.",
        ),
    ),
    PersonalData(
        "befriending.ContactLog",
        heading="Contacts between befriender and parent",
        subject=("match__parent__user", "match__befriender__user"),
        category=Category.SPECIAL,
        fields=("happened_on", "duration_minutes", "method", "parent_mood", "notes"),
        erase=Erase.ANONYMISE,
        anonymise={"notes": ""},
        actors=("created_by",),
        retention=Retention(
            months=24,
            after="match__ended_on",
            when=ENDED_MATCH,
            note="Contact logs of an ended match: their notes 2 years after the match ended.",
        ),
    ),
    PersonalData(
        "befriending.Concern",
        heading="Safeguarding concerns",
        subject=("match__parent__user", "befriender__user"),
        category=Category.SAFEGUARDING,
        fields=("raised_at", "urgency", "status", "details", "outcome", "closed_at"),
        staff_only=("details", "outcome"),
        erase=Erase.KEEP,
        keep_reason=(
            "Safeguarding concerns about a child are kept so that the child stays protected "
            "(Working Together to Safeguard Children; UK GDPR Article 17(3)(b)): who raised it "
            "and what happened stay with the record, visible to safeguarding staff only."
        ),
        keep_plainly=(
            "If a worry about a child's safety was raised, we must keep that record so "
            "the child stays protected. Only the people who keep children safe can see "
            "it."
        ),
        anonymise={},
        actors=("handled_by",),
    ),
)
