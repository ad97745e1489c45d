"""PostgreSQL restarted under load: a calm 503 page while it is down, nothing half-written, and
the service back by itself within seconds of the database's return."""

import itertools
import threading
import time
from collections import Counter
from http.client import HTTPConnection

from .forms import form_values
from .outage import DEMO_PASSWORD, PARENT, Phases
from .stack import Broken, Stack
from .traffic import Tally, Visitor

BEFORE_S, DOWN_S, AFTER_S = 15, 10, 20


def _reader(stack: Stack, tally: Tally, phases: Phases, port: int, pages: Counter) -> None:
    reader = Visitor(port, "127.40.0.1", tally)
    for number in itertools.count():
        if phases.stop.wait(0.2):
            return
        # A new search each time: never answered from the page cache.
        answer = reader.get("public page", f"/search/?query=drill{number}")
        pages[f"{phases.now} {answer.status}"] += 1
        if answer.status == 503 and "Exit this page" not in answer.body:
            pages["503 without Exit this page"] += 1


def _checker_in(stack: Stack, tally: Tally, phases: Phases, saved: Counter) -> None:
    parent = Visitor(stack.web_ports[1], "127.41.0.1", tally)
    if not parent.sign_in(PARENT, DEMO_PASSWORD):
        phases.trouble.append("the parent could not sign in before the restart")
        return
    while not phases.stop.wait(0.5):
        page = parent.get("check in", "/my/check-in/")
        if page.status != 200:
            saved[f"{phases.now} form {page.status}"] += 1
            continue
        data = {**form_values(page.body, "/my/check-in/", "/my/check-in/"), "wellbeing": "4"}
        answer = parent.request("check in", "POST", "/my/check-in/", data)
        saved["sent and saved" if answer.status == 302 else f"refused {answer.status}"] += 1


def seconds_until_ready(stack: Stack, deadline_s: float = 60) -> float:
    started = time.monotonic()
    waiting = set(stack.web_ports)
    while waiting and time.monotonic() - started < deadline_s:
        for port in list(waiting):
            try:
                connection = HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/readyz", headers={"Host": "localhost"})
                if connection.getresponse().status == 200:
                    waiting.discard(port)
            except OSError:
                pass
        time.sleep(0.1)
    if waiting:
        raise Broken(f"Web instances on {sorted(waiting)} were not ready {deadline_s} s later.")
    return round(time.monotonic() - started, 1)


def check_ins_of_the_parent(stack: Stack) -> int:
    return stack.query(
        "from participation.models import CheckIn\n"
        f"result = CheckIn.objects.filter(parent__user__email='{PARENT}').count()"
    )


def drill_database_restart(stack: Stack) -> None:
    stack.start_database()
    stack.start_sink()
    stack.start_redis()
    stack.seed()
    stack.start_web()
    stack.start_worker("worker1")
    before = check_ins_of_the_parent(stack)

    tally, phases = Tally(), Phases()
    pages: Counter = Counter()
    saved: Counter = Counter()
    threads = [
        threading.Thread(target=_reader, args=(stack, tally, phases, port, pages))
        for port in stack.web_ports
    ] + [threading.Thread(target=_checker_in, args=(stack, tally, phases, saved))]
    for thread in threads:
        thread.start()
    try:
        phases.stop.wait(BEFORE_S)
        phases.now = "down"
        stack.pg.stop()
        phases.stop.wait(DOWN_S)
        stack.pg.start()
        phases.now = "after"
        back = seconds_until_ready(stack)
        phases.stop.wait(AFTER_S)
    finally:
        phases.stop.set()
        for thread in threads:
            thread.join(timeout=60)
    after = check_ins_of_the_parent(stack)

    stack.figures.update(
        {
            "answers (phase status)": dict(sorted(pages.items())),
            "check-ins": dict(saved),
            "check-in rows added": after - before,
            "seconds until both web instances were ready after the database returned": back,
            "server errors other than 503": sorted(
                {e for e in tally.server_errors if not e.startswith("503")}
            ),
        }
    )
    problems = list(phases.trouble)
    wrong = [e for e in tally.server_errors if not e.startswith("503")]
    if wrong:
        problems.append(f"answers other than a calm 503: {wrong[:5]}")
    if pages["503 without Exit this page"]:
        problems.append("a 503 page without Exit this page")
    if not any(key.startswith("down 503") for key in pages):
        problems.append("no request met the outage, so it proves nothing")
    if after - before != saved["sent and saved"]:
        problems.append(
            f"{saved['sent and saved']} check-ins were acknowledged but {after - before} saved"
        )
    if not any(key.startswith("after 200") for key in pages):
        problems.append("no page was served after the database returned")
    if problems:
        raise Broken("; ".join(problems))
