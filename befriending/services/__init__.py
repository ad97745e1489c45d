"""Actions on befriending records. Each runs in one transaction, takes the acting user as `by`
and writes an audit entry whose summary never holds the sensitive text itself.

One module per area (volunteers, matches, concerns); `from befriending import services` and
`services.move_befriender(...)` reach every one of them.
"""

from .concerns import (
    close_concern,
    log_contact,
    raise_concern,
    take_concern_in_hand,
)
from .errors import (
    BefriendingError,
)
from .matches import (
    change_planned_end,
    close_referral,
    complete_review,
    create_referral,
    end_match,
    propose_match,
    record_introduction,
    start_match,
    update_arrangements,
)
from .volunteers import (
    ALLOWED_MOVES,
    RECEIVED_APPLICATION_GRACE,
    VOLUNTEER_ROLES,
    apply_to_volunteer,
    handle_received_application,
    link_account,
    move_befriender,
    queue_received_application,
    receive_application,
    record_dbs,
    record_supervision,
    record_training,
    set_capacity,
    volunteer_role,
    withdraw_application,
)

__all__ = [
    "ALLOWED_MOVES",
    "BefriendingError",
    "RECEIVED_APPLICATION_GRACE",
    "VOLUNTEER_ROLES",
    "apply_to_volunteer",
    "change_planned_end",
    "close_concern",
    "close_referral",
    "complete_review",
    "create_referral",
    "end_match",
    "handle_received_application",
    "link_account",
    "log_contact",
    "move_befriender",
    "propose_match",
    "queue_received_application",
    "raise_concern",
    "receive_application",
    "record_dbs",
    "record_introduction",
    "record_supervision",
    "record_training",
    "set_capacity",
    "start_match",
    "take_concern_in_hand",
    "update_arrangements",
    "volunteer_role",
    "withdraw_application",
]
