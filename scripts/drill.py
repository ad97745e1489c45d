#!/usr/bin/env python
"""`make drill`: run the real processes, break them on purpose, and count what survived.

    make drill                    every scenario
    make drill SCENARIO=restore   one (names below)

Each scenario starts what it needs on loopback addresses only (its own PostgreSQL cluster and,
where it needs them, Redis, web and Celery processes), seeds the demo data, breaks something,
checks the database afterwards, prints its figures and stops everything it started. The run
exits non-zero when any promise was broken.
"""

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))

from drills.database import drill_database_restart  # noqa: E402
from drills.load import drill_load  # noqa: E402
from drills.outage import drill_redis_outage  # noqa: E402
from drills.races import drill_races  # noqa: E402
from drills.restore import drill_restore  # noqa: E402
from drills.stack import Broken, Stack  # noqa: E402
from drills.worker import drill_worker_killed  # noqa: E402
from run_tests import apt_install, fail  # noqa: E402

SCENARIOS: dict[str, Callable[[Stack], None]] = {
    "load": drill_load,
    "restore": drill_restore,
    "redis": drill_redis_outage,
    "database": drill_database_restart,
    "worker": drill_worker_killed,
    "races": drill_races,
}


def keep_logs(name: str, tmp: Path) -> None:
    """A broken promise is looked into afterwards: the processes' logs are kept under var/."""
    kept = ROOT / "var" / "drills" / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}"
    kept.mkdir(parents=True, exist_ok=True)
    for log in tmp.glob("*.log"):
        shutil.copy2(log, kept / log.name)
    print(f"  the logs are kept in {kept.relative_to(ROOT)}", flush=True)


def run_one(name: str) -> bool:
    kept = False
    tmp = Path(tempfile.mkdtemp(prefix=f"pace-drill-{name}-"))
    tmp.chmod(0o755)
    stack = Stack(tmp)
    started = time.monotonic()
    print(f"\n== Drill: {name}", flush=True)
    try:
        SCENARIOS[name](stack)
        kept = True
    except Broken as broken:
        print(f"PROMISE BROKEN: {broken}", flush=True)
        kept = False
    finally:
        stack.stop()
        if not kept:
            keep_logs(name, tmp)
        shutil.rmtree(tmp, ignore_errors=True)
    for label, value in stack.figures.items():
        print(f"  {label}: {value}")
    print(
        f"  took {time.monotonic() - started:.0f} s: {'every promise kept' if kept else 'FAILED'}"
    )
    return kept


def ensure_tools() -> None:
    if not shutil.which("gpg") and not apt_install("gnupg"):
        fail("GnuPG is missing. Install it with: sudo apt-get install gnupg")
    if not shutil.which("redis-server") and not apt_install("redis-server"):
        fail("redis-server is missing. Install it with: sudo apt-get install redis-server")


def main(argv: list[str]) -> int:
    names = argv or list(SCENARIOS)
    unknown = [name for name in names if name not in SCENARIOS]
    if unknown:
        print(f"No such drill: {', '.join(unknown)}. The drills are: {', '.join(SCENARIOS)}.")
        return 2
    ensure_tools()
    folder = Path(tempfile.mkdtemp(prefix="pace-drill-seeded-"))
    folder.chmod(0o755)
    started = time.monotonic()
    try:
        Stack.baseline = Stack(folder).make_baseline()
        print(f"Seeded the demo data once for every drill ({time.monotonic() - started:.0f} s).")
        results = {name: run_one(name) for name in names}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("\n" + ", ".join(f"{name}: {'kept' if ok else 'BROKEN'}" for name, ok in results.items()))
    print(f"All drills: {time.monotonic() - started:.0f} s")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
