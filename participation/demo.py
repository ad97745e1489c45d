"""Demo data: a believable core group of about twenty parents, opportunities in every state, and
some history (sign-ups, check-ins, pauses, consents). Idempotent: run it as often as you like.

Rows are written directly rather than through the services so that seeding sends no messages.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.demo import ensure_user

from .demo_parents import PARENTS, SAM_INTERESTS
from .models import (
    ActivityContent,
    ActivityType,
    ChangeContribution,
    ChangeKind,
    ChangeMade,
    Channel,
    CheckIn,
    CheckInKind,
    Consent,
    ConsentPurpose,
    Opportunity,
    OpportunityStatus,
    Parent,
    ParentStatus,
    Pause,
    PauseStartedBy,
    SignUp,
    SignUpStatus,
    TakingPartWay,
    WithdrawnHow,
)


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _types(names):
    return list(ActivityType.objects.filter(name__in=names))


def _parent_user(name: str) -> User:
    return ensure_user(
        f"{name.lower()}@parents.demo.pace.example", name, Role.PARENT, can_sign_in=False
    )


def cast() -> dict[str, Parent]:
    """The demo's parents (seeded by this app, which runs first), by first name: the one set of
    parents every app's demo uses."""
    names = ["Sam", *(row[0] for row in PARENTS)]
    return {
        parent.preferred_name: parent for parent in Parent.objects.filter(preferred_name__in=names)
    }


def seed_demo(*, users, stdout) -> None:
    today, now = timezone.localdate(), timezone.now()
    manager = users.get(Role.PARTICIPATION_MANAGER)
    parents = _seed_parents(users, today)
    items = _seed_opportunities(manager, today, now)
    _seed_sign_ups(parents, items, manager, today, now)
    _seed_check_ins(parents, manager, now)
    _seed_pauses(parents, manager, today, now)
    _seed_consents(parents, manager, now)
    _seed_payments(parents, items, users, today)
    # When each parent's next check-in is due.
    from .services import refresh_check_in_due

    for parent in parents.values():
        refresh_check_in_due(parent)
    stdout.write(
        f"  participation: a core group of {len(parents)} parents, "
        f"{Opportunity.objects.count()} opportunities, {SignUp.objects.count()} sign-ups"
    )


def _seed_parents(users, today) -> dict[str, Parent]:
    sam, _ = Parent.objects.get_or_create(
        user=users[Role.PARENT],
        defaults={"preferred_name": "Sam", "region": "West Yorkshire"},
    )
    if not sam.interests.exists():
        sam.joined_on = today - timedelta(days=365)
        sam.pseudonym = sam.pseudonym or "S."
        sam.ways_accepted = [
            TakingPartWay.FIRST_NAME,
            TakingPartWay.ANONYMOUS,
            TakingPartWay.VIDEO_LINK,
        ]
        sam.set_private_dates([{"on": today + timedelta(days=75), "note": "anniversary"}])
        sam.save()
        sam.interests.set(_types(SAM_INTERESTS))

    parents = {"Sam": sam}
    for name, region, months, interests, ways, wont, status in PARENTS:
        parent, created = Parent.objects.get_or_create(
            user=_parent_user(name),
            defaults={
                "preferred_name": name,
                "region": region,
                "joined_on": today - timedelta(days=months * 30),
                "ways_accepted": ways,
                "will_not_do": wont,
                "status": ParentStatus.LEFT if status == ParentStatus.LEFT else ParentStatus.ACTIVE,
            },
        )
        if created:
            parent.interests.set(_types(interests))
        parents[name] = parent
    return parents


