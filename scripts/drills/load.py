"""Load: at least 50 simulated people for five minutes over both web instances, with Locust."""

import csv
import os
import subprocess
import sys
import time

import psutil

from .outage import wait_for_outbox
from .stack import ROOT, Broken, Stack

USERS = int(os.environ.get("DRILL_LOAD_USERS", "50"))
SECONDS = int(os.environ.get("DRILL_LOAD_SECONDS", "300"))
PARENTS = 30
# Staff sign in with a two-step code, and a code is refused when the same account used it in the
# same 30 seconds; so every simulated staff member has an account of their own. Locust gives each
# kind of person a share of USERS by weight (managers 2 and coordinators 1 in 20), so a quarter of
# USERS is more than twice what either kind can need.
MANAGERS = COORDINATORS = max(USERS // 4, 1)

SEED_PEOPLE = f"""
from datetime import timedelta
from django.db import transaction
from django.utils import timezone
from pace_site.accounts.roles import Role
from pace_site.demo import ensure_user
from participation.models import ActivityType, Parent, TakingPartWay

with transaction.atomic():
    kinds = list(ActivityType.objects.all())
    for n in range({PARENTS}):
        user = ensure_user(f"load.parent.{{n}}@example.org", f"Parent {{n}}", Role.PARENT)
        parent, made = Parent.objects.get_or_create(
            user=user,
            defaults={{
                "preferred_name": f"Parent {{n}}",
                "region": "West Yorkshire",
                "joined_on": timezone.localdate() - timedelta(days=200),
                "ways_accepted": list(TakingPartWay.values),
            }},
        )
        if made:
            parent.interests.set(kinds)
    for n in range({MANAGERS}):
        ensure_user(f"load.manager.{{n}}@example.org", f"Manager {{n}}", Role.PARTICIPATION_MANAGER)
    for n in range({COORDINATORS}):
        ensure_user(
            f"load.coordinator.{{n}}@example.org", f"Coordinator {{n}}", Role.BEFRIENDING_COORDINATOR
        )
"""


def web_processes(stack: Stack) -> list[psutil.Process]:
    found = []
    for process in stack.web_processes:
        parent = psutil.Process(process.pid)
        found += [parent, *parent.children(recursive=True)]
    return found


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return total


def read_stats(prefix: str) -> tuple[list[dict], list[dict]]:
    with open(f"{prefix}_stats.csv") as stats, open(f"{prefix}_failures.csv") as failures:
        return list(csv.DictReader(stats)), list(csv.DictReader(failures))


def over_capacity(stack: Stack) -> list:
    return stack.query(
        "from events.models import Event, Registration\n"
        "result = [e.pk for e in Event.objects.all() if e.capacity is not None and "
        "Registration.objects.filter(event=e).holding_places().count() > e.capacity]"
    )


def drill_load(stack: Stack) -> None:
    stack.start_database()
    stack.start_sink()
    stack.start_redis()
    stack.seed()
    stack.python(SEED_PEOPLE)
    stack.start_web()
    for name in ("worker1", "worker2"):
        stack.start_worker(name)
    stack.start_beat()

    prefix = str(stack.tmp / "load")
    processes = web_processes(stack)
    cpu_before = cpu_seconds(processes)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "locust", "-f", "scripts/drills/locustfile.py", "--headless"]
        + ["-u", str(USERS), "-r", "5", "-t", f"{SECONDS}s", "--stop-timeout", "10"]
        + ["--csv", prefix, "--only-summary", "--exit-code-on-error", "0"],
        cwd=ROOT,
        env={
            **os.environ,
            "DRILL_WEB_PORTS": ",".join(map(str, stack.web_ports)),
            "DRILL_PARENTS": str(PARENTS),
            "DRILL_MANAGERS": str(MANAGERS),
            "DRILL_COORDINATORS": str(COORDINATORS),
        },
        capture_output=True,
        text=True,
        timeout=SECONDS + 120,
        check=False,
    )
    elapsed = time.monotonic() - started
    cpu = cpu_seconds(processes + [p for p in web_processes(stack) if p not in processes])
    cpu -= cpu_before
    if result.returncode:
        raise Broken(f"Locust stopped with {result.returncode}:\n{result.stderr[-2000:]}")
    stats, failures = read_stats(prefix)
    total = next(row for row in stats if row["Name"] == "Aggregated")
    requests, failed = int(total["Request Count"]), int(total["Failure Count"])
    stack.figures.update(
        {
            "simulated people": USERS,
            "seconds": round(elapsed),
            "requests": requests,
            "failures": failed,
            "requests per second": round(requests / elapsed, 1),
            "web CPU per request (ms)": round(cpu * 1000 / max(requests, 1), 1),
        }
    )
    for row in sorted(stats, key=lambda r: r["Name"]):
        if row["Name"] == "Aggregated":
            continue
        stack.figures[f"  {row['Name']}"] = (
            f"{row['Request Count']} requests, {row['Failure Count']} failed; "
            f"p50 {row['50%']} ms, p95 {row['95%']} ms, p99 {row['99%']} ms"
        )
    drained, waiting = wait_for_outbox(stack)
    crowded = over_capacity(stack)
    stack.figures["seconds to drain the outbox after the load"] = drained
    problems = [f"{row['Occurrences']}× {row['Name']}: {row['Error']}" for row in failures]
    if waiting:
        problems.append(f"{waiting} messages still waiting")
    if crowded:
        problems.append(f"events over capacity: {crowded}")
    if requests == 0:
        problems.append("no request was made")
    if problems:
        raise Broken("; ".join(problems[:10]))
