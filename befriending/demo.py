"""Demo data for befriending: volunteers at every vetting stage, referrals, and matches in every
state with their history, with the demo's parents (`participation.demo.cast()`, seeded first).
Idempotent: records are found by e-mail address before being made."""

from datetime import timedelta

from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.demo import ensure_user
from participation.demo import cast

from .models import (
    AVAILABILITY_CHOICES,
    Befriender,
    BefrienderStatus,
    Concern,
    ConcernStatus,
    ConcernUrgency,
    ContactLog,
    ContactMethod,
    EndingReason,
    Gender,
    GenderPreference,
    Match,
    MatchStatus,
    ParentMood,
    Referral,
    ReferralStatus,
    ReviewOutcome,
    SupervisionSession,
    TrainingModule,
    TrainingRecord,
    add_months,
)
from .services.matches import _schedule_reviews

DOMAIN = "befriending.demo.pace.example"
ALL_SLOTS = [slot for slot, _label in AVAILABILITY_CHOICES]
EVENINGS = [slot for slot in ALL_SLOTS if slot.endswith("evening")]
WEEKDAY_DAYTIME = [
    slot for slot in ALL_SLOTS if not slot.startswith(("sat", "sun")) and "evening" not in slot
]


def _volunteer_user(first_name: str):
    return ensure_user(f"{first_name.lower()}@{DOMAIN}", first_name, Role.BEFRIENDER)


def _befriender(name, status, *, user=None, email=None, region="Leeds", **fields):
    email = email or (user.email if user else f"{name.split()[0].lower()}@{DOMAIN}")
    today = timezone.localdate()
    defaults = {
        "name": name,
        "user": user,
        "status": status,
        "region": region,
        "languages": "English",
        "gender": Gender.WOMAN,
        "availability": WEEKDAY_DAYTIME[:6],
        "what_they_bring": "Time, patience and a listening ear. I raised three children myself.",
        "applied_on": today - timedelta(days=200),
        **fields,
    }
    vetted = [
        BefrienderStatus.DBS_CHECKED,
        BefrienderStatus.TRAINED,
        BefrienderStatus.ACTIVE,
        BefrienderStatus.PAUSED,
        BefrienderStatus.LEFT,
    ]
    if status in vetted:
        defaults.setdefault("dbs_certificate_number", "001234567890")
        defaults.setdefault("dbs_issued_on", today - timedelta(days=400))
    befriender, created = Befriender.objects.get_or_create(email=email, defaults=defaults)
    if created and status in vetted[1:]:
        for index, module in enumerate(TrainingModule):
            TrainingRecord.objects.get_or_create(
                befriender=befriender,
                module=module,
                defaults={"completed_on": today - timedelta(days=300 - index * 7)},
            )
    return befriender


def _match(befriender, parent, status, *, months_ago=0, length=12, ended_days_ago=None, **extra):
    existing = Match.objects.filter(befriender=befriender, parent=parent).first()
    if existing:
        return existing
    today = timezone.localdate()
    referral = Referral.objects.create(
        parent=parent,
        region=parent.region,
        hopes="Someone to talk to who is not a professional.",
        status=ReferralStatus.MATCHED if status != MatchStatus.ENDED else ReferralStatus.CLOSED,
        referred_on=today - timedelta(days=months_ago * 31 + 40),
    )
    match = Match(befriender=befriender, parent=parent, referral=referral, status=status)
    if status in {MatchStatus.INTRODUCED, MatchStatus.ACTIVE, MatchStatus.ENDED}:
        match.introduction_on = today - timedelta(days=months_ago * 31 + 7)
    if status in {MatchStatus.ACTIVE, MatchStatus.ENDED}:
        match.started_on = add_months(today, -months_ago)
        match.planned_end_on = add_months(match.started_on, length)
        match.how_often = "Every week"
        match.contact_method = ContactMethod.MEETING
        match.where = "A café in the town centre"
    for key, value in extra.items():
        setattr(match, key, value)
    if status == MatchStatus.ENDED:
        match.ended_on = today - timedelta(days=ended_days_ago or 30)
        match.ending_reason = EndingReason.PLANNED
        match.closing_summary = "A good ending. The parent feels more confident asking for help."
    match.save()
    if match.started_on:
        _schedule_reviews(match)
        for review in match.reviews.filter(due_on__lt=today):
            review.completed_on = review.due_on + timedelta(days=3)
            review.outcome = ReviewOutcome.CONTINUE
            review.next_steps = "Carry on meeting weekly."
            review.save()
        day = match.started_on + timedelta(days=3)
        last = match.ended_on or today
        moods = list(ParentMood)
        count = 0
        while day < last and count < 12:
            ContactLog.objects.create(
                match=match,
                happened_on=day,
                duration_minutes=60,
                method=ContactMethod.MEETING if count % 3 else ContactMethod.PHONE,
                parent_mood=moods[count % 3],
                notes="Talked about the week. She is sleeping a little better.",
                created_by=befriender.user,
            )
            day += timedelta(days=14)
            count += 1
    return match


