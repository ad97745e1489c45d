"""Making a race happen every time, on PostgreSQL.

A race test pins a lock (a `SELECT … FOR UPDATE`, a unique index): with the lock the racers take
turns, without it they all read before anyone writes and the rule breaks. Left to chance, the
racers often take turns anyway, so the test would pass without the lock half the time. Here:

- every racer runs in its own thread with its own connection, opened before a barrier that
  releases them together (`start`);
- a `Gate` (a table lock held from its own connection) stops every racer at the write that
  follows its decision;
- the test waits until each racer is stopped at the gate or behind the lock under test
  (`parked`: PostgreSQL's pg_stat_activity says how many connections wait for a lock), and
  only then opens the gate.

With the lock, one racer decides and waits at the gate while the others wait for its lock; then
they go one by one and see its write. Without it, they all decide, all wait at the gate, and
all write.
"""

import threading

from django.db import connection, transaction

from .helpers import wait_until


def waiting_for_locks() -> int:
    """How many connections to this database are waiting for a lock right now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


class Gate:
    """Holds `LOCK TABLE … IN SHARE MODE` from its own connection: every insert, update or
    delete on the table waits until `open()` (row locks taken with FOR UPDATE do not)."""

    def __init__(self, table: str):
        self.table = table
        self.locked = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self):
        from django.db import connection as own

        try:
            with transaction.atomic(), own.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {own.ops.quote_name(self.table)} IN SHARE MODE")
                self.locked.set()
                self.release.wait(timeout=120)
        finally:
            own.close()

    def close(self) -> "Gate":
        self.thread.start()
        assert self.locked.wait(timeout=30), "the gate could not take its lock"
        return self

    def open(self) -> None:
        self.release.set()
        self.thread.join(timeout=60)


class Racer(threading.Thread):
    """Runs one action in its own thread with its own connection, opened before the start
    barrier (connecting takes long enough to spread the racers out). Keeps what the action
    returned or raised."""

    def __init__(self, action, start_together: threading.Barrier):
        super().__init__()
        self.action, self.start_together = action, start_together
        self.result, self.error = None, None

    def run(self):
        from django.db import connection as own

        try:
            own.ensure_connection()
            self.start_together.wait(timeout=30)
            self.result = self.action()
        except Exception as error:  # the test looks at it
            self.error = error
        finally:
            own.close()


def start(actions) -> list[Racer]:
    barrier = threading.Barrier(len(actions))
    racers = [Racer(action, barrier) for action in actions]
    for racer in racers:
        racer.start()
    return racers


def parked(n: int, what: str) -> None:
    """Wait until `n` connections wait for a lock (at the gate or behind the lock under test)."""
    wait_until(lambda: waiting_for_locks() >= n, what=what)


def finish(racers) -> None:
    for racer in racers:
        racer.join(timeout=60)
    assert not any(racer.is_alive() for racer in racers), "a racer did not finish"


def race(actions, *, gate: str, what: str) -> list[Racer]:
    """Run the actions at once, each stopped at a write to `gate` until all are parked."""
    assert connection.vendor == "postgresql"
    held = Gate(gate).close()
    try:
        racers = start(actions)
        parked(len(actions), what)
    finally:
        held.open()
    finish(racers)
    return racers
