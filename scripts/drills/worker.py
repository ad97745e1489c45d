"""A Celery worker killed mid-task: every message is still delivered, once."""

import time
from collections import Counter

from .outage import wait_for_outbox
from .stack import Broken, Stack, kill_group

MESSAGES = 120
SINK_DELAY_S = 0.15  # each delivery waits this long at the mail server
KILL_AFTER = 25  # messages received before the kill


def _create_messages(stack: Stack) -> None:
    stack.python(
        "from django.db import transaction\n"
        "from pace_site.notifications.services import notify_address\n"
        "with transaction.atomic():\n"
        f"    for n in range({MESSAGES}):\n"
        "        notify_address(f'drill.worker.{n}@example.org', 'drill', "
        "subject='A message', body='Nothing to see.')\n"
    )


def drill_worker_killed(stack: Stack) -> None:
    """Two workers deliver 120 messages through a slow mail server; one is killed with SIGKILL
    (with its pool) while delivering, and started again."""
    stack.start_database()
    sink = stack.start_sink(delay=SINK_DELAY_S)
    stack.start_redis()
    stack.seed()
    stack.start_web()
    first = stack.start_worker("worker1")
    stack.start_worker("worker2")
    stack.start_beat()
    _create_messages(stack)

    deadline = time.monotonic() + 120
    while len(sink.received()) < KILL_AFTER:
        if time.monotonic() > deadline:
            raise Broken("The workers delivered nothing within two minutes.")
        time.sleep(0.05)
    kill_group(first)
    stack.figures["received when the worker was killed"] = len(sink.received())
    # Its tasks in hand are lost with it; their rows wait for the sweep (two minutes' grace).
    stack.start_worker("worker1-again")

    drained, waiting = wait_for_outbox(stack)
    rows = stack.query(
        "from pace_site.notifications.models import Notification\n"
        "result = [[n.to_email, n.status, n.attempts] "
        "for n in Notification.objects.filter(kind='drill')]"
    )
    sent = Counter(address for address, status, _attempts in rows if status == "sent")
    received = Counter(recipient for recipient, _s, _b in sink.received())
    duplicates = sum(n - 1 for n in received.values() if n > 1)
    missing = [a for a, _status, _attempts in rows if received[a] == 0]
    stack.figures.update(
        {
            "messages created": len(rows),
            "marked sent": sum(sent.values()),
            "e-mails received": sum(received.values()),
            "duplicates": duplicates,
            "never received": len(missing),
            "seconds to drain the outbox after the kill": drained,
        }
    )
    if waiting or missing or duplicates or len(rows) != MESSAGES:
        raise Broken(
            f"{waiting} waiting, {len(missing)} never received, {duplicates} duplicates "
            f"of {len(rows)} messages"
        )