def _seed_opportunities(manager, today, now) -> dict[str, Opportunity]:
    """Opportunities in every state."""

    def opportunity(title, type_name, status, **fields):
        item, _ = Opportunity.objects.get_or_create(
            title=title,
            defaults={
                "activity_type": ActivityType.objects.get(name=type_name),
                "status": status,
                "created_by": manager,
                "published_at": None
                if status == OpportunityStatus.DRAFT
                else now - timedelta(days=10),
                **fields,
            },
        )
        return item

    detectives = opportunity(
        "Speak to new detectives about criminal exploitation",
        "Speaking at training",
        OpportunityStatus.OPEN,
        description="A 20-minute talk (or a conversation with our manager on stage) for new "
        "detectives, followed by questions. You can stop at any time.",
        partner="Regional organised crime unit",
        starts_at=_at(today + timedelta(days=24), 13),
        respond_by=_at(today + timedelta(days=10), 17),
        place="Wakefield",
        places=2,
        ways=[TakingPartWay.NAMED, TakingPartWay.FIRST_NAME, TakingPartWay.VIDEO_LINK],
        content_notes=[ActivityContent.EXPLOITATION_DETAILS, ActivityContent.POLICE_PRESENT],
        expenses="Travel paid and a £50 voucher",
    )
    debt_bondage = opportunity(
        "Home Office consultation: the Debt Bondage Guide",
        "Consultation",
        OpportunityStatus.OPEN,
        description="Help shape the next edition of the Debt Bondage Guide with the Home Office. "
        "Two online sessions of an hour each.",
        partner="Home Office",
        starts_at=_at(today + timedelta(days=16), 11),
        respond_by=_at(today + timedelta(days=5), 17),
        is_remote=True,
        places=4,
        ways=[TakingPartWay.FIRST_NAME, TakingPartWay.ANONYMOUS, TakingPartWay.VIDEO_LINK],
        expenses="£40 voucher per session",
    )
    charter = opportunity(
        "Review the updated Parents' Charter",
        "Reviewing documents",
        OpportunityStatus.OPEN,
        description="Read the draft Parents' Charter and tell us what is missing or unclear.",
        respond_by=_at(today + timedelta(days=21), 17),
        is_remote=True,
        places=6,
        ways=[TakingPartWay.NAMED, TakingPartWay.FIRST_NAME, TakingPartWay.ANONYMOUS],
        expenses="£20 voucher",
    )
    research = opportunity(
        "University research interviews on parents' experience of the police",
        "Research",
        OpportunityStatus.OPEN,
        description="A one-hour interview with a researcher, by phone or video. Anonymous.",
        partner="University of Bedfordshire",
        starts_at=_at(today + timedelta(days=30), 14),
        respond_by=_at(today + timedelta(days=14), 17),
        is_remote=True,
        places=5,
        ways=[TakingPartWay.ANONYMOUS, TakingPartWay.VOICE_ONLY],
        content_notes=[ActivityContent.EXPLOITATION_DETAILS, ActivityContent.RECORDED],
        expenses="£25 voucher",
    )
    open_group = opportunity(
        "Welcome parents at the Parent Open Group",
        "Parent Open Group",
        OpportunityStatus.OPEN,
        description="Be a friendly face for new parents at the monthly online group.",
        starts_at=_at(today + timedelta(days=12), 19),
        is_remote=True,
        places=2,
        ways=[TakingPartWay.FIRST_NAME, TakingPartWay.VIDEO_LINK],
    )
    opportunity(
        "Podcast episode on county lines",
        "Film or audio",
        OpportunityStatus.DRAFT,
        description="A recorded conversation for a national charity podcast. Voice only.",
        partner="Children's charity podcast",
        starts_at=_at(today + timedelta(days=45), 10),
        respond_by=_at(today + timedelta(days=30), 17),
        place="London studio or from home",
        places=1,
        ways=[TakingPartWay.VOICE_ONLY, TakingPartWay.ANONYMOUS],
        content_notes=[ActivityContent.RECORDED, ActivityContent.MEDIA],
    )
    radio = opportunity(
        "Radio interview about child criminal exploitation",
        "Media interview",
        OpportunityStatus.CLOSED,
        description="A short live interview on regional radio.",
        partner="BBC regional radio",
        starts_at=_at(today + timedelta(days=6), 8),
        respond_by=_at(today - timedelta(days=2), 17),
        place="Leeds studio",
        places=1,
        ways=[TakingPartWay.FIRST_NAME, TakingPartWay.VOICE_ONLY],
        content_notes=[ActivityContent.MEDIA, ActivityContent.RECORDED],
        expenses="Travel paid",
    )
    conference = opportunity(
        "Safeguarding conference panel",
        "Conference",
        OpportunityStatus.DONE,
        description="A panel of parents at a national safeguarding conference.",
        partner="National safeguarding partnership",
        starts_at=_at(today - timedelta(days=3), 10),
        respond_by=_at(today - timedelta(days=30), 17),
        place="Manchester",
        places=3,
        ways=[TakingPartWay.NAMED, TakingPartWay.FIRST_NAME],
        content_notes=[ActivityContent.LARGE_AUDIENCE, ActivityContent.TRAVEL],
        expenses="Travel, hotel and a £100 voucher",
    )
    cancelled = opportunity(
        "Social work training day",
        "Speaking at training",
        OpportunityStatus.CANCELLED,
        description="Cancelled by the local authority.",
        partner="Local authority children's services",
        starts_at=_at(today + timedelta(days=8), 10),
        place="Bradford",
        places=2,
        ways=[TakingPartWay.NAMED, TakingPartWay.FIRST_NAME],
    )
    return {
        "detectives": detectives,
        "debt_bondage": debt_bondage,
        "charter": charter,
        "research": research,
        "open_group": open_group,
        "radio": radio,
        "conference": conference,
        "cancelled": cancelled,
    }


