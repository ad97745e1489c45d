"""A realistic outcomes-report data set: ten years of a 200-parent programme, made with
bulk_create in seconds. Used by scripts/bench_report.py (`make bench`); safe to run once per
database (it adds its rows whatever is there; give it an empty one).

Each year about twenty parents join; some take breaks, some leave. Activities are offered
monthly with sign-ups; parents check in about every four weeks while taking part; befriending
referrals are matched and reviewed; events are held with places, waiting lists and feedback;
questionnaires are sent after taking part and every six months (a baseline first), and most
are answered.
"""

import datetime
import random
from datetime import timedelta

YEARS = 10
PARENTS = 200
SEED = 15


def _aware(day: datetime.date, hour: int = 11) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def generate(*, today: datetime.date, stdout) -> dict[str, int]:
    """Make the data set ending `today`; the number of rows of each kind."""
    from django.db import transaction

    with transaction.atomic():
        rng = random.Random(SEED)
        start = today.replace(year=today.year - YEARS)
        parents = _parents(rng, start, today)
        counts = {"parents": len(parents)}
        counts.update(_participation(rng, parents, start, today))
        counts.update(_befriending(rng, parents, start, today))
        counts.update(_events(rng, parents, start, today))
        counts.update(_answers(rng, parents, today))
    stdout.write(", ".join(f"{n} {kind}" for kind, n in counts.items()) + "\n")
    return counts


def _parents(rng, start, today):
    from pace_site.accounts.models import User
    from participation.models import Parent

    users = User.objects.bulk_create(
        User(email=f"report-bench-{n}@bench.pace.example", display_name=f"Bench {n}")
        for n in range(PARENTS)
    )
    span = (today - start).days
    parents = []
    for n, user in enumerate(users):
        joined = start + timedelta(days=int(span * n / PARENTS))
        roll = rng.random()
        status = "left" if roll < 0.3 else "paused" if roll < 0.4 else "active"
        parents.append(
            Parent(
                user=user,
                preferred_name=f"Bench Parent {n}",
                region=rng.choice(["Leeds", "Bradford", "Sheffield", "York"]),
                joined_on=joined,
                status=status,
            )
        )
    return Parent.objects.bulk_create(parents)


def _months(start, today):
    day = start.replace(day=1)
    while day <= today:
        yield day
        day = (day + timedelta(days=32)).replace(day=1)


def _participation(rng, parents, start, today):
    from participation.models import ActivityType, CheckIn, Opportunity, SignUp

    types = [
        ActivityType.objects.get_or_create(name=name)[0]
        for name in ("Speaking at training", "Reviewing a document", "Consultation")
    ]
    opportunities = Opportunity.objects.bulk_create(
        Opportunity(
            title=f"Bench activity {month:%Y-%m}",
            activity_type=rng.choice(types),
            description="Benchmark activity.",
            starts_at=_aware(month + timedelta(days=14)),
            places=8,
            status="closed",
        )
        for month in _months(start, today)
    )
    sign_ups, check_ins = [], []
    for opportunity in opportunities:
        day = opportunity.starts_at.date()
        joined = [p for p in parents if p.joined_on <= day]
        for parent in rng.sample(joined, min(len(joined), 6)):
            status = rng.choice(["took_part", "took_part", "confirmed", "withdrawn", "declined"])
            sign_ups.append(
                SignUp(
                    parent=parent,
                    opportunity=opportunity,
                    way="in_person",
                    status=status,
                    created_at=opportunity.starts_at - timedelta(days=10),
                )
            )
    for parent in parents:
        day = parent.joined_on
        while day < today:
            next_day = day + timedelta(weeks=4)
            check_ins.append(
                CheckIn(
                    parent=parent,
                    happened_at=_aware(day + timedelta(days=rng.randint(-3, 6))),
                    channel="phone",
                    wellbeing=rng.randint(1, 5),
                    next_due_on=next_day,
                )
            )
            day = next_day
    SignUp.objects.bulk_create(sign_ups)
    CheckIn.objects.bulk_create(check_ins, batch_size=2000)
    return {"sign-ups": len(sign_ups), "check-ins": len(check_ins)}


def _befriending(rng, parents, start, today):
    from befriending.models import Befriender, Match, Referral, Review

    befrienders = Befriender.objects.bulk_create(
        Befriender(
            name=f"Bench Befriender {n}",
            email=f"report-bench-befriender-{n}@bench.pace.example",
            region="Leeds",
            status="active",
        )
        for n in range(40)
    )
    chosen = rng.sample(parents, 120)
    referrals = Referral.objects.bulk_create(
        Referral(
            parent=parent,
            region=parent.region,
            referred_on=parent.joined_on + timedelta(days=rng.randint(10, 200)),
            status="matched",
        )
        for parent in chosen
    )
    matches, reviews = [], []
    for n, referral in enumerate(referrals):
        started = referral.referred_on + timedelta(days=rng.randint(14, 90))
        if started >= today:
            started = today - timedelta(days=1)
        planned = started + timedelta(days=365)
        ended = started + timedelta(days=rng.randint(150, 540))
        is_over = ended < today
        matches.append(
            Match(
                befriender=befrienders[n % len(befrienders)],
                parent=referral.parent,
                referral=referral,
                status="ended" if is_over else "active",
                introduction_on=started,
                started_on=started,
                planned_end_on=planned,
                ended_on=ended if is_over else None,
                ending_reason=rng.choice(["planned", "parent", "volunteer"]) if is_over else "",
            )
        )
    matches = Match.objects.bulk_create(matches)
    for match in matches:
        for quarter in range(1, 5):
            due = match.started_on + timedelta(days=91 * quarter)
            if due > today:
                break
            done = rng.random() < 0.85
            reviews.append(
                Review(
                    match=match,
                    kind="regular",
                    due_on=due,
                    completed_on=due + timedelta(days=rng.randint(-7, 14)) if done else None,
                    outcome="continue" if done else "",
                )
            )
    Review.objects.bulk_create(reviews)
    return {"referrals": len(referrals), "matches": len(matches), "reviews": len(reviews)}


