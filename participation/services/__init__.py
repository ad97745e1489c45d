"""Actions on participation records. Each runs in one transaction and writes an audit entry.

Every function takes the record it acts on first, everything else keyword-only, and the acting
user as `by`. A refusal raises ParticipationError with a message in plain words, and changes
nothing. `from participation.services import X` and `services.X` work for every name here.
"""

from .check_ins import complete_follow_up, log_check_in, self_check_in
from .common import (
    DEBRIEF_WORKING_DAYS,
    ParticipationError,
    add_working_days,
    refresh_check_in_due,
)
from .consent import (
    AFTER_WITHDRAWAL,
    NEEDS_BECAUSE,
    ask_again_before_expiry,
    end_lapsed_consent,
    give_consent,
    renew_consent,
    withdraw_consent,
)
from .impact import record_change_made
from .opportunities import (
    mark_left,
    offer_to,
    opportunity_portal_url,
    publish_opportunity,
    save_activity_type,
    save_opportunity,
    save_payment_rate,
    set_opportunity_status,
    who_to_invite,
)
from .parents import add_private_date, remove_private_date, save_parent, update_interests
from .pauses import ask_to_come_back, pause_parent, resume_parent
from .sign_ups import (
    confirm_sign_up,
    confirm_with_readiness,
    decide_sign_up,
    sign_up,
    withdraw_sign_up,
)

__all__ = [
    "AFTER_WITHDRAWAL",
    "DEBRIEF_WORKING_DAYS",
    "NEEDS_BECAUSE",
    "ParticipationError",
    "add_private_date",
    "add_working_days",
    "ask_to_come_back",
    "complete_follow_up",
    "confirm_sign_up",
    "confirm_with_readiness",
    "decide_sign_up",
    "ask_again_before_expiry",
    "end_lapsed_consent",
    "give_consent",
    "renew_consent",
    "log_check_in",
    "mark_left",
    "offer_to",
    "opportunity_portal_url",
    "pause_parent",
    "publish_opportunity",
    "record_change_made",
    "refresh_check_in_due",
    "remove_private_date",
    "resume_parent",
    "save_activity_type",
    "save_payment_rate",
    "save_opportunity",
    "save_parent",
    "self_check_in",
    "set_opportunity_status",
    "sign_up",
    "update_interests",
    "who_to_invite",
    "withdraw_consent",
    "withdraw_sign_up",
]
