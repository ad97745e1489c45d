"""Queueing a task for a row that a beat sweep also finds: the outbox, received volunteer
applications, password-reset requests.

The row is the truth; the queued task is only a shortcut. If the broker is down when the row is
written, the request must still succeed, so the error is logged (without the row's content) and
the sweep picks the row up later.
"""

import logging

logger = logging.getLogger("pace.queueing")


def queue_or_leave_for_sweep(task, row_id: int, *, what: str) -> bool:
    """`task.delay(row_id)`; on a broker error, log it and return False (the sweep will)."""
    try:
        task.delay(row_id)
    except Exception as error:  # kombu/redis raise several types when the broker is unreachable
        logger.warning(
            "Could not queue %s %s (%s); the sweep will.", what, row_id, type(error).__name__
        )
        return False
    return True
