"""Races at scale, over both web instances: 40 parents book the last event place, 10 managers
confirm the last opportunity place, 5 coordinators start matches with one befriender who has
room for one more. Exactly one winner each; the rest are told calmly; queues in order."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from .forms import form_values
from .stack import Broken, Stack
from .traffic import Tally, Visitor

PARENTS, MANAGERS, COORDINATORS = 40, 10, 5
PASSWORD = "pace-demo-password"  # noqa: S105 - the throwaway demo data's password
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - as above

SEED = f"""
from datetime import timedelta
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from befriending import services as befriending
from events import services as events
from events.services import Needs
from pace_site.accounts.roles import Role
from pace_site.demo import ensure_user
from participation.models import SignUpStatus
from tests.befriending.factories import BefrienderFactory, ReferralFactory
from tests.events.factories import EventFactory
from tests.factories import ParentFactory
from tests.participation.factories import OpportunityFactory, SignUpFactory, activity

with transaction.atomic():
    event = EventFactory(capacity=3, title="The last place")
    for n in range(2):
        events.register(event, user=ensure_user(f"race.early.{{n}}@example.org", "Early", Role.PARENT), needs=Needs())
    parents = [ensure_user(f"race.parent.{{n}}@example.org", f"Parent {{n}}", Role.PARENT) for n in range({PARENTS})]

    opportunity = OpportunityFactory(activity_type=activity("Consultation"), places=2)
    SignUpFactory(opportunity=opportunity, status=SignUpStatus.CONFIRMED)
    sign_ups = [SignUpFactory(opportunity=opportunity).pk for _ in range({MANAGERS})]
    managers = [ensure_user(f"race.manager.{{n}}@example.org", f"Manager {{n}}", Role.PARTICIPATION_MANAGER) for n in range({MANAGERS})]

    befriender = BefrienderFactory(max_active_matches={COORDINATORS})
    today = timezone.localdate()
    matches = []
    for _ in range({COORDINATORS}):
        match = befriending.propose_match(
            referral=ReferralFactory(parent=ParentFactory()), befriender=befriender, by=None
        )
        matches.append(befriending.record_introduction(match, introduction_on=today, by=None).pk)
    befriender.max_active_matches = 1
    befriender.save(update_fields=["max_active_matches"])
    coordinators = [ensure_user(f"race.coordinator.{{n}}@example.org", f"Coordinator {{n}}", Role.BEFRIENDING_COORDINATOR) for n in range({COORDINATORS})]

result = {{"event": event.pk, "opportunity": opportunity.pk, "sign_ups": sign_ups,
          "befriender": befriender.pk, "matches": matches}}
