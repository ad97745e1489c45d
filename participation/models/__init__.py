"""Records of the core parent group: parents, the kinds of activity they opt in to,
opportunities and sign-ups, pauses, wellbeing check-ins and consent.

Who may see what is said by the queryset methods here (`visible_to`, `for_parent`); views never
build those filters by hand. `from participation.models import X` works for every name.
"""

from .care import (
    Channel,
    CheckIn,
    CheckInKind,
    CheckInQuerySet,
    Consent,
    ConsentQuerySet,
    Pause,
    PauseQuerySet,
    PauseStartedBy,
)
from .opportunities import (
    LIVE_STATUSES,
    PLACE_TAKING_STATUSES,
    Opportunity,
    OpportunityQuerySet,
    OpportunityStatus,
    SignUp,
    SignUpQuerySet,
    SignUpStatus,
)
from .people import (
    DEFAULT_CHECK_IN_WEEKS,
    PRIVATE_DATE_MARGIN_DAYS,
    READINESS_VALID_DAYS,
    ActivityContent,
    ActivityType,
    ConsentPurpose,
    Parent,
    ParentQuerySet,
    ParentRowsQuerySet,
    ParentStatus,
    TakingPartWay,
    WithdrawnHow,
    is_participation_staff,
)

__all__ = [
    "DEFAULT_CHECK_IN_WEEKS",
    "LIVE_STATUSES",
    "PLACE_TAKING_STATUSES",
    "PRIVATE_DATE_MARGIN_DAYS",
    "READINESS_VALID_DAYS",
    "ActivityType",
    "Channel",
    "CheckIn",
    "CheckInKind",
    "CheckInQuerySet",
    "Consent",
    "ConsentPurpose",
    "ConsentQuerySet",
    "ActivityContent",
    "Opportunity",
    "OpportunityQuerySet",
    "OpportunityStatus",
    "Parent",
    "ParentQuerySet",
    "ParentRowsQuerySet",
    "ParentStatus",
    "Pause",
    "PauseQuerySet",
    "PauseStartedBy",
    "SignUp",
    "SignUpQuerySet",
    "SignUpStatus",
    "TakingPartWay",
    "WithdrawnHow",
    "is_participation_staff",
]
