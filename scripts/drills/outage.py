"""Redis killed mid-run: every message is delivered exactly once, and people kept working."""

import itertools
import threading
import time
from collections import Counter

from .stack import INVITATION_PATH, Broken, Stack
from .traffic import Tally, Visitor

DEMO_PASSWORD = "pace-demo-password"  # noqa: S105 - the throwaway demo data's password
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - as above
PARENT = "parent@demo.pace.example"
MANAGER = "manager@demo.pace.example"
NEW_PASSWORD = "a long drill password"  # noqa: S105

BEFORE_S, OUTAGE_S, AFTER_S = 20, 30, 25
DRAIN_S = 240  # the sweep runs every minute and re-queues a lost task after two


class Phases:
    """Which phase the drill is in, so each answer can be counted against it."""

    def __init__(self):
        self.now = "before"
        self.stop = threading.Event()
        self.trouble: list[str] = []


def _inviter(stack: Stack, tally: Tally, phases: Phases, invited: Counter) -> None:
    manager = Visitor(stack.web_ports[0], "127.0.2.1", tally)
    if not manager.sign_in(MANAGER, DEMO_PASSWORD, DEMO_TOTP_SECRET):
        answer = manager.last_answer
        phases.trouble.append(
            f"the manager could not sign in ({answer.status} {answer.location}): "
            + answer.body[:300].replace("\n", " ")
        )
        return
    for number in itertools.count(1):
        if phases.stop.wait(0.5):
            return
        answer = manager.submit(
            "invite",
            "/admin/people/invite/",
            {"email": f"drill.parent.{number}@example.org", "role": "Parent"},
        )
        # Sent means the page moved on; the form shown again means it was refused.
        invited[phases.now if answer.status == 302 else f"{phases.now} refused"] += 1


def _signer_in(stack: Stack, tally: Tally, phases: Phases, port: int, network: int, done: Counter):
    """Parents signing in one after another, each from their own address, a second apart."""
    for number in itertools.count():
        if phases.stop.wait(1):
            return
        parent = Visitor(port, f"127.{network}.{number // 250 % 250}.{number % 250 + 1}", tally)
        phase = phases.now
        if parent.sign_in(PARENT, DEMO_PASSWORD) and parent.get("portal", "/my/").status == 200:
            done[f"{phase} ok"] += 1
            parent.sign_out()
        else:
            done[f"{phase} refused"] += 1