"""

OUTCOME = """
from events.models import Registration, RegistrationStatus
from befriending.models import Match, MatchStatus
from participation.models import SignUp, SignUpStatus
racing = Registration.objects.filter(event_id={event}, user__email__startswith="race.parent.")
waiting = list(racing.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlist_number"))
result = {{
    "booked": racing.filter(status=RegistrationStatus.CONFIRMED).count(),
    "waiting": len(waiting),
    "queue numbers": [r.waitlist_number for r in waiting],
    "queue in booking order": [r.registered_at for r in waiting]
        == sorted(r.registered_at for r in waiting),
    "places held": Registration.objects.filter(event_id={event}).holding_places().count(),
    "confirmed sign-ups": SignUp.objects.filter(opportunity_id={opportunity},
        status=SignUpStatus.CONFIRMED).count(),
    "active matches": Match.objects.filter(befriender_id={befriender},
        status=MatchStatus.ACTIVE).count(),
}}
"""


def _signed_in(stack: Stack, tally: Tally, emails: list[str], staff: bool) -> list[Visitor]:
    """Everyone signed in before the race, four at a time (as many as the web workers)."""

    def sign_in(n: int, email: str) -> Visitor:
        port = stack.web_ports[n % len(stack.web_ports)]
        person = Visitor(port, f"127.{30 + n // 250}.{n % 250}.1", tally)
        if not person.sign_in(email, PASSWORD, TOTP_SECRET if staff else None):
            raise Broken(f"{email} could not sign in before the race.")
        return person

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(sign_in, range(len(emails)), emails))


def _race(people: list[Visitor], paths: list[str], fields: dict, name: str) -> list[int]:
    """Everyone opens their form, then all send it at the same moment."""
    forms = [
        form_values(person.get(f"{name} (form)", path).body, path, path)
        for person, path in zip(people, paths, strict=True)
    ]
    barrier = threading.Barrier(len(people))
    statuses: list[int] = [0] * len(people)

    def go(index: int) -> None:
        barrier.wait()
        answer = people[index].request(
            name, "POST", paths[index], {**forms[index], **fields(index)}
        )
        statuses[index] = answer.status

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(people))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def drill_races(stack: Stack) -> None:
    stack.start_database()
    stack.start_sink()
    stack.start_redis()
    stack.seed()
    ids = stack.query(SEED)
    stack.start_web()
    for name in ("worker1", "worker2"):
        stack.start_worker(name)
    tally = Tally()

    parents = _signed_in(
        stack, tally, [f"race.parent.{n}@example.org" for n in range(PARENTS)], False
    )
    event_page = f"/my/events/{ids['event']}/"
    booked = _race(parents, [event_page] * PARENTS, lambda i: {}, "book the last place")

    managers = _signed_in(
        stack, tally, [f"race.manager.{n}@example.org" for n in range(MANAGERS)], True
    )
    confirm = [f"/admin/participation/sign-ups/{pk}/confirm/" for pk in ids["sign_ups"]]
    confirmed = _race(managers, confirm, lambda i: {}, "confirm the last place")

    coordinators = _signed_in(
        stack, tally, [f"race.coordinator.{n}@example.org" for n in range(COORDINATORS)], True
    )
    start = [f"/admin/befriending/matches/{pk}/start/" for pk in ids["matches"]]
    from datetime import date

    today = date.today()
    fields = {
        "started_on": today.isoformat(),
        "planned_end_on": (today + timedelta(days=365)).isoformat(),
        "how_often": "Every week",
        "contact_method": "phone",
        "where": "",
    }
    started = _race(coordinators, start, lambda i: fields, "start a match")

    outcome = stack.query(OUTCOME.format(**ids))
    stack.figures.update(
        {
            "parents booking the last event place": f"{PARENTS}, answers {sorted(set(booked))}",
            "  booked": outcome["booked"],
            "  on the waiting list": outcome["waiting"],
            "  queue numbers 1..39 in booking order": outcome["queue numbers"]
            == list(range(1, PARENTS))
            and outcome["queue in booking order"],
            "managers confirming the last place": f"{MANAGERS}, answers {sorted(set(confirmed))}",
            "  confirmed (one was already)": outcome["confirmed sign-ups"],
            "coordinators starting a match": f"{COORDINATORS}, answers {sorted(set(started))}",
            "  active matches for the befriender": outcome["active matches"],
            "server errors (5xx)": len(tally.server_errors),
        }
    )
    problems = []
    if outcome["booked"] != 1 or outcome["waiting"] != PARENTS - 1:
        problems.append("the last event place did not go to exactly one parent")
    if outcome["queue numbers"] != list(range(1, PARENTS)) or not outcome["queue in booking order"]:
        problems.append("the waiting list is not numbered 1.. in booking order")
    if outcome["places held"] != 3:
        problems.append(f"{outcome['places held']} places held of 3")
    if outcome["confirmed sign-ups"] != 2:
        problems.append(f"{outcome['confirmed sign-ups']} confirmed sign-ups for 2 places")
    if outcome["active matches"] != 1:
        problems.append(f"{outcome['active matches']} active matches for one free place")
    if tally.server_errors or any(s >= 500 or s == 0 for s in booked + confirmed + started):
        problems.append(f"errors: {tally.server_errors[:5]}")
    if problems:
        raise Broken("; ".join(problems))