def _seed_sign_ups(parents, items, manager, today, now) -> None:
    detectives, debt_bondage, charter, research, open_group, radio, conference, cancelled = (
        items[name]
        for name in (
            "detectives",
            "debt_bondage",
            "charter",
            "research",
            "open_group",
            "radio",
            "conference",
            "cancelled",
        )
    )

    def sign_up(name, item, status, way=TakingPartWay.FIRST_NAME, **fields):
        decided = status not in (SignUpStatus.INTERESTED, SignUpStatus.WITHDRAWN)
        SignUp.objects.get_or_create(
            parent=parents[name],
            opportunity=item,
            defaults={
                "status": status,
                "way": way,
                "decided_by": manager if decided else None,
                "decided_at": now - timedelta(days=2) if decided else None,
                **fields,
            },
        )

    sign_up("Sam", debt_bondage, SignUpStatus.CONFIRMED, TakingPartWay.VIDEO_LINK)
    sign_up("Sam", charter, SignUpStatus.INTERESTED, message="Happy to do this in the evenings.")
    sign_up("Sam", conference, SignUpStatus.TOOK_PART, debrief_due_on=today - timedelta(days=1))
    sign_up(
        "Amira",
        detectives,
        SignUpStatus.INTERESTED,
        TakingPartWay.NAMED,
        access_needs="Step-free access",
    )
    sign_up("Hannah", detectives, SignUpStatus.INTERESTED)
    sign_up("Imran", detectives, SignUpStatus.CONFIRMED)
    sign_up("Dee", detectives, SignUpStatus.INTERESTED)  # paused since: held for the manager
    sign_up("Eilidh", debt_bondage, SignUpStatus.CONFIRMED, TakingPartWay.ANONYMOUS)
    sign_up("Beth", debt_bondage, SignUpStatus.INTERESTED)
    sign_up("Tracey", charter, SignUpStatus.INTERESTED)
    sign_up("Carla", research, SignUpStatus.WITHDRAWN, TakingPartWay.ANONYMOUS)
    sign_up("Nadia", research, SignUpStatus.INTERESTED, TakingPartWay.ANONYMOUS)
    sign_up("Gemma", open_group, SignUpStatus.CONFIRMED)
    sign_up("Fatima", radio, SignUpStatus.CONFIRMED, TakingPartWay.VOICE_ONLY)
    sign_up("Rachel", radio, SignUpStatus.WAITLISTED)
    sign_up("Karen", conference, SignUpStatus.TOOK_PART, debrief_due_on=today + timedelta(days=1))
    sign_up("Olu", conference, SignUpStatus.TOOK_PART, debrief_done_at=now - timedelta(days=1))
    sign_up("Jo", conference, SignUpStatus.DECLINED)
    sign_up("Sue", cancelled, SignUpStatus.CONFIRMED)
    _seed_change_made(conference, [parents["Sam"], parents["Olu"]], manager, now)