def seed_demo(*, users, stdout) -> None:
    today = timezone.localdate()
    parents = cast()
    beth, amira, lorraine = parents["Beth"], parents["Amira"], parents["Lorraine"]
    karen, tracey, nadia, gemma = (
        parents["Karen"],
        parents["Tracey"],
        parents["Nadia"],
        parents["Gemma"],
    )

    # The demo befriender: active, with an active match, an earlier match and supervision.
    demo_user = users[Role.BEFRIENDER]
    alex = _befriender(
        "Alex Morgan",
        BefrienderStatus.ACTIVE,
        user=demo_user,
        availability=WEEKDAY_DAYTIME + EVENINGS[:2],
        max_active_matches=1,
    )
    if not alex.supervision_sessions.exists():
        for weeks in (4, 12, 20):
            SupervisionSession.objects.create(
                befriender=alex,
                held_on=today - timedelta(weeks=weeks),
                held_by=users[Role.BEFRIENDING_COORDINATOR],
                notes="Going well. Reminded about lone working.",
            )
    _match(alex, tracey, MatchStatus.ENDED, months_ago=20, length=12, ended_days_ago=240)
    active = _match(alex, beth, MatchStatus.ACTIVE, months_ago=4, length=12)
    if not Concern.objects.filter(befriender=alex).exists():
        Concern.objects.create(
            befriender=alex,
            match=active,
            urgency=ConcernUrgency.SOON,
            details="Beth mentioned an older man waiting outside school. She has told the police.",
            raised_at=timezone.now() - timedelta(days=50),
            status=ConcernStatus.CLOSED,
            outcome="Talked with Beth and her Parent Liaison Officer; the police are aware.",
            closed_at=timezone.now() - timedelta(days=48),
            handled_by=users[Role.BEFRIENDING_COORDINATOR],
        )

    # Volunteers at every vetting stage.
    _befriender("Ben Carter", BefrienderStatus.APPLIED, gender=Gender.MAN, applied_on=today)
    # The demo applicant's account: their own application page and nothing else.
    _befriender("Chloe Adams", BefrienderStatus.INTERVIEWED, user=users[Role.APPLICANT])
    _befriender("Dev Patel", BefrienderStatus.REFERENCES_RECEIVED, gender=Gender.MAN)
    _befriender("Ella Jones", BefrienderStatus.DBS_CHECKED, region="Wakefield")
    _befriender("Farah Ali", BefrienderStatus.TRAINED, region="Bradford", languages="English, Urdu")
    grace = _befriender(
        "Grace Begum",
        BefrienderStatus.ACTIVE,
        user=_volunteer_user("Grace"),
        region="Bradford",
        languages="English, Urdu, Punjabi",
        availability=EVENINGS,
        max_active_matches=2,
    )
    _befriender(
        "Olivia Hart",
        BefrienderStatus.ACTIVE,
        user=_volunteer_user("Olivia"),
        region="Leeds",
        availability=EVENINGS[:3],
    )
    _befriender("Harry Wood", BefrienderStatus.PAUSED, gender=Gender.MAN, region="Leeds")
    _befriender(
        "Jack Reid",
        BefrienderStatus.NOT_TAKEN_FORWARD,
        gender=Gender.MAN,
        not_taken_forward_reason="References did not come back.",
    )
    kim = _befriender("Kim Shaw", BefrienderStatus.ACTIVE, user=_volunteer_user("Kim"))
    leo = _befriender(
        "Leo Grant",
        BefrienderStatus.ACTIVE,
        gender=Gender.MAN,
        user=_volunteer_user("Leo"),
    )
    isla = _befriender(
        "Isla Moore",
        BefrienderStatus.ACTIVE,
        region="Wakefield",
        user=_volunteer_user("Isla"),
    )

    # Matches in every state.
    _match(kim, amira, MatchStatus.PROPOSED)
    _match(leo, lorraine, MatchStatus.INTRODUCED)
    _match(isla, karen, MatchStatus.ENDED, months_ago=14, length=12, ended_days_ago=60)
    if isla.status != BefrienderStatus.LEFT:
        Befriender.objects.filter(pk=isla.pk).update(status=BefrienderStatus.LEFT)
    # An active match nearing its end, with its ending review coming up.
    _match(grace, gemma, MatchStatus.ACTIVE, months_ago=11, length=12)

    # Referrals waiting for a match.
    if not Referral.objects.filter(parent=nadia).exists():
        Referral.objects.create(
            parent=nadia,
            region=nadia.region,
            preferred_gender=GenderPreference.WOMAN,
            preferred_language="Urdu",
            availability=EVENINGS,
            hopes="Someone who understands her family and can meet in the evenings.",
            referred_by=users[Role.BEFRIENDING_COORDINATOR],
        )
    stdout.write(
        f"Befriending: {Befriender.objects.count()} volunteers, {Match.objects.count()} matches, "
        f"{Referral.objects.waiting().count()} referrals waiting."
    )