def _acceptor(stack: Stack, tally: Tally, phases: Phases, accepted: Counter) -> None:
    """A person who got an invitation opens it and makes their account (signing up)."""
    seen: set[str] = set()
    port = stack.web_ports[1]
    while not phases.stop.wait(1):
        assert stack.sink is not None
        for recipient, _subject, body in stack.sink.received():
            match = INVITATION_PATH.search(body)
            if recipient in seen or not match:
                continue
            seen.add(recipient)
            phase = phases.now
            person = Visitor(port, f"127.0.3.{len(seen) % 250 + 1}", tally)
            answer = person.submit(
                "sign up",
                match.group(0),
                {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            )
            accepted[f"{phase} {'ok' if answer.status == 302 else answer.status}"] += 1


def _run_load_through_outage(stack: Stack) -> tuple[Tally, Phases, Counter, Counter, Counter]:
    tally, phases = Tally(), Phases()
    invited, signed_in, accepted = Counter(), Counter(), Counter()
    threads = [
        threading.Thread(target=_inviter, args=(stack, tally, phases, invited)),
        threading.Thread(target=_acceptor, args=(stack, tally, phases, accepted)),
    ] + [
        threading.Thread(target=_signer_in, args=(stack, tally, phases, port, 10 + i, signed_in))
        for i, port in enumerate(stack.web_ports, start=1)
    ]
    for thread in threads:
        thread.start()
    try:
        phases.stop.wait(BEFORE_S)
        stack.kill_redis()
        phases.now = "during"
        phases.stop.wait(OUTAGE_S)
        stack.start_redis()
        phases.now = "after"
        phases.stop.wait(AFTER_S)
    finally:
        phases.stop.set()
        for thread in threads:
            thread.join(timeout=60)
    return tally, phases, invited, signed_in, accepted


def wait_for_outbox(stack: Stack) -> tuple[int, int]:
    """Seconds until nothing waits in the outbox (bounded), and how many still wait."""
    started = time.monotonic()
    waiting = -1
    while time.monotonic() - started < DRAIN_S:
        waiting = stack.query(
            "from pace_site.notifications.models import Notification\n"
            "result = Notification.objects.filter(status='pending').count()"
        )
        if waiting == 0:
            break
        time.sleep(5)
    return round(time.monotonic() - started), waiting


def delivery_counts(stack: Stack) -> tuple[Counter, int, int, int]:
    """Rows by status, e-mails received, duplicates and missing, matched by recipient."""
    assert stack.sink is not None
    rows = stack.query(
        "from pace_site.notifications.models import Notification\n"
        "result = [[n.to_email.lower(), n.status] for n in Notification.objects.all()]"
    )
    statuses = Counter(status for _address, status in rows)
    sent = Counter(address for address, status in rows if status == "sent")
    received = Counter(recipient for recipient, _subject, _body in stack.sink.received())
    duplicates = sum(max(0, received[a] - sent[a]) for a in received)
    missing = sum(max(0, sent[a] - received[a]) for a in sent)
    return statuses, sum(received.values()), duplicates, missing


def personal_data_in_logs(stack: Stack) -> list[str]:
    """Every address, name and invitation token the drill used that appears in any log."""
    assert stack.sink is not None
    secrets = {PARENT, MANAGER, "drill.parent.", "Priya", "pace-demo-password", NEW_PASSWORD}
    for recipient, _subject, body in stack.sink.received():
        secrets.add(recipient)
        match = INVITATION_PATH.search(body)
        if match:
            secrets.add(match.group(0).rstrip("/").rsplit("/", 1)[-1])
    logs = stack.logs()
    return sorted(secret for secret in secrets if secret in logs)


def drill_redis_outage(stack: Stack) -> None:
    """Redis is killed (SIGKILL) while staff send invitations, parents sign in and invited people
    make their accounts, and started again 30 s later."""
    stack.start_database()
    stack.start_sink()
    stack.start_redis()
    stack.seed()
    stack.start_web()
    for name in ("worker1", "worker2"):
        stack.start_worker(name)
    stack.start_beat()

    tally, phases, invited, signed_in, accepted = _run_load_through_outage(stack)
    drained, waiting = wait_for_outbox(stack)
    statuses, received, duplicates, missing = delivery_counts(stack)
    leaks = personal_data_in_logs(stack)
    stack.figures.update(
        {
            "requests": tally.requests(),
            "server errors (5xx)": len(tally.server_errors),
            **{f"  {group}": line for group, line in tally.summary().items()},
            "invitations sent by staff (before/during/after)": dict(invited),
            "parents signed in": dict(signed_in),
            "accounts made from invitations": dict(accepted),
            "notification rows": dict(statuses),
            "e-mails received": received,
            "duplicates": duplicates,
            "rows marked sent but not received": missing,
            "seconds to drain the outbox after the load": drained,
            "log lines written": len(stack.logs().splitlines()),
            "personal data or tokens found in the logs": len(leaks),
        }
    )
    problems = [
        *phases.trouble,
        f"the logs hold personal data or tokens: {leaks[:5]}" if leaks else "",
        f"{len(tally.server_errors)} server errors: {tally.server_errors[:5]}"
        if tally.server_errors
        else "",
        f"requests could not connect: {tally.connection_errors[:5]}"
        if tally.connection_errors
        else "",
        f"{waiting} messages were still waiting after {DRAIN_S} s" if waiting else "",
        f"{statuses['failed']} messages failed" if statuses.get("failed") else "",
        f"invitations were refused: {dict(invited)}"
        if any(key.endswith("refused") for key in invited)
        else "",
        f"{duplicates} duplicate and {missing} missing e-mails" if duplicates or missing else "",
        "nothing was done during the outage, so it proves nothing"
        if not invited["during"] or not signed_in["during ok"]
        else "",
        f"sign-ins were refused: {dict(signed_in)}"
        if any(key.endswith("refused") for key in signed_in)
        else "",
        f"making an account from an invitation failed: {dict(accepted)}"
        if not accepted or any(not key.endswith("ok") for key in accepted)
        else "",
    ]
    if any(problems):
        raise Broken("; ".join(p for p in problems if p))