def _seed_payments(parents, items, users, today) -> None:
    """Rates for every activity type, the conference panel as a paid full day, and its
    payments: Sam's waiting for a choice, Karen's voucher chosen, Olu's paid."""
    from pace_site.payments import services as payments
    from pace_site.payments.models import PaymentMethod, PaymentStatus

    from .models import ActivityType, OpportunityLength, PaymentRate
    from .payments import offer_for_sign_up

    rates = {
        OpportunityLength.UP_TO_TWO_HOURS: 3000,
        OpportunityLength.HALF_DAY: 7500,
        OpportunityLength.FULL_DAY: 15000,
    }
    start = today.replace(month=1, day=1) - timedelta(days=365)
    for kind in ActivityType.objects.all():
        for length, pence in rates.items():
            PaymentRate.objects.get_or_create(
                activity_type=kind,
                length=length,
                effective_from=start,
                defaults={"amount_pence": pence},
            )
    conference = items["conference"]
    if not conference.length:
        conference.length = OpportunityLength.FULL_DAY
        conference.save(update_fields=["length"])
    manager = users.get(Role.PARTICIPATION_MANAGER)
    approver, finance = users.get(Role.ADMINISTRATOR), users.get(Role.FINANCE)
    for name in ("Sam", "Karen", "Olu"):
        signup = SignUp.objects.get(parent=parents[name], opportunity=conference)
        payment = offer_for_sign_up(signup, vouched_by=manager)
        if payment is None or payment.status != PaymentStatus.OFFERED or name == "Sam":
            continue
        person = parents[name].user
        method = PaymentMethod.VOUCHER if name == "Karen" else PaymentMethod.BANK_TRANSFER
        payment = payments.choose(payment, method=method, by=person)
        if name == "Olu" and approver and finance:
            payment = payments.approve(payment, by=approver)
            payments.mark_paid(
                payment,
                paid_on=max(payment.earned_on, today - timedelta(days=1)),
                finance_reference="BACS-1042",
                by=finance,
            )


def _seed_change_made(opportunity, parents, manager, now) -> None:
    """ "You said, we did": what the conference changed, for the demo parent's page (written
    directly, so seeding sends no messages)."""
    change, _ = ChangeMade.objects.get_or_create(
        opportunity=opportunity,
        title="Our training for police officers",
        defaults={
            "kind": ChangeKind.TRAINING,
            "description": (
                "You told us officers often did not know a parent was trying to protect their "
                "child. The training now starts with parents' own words, and says what helps."
            ),
            "changed_on": now.date() - timedelta(days=3),
            "recorded_by": manager,
        },
    )
    for sign_up in SignUp.objects.filter(opportunity=opportunity, parent__in=parents):
        ChangeContribution.objects.get_or_create(
            change=change, sign_up=sign_up, defaults={"told_at": now}
        )


def _seed_check_ins(parents, manager, now) -> None:
    history = {
        # name: (days ago, wellbeing, channel, kind, extra)
        "Sam": [
            (40, 3, Channel.PHONE, CheckInKind.REGULAR, {}),
            (9, 4, Channel.PHONE, CheckInKind.READINESS, {}),
        ],
        "Amira": [(20, 4, Channel.PHONE, CheckInKind.REGULAR, {})],
        "Beth": [(35, 3, Channel.IN_PERSON, CheckInKind.REGULAR, {})],
        "Carla": [
            (
                3,
                2,
                Channel.SELF_UPDATE,
                CheckInKind.REGULAR,
                {"wants_call": True, "words": "Court next week."},
            )
        ],
        "Dee": [
            (
                15,
                2,
                Channel.PHONE,
                CheckInKind.REGULAR,
                {"notes": "Son missing again; agreed to pause."},
            )
        ],
        "Eilidh": [(12, 4, Channel.EMAIL, CheckInKind.READINESS, {})],
        "Fatima": [(5, 4, Channel.PHONE, CheckInKind.READINESS, {})],
        "Hannah": [(33, 3, Channel.PHONE, CheckInKind.REGULAR, {})],
        "Imran": [(8, 5, Channel.PHONE, CheckInKind.READINESS, {})],
        "Karen": [(10, 4, Channel.PHONE, CheckInKind.READINESS, {})],
        "Marcus": [(29, 4, Channel.PHONE, CheckInKind.REGULAR, {})],
        "Nadia": [(2, 4, Channel.SELF_UPDATE, CheckInKind.REGULAR, {"words": "Good week."})],
        "Olu": [(1, 4, Channel.PHONE, CheckInKind.DEBRIEF, {"notes": "Felt proud; tired."})],
        "Rachel": [(25, 3, Channel.PHONE, CheckInKind.REGULAR, {})],
        "Tracey": [(14, 5, Channel.IN_PERSON, CheckInKind.REGULAR, {})],
    }
    for name, rows in history.items():
        parent = parents[name]
        if parent.check_ins.exists():
            continue
        for days_ago, wellbeing, channel, kind, extra in rows:
            happened = now - timedelta(days=days_ago)
            CheckIn.objects.create(
                parent=parent,
                happened_at=happened,
                channel=channel,
                kind=kind,
                by=None if channel == Channel.SELF_UPDATE else manager,
                wellbeing=wellbeing,
                next_due_on=timezone.localdate(happened)
                + timedelta(weeks=parent.check_in_every_weeks),
                **extra,
            )