def _events(rng, parents, start, today):
    from events.models import Event, Feedback, Registration

    events = Event.objects.bulk_create(
        Event(
            title=f"Bench network day {month:%Y-%m}",
            description="Benchmark event.",
            region=rng.choice(["Leeds", "Sheffield"]),
            starts_at=_aware(month + timedelta(days=20), 10),
            ends_at=_aware(month + timedelta(days=20), 15),
            venue_name="Bench Hall",
            venue_address="1 Bench Street",
            capacity=20,
            registration_opens_at=_aware(month - timedelta(days=30)),
            registration_closes_at=_aware(month + timedelta(days=19)),
            published_at=_aware(month - timedelta(days=30)),
        )
        for month in list(_months(start, today))[::3]
    )
    registrations = []
    for event in events:
        joined = [p for p in parents if p.joined_on <= event.starts_at.date()]
        for n, parent in enumerate(rng.sample(joined, min(len(joined), 24))):
            waited = n >= 20
            registrations.append(
                Registration(
                    event=event,
                    user_id=parent.user_id,
                    status=rng.choice(["attended", "attended", "did_not_attend"])
                    if not waited or n < 22
                    else "waitlisted",
                    waitlist_number=n - 19 if waited and n >= 22 else None,
                    promoted_at=event.starts_at - timedelta(days=3) if waited and n < 22 else None,
                    confirmed_at=event.starts_at - timedelta(days=20),
                )
            )
    registrations = Registration.objects.bulk_create(registrations)
    feedback = Feedback.objects.bulk_create(
        Feedback(
            registration=registration,
            felt_less_alone=rng.choice(["yes", "yes", "a_little", "no"]),
            met_someone_who_understands=rng.choice(["yes", "a_little"]),
            more_confident=rng.choice(["yes", "a_little", "no"]),
            given_at=registration.event.ends_at + timedelta(days=1),
        )
        for registration in registrations
        if registration.status == "attended" and rng.random() < 0.6
    )
    return {"events": len(events), "registrations": len(registrations), "feedback": len(feedback)}


def _answers(rng, parents, today):
    from pace_site.outcomes.models import Answer, Invitation, Questionnaire

    six_monthly = Questionnaire.objects.get(slug="how-things-are")
    after = Questionnaire.objects.get(slug="after-taking-part")
    questions = {q.pk: q for q in [*six_monthly.questions.all(), *after.questions.all()]}
    invitations = []
    for parent in parents:
        day, first = parent.joined_on, True
        while day < today:
            invitations.append(
                Invitation(
                    person_id=parent.user_id,
                    questionnaire=six_monthly,
                    moment="participation.six_monthly",
                    occasion="baseline" if first else f"{day:%Y-%m}",
                    is_baseline=first,
                    sent_at=_aware(day),
                )
            )
            day, first = day + timedelta(days=182), False
        for n in range(rng.randint(0, 12)):
            sent = parent.joined_on + timedelta(days=30 + 90 * n)
            if sent < today:
                invitations.append(
                    Invitation(
                        person_id=parent.user_id,
                        questionnaire=after,
                        moment="participation.after_debrief",
                        occasion=f"bench-{n}",
                        sent_at=_aware(sent),
                    )
                )
    for invitation in invitations:
        if rng.random() < 0.7:
            invitation.status = "answered"
            invitation.answered_at = invitation.sent_at + timedelta(days=rng.randint(0, 6))
    invitations = Invitation.objects.bulk_create(invitations, batch_size=2000)
    answers = [
        Answer(
            invitation=invitation,
            question=question,
            value=rng.randint(*_value_range(question.kind)),
            answered_at=invitation.answered_at,
        )
        for invitation in invitations
        if invitation.status == "answered"
        for question in questions.values()
        if question.questionnaire_id == invitation.questionnaire_id and question.kind != "text"
    ]
    Answer.objects.bulk_create(answers, batch_size=5000)
    return {"invitations": len(invitations), "answers": len(answers)}


def _value_range(kind: str) -> tuple[int, int]:
    return {"agree5": (1, 5), "scale10": (0, 10), "yes_no": (0, 1), "lonely3": (1, 3)}.get(
        kind, (1, 5)
    )