def _seed_pauses(parents, manager, today, now) -> None:
    if not Pause.objects.filter(parent=parents["Dee"]).exists():
        Pause.objects.create(
            parent=parents["Dee"],
            started_on=today - timedelta(days=15),
            planned_end_on=today + timedelta(days=3),
            started_by=PauseStartedBy.MANAGER,
            recorded_by=manager,
            reason="Son missing again; she asked for space.",
        )
    if not Pause.objects.filter(parent=parents["Jo"]).exists():
        Pause.objects.create(
            parent=parents["Jo"],
            started_on=today - timedelta(days=6),
            started_by=PauseStartedBy.PARENT,
            recorded_by=parents["Jo"].user,
        )
    if not Pause.objects.filter(parent=parents["Marcus"]).exists():
        Pause.objects.create(
            parent=parents["Marcus"],
            started_on=today - timedelta(days=120),
            planned_end_on=today - timedelta(days=60),
            started_by=PauseStartedBy.PARENT,
            recorded_by=parents["Marcus"].user,
            ended_at=now - timedelta(days=58),
            ended_by=manager,
        )
    Parent.objects.filter(pk__in=[parents["Dee"].pk, parents["Jo"].pk]).update(
        status=ParentStatus.PAUSED
    )


def _seed_consents(parents, manager, now) -> None:
    for name, purpose, detail in [
        ("Sam", ConsentPurpose.NEWSLETTER, ""),
        ("Sam", ConsentPurpose.RESEARCH, "University of Bedfordshire study"),
        ("Amira", ConsentPurpose.PHOTOS, "Training film for police"),
        ("Fatima", ConsentPurpose.PHOTOS, ""),
        ("Eilidh", ConsentPurpose.SHARING, "Home Office consultation team"),
        ("Olu", ConsentPurpose.NEWSLETTER, ""),
    ]:
        Consent.objects.get_or_create(
            parent=parents[name], purpose=purpose, detail=detail, defaults={"recorded_by": manager}
        )
    withdrawn, created = Consent.objects.get_or_create(
        parent=parents["Carla"],
        purpose=ConsentPurpose.PHOTOS,
        detail="",
        defaults={"recorded_by": manager},
    )
    if created:
        withdrawn.withdrawn_at = now - timedelta(days=20)
        withdrawn.withdrawn_by = parents["Carla"].user
        withdrawn.withdrawn_how = WithdrawnHow.PHONE
        withdrawn.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_how"])
    _seed_sharing(parents, manager, now)


def _seed_sharing(parents, manager, now) -> None:
    """Something shared about Sam (the demo parent), to read on /my/shared/ and to review."""
    from pace_site.privacy.models.sharing import Basis, PartnerKind, Sharing

    if parents["Sam"].user_id is None:
        return
    Sharing.objects.get_or_create(
        person=parents["Sam"].user,
        partner_name="West Yorkshire Children's Services",
        defaults={
            "partner_kind": PartnerKind.SOCIAL_CARE,
            "what": "The date of the family court hearing and that you would like support there.",
            "why": "So your son's social worker can arrange to be at the hearing with you.",
            "basis": Basis.SAFEGUARDING,
            "shared_on": (now - timedelta(days=6)).date(),
            "staff_note": "Agreed with the duty social worker by phone.",
            "recorded_by": manager,
        },
    )
